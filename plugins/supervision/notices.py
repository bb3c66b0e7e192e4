"""Notice rules: which event issues which notice of 实施方案督办, to whom, on what basis.

- a task's deadline missed → 督办 to its lead unit ("对进度滞后的任务跟踪督办直至销号");
- a step's deadline missed → 督办 to the step's responsible unit;
- a rectification demanded by an inspection not done in time → 督办 to the unit (art 18);
- an approved criticism proposal → 通报批评, an approved accountability proposal → 问责建议 (art 21).

The core applies each once per (rule, dedupe key); deadline rules dedupe on the deadline. A task
stays counted overdue after its notice until it is accepted (`progress.overdue_condition`).
"""

from __future__ import annotations

from collections.abc import Callable

from core.events import Event
from core.extensions import db
from core.notices import NoticeKind, NoticeRule
from core.notices.due import missed_deadline_rule
from core.tenancy import unscoped
from plugins.supervision.deadlines import PLUGIN_KEY
from plugins.supervision.events import ProposalApproved
from plugins.supervision.models import Task
from plugins.supervision.settings import setting

PLAN_BASIS = "法治政府建设实施方案（销号式验收：对进度滞后的任务跟踪督办直至销号）"


def _step_family(kind: str) -> str:
    """A step's deadline kinds ("step:3") are one family for the rule."""
    return "step" if kind.startswith("step:") else kind


def _task_name(event: Event) -> str:
    if event.subject_type != Task.__tablename__:
        return "任务"
    with unscoped():
        task = db.session.get(Task, event.subject_id)
    return f"{task.year}年度第{task.measure.number}项任务" if task else "任务"


def _proposal(kind: str) -> Callable[[Event[ProposalApproved]], bool]:
    return lambda e: e.data.kind == kind


def notice_rules() -> list[NoticeRule]:
    """The plugin's rules (returned by `register_notice_rules`)."""
    rectify_days = setting("RECTIFY_DAYS")
    return [
        missed_deadline_rule(
            "supervision.task_overdue",
            PLUGIN_KEY,
            {"task"},
            title=lambda e: f"关于{_task_name(e)}逾期未完成的督办通知",
            basis=PLAN_BASIS,
            rectify_days=rectify_days,
        ),
        missed_deadline_rule(
            "supervision.step_overdue",
            PLUGIN_KEY,
            {"step"},
            title=lambda e: f"关于{_task_name(e)}{e.data.label}逾期的督办通知",
            basis="牵头单位工作方案（项目化推进）",
            rectify_days=rectify_days,
            family=_step_family,
        ),
        missed_deadline_rule(
            "supervision.rectification_overdue",
            PLUGIN_KEY,
            {"rectification"},
            title="关于督查问题逾期未整改的督办通知",
            basis="《政府督查工作条例》第十八条",
            rectify_days=rectify_days,
        ),
        NoticeRule(
            key="supervision.criticism",
            event=ProposalApproved,
            kind=NoticeKind.CRITICISM,
            target_unit=lambda e: e.data.unit_id,
            basis="《政府督查工作条例》第二十一条第一款",
            title=lambda e: f"关于督查发现问题的通报批评（{e.data.approved_by}批准）",
            applies=_proposal("criticism"),
            rectify_days=rectify_days,
        ),
        NoticeRule(
            key="supervision.accountability",
            event=ProposalApproved,
            kind=NoticeKind.ACCOUNTABILITY,
            target_unit=lambda e: e.data.unit_id,
            basis="《政府督查工作条例》第二十一条第二款",
            title=lambda e: f"关于依法依规追究责任的建议（{e.data.approved_by}批准）",
            applies=_proposal("accountability"),
            rectify_days=rectify_days,
        ),
    ]
