"""The acts on a year's task: open, plan its steps, report progress, the lead unit's 督办, and 销号.

Each act checks first and raises `Refusal` naming the field before anything changes; the
caller commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from core import refusals
from core.attachments import attachments_of
from core.audit import current_actor
from core.extensions import db
from core.i18n import say
from core.models import Unit
from core.notices import NoticeKind, issue_notice
from core.refusals import Refusal
from plugins.supervision import checks, deadlines
from plugins.supervision.models import Measure, ProgressReport, Task, TaskStep
from plugins.supervision.operations.machine import apply_transition
from plugins.supervision.settings import setting
from plugins.supervision.vocabulary import TaskState


def open_task(measure: Measure, year: int, deadline: dt.date | None = None, on: dt.date | None = None) -> Task:
    """The measure's task for `year` (项目化推进: one lead unit per task); the existing one if already open."""
    existing = db.session.execute(
        select(Task).where(Task.measure_id == measure.id, Task.year == year)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    if not measure.start_year <= year <= measure.end_year:
        raise Refusal(
            "year",
            say(
                "「年度」第%(number)s项措施的实施年度为%(start)s—%(end)s年",
                number=measure.number,
                start=measure.start_year,
                end=measure.end_year,
            ),
        )
    due = deadline or (
        measure.deadline if measure.deadline and measure.deadline.year == year else dt.date(year, 12, 31)
    )
    on = on or checks.today()
    task = Task(
        measure=measure,
        region_id=measure.region_id,
        year=year,
        lead_unit_id=measure.lead_unit_id,
        title=measure.title,
        deadline=due,
        state=TaskState.NOT_STARTED,
        state_since=on,
    )
    db.session.add(task)
    db.session.flush()
    apply_transition(task, "open", on)
    deadlines.open_task(task, on)
    return task


def plan(task: Task, on: dt.date, work_plan: str) -> None:
    """The lead unit's work plan (工作方案): the task is under way."""
    checks.check_lead_unit_user(current_actor(), task.lead_unit)
    on = refusals.require_date(on, "on", "制定日期")
    task.work_plan = refusals.require_text(work_plan, "work_plan", "工作方案")
    task.started_on = task.started_on or on
    apply_transition(task, "plan", on)


def add_step(task: Task, on: dt.date, title: str, responsible_unit: Unit, deadline: dt.date) -> TaskStep:
    """A step of the work plan with its responsible unit and deadline (never after the task's)."""
    checks.check_lead_unit_user(current_actor(), task.lead_unit)
    on = refusals.require_date(on, "on", "安排日期")
    title = refusals.require_text(title, "title", "步骤内容")
    if responsible_unit is None:
        raise Refusal("responsible_unit", say("「责任单位」必填"))
    if deadline is None:
        raise Refusal("deadline", say("「步骤完成时限」必填"))
    checks.check_step_deadline(deadline, task.deadline)
    step = TaskStep(
        task=task,
        region_id=task.region_id,
        position=len(task.steps) + 1,
        title=title,
        responsible_unit_id=responsible_unit.id,
        deadline=deadline,
    )
    db.session.add(step)
    db.session.flush()
    deadlines.open_step(step, on)
    apply_transition(task, "add_step", on, note=f"{title}（{responsible_unit.name}，{deadline.isoformat()}前）")
    return step


def complete_step(step: TaskStep, on: dt.date) -> None:
    """A step done (its deadline met, or missed when late)."""
    on = refusals.require_date(on, "on", "完成日期")
    if step.done_on is not None:
        raise Refusal("on", say("「步骤」“%(step)s”已于%(date)s完成", step=step.title, date=step.done_on.isoformat()))
    step.done_on = on
    deadlines.meet_step(step, on)
    apply_transition(step.task, "complete_step", on, note=step.title)


def report(
    task: Task, on: dt.date, content: str, step: TaskStep | None = None, unit: Unit | None = None
) -> ProgressReport:
    """A progress report (清单化管理) on the task or one of its steps; materials are attached to it."""
    on = refusals.require_date(on, "on", "报送日期")
    content = refusals.require_text(content, "content", "进展情况")
    actor = current_actor()
    unit_id = unit.id if unit is not None else (getattr(actor, "unit_id", None) or task.lead_unit_id)
    entry = ProgressReport(
        task=task,
        region_id=task.region_id,
        step_id=step.id if step else None,
        unit_id=unit_id,
        reported_on=on,
        content=content,
        username=getattr(actor, "username", "") or "",
    )
    db.session.add(entry)
    db.session.flush()
    apply_transition(task, "report", on, note=content[:200])
    return entry


def supervise(task: Task, on: dt.date, target: Unit, content: str) -> Any:
    """The lead unit's own 督办 to one of its responsible units (压力传导), issued as a core notice."""
    checks.check_lead_unit_user(current_actor(), task.lead_unit)
    on = refusals.require_date(on, "on", "督办日期")
    content = refusals.require_text(content, "content", "督办事项")
    units = {u.id for u in task.measure.responsible_units} | {s.responsible_unit_id for s in task.steps}
    if target is None or target.id not in units:
        raise Refusal("target", say("「督办对象」只能是本任务的责任单位"))
    notice = issue_notice(
        kind=NoticeKind.SUPERVISION,
        target_unit_id=target.id,
        region_id=task.region_id,
        subject=task,
        title=f"关于加快推进{task.year}年度第{task.measure.number}项任务的督办通知（牵头单位：{task.lead_unit.name}）",
        basis="法治政府建设实施方案（项目化推进：牵头单位督办责任单位）",
        body=content,
        rectify_days=setting("RECTIFY_DAYS"),
    )
    apply_transition(task, "supervise", on, note=f"督办{target.name}：{content[:180]}", target_unit_id=target.id)
    return notice


def apply(task: Task, on: dt.date, evidence: str) -> None:
    """The lead unit applies for 销号 with its evidence (a description and at least one attached material)."""
    checks.check_lead_unit_user(current_actor(), task.lead_unit)
    on = refusals.require_date(on, "on", "申请日期")
    materials = len(attachments_of(task)) + sum(len(attachments_of(r)) for r in task.reports)
    checks.check_evidence(evidence, materials)
    if task.started_on:
        refusals.not_before(on, task.started_on, "on", "申请日期", "工作方案制定日期")
    task.applied_on = on
    task.evidence = evidence.strip()
    apply_transition(task, "apply", on, note=task.evidence[:200])


def accept(task: Task, on: dt.date, comment: str = "") -> None:
    """The legal office (or its named reviewer) accepts: the task is ticked off (销号)."""
    actor = current_actor()
    checks.check_reviewer(actor, task.reviewer_id, task.lead_unit_id)
    on = refusals.require_date(on, "on", "验收日期")
    refusals.not_before(on, task.applied_on, "on", "验收日期", "申请验收日期")
    task.accepted_on = on
    task.accepted_by = getattr(actor, "full_name", "") or getattr(actor, "username", "") or "系统"
    deadlines.meet_task(task, on)
    apply_transition(task, "accept", on, note=comment or "")


def return_task(task: Task, on: dt.date, reason: str) -> None:
    """Returned with reasons: the work goes on, and the task stays overdue once its deadline has passed."""
    checks.check_reviewer(current_actor(), task.reviewer_id, task.lead_unit_id)
    on = refusals.require_date(on, "on", "退回日期")
    reason = refusals.require_text(reason, "reason", "退回理由")
    refusals.not_before(on, task.applied_on, "on", "退回日期", "申请验收日期")
    task.returned_reason = reason
    apply_transition(task, "return", on, note=reason)
