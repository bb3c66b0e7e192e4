"""Indicators and circular sections go through the reporting scope: a county with the module off drops out."""

from __future__ import annotations

import datetime as D

from sqlalchemy import select

from core.extensions import db
from core.models import Region, Unit
from core.modules import forget_cached_switches, set_module
from core.periods import Period
from core.tenancy import unscoped
from plugins.supervision import operations
from plugins.supervision.circular import collect_circular_sections
from plugins.supervision.indicators import collect
from plugins.supervision.models import Plan


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _task(region: Region, lead: str, year: int) -> None:
    plan = Plan(region_id=region.id, title=f"{region.name}实施方案", start_year=2016, end_year=2030)
    db.session.add(plan)
    db.session.flush()
    unit = db.session.execute(select(Unit).where(Unit.name == lead)).scalar_one()
    values = {"seq": 1, "area": "enforcement", "chapter": "", "title": "推行行政执法公示制度", "lead_unit_id": unit.id,
              "start_year": year, "end_year": year, "deadline": D.date(year, 12, 31), "evidence": ""}  # fmt: skip
    measure, _ = operations.save_measure(plan, "1", values, [])
    operations.open_task(measure, year, D.date(year, 12, 31), on=D.date(year, 2, 1))


def test_figures_and_sections_follow_the_module_switches(app):
    with app.app_context(), unscoped():
        city, dongbao = _region("420800"), _region("420802")
        _task(city, "市公安局", 2023)
        _task(dongbao, "东宝区公安局", 2023)
        db.session.commit()
        figures = {i.key: i for i in collect(city, Period.year(2023))}
        assert figures["tasks_total"].numerator == 2 and figures["tasks_overdue"].numerator == 2
        assert figures["progress_2023"].denominator == 2
        (section,) = collect_circular_sections(city, Period(D.date(2024, 1, 1), D.date(2024, 6, 30)))
        assert "市公安局" in section.paragraphs[-1] and "东宝区公安局" in section.paragraphs[-1]
        set_module(dongbao, "supervision", False, None)
        db.session.commit()
        forget_cached_switches()
        figures = {i.key: i for i in collect(city, Period.year(2023))}
        assert figures["tasks_total"].numerator == 1 and figures["tasks_overdue"].numerator == 1
        (section,) = collect_circular_sections(city, Period(D.date(2024, 1, 1), D.date(2024, 6, 30)))
        assert "东宝区公安局" not in section.paragraphs[-1]
