"""What the plugin does when an event arrives (event class → handlers, declared by the plugin hook).

A lapsed period changes the case by law, without anybody acting:

- acceptance review lapsed without a refusal → deemed accepted as of its last day (art 30 ¶3);
- 补正 period lapsed without materials → deemed abandoned (art 31 ¶2);
- reply period lapsed → the review goes on without the reply, the act deemed without evidence (art 70).

None of them fires on a provisional last day; a recount confirms, moves or undoes them
(`operations.effects`).

Handlers run as the system in their own transaction (the bus commits) and guard with `claim`.
"""

from __future__ import annotations

from typing import Any

from core.deadlines.events import DeadlineEvent, DeadlineMissed, DeadlineRecomputed
from core.events import Event, claim
from plugins.admin_review import deadlines, operations
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.operations import effects


def _case_of(event: Event[DeadlineMissed] | Event[DeadlineRecomputed]) -> AdministrativeReviewCase | None:
    if event.data.plugin_key != deadlines.PLUGIN_KEY or event.data.kind not in effects.LAPSE_KINDS:
        return None
    if event.subject_type != AdministrativeReviewCase.__tablename__ or event.subject_id is None:
        return None
    return operations.load_case(event.subject_id)


def on_deadline_missed(event: Event[DeadlineMissed]) -> None:
    """Apply the legal effect of a lapsed acceptance review, 补正 or reply period.

    Not on a provisional last day (issue 13 item 11): the recount that confirms it decides.
    The claim names the day, so a period that runs again after a recount can lapse again.
    """
    if event.data.provisional:
        return
    case = _case_of(event)
    if case is None or not claim(f"admin_review.lapsed:{event.data.deadline_id}:{event.data.due_date.isoformat()}"):
        return
    effects.lapse(case, event.data.kind, event.data.due_date)


def on_deadline_recomputed(event: Event[DeadlineRecomputed]) -> None:
    """A recount of a lapsing period: apply the effect now confirmed, move it, or undo it (item 11)."""
    case = _case_of(event)
    if case is None:
        return
    from core.deadlines import Deadline
    from core.extensions import db

    deadline = db.session.get(Deadline, event.data.deadline_id)
    if deadline is None or not claim(f"admin_review.recount:{event.id}"):
        return
    effects.recount(case, deadline.kind, deadline)


def event_handlers() -> dict[type[DeadlineEvent], list[Any]]:
    """The plugin's handlers by event class."""
    return {DeadlineMissed: [on_deadline_missed], DeadlineRecomputed: [on_deadline_recomputed]}
