"""Every call to core.deadlines of 实施方案督办: which period, from which day, on which basis.

| kind | what | basis | responsible |
| --- | --- | --- | --- |
| `task` | the task's deadline (a date of the plan, rolled past rest days by the core calendar) | 实施方案 | lead unit |
| `step:<id>` | a step's deadline in the lead unit's work plan | 牵头单位工作方案 | the step's unit |
| `review` | the government decides an objection within 30 days | 《政府督查工作条例》第十七条 | legal office |
| `rectification` | rectification demanded by a conclusion | 《政府督查工作条例》第十八条 | inspected unit |

The 30 days a unit has to object (art 17) are its right, not a duty: they are a date on the
finding (`objection_until`), counted by the same calendar, not a deadline that could be "missed".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, or_, select

from core.deadlines import cancel_deadline, meet_deadline, open_deadline
from core.deadlines.operations import current_calendar
from core.notices.operations import legal_office_id

PLUGIN_KEY = "supervision"
RUNNING = ("open", "extended")
#: 政府督查工作条例 art 17: 30 days to object from receipt, 30 days to decide the review.
OBJECTION_DAYS = 30
REVIEW_DAYS = 30


def _open_until(subject: Any, kind: str, label: str, basis: str, start: dt.date, due: dt.date, unit_id: int | None):
    """A deadline on `subject` whose last day is `due` (on the calendar: a rest day rolls to the next working day)."""
    start = min(start, due - dt.timedelta(days=1))
    return open_deadline(
        subject,
        plugin_key=PLUGIN_KEY,
        kind=kind,
        label=label,
        basis=basis,
        start=start,
        calendar_days=(due - start).days,
        responsible_unit_id=unit_id,
    )


def open_task(task: Any, start: dt.date) -> Any:
    """The task's deadline, the lead unit's."""
    return _open_until(
        task, "task", f"{task.year}年度任务完成时限", "法治政府建设实施方案", start, task.deadline, task.lead_unit_id
    )


def open_step(step: Any, start: dt.date) -> Any:
    """A step's deadline, its responsible unit's (kept on the task, so the task page lists them all)."""
    return _open_until(
        step.task,
        f"step:{step.id}",
        f"步骤：{step.title}"[:100],
        "牵头单位工作方案",
        start,
        step.deadline,
        step.responsible_unit_id,
    )


def meet_task(task: Any, on: dt.date) -> None:
    """Accepted: the task's deadline is met (late acceptance leaves it missed, as it was)."""
    meet_deadline(task, "task", on)
    for step in task.steps:
        if step.done_on is None:
            cancel_deadline(task, f"step:{step.id}", "任务已验收销号")


def meet_step(step: Any, on: dt.date) -> None:
    """A step done."""
    meet_deadline(step.task, f"step:{step.id}", on)


def objection_until(received_on: dt.date) -> dt.date:
    """The last day to object to a conclusion received on `received_on` (art 17, 民诉法 art 85 counting)."""
    return current_calendar().add_calendar_days(received_on, OBJECTION_DAYS).date


def open_review(finding: Any, objected_on: dt.date) -> Any:
    """The government's 30 days to decide an objection (art 17), the legal office's."""
    return open_deadline(
        finding,
        plugin_key=PLUGIN_KEY,
        kind="review",
        label="督查结论复核",
        basis="《政府督查工作条例》第十七条",
        start=objected_on,
        calendar_days=REVIEW_DAYS,
        responsible_unit_id=legal_office_id(finding.region),
    )


def meet_review(finding: Any, on: dt.date) -> None:
    """The review decided."""
    meet_deadline(finding, "review", on)


def open_rectification(finding: Any, start: dt.date) -> Any:
    """The rectification demanded by the conclusion (art 18), the inspected unit's."""
    return _open_until(
        finding,
        "rectification",
        "督查问题整改",
        "《政府督查工作条例》第十八条",
        start,
        finding.rectify_by,
        finding.unit_id,
    )


def meet_rectification(finding: Any, on: dt.date) -> None:
    """Rectification reported."""
    meet_deadline(finding, "rectification", on)


def overdue_task_ids_select(today: dt.date) -> Select:
    """Ids of tasks whose deadline was missed or runs past its due date (accepted tasks are the caller's to drop)."""
    from core.deadlines import Deadline

    return select(Deadline.subject_id).where(
        Deadline.plugin_key == PLUGIN_KEY,
        Deadline.subject_type == "supervision_task",
        Deadline.kind == "task",
        or_(Deadline.state == "missed", Deadline.state.in_(RUNNING) & (Deadline.due_date < today)),
    )
