"""The words of 实施方案督办: areas of the plan, task and inspection states, proposals — with their Chinese labels.

Stored values are short English keys (DOMAIN.md); the labels are what users see and what the plan's
workbook carries. Each is a `core.choices.LabelledEnum`, so forms, formatters, filters, the register
and the exports read the same words (``X.labels()``, ``X.formatter()``, ``X.choices()``).
"""

from __future__ import annotations

from typing import Any

from core.choices import LabelledEnum
from core.i18n import in_english, say


def pair(left: Any, right: Any) -> str:
    """ "left：right" — with an English colon for an English reader."""
    return f"{left}: {right}" if in_english() else f"{left}：{right}"


def task_name(task: Any) -> str:
    """A task as lists and pages name it ("2017年第35项"); its `__str__` (the audit's summary) stays Chinese."""
    number = task.measure.number if task.measure else "?"
    return say("%(year)s年第%(number)s项", year=task.year, number=number)


class Area(LabelledEnum):
    """The plan's areas (the chapters of 法治政府建设实施纲要 and the source report's plan)."""

    FUNCTIONS = "functions", "依法全面履行政府职能"
    INSTITUTIONS = "institutions", "完善依法行政制度体系"
    DECISIONS = "decisions", "推进行政决策科学化、民主化、法治化"
    ENFORCEMENT = "enforcement", "坚持严格规范公正文明执法"
    SUPERVISION = "supervision", "强化对行政权力的制约和监督"
    DISPUTES = "disputes", "依法有效化解社会矛盾纠纷"
    CAPACITY = "capacity", "全面提高政府工作人员法治思维和依法行政能力"


class TaskState(LabelledEnum):
    """Where a year's task stands (项目化推进 → 销号式验收; see `operations.TRANSITIONS`)."""

    NOT_STARTED = "not_started", "未启动"  # no work plan yet
    RUNNING = "running", "推进中"  # the lead unit's work plan is under way
    APPLIED = "applied", "已申请验收"  # the lead unit applied with its evidence
    RETURNED = "returned", "验收退回"  # the legal office sent it back with reasons; work goes on
    ACCEPTED = "accepted", "已验收销号"  # the only way a task closes


#: States of a task still open (counted overdue once past its deadline).
OPEN_TASK_STATES = frozenset({TaskState.NOT_STARTED, TaskState.RUNNING, TaskState.APPLIED, TaskState.RETURNED})


class Figure(LabelledEnum):
    """The figures of the dashboard and the indicators (a task past its deadline and not accepted is overdue)."""

    NOT_STARTED = "not_started", "未启动"
    RUNNING = "running", "推进中"
    ACCEPTED = "accepted", "已验收销号"
    OVERDUE = "overdue", "逾期未销号"


class InspectionState(LabelledEnum):
    """An inspection (督查) from its written plan (art 15) to its conclusion (art 16)."""

    PLANNED = "planned", "督查方案已制定"
    UNDER_WAY = "under_way", "督查中"
    CONCLUDED = "concluded", "已作出督查结论"


class FindingRating(LabelledEnum):
    """How the inspection found a unit's task."""

    GOOD = "good", "完成较好"
    BASIC = "basic", "基本完成"
    PROBLEM = "problem", "存在问题"


class ReviewResult(LabelledEnum):
    """The government's review decision on an objection (art 17)."""

    UPHELD = "upheld", "维持督查结论"
    CHANGED = "changed", "变更督查结论"


class ProposalKind(LabelledEnum):
    """Proposals of the inspection office (art 21): they take effect only when approved."""

    PRAISE = "praise", "表扬激励建议"
    CRITICISM = "criticism", "批评建议"
    ACCOUNTABILITY = "accountability", "追究责任建议"


class ProposalState(LabelledEnum):
    """A proposal waiting for, or decided by, the government or its head (art 21)."""

    PROPOSED = "proposed", "待批准"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class Metric(LabelledEnum):
    """The metrics an assessment scheme may use (settings ``ASSESSMENT_SCHEME``)."""

    ON_TIME = "on_time", "任务按期完成"
    ACCEPTED = "accepted", "任务验收销号"
    OVERDUE = "overdue", "任务逾期未销号"
    FINDINGS = "findings", "督查发现问题"
    RECTIFICATION = "rectification", "督查问题整改"
