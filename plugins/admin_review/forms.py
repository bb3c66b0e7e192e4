"""The small forms of the case page: one per act, declared as data and read into operation arguments.

Each act posts its fields to ``/admin/admin_review_cases/act/<act>/?id=<case>`` (hearing and
意见书 acts to their own URLs); the field names are the keyword arguments of the operation,
so a form is read and passed on without glue code.
"""

from __future__ import annotations

from core.admin.acts import ActForm, Field
from plugins.admin_review.vocabulary import DecisionType, SuspensionGround, TerminationGround


def _on(label: str) -> Field:
    return Field("on", label)


DECISION_CHOICES = tuple((v, label) for v, label in DecisionType.choices() if v != DecisionType.TERMINATION)

CASE_FORMS: dict[str, ActForm] = {
    "accept": ActForm("受理", (_on("受理日期"),)),
    "request_correction": ActForm(
        "通知补正",
        (
            _on("补正通知日期"),
            Field("served_on", "申请人收到通知日期", required=False),
            Field("items", "需要补正的事项（一次性载明）", "textarea"),
        ),
    ),
    "refuse": ActForm(
        "不予受理",
        (
            _on("不予受理日期"),
            Field("reason", "不予受理理由", "textarea"),
            Field("competent_organ", "有管辖权的行政复议机关（不属于本机关管辖时）", "text", required=False),
        ),
    ),
    "correction_received": ActForm("录入申请人收到补正通知日期", (_on("申请人收到补正通知日期"),)),
    "extend_correction": ActForm(
        "延长补正期限",
        (
            _on("延长日期"),
            Field("days", "延长工作日数", "int"),
            Field("reason", "正当理由", "textarea"),
            Field("approved_by", "批准人", "text"),
        ),
    ),
    "supplement": ActForm(
        "收到补正材料",
        (_on("收到补正材料日期"), Field("posted_on", "交邮日期（邮寄提交的）", required=False)),
    ),
    "abandon": ActForm("视为放弃申请", (_on("视为放弃日期"),)),
    "send_copy": ActForm("发送答复通知", (_on("发送日期"), Field("received_on", "被申请人收到日期", required=False))),
    "receive_reply": ActForm(
        "收到答复", (_on("答复日期"), Field("posted_on", "交邮日期（邮寄提交的）", required=False))
    ),
    "convert": ActForm("转为普通程序", (_on("转换日期"), Field("approved_by", "批准人（行政复议机构负责人）", "text"))),
    "investigate": ActForm("现场调查", (_on("现场调查日期"), Field("record", "现场调查记录", "textarea"))),
    "start_mediation": ActForm("开始调解", (_on("调解开始日期"),)),
    "end_mediation": ActForm("调解未成", (_on("调解结束日期"),)),
    "suspend": ActForm(
        "中止审理",
        (
            _on("中止日期"),
            Field("ground", "中止情形", "select", choices=tuple(SuspensionGround.choices())),
            Field("reason", "说明", "textarea", required=False),
        ),
    ),
    "resume": ActForm("恢复审理", (_on("恢复日期"),)),
    "extend": ActForm(
        "延长审理期限",
        (
            _on("延期日期"),
            Field("days", "延长天数", "int"),
            Field("reason", "延期理由（情况复杂的具体情形）", "textarea"),
            Field("approved_by", "批准人（行政复议机构负责人）", "text"),
        ),
    ),
    "schedule_hearing": ActForm(
        "安排听证",
        (
            _on("安排日期"),
            Field("scheduled_for", "听证日期"),
            Field("place", "地点", "text"),
            Field("matters", "拟听证事项", "textarea"),
            Field("presiding_officer", "主持人", "text"),
            Field("hearing_officers", "听证员（两名以上，以“、”分隔）", "text"),
            Field("clerk", "记录员", "text"),
        ),
    ),
    "decide": ActForm(
        "作出决定",
        (
            _on("决定日期"),
            Field("decision_type", "决定类型", "select", choices=DECISION_CHOICES),
            Field("number", "决定书文号", "text", required=False),
            Field("summary", "决定要点", "textarea", required=False),
            Field("redo_ordered", "责令重作或履行", "bool", required=False),
            Field("performance_days", "履行期限（日）", "int", required=False),
        ),
    ),
    "terminate": ActForm(
        "终止审理",
        (
            _on("终止日期"),
            Field("ground", "终止情形", "select", choices=tuple(TerminationGround.choices())),
            Field("note", "说明", "textarea", required=False),
        ),
    ),
    "serve": ActForm("送达", (_on("送达日期"),)),
    "notify_head": ActForm("行政首长告知", (_on("告知日期"), Field("record", "告知情况（告知对象、方式）", "text"))),
    "check_performance": ActForm(
        "核查履行情况",
        (
            _on("核查日期"),
            Field("performed", "已履行", "bool", required=False),
            Field("note", "情况", "text", required=False),
        ),
    ),
    "visit": ActForm("回访", (_on("回访日期"), Field("record", "回访情况", "textarea"))),
    "issue_opinion": ActForm(
        "制发意见书",
        (
            Field("issued_on", "制发日期"),
            Field("received_on", "送达单位收到日期", required=False),
            Field("addressee", "送达单位", "unit"),
            Field("number", "文号", "text", required=False),
            Field("content", "意见书内容", "textarea"),
        ),
    ),
}

HEARING_FORMS: dict[str, ActForm] = {
    "notify": ActForm("书面通知当事人", (_on("通知日期"),)),
    "hold": ActForm(
        "记录听证",
        (
            _on("举行日期"),
            Field("head_attended", "被申请人负责人参加", "bool", required=False),
            Field("head_name", "负责人姓名", "text", required=False),
            Field("delegate_name", "受委托工作人员", "text", required=False),
            Field("absence_explanation", "负责人不能参加的书面说明", "textarea", required=False),
            Field("record", "听证笔录要点", "textarea", required=False),
        ),
    ),
    "cancel": ActForm("取消听证", (_on("取消日期"), Field("reason", "取消理由", "textarea"))),
}

OPINION_FORMS: dict[str, ActForm] = {
    "report": ActForm("记录纠正情况报送", (_on("报送日期"), Field("report", "纠正情况", "textarea"))),
}
