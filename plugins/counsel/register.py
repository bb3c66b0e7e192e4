"""The registers of 政府法律顾问 (core.registers): 法律顾问名录 and 法律顾问聘任合同登记表.

Each row is checked by the same `checks` as the admin forms (a `Refusal` is reported under its
column) and saved through `operations` (events, coverage). A row already registered is refused, so
importing the same file twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, select

from core.extensions import db
from core.models import User
from core.registers import CellError, Column, ImportContext, Register, RowRejected, is_blank
from plugins.counsel import checks, operations
from plugins.counsel.checks import LABELS
from plugins.counsel.models import CounselMember, Engagement
from plugins.counsel.vocabulary import Degree, MemberKind, MemberStatus


def _user(raw: Any, ctx: ImportContext) -> User | None:
    if is_blank(raw):
        return None
    name = str(raw).strip()
    found = db.session.execute(ctx.scoped(select(User).where(User.username == name), User)).scalar_one_or_none()
    if found is None:
        raise CellError(f"找不到本辖区内的用户“{name}”")
    return found


def _member(raw: Any, ctx: ImportContext) -> CounselMember:
    return ctx.one(
        CounselMember.name, raw, "名录中找不到法律顾问“%(value)s”", "名录中有多名“%(value)s”，请在系统中登记"
    )


def _fee(raw: Any, ctx: ImportContext) -> Decimal:
    if is_blank(raw):
        return Decimal(0)
    try:
        return Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise CellError(f"应为金额（元），如 50000（“{raw}”）") from None


class RosterRegister(Register):
    """法律顾问名录: one row per member; the office's staff name their login (用户名)."""

    key = "counsel_roster"
    title = "法律顾问名录"
    model = CounselMember
    columns = (
        Column("kind", LABELS["kind"], kind="choice", required=True, choices=tuple(MemberKind.choices())),
        Column("name", LABELS["name"], max_length=64),
        Column("user", "用户名（机关法制工作人员）", parse=_user, export=lambda m: m.user.username if m.user else None),
        Column("unit", LABELS["unit"], kind="unit", width=24),
        Column("firm", LABELS["firm"], max_length=128, width=24),
        Column("legal_qualification", LABELS["legal_qualification"], kind="bool"),
        Column("licence_number", LABELS["licence_number"], max_length=32, width=20, note="17位数字"),
        Column("practice_years", LABELS["practice_years"], kind="int"),
        Column("degree", LABELS["degree"], kind="choice", choices=tuple(Degree.choices())),
        Column("expertise", LABELS["expertise"], max_length=255, width=24),
        Column("status", LABELS["status"], kind="choice", choices=tuple(MemberStatus.choices())),
        Column("status_reason", LABELS["status_reason"], width=24),
    )

    def query(self, args: dict[str, str]) -> Select:
        return select(CounselMember).order_by(CounselMember.region_id, CounselMember.id)

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        who = values.get("user").username if values.get("user") else values.get("name")
        ctx.claim(f"{values['kind']}:{who}", "name", "同一人员")

    def save(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        member = CounselMember(user=values.get("user"), unit=values.get("unit"))
        self.fill(member, values, (c.key for c in self.columns if c.key not in ("user", "unit")))
        member.status = member.status or "active"
        before = operations.prepare_member(member, ctx.scope, ctx.user.region_id if ctx.user else None)
        existing = db.session.execute(
            select(CounselMember.id).where(
                CounselMember.kind == member.kind,
                CounselMember.name == member.name,
                CounselMember.region_id == member.region_id,
            )
        ).first()
        if existing:
            raise RowRejected(f"{member.name}已在名录中", "name")
        db.session.add(member)
        operations.member_saved(member, before)
        return member


class EngagementRegister(Register):
    """法律顾问聘任合同登记表: one row per contract."""

    key = "counsel_engagements"
    title = "法律顾问聘任合同登记表"
    model = Engagement
    columns = (
        Column("unit", "聘请单位", kind="unit", required=True, width=24),
        Column("member", LABELS["member"], parse=_member, export=lambda e: e.member.name),
        Column("contract_number", LABELS["contract_number"], max_length=64, width=20),
        Column("starts_on", LABELS["starts_on"], kind="date", required=True),
        Column("ends_on", LABELS["ends_on"], kind="date", required=True),
        Column("scope", LABELS["scope"], width=30),
        Column("fee", LABELS["fee"], parse=_fee, export=lambda e: float(e.fee or 0)),
        Column("terminated_on", LABELS["terminated_on"], kind="date"),
        Column("termination_reason", LABELS["termination_reason"], width=24),
    )

    def query(self, args: dict[str, str]) -> Select:
        return select(Engagement).order_by(Engagement.region_id, Engagement.unit_id, Engagement.starts_on)

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        ctx.claim(
            f"{values['unit'].id}:{values['member'].id}:{values['starts_on']}", "starts_on", "同一单位、法律顾问和聘期"
        )
        # The same checks as the form, on an unsaved record: every bad row of a file is reported.
        with db.session.no_autoflush:
            checks.check_engagement(self._record(values), ctx.scope)

    @staticmethod
    def _record(values: dict[str, Any]) -> Engagement:
        return Engagement(
            unit=values["unit"],
            member=values["member"],
            contract_number=values.get("contract_number") or "",
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
            scope=values.get("scope") or "",
            fee=values["fee"],
            terminated_on=values.get("terminated_on"),
            termination_reason=values.get("termination_reason") or "",
        )

    def save(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        engagement = self._record(values)
        before = operations.prepare_engagement(engagement, ctx.scope)
        duplicate = db.session.execute(
            select(Engagement.id).where(
                Engagement.unit_id == engagement.unit.id,
                Engagement.member_id == engagement.member.id,
                Engagement.starts_on == engagement.starts_on,
            )
        ).first()
        if duplicate:
            raise RowRejected("该单位聘请该法律顾问的同一聘期已登记", "starts_on")
        db.session.add(engagement)
        operations.engagement_saved(engagement, before)
        return engagement
