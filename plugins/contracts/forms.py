"""The small forms of the contract page (one per act), and the amount field of the contract form.

Each act posts its fields to ``/admin/contracts_contracts/act/<act>/?id=<contract>`` (acts on an
opinion, milestone, check item or borrowing to their own URLs); the field names are the keyword
arguments of the operation, so a form is read and passed on without glue code.
"""

from __future__ import annotations

from typing import Any

from wtforms import StringField

from core.admin.acts import ActForm, Field, Reader, visible_record
from core.choices import LabelledEnum
from core.refusals import Refusal
from plugins.contracts import money
from plugins.contracts.models import SupervisionCheck
from plugins.contracts.vocabulary import Aspect, BorrowMode, ChangeKind, MilestoneKind, Severity


class AmountField(StringField):
    """An amount typed in 元 (or with 万/亿), held as whole fen; refused with how to write it."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the typed text exactly (1.2亿 → 12,000,000,000 fen) or refuse it."""
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        try:
            self.data = money.parse_fen(valuelist[0])
        except money.AmountError as exc:
            raise ValueError(str(exc)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return money.plain_yuan(self.data) if isinstance(self.data, int) else ""


#: How an amount may be typed (read exactly by `money`).
AMOUNT_HINT = "如 1234.56 或 1.2亿"


def _on(label: str) -> Field:
    return Field("on", label)


def _select(name: str, label: str, kind: type[LabelledEnum]) -> Field:
    return Field(name, label, "select", choices=tuple(kind.choices()))


CONTRACT_FORMS: dict[str, ActForm] = {
    "start_review": ActForm("开始审查", (_on("开始审查日期"),)),
    "give_opinion": ActForm(
        "提出审查意见",
        (
            _on("提出日期"),
            _select("aspect", "审查方面", Aspect),
            Field("clause", "涉及条款", "text", required=False),
            Field("issue", "存在问题", "textarea"),
            Field("suggestion", "修改建议", "textarea", required=False),
            _select("severity", "重要程度", Severity),
        ),
    ),
    "return_opinions": ActForm(
        "出具审查意见", (_on("出具意见日期"), Field("conclusion", "审查意见书要点", "textarea", required=False))
    ),
    "revise": ActForm("修改后重新报送", (_on("重新报送日期"), Field("note", "修改说明", "textarea", required=False))),
    "approve": ActForm(
        "审查同意签订", (_on("审查结论日期"), Field("conclusion", "审查结论", "textarea", required=False))
    ),
    "reject": ActForm("审查不同意签订", (_on("审查结论日期"), Field("conclusion", "不同意签订的理由", "textarea"))),
    "request_consultation": ActForm(
        "提请法律顾问协商",
        (
            _on("提请日期"),
            Field("question", "协商事项", "textarea"),
            Field("opinion", "涉及的重大问题（审查意见）", "opinion", required=False),
            Field("due_on", "希望答复日期", required=False),
        ),
    ),
    "record_consultation": ActForm(
        "登记法律顾问协商意见",
        (
            _on("协商日期"),
            Field("question", "协商事项", "textarea"),
            Field("opinion", "涉及的重大问题（审查意见）", "opinion", required=False),
            Field("counsel_names", "参加协商的法律顾问（以“、”分隔）", "text"),
            Field("opinion_text", "法律顾问意见", "textarea"),
        ),
    ),
    "sign": ActForm("登记签订", (_on("签订日期"),)),
    "file": ActForm("报送备案", (_on("备案日期"),)),
    "start_performance": ActForm("开始履行", (_on("开始履行日期"),)),
    "add_milestone": ActForm(
        "设定履行节点",
        (
            Field("due_on", "节点日期"),
            _select("kind", "节点类别", MilestoneKind),
            Field("description", "节点内容", "text", required=False),
            Field("amount", "节点金额（元，付款时填写）", "amount", required=False, placeholder=AMOUNT_HINT),
        ),
    ),
    "report_performance": ActForm(
        "报告履行情况",
        (
            _on("报告日期"),
            Field("content", "履行情况", "textarea"),
            Field("problems", "存在问题", "textarea", required=False),
        ),
    ),
    "report_change": ActForm(
        "报告合同变更（解除）",
        (
            _on("变更（解除）日期"),
            _select("kind", "变更类别", ChangeKind),
            Field("content", "变更（解除）内容及理由", "textarea"),
            Field("reported_on", "报告日期", required=False),
            Field("new_amount", "变更后标的额（元）", "amount", required=False, placeholder=AMOUNT_HINT),
        ),
    ),
    "complete": ActForm("履行完毕", (_on("履行完毕日期"),)),
    "record_check": ActForm(
        "记录监督检查",
        (
            Field("check", "检查计划", "check"),
            _on("检查日期"),
            Field("finding", "检查情况", "textarea"),
            Field("problem", "发现问题", "bool", required=False),
            Field("rectify_by", "整改期限", required=False),
        ),
    ),
    "archive": ActForm(
        "归档",
        (
            _on("归档日期"),
            Field("archive_number", "档案号", "text"),
            Field("location", "存放位置", "text", required=False),
        ),
    ),
    "request_borrowing": ActForm(
        "申请查借阅",
        (
            _on("申请日期"),
            Field("borrower_unit", "借阅单位", "unit"),
            Field("borrower_name", "借阅人", "text"),
            Field("purpose", "查借阅事由", "textarea"),
            _select("mode", "查借阅方式", BorrowMode),
        ),
    ),
}

OPINION_FORMS = {
    "answer": ActForm(
        "答复审查意见",
        (
            _on("答复日期"),
            Field("accepted", "采纳", "bool", required=False),
            Field("answer", "答复说明", "textarea", required=False),
        ),
    ),
}
MILESTONE_FORMS = {
    "complete": ActForm("完成履行节点", (_on("完成日期"), Field("note", "说明", "text", required=False)))
}
ITEM_FORMS = {"rectify": ActForm("记录整改情况", (_on("整改日期"), Field("rectification", "整改情况", "textarea")))}
BORROWING_FORMS = {
    "decide": ActForm(
        "审批查借阅",
        (
            _on("审批日期"),
            Field("approved", "批准", "bool", required=False),
            Field("decided_by", "审批人", "text"),
            Field("note", "审批意见", "text", required=False),
        ),
    ),
    "lend": ActForm("交付查阅（借出）", (_on("借出日期"),)),
    "give_back": ActForm("登记归还", (_on("归还日期"),)),
}


def readers(contract: Any) -> dict[str, Reader]:
    """The plugin's own field kinds on `contract`'s page, read beside the core's."""

    def opinion(field: Field, raw: str, scope: frozenset[int] | None) -> Any:
        found = next((o for o in (contract.opinions if contract else []) if str(o.id) == raw), None)
        if found is None:
            raise Refusal(field.name, f"「{field.label}」不是本合同的审查意见")
        return found

    return {
        # Read exactly (or refused, naming the field) by the operation: checks.amount_fen.
        "amount": lambda field, raw, scope: raw,
        "check": lambda field, raw, scope: visible_record(SupervisionCheck, field, raw, scope),
        "opinion": opinion,
    }
