"""合同审查登记表 and 审查意见登记表: the registers as Excel workbooks, exported and imported by the core.

One row per contract with its facts and its life cycle; the counterparties in one cell, a line
each: ``名称（统一社会信用代码，类别）``. The amount is a text cell in 元 exact to the fen
("120000000.00"; "1.2亿" is read exactly too). One row per opinion in the other register, tied to
its contract by the review number. An imported contract is checked like one entered by hand
(`checks.check_consistency`, the signing gate included) and saved by `operations.import_contract`.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from core.choices import LabelledEnum
from core.extensions import db
from core.i18n import say
from core.registers import CellError, Column, ImportContext, Register, RowRejected, is_blank
from plugins.contracts import checks, credit_code, money, operations
from plugins.contracts.models import Contract, Counterparty, ReviewOpinion
from plugins.contracts.vocabulary import Aspect, ContractKind, ContractState, CounterpartyKind, FundingSource, Severity

_PARTY = re.compile(r"^(?P<name>.+?)（(?P<code>[0-9A-Za-z]*)，(?P<kind>[^（），]+)）$")
_NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")
_KINDS_BY_LABEL = {kind.chinese: str(kind) for kind in CounterpartyKind}


def _amount(raw: Any, ctx: ImportContext) -> int:
    if is_blank(raw):
        raise CellError(say("必填：") + say(money.HOW_TO_WRITE))
    try:
        return money.parse_fen(raw)
    except money.AmountError as exc:
        raise CellError(str(exc)) from None


def _parties(raw: Any, ctx: ImportContext) -> list[dict[str, str]]:
    if is_blank(raw):
        raise CellError(say("至少填写一个合同相对方"))
    parties = []
    for line in (part.strip() for part in re.split(r"[\n；;]", str(raw))):
        if not line:
            continue
        match = _PARTY.match(line)
        if match is None or match.group("kind") not in _KINDS_BY_LABEL:
            raise CellError(
                say(
                    "格式应为“名称（统一社会信用代码，类别）”，类别为%(kinds)s（“%(line)s”）",
                    kinds="、".join(_KINDS_BY_LABEL),
                    line=line,
                )
            )
        code = match.group("code")
        if code:
            try:
                code = credit_code.validate(code)
            except credit_code.CreditCodeError as exc:
                raise CellError(say("%(error)s（%(name)s）", error=exc, name=match.group("name"))) from None
        parties.append({"name": match.group("name"), "credit_code": code, "kind": _KINDS_BY_LABEL[match.group("kind")]})
    return parties


def _export_parties(contract: Contract) -> str:
    return "\n".join(
        f"{p.name}（{p.credit_code}，{CounterpartyKind.chinese_of(p.kind)}）" for p in contract.counterparties
    )


def _date(key: str, header: str, **kwargs: Any) -> Column:
    return Column(key, header, kind="date", width=12, **kwargs)


def _choice(key: str, header: str, kind: type[LabelledEnum], **kwargs: Any) -> Column:
    return Column(key, header, kind="choice", choices=tuple(kind.choices()), width=14, **kwargs)


CONTRACT_COLUMNS = (
    Column("number", "审查编号", required=True, max_length=64, width=24),
    Column("region", "区划", kind="region", width=10),
    Column("title", "合同名称", required=True, max_length=200, width=30),
    _choice("kind", "合同类别", ContractKind, required=True),
    Column("unit", "我方单位", kind="unit", required=True, width=20),
    Column(
        "amount_fen",
        "标的额（元）",
        required=True,
        parse=_amount,
        export=lambda c: money.plain_yuan(c.amount_fen),
        width=18,
        note="以元为单位，精确到分，如 120000000.00；也可写“1.2亿”“3500万”",
    ),
    _choice("funding_source", "资金来源", FundingSource),
    Column(
        "counterparties",
        "合同相对方",
        required=True,
        parse=_parties,
        export=_export_parties,
        width=40,
        note="每行一个：名称（统一社会信用代码，类别）；自然人、境外组织的代码可空",
    ),
    _date("term_start", "合同期限起"),
    _date("term_end", "合同期限止"),
    Column("summary", "主要内容", width=30),
    Column("marked_major", "标记为重大", kind="bool", width=8),
    _date("planned_signing_on", "拟签订日期"),
    _date("submitted_on", "报送审查日期", required=True),
    Column("late_submission", "未按期报送", kind="bool", width=8),
    _choice("state", "状态", ContractState, required=True),
    Column("review_round", "审查轮次", kind="int", width=8),
    _date("review_started_on", "开始审查日期"),
    _date("opinions_returned_on", "出具审查意见日期"),
    _date("revised_on", "修改重新报送日期"),
    _date("approved_on", "审查同意日期"),
    _date("rejected_on", "审查不同意日期"),
    Column("conclusion", "审查结论", width=30),
    _date("signed_on", "签订日期"),
    _date("filed_on", "备案日期"),
    Column("filed_late", "逾期备案", kind="bool", width=8),
    _date("performance_started_on", "开始履行日期"),
    _date("completed_on", "履行完毕日期"),
    _date("terminated_on", "解除（终止）日期"),
    _date("archived_on", "归档日期"),
    Column("archive_number", "档案号", max_length=64),
    Column("archive_location", "存放位置", max_length=128),
    Column("note", "备注", width=20),
)
_SPECIAL = {"region", "unit", "counterparties", "number"}


class ContractRegister(Register):
    """合同审查登记表."""

    key = "contracts_contracts"
    title = "合同审查登记表"
    model = Contract
    columns = CONTRACT_COLUMNS
    year_filter = True

    def query(self, args: dict[str, str]) -> Select:
        """Contracts by region, year and number; ``year`` limits to those submitted that year."""
        query = (
            select(Contract)
            .options(joinedload(Contract.region), joinedload(Contract.unit), selectinload(Contract.counterparties))
            .order_by(Contract.region_id, Contract.year, Contract.seq, Contract.number)
        )
        year = args.get("year", "")
        return query.where(Contract.year == int(year)) if year.isdigit() else query

    def build(self, values: dict[str, Any]) -> Contract:
        """An unsaved contract from a read row."""
        region = values["region"]
        contract = Contract(region_id=region.id, number=values["number"])
        self.fill(contract, values, (c.key for c in CONTRACT_COLUMNS if c.key not in _SPECIAL))
        contract.review_round = values.get("review_round") or 1
        contract.funding_source = contract.funding_source or "fiscal"
        contract.unit = values["unit"]
        contract.unit_id = values["unit"].id
        for party in values.get("counterparties") or []:
            contract.counterparties.append(Counterparty(region_id=region.id, contact="", **party))
        match = _NUMBER.search(contract.number)
        contract.year = int(match.group(1)) if match else contract.submitted_on.year
        contract.seq = int(match.group(2)) if match else None
        return contract

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        """The row as a whole: a consistent contract (signing gate included), a number not used before."""
        if values.get("region") is None:
            values["region"] = ctx.region(None)
        contract = self.build(values)
        try:
            with db.session.no_autoflush:
                checks.check_consistency(contract)
                checks.check_number(contract.region_id, contract.number)
        finally:
            if contract in db.session:
                db.session.expunge(contract)
        ctx.claim(f"{contract.region_id}:{contract.number}", "number", "审查编号")

    def save(self, values: dict[str, Any], ctx: ImportContext) -> Contract:
        """Create the contract with its history as recorded."""
        return operations.import_contract(self.build(values))


def _contract(raw: Any, ctx: ImportContext) -> Contract:
    return ctx.one(Contract.number, raw, "找不到本辖区内审查编号为“%(value)s”的合同", "审查编号“%(value)s”不唯一")


def _accepted(raw: Any, ctx: ImportContext) -> bool | None:
    if is_blank(raw):
        return None
    return Column("accepted", "是否采纳", kind="bool").read(raw, ctx)


OPINION_COLUMNS = (
    Column("contract", "合同审查编号", required=True, parse=_contract, export=lambda o: o.contract.number, width=24),
    Column("review_round", "审查轮次", kind="int", required=True, width=8),
    _date("given_on", "提出日期", required=True),
    _choice("aspect", "审查方面", Aspect, required=True),
    Column("clause", "涉及条款", max_length=128, width=16),
    Column("issue", "存在问题", required=True, width=30),
    Column("suggestion", "修改建议", width=30),
    _choice("severity", "重要程度", Severity, required=True),
    Column(
        "accepted",
        "是否采纳",
        parse=_accepted,
        export=lambda o: o.accepted,
        kind="bool",
        width=8,
        note="空白：尚未答复",
    ),
    Column("answer", "部门答复", width=30),
    _date("answered_on", "答复日期"),
)


class OpinionRegister(Register):
    """审查意见登记表: the itemised opinions (the source report's 1,619 are rows of it)."""

    key = "contracts_opinions"
    title = "审查意见登记表"
    model = ReviewOpinion
    columns = OPINION_COLUMNS
    year_filter = True

    def query(self, args: dict[str, str]) -> Select:
        """Opinions by contract and order given; ``year`` limits to those given that year."""
        query = (
            select(ReviewOpinion)
            .join(Contract, Contract.id == ReviewOpinion.contract_id)
            .options(joinedload(ReviewOpinion.contract))
            .order_by(Contract.region_id, Contract.year, Contract.seq, Contract.number, ReviewOpinion.id)
        )
        year = args.get("year", "")
        if year.isdigit():
            query = query.where(ReviewOpinion.given_on.between(f"{year}-01-01", f"{year}-12-31"))
        return query

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        """An answer needs a date on or after the opinion; the same opinion is not registered twice."""
        contract = values["contract"]
        if values["given_on"] < contract.submitted_on:
            raise RowRejected(say("「提出日期」不能早于合同报送审查日期"), "given_on")
        if (values.get("accepted") is None) != (values.get("answered_on") is None):
            raise RowRejected(say("「答复日期」已答复（是否采纳）的意见须填写答复日期，未答复的不填"), "answered_on")
        if values.get("accepted") is False and not (values.get("answer") or "").strip():
            raise RowRejected(say("「部门答复」不采纳审查意见的，应当说明理由"), "answer")
        if values.get("answered_on") is not None and values["answered_on"] < values["given_on"]:
            raise RowRejected(say("「答复日期」不能早于提出日期"), "answered_on")
        key = (contract.id, values["review_round"], values.get("clause") or "", values["issue"])
        exists = db.session.execute(
            select(ReviewOpinion.id).where(
                ReviewOpinion.contract_id == key[0],
                ReviewOpinion.review_round == key[1],
                ReviewOpinion.clause == key[2],
                ReviewOpinion.issue == key[3],
            )
        ).first()
        if exists:
            raise RowRejected(say("「存在问题」该审查意见已经登记"), "issue")
        ctx.claim(repr(key), "issue", "审查意见")

    def save(self, values: dict[str, Any], ctx: ImportContext) -> ReviewOpinion:
        """Create the opinion on its contract."""
        contract = values["contract"]
        opinion = ReviewOpinion(
            contract=contract,
            region_id=contract.region_id,
            review_round=values["review_round"],
            given_on=values["given_on"],
            aspect=values["aspect"],
            clause=values.get("clause") or "",
            issue=values["issue"],
            suggestion=values.get("suggestion") or "",
            severity=values["severity"],
            accepted=values.get("accepted"),
            answer=values.get("answer") or "",
            answered_on=values.get("answered_on"),
        )
        db.session.add(opinion)
        return opinion
