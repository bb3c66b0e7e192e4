"""Plans and their measures: a measure saved from the plan's table (create, or update what changed)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.events import publish
from core.extensions import db
from plugins.supervision import checks, events
from plugins.supervision.models import Measure, Plan

#: The fields of a measure the plan's table carries (besides the responsible units).
MEASURE_FIELDS = ("seq", "area", "chapter", "title", "lead_unit_id", "start_year", "end_year", "deadline", "evidence")


def find_measure(plan: Plan, number: str) -> Measure | None:
    """The plan's measure numbered `number`."""
    return db.session.execute(
        select(Measure).where(Measure.plan_id == plan.id, Measure.number == number)
    ).scalar_one_or_none()


def save_measure(plan: Plan, number: str, values: dict[str, Any], responsible: list[Any]) -> tuple[Measure, bool]:
    """Create the measure, or bring an existing one up to `values`; returns (measure, changed).

    Importing the same table again changes nothing: unchanged measures are not written at all.
    """
    checks.check_years(values["start_year"], values["end_year"])
    measure = find_measure(plan, number)
    created = measure is None
    if measure is None:
        measure = Measure(plan=plan, region_id=plan.region_id, number=number)
        db.session.add(measure)
    changed = created
    for field in MEASURE_FIELDS:
        if getattr(measure, field) != values[field]:
            setattr(measure, field, values[field])
            changed = True
    wanted = sorted({u.id for u in responsible if u.id != values["lead_unit_id"]})
    if sorted(u.id for u in measure.responsible_units) != wanted:
        measure.responsible_units = [u for u in responsible if u.id in wanted]
        changed = True
    if created:
        db.session.flush()
        publish(
            events.MeasureImported(
                measure_id=measure.id, plan_id=plan.id, number=number, lead_unit_id=measure.lead_unit_id
            ),
            region_id=plan.region_id,
            subject=measure,
        )
    return measure, changed
