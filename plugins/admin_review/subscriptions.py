"""What the plugin does when an event arrives (event class → handlers, declared by the plugin hook).

A lapsed period changes the case by law, without anybody acting:

- acceptance review lapsed without a refusal → deemed accepted as of its last day (art 30 ¶3);
- 补正 period lapsed without materials → deemed abandoned (art 31 ¶2);
- reply period lapsed → the review goes on without the reply, the act deemed without evidence (art 70).

Handlers run as the system in their own transaction (the bus commits) and guard with `claim`.
"""

from __future__ import annotations

from typing import Any

from core.deadlines.events import DeadlineMissed
from core.events import Event, claim
from plugins.admin_review import deadlines, operations
from plugins.admin_review.models import AdministrativeReviewCase


def _lapsed_case(event: Event[DeadlineMissed]) -> AdministrativeReviewCase | None:
    if event.data.plugin_key != deadlines.PLUGIN_KEY:
        return None
    if event.subject_type != AdministrativeReviewCase.__tablename__ or event.subject_id is None:
        return None
    if not claim(f"admin_review.lapsed:{event.data.deadline_id}"):
        return None
    return operations.load_case(event.subject_id)


def on_deadline_missed(event: Event[DeadlineMissed]) -> None:
    """Apply the legal consequence of a lapsed acceptance review, 补正 or reply period."""
    kind = event.data.kind
    if kind not in deadlines.ACCEPTANCE_KINDS | deadlines.REPLY_KINDS | {deadlines.CORRECTION.kind}:
        return
    case = _lapsed_case(event)
    if case is None:
        return
    due = event.data.due_date
    if kind in deadlines.ACCEPTANCE_KINDS:
        operations.deem_accepted(case, due)
    elif kind in deadlines.REPLY_KINDS:
        operations.record_reply_missed(case, due)
    elif case.state == "correction":
        operations.abandon(case, due, system=True)


def event_handlers() -> dict[type[DeadlineMissed], list[Any]]:
    """The plugin's handlers by event class."""
    return {DeadlineMissed: [on_deadline_missed]}
