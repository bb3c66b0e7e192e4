"""The words of 实施方案督办: areas of the plan, task and inspection states, proposals — with their Chinese labels.

Stored values are short English keys (DOMAIN.md); the labels are what users see and what the plan's
workbook carries. Every label of the plugin is here, so forms, formatters, filters, the register and
the exports read the same words.
"""

from __future__ import annotations

import enum


def choices(labels: dict) -> list[tuple[str, str]]:
    """(value, label) pairs for a select field or a register column."""
    return [(str(value), label) for value, label in labels.items()]


class Area(enum.StrEnum):
    """The plan's areas (the chapters of 法治政府建设实施纲要 and the source report's plan)."""

    FUNCTIONS = "functions"
    INSTITUTIONS = "institutions"
    DECISIONS = "decisions"
    ENFORCEMENT = "enforcement"
    SUPERVISION = "supervision"
    DISPUTES = "disputes"
    CAPACITY = "capacity"


AREA_LABELS = {
    Area.FUNCTIONS: "依法全面履行政府职能",
    Area.INSTITUTIONS: "完善依法行政制度体系",
    Area.DECISIONS: "推进行政决策科学化、民主化、法治化",
    Area.ENFORCEMENT: "坚持严格规范公正文明执法",
    Area.SUPERVISION: "强化对行政权力的制约和监督",
    Area.DISPUTES: "依法有效化解社会矛盾纠纷",
    Area.CAPACITY: "全面提高政府工作人员法治思维和依法行政能力",
}


class TaskState(enum.StrEnum):
    """Where a year's task stands (项目化推进 → 销号式验收; see `operations.TRANSITIONS`)."""

    NOT_STARTED = "not_started"  # 未启动: no work plan yet
    RUNNING = "running"  # 推进中: the lead unit's work plan is under way
    APPLIED = "applied"  # 已申请验收: the lead unit applied with its evidence
    RETURNED = "returned"  # 验收退回: the legal office sent it back with reasons; work goes on
    ACCEPTED = "accepted"  # 已验收销号: the only way a task closes


TASK_STATE_LABELS = {
    TaskState.NOT_STARTED: "未启动",
    TaskState.RUNNING: "推进中",
    TaskState.APPLIED: "已申请验收",
    TaskState.RETURNED: "验收退回",
    TaskState.ACCEPTED: "已验收销号",
}

#: States of a task still open (counted overdue once past its deadline).
OPEN_TASK_STATES = frozenset({TaskState.NOT_STARTED, TaskState.RUNNING, TaskState.APPLIED, TaskState.RETURNED})

#: The figures of the dashboard and the indicators (a task past its deadline and not accepted is overdue).
FIGURE_LABELS = {
    "not_started": "未启动",
    "running": "推进中",
    "accepted": "已验收销号",
    "overdue": "逾期未销号",
}


class InspectionState(enum.StrEnum):
    """An inspection (督查) from its written plan (art 15) to its conclusion (art 16)."""

    PLANNED = "planned"
    UNDER_WAY = "under_way"
    CONCLUDED = "concluded"


INSPECTION_STATE_LABELS = {
    InspectionState.PLANNED: "督查方案已制定",
    InspectionState.UNDER_WAY: "督查中",
    InspectionState.CONCLUDED: "已作出督查结论",
}


class FindingRating(enum.StrEnum):
    """How the inspection found a unit's task."""

    GOOD = "good"
    BASIC = "basic"
    PROBLEM = "problem"


RATING_LABELS = {FindingRating.GOOD: "完成较好", FindingRating.BASIC: "基本完成", FindingRating.PROBLEM: "存在问题"}


class ReviewResult(enum.StrEnum):
    """The government's review decision on an objection (art 17)."""

    UPHELD = "upheld"
    CHANGED = "changed"


REVIEW_RESULT_LABELS = {ReviewResult.UPHELD: "维持督查结论", ReviewResult.CHANGED: "变更督查结论"}


class ProposalKind(enum.StrEnum):
    """Proposals of the inspection office (art 21): they take effect only when approved."""

    PRAISE = "praise"
    CRITICISM = "criticism"
    ACCOUNTABILITY = "accountability"


PROPOSAL_KIND_LABELS = {
    ProposalKind.PRAISE: "表扬激励建议",
    ProposalKind.CRITICISM: "批评建议",
    ProposalKind.ACCOUNTABILITY: "追究责任建议",
}


class ProposalState(enum.StrEnum):
    """A proposal waiting for, or decided by, the government or its head (art 21)."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


PROPOSAL_STATE_LABELS = {
    ProposalState.PROPOSED: "待批准",
    ProposalState.APPROVED: "已批准",
    ProposalState.REJECTED: "未批准",
}

#: The metrics an assessment scheme may use (settings.ASSESSMENT_SCHEME), with their labels.
METRIC_LABELS = {
    "on_time": "任务按期完成",
    "accepted": "任务验收销号",
    "overdue": "任务逾期未销号",
    "findings": "督查发现问题",
    "rectification": "督查问题整改",
}
