"""The refusals of 政府合同管理: each names the field at fault in Chinese, and nothing is saved.

Used by the acts of `operations`, the admin forms and the register import alike, so the same
message reaches the user whichever way the data came in. (The plugin kit's `Refusal(field,
message)` will replace `Refusal`: same two parts.)
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from core.extensions import db
from core.i18n import say, translate
from core.models import Region
from core.refusals import Refusal, not_before, require_choice, require_date, require_text
from core.tenancy import unscoped
from plugins.contracts import credit_code, money
from plugins.contracts.models import Contract, Counterparty
from plugins.contracts.settings import setting
from plugins.contracts.vocabulary import (
    CODED_COUNTERPARTIES,
    ContractKind,
    ContractState,
    CounterpartyKind,
    FundingSource,
)


def amount_fen(raw: object, field: str = "amount_fen", label: str = "标的额（元）") -> int:
    """Whole fen from an amount as typed ("1.2亿" is read exactly); refused with how to write it."""
    try:
        return money.parse_fen(raw)
    except money.AmountError as exc:
        raise Refusal(field, say("「%(label)s」", label=translate(label)) + str(exc)) from None


def check_counterparty(party: Counterparty, row: int | None = None) -> None:
    """Name, kind and — for bodies registered in China — a credit code with a valid check character."""
    where = say("第%(n)s个相对方", n=row) if row else say("相对方")
    if not (party.name or "").strip():
        raise Refusal("counterparties", say("「%(where)s名称」必填", where=where))
    party.name = party.name.strip()
    if party.kind not in CounterpartyKind.labels():
        raise Refusal("counterparties", say("「%(where)s类别」请从列表中选择", where=where))
    code = credit_code.normalise(party.credit_code or "")
    if not code:
        if party.kind in CODED_COUNTERPARTIES:
            kind = translate(CounterpartyKind.chinese_of(party.kind))
            raise Refusal(
                "counterparties",
                say("「%(where)s统一社会信用代码」%(kind)s必须填写统一社会信用代码", where=where, kind=kind),
            )
        party.credit_code = ""
        return
    try:
        party.credit_code = credit_code.validate(code)
    except credit_code.CreditCodeError as exc:
        raise Refusal(
            "counterparties",
            say("「%(where)s统一社会信用代码」", where=where)
            + say("%(error)s（%(name)s）", error=exc, name=party.name),
        ) from None


def major_threshold_fen(kind: str) -> int | None:
    """From which amount (fen) a contract of `kind` is major (0: always; None: never by amount)."""
    thresholds = setting("MAJOR_THRESHOLDS") or {}
    value = thresholds.get(kind, thresholds.get("other"))
    return None if value is None else int(value) * money.FEN_PER_YUAN


def is_major(contract: Contract) -> bool:
    """Marked major, or the amount reaches its kind's threshold (settings)."""
    threshold = major_threshold_fen(contract.kind)
    return bool(contract.marked_major) or (threshold is not None and (contract.amount_fen or 0) >= threshold)


def check_contract(contract: Contract) -> None:
    """The contract's own facts (on submission, edits and imports)."""
    require_text(contract.title, "title", "合同名称")
    require_choice(contract.kind, ContractKind, "kind", "合同类别")
    if contract.unit_id is None and getattr(contract, "unit", None) is None:
        raise Refusal("unit", say("「我方单位」必填"))
    if contract.amount_fen is None:
        raise Refusal("amount_fen", say("「标的额（元）」必填：") + say(money.HOW_TO_WRITE))
    if contract.amount_fen < 0:
        raise Refusal("amount_fen", say("「标的额（元）」金额不能为负数"))
    require_choice(contract.funding_source, FundingSource, "funding_source", "资金来源")
    require_date(contract.submitted_on, "submitted_on", "报送审查日期")
    if contract.term_start and contract.term_end and contract.term_end < contract.term_start:
        raise Refusal("term_end", say("「合同期限止」不能早于合同期限起"))
    if contract.planned_signing_on is not None and contract.planned_signing_on < contract.submitted_on:
        raise Refusal("planned_signing_on", say("「拟签订日期」不能早于报送审查日期"))
    if not contract.counterparties:
        raise Refusal("counterparties", say("「相对方」至少填写一个合同相对方"))
    for n, party in enumerate(contract.counterparties, start=1):
        check_counterparty(party, n)


def signing_gate(contract: Contract, signed_on: dt.date) -> None:
    """No signing without an approving legality review (DOMAIN.md, 政府合同管理), and not before it."""
    if contract.state != ContractState.APPROVED or contract.approved_on is None:
        raise Refusal(
            "signed_on",
            say(
                "「签订日期」合同未经合法性审查同意，不能登记签订：当前状态为“%(state)s”，"
                "须先由司法局（法制办）审查并出具同意签订的意见",
                state=translate(contract.state_label),
            ),
        )
    not_before(signed_on, contract.approved_on, "signed_on", "签订日期", "审查同意日期")


