"""What the plugin does when an event arrives (event name → handlers, declared by the plugin hook).

A lapsed period changes the case by law, without anybody acting:

- acceptance review lapsed without a refusal → deemed accepted as of its last day (art 30 ¶3);
- 补正 period lapsed without materials → deemed abandoned (art 31 ¶2);
- reply period lapsed → the review goes on without the reply, the act deemed without evidence (art 70).

None of them fires on a provisional last day; a recount confirms, moves or undoes them
(`operations.effects`).

Handlers run as the system in their own transaction (the bus commits) and guard with `claim`.
"""

from __future__ import annotations

import datetime as dt

from core.events import Event, claim
from plugins.admin_review import deadlines, operations
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.operations import effects


def _case_of(event: Event) -> AdministrativeReviewCase | None:
    if event.payload.get("plugin_key") != deadlines.PLUGIN_KEY or event.payload.get("kind") not in effects.LAPSE_KINDS:
        return None
    if event.subject_type != AdministrativeReviewCase.__tablename__ or event.subject_id is None:
        return None
    return operations.load_case(event.subject_id)


def on_deadline_missed(event: Event) -> None:
    """Apply the legal effect of a lapsed acceptance review, 补正 or reply period.

    Not on a provisional last day (issue 13 item 11): the recount that confirms it decides.
    The claim names the day, so a period that runs again after a recount can lapse again.
    """
    if event.payload.get("provisional"):
        return
    case = _case_of(event)
    if case is None or not claim(f"admin_review.lapsed:{event.payload.get('deadline_id')}:{event.payload['due_date']}"):
        return
    effects.lapse(case, event.payload["kind"], dt.date.fromisoformat(event.payload["due_date"]))


def on_deadline_recomputed(event: Event) -> None:
    """A recount of a lapsing period: apply the effect now confirmed, move it, or undo it (item 11)."""
    case = _case_of(event)
    if case is None:
        return
    from core.deadlines import Deadline
    from core.extensions import db

    deadline = db.session.get(Deadline, event.payload["deadline_id"])
    if deadline is None or not claim(f"admin_review.recount:{event.id}"):
        return
    effects.recount(case, deadline.kind, deadline)


def event_handlers() -> dict[str, list]:
    """The plugin's handlers by event name."""
    return {"core.deadline.missed": [on_deadline_missed], "core.deadline.recomputed": [on_deadline_recomputed]}
