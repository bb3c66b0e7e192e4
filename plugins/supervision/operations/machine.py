"""The life cycle of a task: one table of transitions, and the one function that applies them.

Every act has a date and a user; it moves the task along `TRANSITIONS` only, writes a `TaskAct`
(the ledger, 全程纪实) and publishes its event. A task closes only by `accept` (销号式验收).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import machine
from core.events import publish
from core.extensions import db
from core.machine import Transition, transition_table
from core.machine import transition as act
from plugins.supervision import events
from plugins.supervision.models import Task, TaskAct
from plugins.supervision.vocabulary import TaskState

S = TaskState

WORKING = {S.NOT_STARTED, S.RUNNING, S.RETURNED}
TRANSITIONS = transition_table(
    act("open", "下达年度任务", set(), S.NOT_STARTED, events.TaskOpened),
    act("plan", "制定工作方案", WORKING, S.RUNNING, events.TaskPlanned),
    act("add_step", "增加工作步骤", WORKING, None, events.TaskPlanned),
    act("complete_step", "步骤完成", WORKING, None, events.ProgressReported),
    act("report", "报送进展", WORKING, None, events.ProgressReported),
    act("supervise", "牵头单位督办", WORKING | {S.APPLIED}, None, events.LeadSupervised),
    act("apply", "申请验收销号", {S.RUNNING, S.RETURNED}, S.APPLIED, events.AcceptanceApplied),
    act("accept", "验收销号", {S.APPLIED}, S.ACCEPTED, events.TaskAccepted),
    act("return", "验收退回", {S.APPLIED}, S.RETURNED, events.TaskReturned),
)


def check_source(task: Task, transition: Transition) -> None:
    """Refuse the act when the task is not in a state it may start from."""
    machine.check_source(TaskState(task.state), transition, "任务")


def apply_transition(task: Task, key: str, on: dt.date, note: str = "", **extra: Any) -> None:
    """Move the task, record the act, publish the event (the caller checked everything else)."""
    transition = TRANSITIONS[key]
    check_source(task, transition)
    before = machine.advance(task, transition, on, TaskAct(task=task), note)
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