# -- numbers -----------------------------------------------------------------------------------------


def check_number(region_id: int, number: str, exclude_id: int | None = None) -> None:
    """Refuse a review number already used in the region."""
    with unscoped(), db.session.no_autoflush:
        query = select(Contract.id).where(Contract.region_id == region_id, Contract.number == number)
        if exclude_id is not None:
            query = query.where(Contract.id != exclude_id)
        if db.session.execute(query).first():
            raise Refusal("number", say("「审查编号」%(number)s 已被本区划的合同使用，请换一个编号", number=number))


def assign_number(contract: Contract) -> None:
    """The number entered (checked), or the region's next of the submission year."""
    contract.year = contract.submitted_on.year
    if (contract.number or "").strip():
        contract.number = contract.number.strip()
    else:
        with unscoped(), db.session.no_autoflush:
            last = db.session.execute(
                select(func.max(Contract.seq)).where(
                    Contract.region_id == contract.region_id, Contract.year == contract.year
                )
            ).scalar()
            region = db.session.get(Region, contract.region_id)
        contract.seq = (last or 0) + 1
        contract.number = setting("NUMBER_FORMAT").format(body=region.name, year=contract.year, seq=contract.seq)
    check_number(contract.region_id, contract.number, contract.id)


# -- a whole record (imported contracts) ------------------------------------------------------------

#: The dates of a contract in the order they must follow: (field, label, the field it cannot precede).
DATE_ORDER = (
    ("review_started_on", "开始审查日期", "submitted_on"),
    ("opinions_returned_on", "出具审查意见日期", "submitted_on"),
    ("revised_on", "修改重新报送日期", "opinions_returned_on"),
    ("approved_on", "审查同意日期", "submitted_on"),
    ("rejected_on", "审查不同意日期", "submitted_on"),
    ("signed_on", "签订日期", "approved_on"),
    ("filed_on", "备案日期", "signed_on"),
    ("performance_started_on", "开始履行日期", "signed_on"),
    ("completed_on", "履行完毕日期", "signed_on"),
    ("terminated_on", "解除（终止）日期", "signed_on"),
    ("archived_on", "归档日期", "signed_on"),
)
_LABELS = {field: label for field, label, _before in DATE_ORDER} | {"submitted_on": "报送审查日期"}
#: The facts a contract in a state must have.
REQUIRED_BY_STATE: dict[str, tuple[str, ...]] = {
    ContractState.OPINIONS_RETURNED: ("opinions_returned_on",),
    ContractState.REVISED: ("opinions_returned_on", "revised_on"),
    ContractState.APPROVED: ("approved_on",),
    ContractState.NOT_APPROVED: ("rejected_on",),
    ContractState.SIGNED: ("approved_on", "signed_on"),
    ContractState.FILED: ("approved_on", "signed_on", "filed_on"),
    ContractState.PERFORMING: ("approved_on", "signed_on"),
    ContractState.COMPLETED: ("approved_on", "signed_on", "completed_on"),
    ContractState.TERMINATED: ("approved_on", "signed_on", "terminated_on"),
}


def check_consistency(contract: Contract) -> None:
    """A contract entered whole (an import): its facts, its dates in order, what its state needs."""
    require_choice(contract.state, ContractState, "state", "状态")
    check_contract(contract)
    for field, label, before in DATE_ORDER:
        value = getattr(contract, field)
        if value is None:
            continue
        require_date(value, field, label)
        not_before(value, getattr(contract, before), field, label, _LABELS[before])
    state = ContractState(contract.state)
    for field in REQUIRED_BY_STATE.get(state, ()):
        if getattr(contract, field) is None:
            if field == "approved_on":
                # The signing gate, for a register row: a signed contract needs an approving review.
                raise Refusal(
                    field,
                    say(
                        "「审查同意日期」状态为“%(state)s”的合同必须经审查同意（未经合法性审查不得签订）",
                        state=translate(ContractState.chinese_of(state)),
                    ),
                )
            raise Refusal(
                field,
                say(
                    "「%(label)s」状态为“%(state)s”的合同必须填写",
                    label=translate(_LABELS[field]),
                    state=translate(ContractState.chinese_of(state)),
                ),
            )
    if contract.signed_on is not None and contract.rejected_on is not None and contract.approved_on is None:
        raise Refusal("signed_on", say("「签订日期」审查不同意签订的合同不能登记签订"))
