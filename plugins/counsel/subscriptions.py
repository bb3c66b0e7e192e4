"""What the plugin does when an event arrives (event name → handlers, declared by the plugin hook).

- `core.consultation.requested` (another plugin asks counsel, core/consultations.py) → a matter
  is opened, once per request key;
- `counsel.engagement.started` / `counsel.agency.covered` → the agency's open coverage 督办 is
  withdrawn if the agency has counsel today (replaying either withdraws nothing twice).

Handlers run as the system in their own transaction (the bus commits) and guard with `claim`.
"""

from __future__ import annotations

from typing import Any

from core import clock
from core.consultations import REQUESTED, ConsultationRequest
from core.events import Event, claim
from core.extensions import db
from core.models import Unit
from core.notices import withdraw_notice
from plugins.counsel.events import AgencyCovered, EngagementStarted
from plugins.counsel.operations import open_from_consultation
from plugins.counsel.operations.coverage import is_covered, open_coverage_notices


def on_consultation_requested(event: Event) -> None:
    """Open a matter in the opinion log for another plugin's consultation."""
    request = ConsultationRequest.from_event(event)
    if not claim(f"counsel.consultation:{request.request_key}"):
        return
    open_from_consultation(request, received_on=clock.today())


def on_counsel_engaged(event: Event) -> None:
    """Withdraw the agency's coverage 督办 once it has counsel again."""
    unit_id = event.payload.get("unit_id")
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None or not is_covered(unit.id, clock.today()):
        return
    for notice in open_coverage_notices(unit.id):
        withdraw_notice(notice, reason=f"{unit.name}已聘请法律顾问，督办事项已消除", user=None)


def event_handlers() -> dict[str, list[Any]]:
    """The plugin's handlers by event name."""
    return {
        REQUESTED: [on_consultation_requested],
        EngagementStarted.name: [on_counsel_engaged],
        AgencyCovered.name: [on_counsel_engaged],
    }
