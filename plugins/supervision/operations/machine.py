"""The life cycle of a task: one table of transitions, and the one function that applies them.

Every act has a date and a user; it moves the task along `TRANSITIONS` only, writes a `TaskAct`
(the ledger, 全程纪实) and publishes its event. A task closes only by `accept` (销号式验收).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.audit import current_actor
from core.events import publish
from core.extensions import db
from core.refusals import require_state
from plugins.supervision import events
from plugins.supervision.models import Task, TaskAct
from plugins.supervision.vocabulary import TaskState

S = TaskState


@dataclass(frozen=True)
class Transition:
    """An act on a task: from which states, to which state (None: unchanged), and its event."""

    key: str
    label: str
    sources: frozenset[TaskState]
    target: TaskState | None
    event: type[events.TaskActed]


def _t(key: str, label: str, sources: set[TaskState], target: TaskState | None, event: type) -> Transition:
    return Transition(key, label, frozenset(sources), target, event)


WORKING = {S.NOT_STARTED, S.RUNNING, S.RETURNED}
TRANSITIONS = {
    t.key: t
    for t in (
        _t("open", "下达年度任务", set(), S.NOT_STARTED, events.TaskOpened),
        _t("plan", "制定工作方案", WORKING, S.RUNNING, events.TaskPlanned),
        _t("add_step", "增加工作步骤", WORKING, None, events.TaskPlanned),
        _t("complete_step", "步骤完成", WORKING, None, events.ProgressReported),
        _t("report", "报送进展", WORKING, None, events.ProgressReported),
        _t("supervise", "牵头单位督办", WORKING | {S.APPLIED}, None, events.LeadSupervised),
        _t("apply", "申请验收销号", {S.RUNNING, S.RETURNED}, S.APPLIED, events.AcceptanceApplied),
        _t("accept", "验收销号", {S.APPLIED}, S.ACCEPTED, events.TaskAccepted),
        _t("return", "验收退回", {S.APPLIED}, S.RETURNED, events.TaskReturned),
    )
}


def check_source(task: Task, transition: Transition) -> None:
    """Refuse the act when the task is not in a state it may start from."""
    require_state(TaskState(task.state), transition.sources, transition.label, "任务")


def apply_transition(task: Task, key: str, on: dt.date, note: str = "", **extra: Any) -> None:
    """Move the task, record the act, publish the event (the caller checked everything else)."""
    transition = TRANSITIONS[key]
    check_source(task, transition)
    before = str(task.state or "")
    if transition.target is not None:
        task.state = transition.target
        task.state_since = on
    actor = current_actor()
    db.session.add(
        TaskAct(
            task=task,
            region_id=task.region_id,
            action=key,
            label=transition.label,
            on=on,
            from_state=before,
            to_state=str(task.state),
            user_id=getattr(actor, "id", None),
            username=getattr(actor, "username", "") or "",
            note=note,
        )
    )
    db.session.flush()
    data = transition.event(
        task_id=task.id,
        measure_number=task.measure.number,
        year=task.year,
        lead_unit_id=task.lead_unit_id,
        state=str(task.state),
        previous_state=before,
        on=on,
        **extra,
    )
    publish(data, region_id=task.region_id, subject=task)
