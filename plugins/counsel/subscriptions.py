"""What the plugin does when an event arrives (event class → handlers, declared by the plugin hook).

- `ConsultationRequest` (another plugin asks counsel, core/consultations.py) → a matter
  is opened, once per request key;
- `EngagementStarted` / `AgencyCovered` → the agency's open coverage 督办 is
  withdrawn if the agency has counsel today (replaying either withdraws nothing twice).

Handlers run as the system in their own transaction (the bus commits) and guard with `claim`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import clock
from core.consultations import ConsultationRequest
from core.events import Event, EventData, claim
from core.extensions import db
from core.models import Unit
from core.notices import withdraw_notice
from plugins.counsel.events import AgencyCovered, EngagementStarted
from plugins.counsel.operations import open_from_consultation
from plugins.counsel.operations.coverage import is_covered, open_coverage_notices


def on_consultation_requested(event: Event[ConsultationRequest]) -> None:
    """Open a matter in the opinion log for another plugin's consultation."""
    request = event.data
    if not claim(f"counsel.consultation:{request.request_key}"):
        return
    # The period runs from the day the requester asked, not from the (possibly later) delivery.
    open_from_consultation(request, received_on=request.requested_on or clock.today())


def on_counsel_engaged(event: Event[EngagementStarted | AgencyCovered]) -> None:
    """Withdraw the agency's coverage 督办 once it has counsel again."""
    unit = db.session.get(Unit, event.data.unit_id)
    if unit is None or not is_covered(unit.id, clock.today()):
        return
    for notice in open_coverage_notices(unit.id):
        withdraw_notice(notice, reason=f"{unit.name}已聘请法律顾问，督办事项已消除", user=None)


def event_handlers() -> dict[type[EventData], list[Callable[[Event[Any]], None]]]:
    """The plugin's handlers by event class."""
    return {
        ConsultationRequest: [on_consultation_requested],
        EngagementStarted: [on_counsel_engaged],
        AgencyCovered: [on_counsel_engaged],
    }
