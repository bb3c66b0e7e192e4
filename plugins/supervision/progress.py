"""The plan's progress: which tasks are not started, running, accepted or overdue, as SQL conditions.

A task is overdue (逾期未销号) when its deadline on the core calendar has passed (or was missed) and
it is not accepted: it stays overdue, returned or applied, until the legal office ticks it off.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, select

from core.extensions import db
from plugins.supervision import deadlines
from plugins.supervision.models import Task
from plugins.supervision.vocabulary import TaskState


def overdue_condition(today: dt.date) -> Any:
    """Tasks past their deadline and not accepted."""
    return and_(Task.state != TaskState.ACCEPTED, Task.id.in_(deadlines.overdue_task_ids_select(today)))


def figure_condition(figure: str, today: dt.date) -> Any:
    """The condition of one figure of the dashboard (not_started, running, accepted, overdue)."""
    if figure == "overdue":
        return overdue_condition(today)
    if figure == "running":
        return Task.state.in_([TaskState.RUNNING, TaskState.APPLIED, TaskState.RETURNED])
    if figure in ("not_started", "accepted"):
        return Task.state == figure
    return Task.id.is_(None)


def is_overdue(task: Task, today: dt.date) -> bool:
    """Whether this task is overdue today."""
    return bool(db.session.scalar(select(Task.id).where(Task.id == task.id, overdue_condition(today))))


def overdue_as_of(day: dt.date) -> Any:
    """Tasks overdue on `day`: their deadline (on the calendar) before it, not accepted by then."""
    from core.deadlines import Deadline

    due = select(Deadline.subject_id).where(
        Deadline.plugin_key == deadlines.PLUGIN_KEY,
        Deadline.subject_type == "supervision_task",
        Deadline.kind == "task",
        Deadline.due_date < day,
    )
    return and_(Task.id.in_(due), (Task.accepted_on.is_(None)) | (Task.accepted_on >= day))
