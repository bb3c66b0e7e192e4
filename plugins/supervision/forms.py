"""The small forms of the task, inspection and finding pages: one per act, declared as data.

Each act posts its fields to ``/admin/<view>/act/<act>/?id=<record>``; the field names are the
keyword arguments of the operation, so a form is read and passed on without glue code.
"""

from __future__ import annotations

from core.admin.acts import ActForm, Field
from plugins.supervision.vocabulary import FindingRating, ProposalKind, ReviewResult


def _on(label: str) -> Field:
    return Field("on", label)


TASK_FORMS: dict[str, ActForm] = {
    "plan": ActForm("制定工作方案", (_on("制定日期"), Field("work_plan", "工作方案", "textarea")), "plan"),
    "add_step": ActForm(
        "增加工作步骤",
        (
            _on("安排日期"),
            Field("title", "步骤内容", "text"),
            Field("responsible_unit", "责任单位", "unit"),
            Field("deadline", "步骤完成时限"),
        ),
        "add_step",
    ),
    "report": ActForm(
        "报送进展",
        (
            _on("报送日期"),
            Field("step", "步骤序号（报送某一步骤的进展时填写）", "int", required=False),
            Field("content", "进展情况", "textarea"),
        ),
        "report",
    ),
    "supervise": ActForm(
        "牵头单位督办",
        (_on("督办日期"), Field("target", "督办对象（责任单位）", "unit"), Field("content", "督办事项", "textarea")),
        "supervise",
    ),
    "apply": ActForm(
        "申请验收销号",
        (_on("申请日期"), Field("evidence", "验收材料说明", "textarea")),
        "apply",
    ),
    "accept": ActForm(
        "验收销号", (_on("验收日期"), Field("comment", "验收意见", "textarea", required=False)), "accept"
    ),
    "return": ActForm("验收退回", (_on("退回日期"), Field("reason", "退回理由", "textarea")), "return_task"),
}

INSPECTION_FORMS: dict[str, ActForm] = {
    "start": ActForm("开始督查", (_on("开始日期"),), "start"),
    "add_finding": ActForm(
        "记录督查发现",
        (
            Field("unit", "被督查单位", "unit"),
            Field("rating", "督查评价", "select", choices=tuple(FindingRating.choices())),
            Field("description", "督查发现", "textarea"),
            Field("task_id", "任务编号（可选）", "int", required=False),
            Field("rectification", "整改要求", "textarea", required=False),
            Field("rectify_by", "整改期限", required=False),
        ),
        "add_finding",
    ),
    "conclude": ActForm("作出督查结论", (_on("结论日期"), Field("conclusion", "督查结论", "textarea")), "conclude"),
    "propose": ActForm(
        "提出奖惩建议",
        (
            Field("unit", "督查对象", "unit"),
            Field("kind", "建议类别", "select", choices=tuple(ProposalKind.choices())),
            Field("reason", "建议理由", "textarea"),
            _on("提出日期"),
        ),
        "propose",
    ),
}

FINDING_FORMS: dict[str, ActForm] = {
    "feed_back": ActForm(
        "反馈督查结论", (_on("反馈日期"), Field("received_on", "督查对象收到日期", required=False)), "feed_back"
    ),
    "object": ActForm("申请复核", (_on("申请复核日期"), Field("reason", "异议理由", "textarea")), "object_to"),
    "review": ActForm(
        "作出复核决定",
        (
            _on("复核决定日期"),
            Field("result", "复核结果", "select", choices=tuple(ReviewResult.choices())),
            Field("note", "复核意见", "textarea"),
        ),
        "review",
    ),
    "rectify": ActForm("报送整改情况", (_on("整改完成日期"), Field("report", "整改情况", "textarea")), "rectify"),
    "verify": ActForm("核查整改", (_on("核查日期"), Field("verification", "核查情况", "textarea")), "verify"),
}

PROPOSAL_FORMS: dict[str, ActForm] = {
    "approve": ActForm(
        "批准建议",
        (_on("批准日期"), Field("approved_by", "批准机关或批准人（本级人民政府或行政首长）", "text")),
        "approve",
    ),
    "reject": ActForm("不予批准", (_on("决定日期"), Field("approved_by", "决定机关或决定人", "text")), "reject"),
}
