"""The figures of 实施方案督办 for a region's reporting scope and a year: the year's tasks by state
(not started / running / accepted / overdue), the 销号率, per lead unit, and the plan's progress by year.

Each figure links to the list of its tasks (``supervision_tasks?year=&figure=``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import has_request_context, url_for
from sqlalchemy import func, select

from core import clock, reporting
from core.extensions import db
from core.i18n import say, translate
from core.models import Region, Unit
from core.periods import Period
from core.plugins import Indicator
from plugins.supervision import progress
from plugins.supervision.deadlines import PLUGIN_KEY
from plugins.supervision.models import Task
from plugins.supervision.vocabulary import Figure


def _url(**args: Any) -> str | None:
    return url_for("supervision_tasks.index_view", **args) if has_request_context() else None


def figures(scope: frozenset[int], year: int) -> dict[str, int]:
    """{total, not_started, running, accepted, overdue} of the year's tasks in `scope`."""
    today = clock.today()
    where = (Task.year == year, Task.region_id.in_(scope))
    result = {"total": db.session.scalar(select(func.count(Task.id)).where(*where)) or 0}
    for figure in Figure:
        condition = progress.figure_condition(figure, today)
        result[figure] = db.session.scalar(select(func.count(Task.id)).where(*where, condition)) or 0
    return result


def by_lead_unit(scope: frozenset[int], year: int) -> dict[str, Counter]:
    """Lead unit name → Counter of figures."""
    today = clock.today()
    rows: dict[str, Counter] = {}
    for figure in ("total", *Figure):
        condition = Task.id.is_not(None) if figure == "total" else progress.figure_condition(figure, today)
        query = (
            select(Unit.name, func.count(Task.id))
            .join(Unit, Unit.id == Task.lead_unit_id)
            .where(Task.year == year, Task.region_id.in_(scope), condition)
            .group_by(Unit.name)
        )
        for name, count in db.session.execute(query):
            rows.setdefault(name, Counter())[figure] = count
    return rows


def plan_years(scope: frozenset[int]) -> list[int]:
    """The years that have tasks in `scope`."""
    return sorted(db.session.execute(select(Task.year).where(Task.region_id.in_(scope)).distinct()).scalars())


def collect(region: Region, period: Period) -> list[Indicator]:
    """The dashboard's indicators of `region` for the plan tasks of `period`'s year, and one 销号率
    per year of the plan (its progress)."""
    year = period.calendar_year
    scope = reporting.region_ids(region, PLUGIN_KEY)
    f = figures(scope, year)

    def count(figure: str) -> Indicator:
        return Indicator(
            key=f"tasks_{figure}",
            label=say("%(year)s年度任务%(figure)s", year=year, figure=translate(Figure(figure).chinese)),
            numerator=f[figure],
            unit="项",
            url=_url(year=year, figure=figure),
            plugin_key=PLUGIN_KEY,
        )

    units = {name: dict(c) for name, c in sorted(by_lead_unit(scope, year).items())}
    indicators = [
        Indicator(
            key="tasks_total",
            label=say("%(year)s年度实施方案任务", year=year),
            numerator=f["total"],
            unit="项",
            url=_url(year=year),
            plugin_key=PLUGIN_KEY,
            extra={"by_lead_unit": units},
        ),
        *(count(figure) for figure in Figure),
        Indicator(
            key="acceptance_rate",
            label="任务验收销号率",
            numerator=f["accepted"],
            denominator=f["total"],
            url=_url(year=year, figure="accepted"),
            plugin_key=PLUGIN_KEY,
        ),
    ]
    for plan_year in plan_years(scope):
        g = figures(scope, plan_year)
        indicators.append(
            Indicator(
                key=f"progress_{plan_year}",
                label=say("实施方案进度：%(year)s年度任务销号", year=plan_year),
                numerator=g["accepted"],
                denominator=g["total"],
                url=_url(year=plan_year),
                listed="denominator",
                plugin_key=PLUGIN_KEY,
                extra={str(figure): g[figure] for figure in Figure},
            )
        )
    return indicators
