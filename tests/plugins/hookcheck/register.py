"""The test plugin's register (检查对象登记表), to test `core.registers` without the domain plugins."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from core import tenancy
from core.extensions import db
from core.models import Unit
from core.registers import CellError, Column, ImportContext, Register, RowRejected, is_blank
from tests.plugins.hookcheck.models import InspectionObject


def _unit(raw: Any, ctx: ImportContext) -> Unit | None:
    if is_blank(raw):
        return None
    name = str(raw).strip()
    query = select(Unit).where(Unit.name == name)
    criterion = tenancy.scope_filter(Unit, ctx.scope)
    if criterion is not None:
        query = query.where(criterion)
    unit = db.session.execute(query).scalar_one_or_none()
    if unit is None:
        raise CellError(f"找不到单位“{name}”")
    return unit


class InspectionObjectRegister(Register):
    """检查对象登记表: name, address, supervising unit, and a check count and kind (read, not kept)."""

    key = "hookcheck_objects"
    title = "检查对象登记表"
    model = InspectionObject
    columns = (
        Column("name", "名称", required=True, max_length=128, width=30),
        Column("address", "地址", width=30),
        Column("unit", "监管单位", parse=_unit, export=lambda o: o.unit.name if o.unit else None, width=24),
        Column("checks", "检查次数", kind="int", export=lambda o: None),
        Column("kind", "类别", kind="choice", choices=(("shop", "商户"), ("firm", "企业")), export=lambda o: None),
        Column("checked_on", "检查日期", kind="date", export=lambda o: None),
    )

    def query(self, args: dict[str, str]) -> Select:
        return select(InspectionObject).order_by(InspectionObject.id)

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        ctx.claim(values["name"], "name", "名称")

    def save(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        if values["name"].startswith("拒绝"):
            raise RowRejected("名称不允许以“拒绝”开头", "name")
        unit = values.get("unit")
        record = InspectionObject(
            name=values["name"],
            address=values.get("address") or "",
            unit_id=unit.id if unit else None,
            region_id=ctx.user.region_id,
        )
        db.session.add(record)
        return record
