"""工作措施清单: the plan's table of measures as an Excel workbook, exported and imported by the core.

One row per measure: the plan (by title), number, area, title, the lead unit and the responsible
units (matched by name within the importer's regions; an unknown one is a per-row error naming
it), the years, the deadline and the expected evidence. Importing the same table again changes
nothing: a measure is found by (plan, number) and only what differs is written.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, select

from core.registers import CellError, Column, ImportContext, Register, RowRejected, is_blank
from plugins.supervision import operations
from plugins.supervision.models import Measure, Plan
from plugins.supervision.vocabulary import Area


def _plan(raw: Any, ctx: ImportContext) -> Plan:
    return ctx.one(Plan.title, raw, "找不到本辖区内的实施方案“%(value)s”（请先在“实施方案”中登记）")


def _units(raw: Any, ctx: ImportContext) -> list[Any]:
    if is_blank(raw):
        return []
    units, unknown = [], []
    for name in (n.strip() for n in re.split(r"[、,，;；\n]", str(raw))):
        if not name:
            continue
        try:
            units.append(ctx.unit(name))
        except CellError:
            unknown.append(name)
    if unknown:
        raise CellError("找不到本辖区内的单位“" + "”、“".join(unknown) + "”")
    return units


def _number(raw: Any, ctx: ImportContext) -> str:
    if is_blank(raw):
        raise CellError("必填，不能为空")
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    if len(text) > 16:
        raise CellError("超过16个字符")
    return text


def _seq(number: str) -> int:
    digits = re.sub(r"\D", "", number)
    return int(digits) if digits else 0


COLUMNS = (
    Column("plan", "实施方案", parse=_plan, export=lambda m: m.plan.title, width=30, required=True),
    Column("number", "措施编号", parse=_number, width=8, required=True),
    Column("area", "领域", kind="choice", choices=tuple(Area.choices()), width=24, required=True),
    Column("chapter", "章节", width=20, max_length=200),
    Column("title", "工作措施", width=50, required=True),
    Column("lead_unit", "牵头单位", kind="unit", width=20, required=True),
    Column(
        "responsible",
        "责任单位",
        parse=_units,
        export=lambda m: "、".join(u.name for u in m.responsible_units) or None,
        width=30,
        note="多个单位以“、”分隔",
    ),
    Column("start_year", "起始年度", kind="int", required=True, width=8),
    Column("end_year", "截止年度", kind="int", required=True, width=8),
    Column("deadline", "完成时限", kind="date", width=12),
    Column("evidence", "成果形式", width=30),
)


class MeasureRegister(Register):
    """工作措施清单 (one row per measure of a plan)."""

    key = "supervision_measures"
    title = "法治政府建设实施方案工作措施清单"
    model = Measure
    columns = COLUMNS

    def query(self, args: dict[str, str]) -> Select:
        """Every measure, plan by plan, in the plan's order."""
        return select(Measure).join(Plan).order_by(Plan.id, Measure.seq, Measure.id)

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        """A number once per plan in the file; years forwards; the deadline inside the years."""
        plan = values["plan"]
        ctx.claim(f"{plan.id}:{values['number']}", "number", f"措施编号“{values['number']}”")
        start, end = values["start_year"], values["end_year"]
        if end < start:
            raise RowRejected(f"「截止年度」（{end}）不能早于「起始年度」（{start}）", "end_year")
        if not (plan.start_year <= start and end <= plan.end_year):
            raise RowRejected(f"实施年度应在方案期限{plan.start_year}—{plan.end_year}年内", "start_year")
        deadline = values.get("deadline")
        if deadline is not None and not start <= deadline.year <= end:
            raise RowRejected(f"「完成时限」（{deadline.isoformat()}）不在实施年度内", "deadline")

    def save(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        """Create the measure, or update what changed (an unchanged measure is not written)."""
        plan = values["plan"]
        fields = {
            "seq": _seq(values["number"]),
            "area": values["area"],
            "chapter": values.get("chapter") or "",
            "title": values["title"],
            "lead_unit_id": values["lead_unit"].id,
            "start_year": values["start_year"],
            "end_year": values["end_year"],
            "deadline": values.get("deadline"),
            "evidence": values.get("evidence") or "",
        }
        measure, _changed = operations.save_measure(plan, values["number"], fields, values["responsible"])
        return measure
