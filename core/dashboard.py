"""What the home page shows for a region and a year, every figure with a link to its records.

- the indicators of the plugins switched on for the region (the core's own among them: deadlines
  met on time, notices closed), rates with numerator and denominator;
- open notices by kind and overdue rectifications;
- deadlines running, approaching and missed (and provisional ones);
- for each rate: a bar per child region and a line over the last five years (`core.charts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context
from markupsafe import Markup
from sqlalchemy import and_, func, select

from core import clock, modules, reporting
from core.admin.filters import SUBTREE_OPERATION
from core.admin.links import filtered_list_url
from core.charts import Datum, bar_chart, line_chart
from core.deadlines.models import RUNNING_STATES, Deadline, DeadlineState
from core.deadlines.scan import switched_off_clause, warning_days
from core.extensions import db
from core.models import Region
from core.notices.models import Notice
from core.notices.types import AWAITING_RECTIFICATION, OPEN_STATES, NoticeKind, NoticeState
from core.plugins.host import get_host
from core.plugins.types import Indicator
from core.workcalendar import WorkCalendar

TREND_YEARS = 5


@dataclass(frozen=True)
class Figure:
    """A count on the dashboard and the list of the records it counts."""

    key: str
    label: str
    value: int
    url: str | None = None


@dataclass
class Dashboard:
    """Everything the home page draws."""

    region: Region
    year: int
    indicators: list[tuple[str, Indicator]]
    notices: list[Figure] = field(default_factory=list)
    deadlines: list[Figure] = field(default_factory=list)
    #: (indicator title, bar chart across child regions or None, trend line)
    charts: list[tuple[str, Markup | None, Markup]] = field(default_factory=list)


def _year_range(year: int) -> str:
    return f"{year}-01-01 to {year}-12-31"


def _url(endpoint: str, *conditions: Any) -> str | None:
    """A filtered list URL, or None outside a request (circulars call the hooks too)."""
    if not has_request_context():
        return None
    try:
        return filtered_list_url(endpoint, *conditions)
    except (KeyError, RuntimeError):
        return None


def _count(query: Any) -> int:
    return int(db.session.execute(query).scalar_one())


# -- the core's own indicators (through the builtin plugin's collect_indicators) ------------------------


def core_indicators(region: Region, year: int) -> list[Indicator]:
    """期限按期完成率 and 通知整改销号率 of `region`'s subtree in `year`."""
    ids = sorted(reporting.region_ids(region, None))
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # A plugin's deadlines drop out where its module is off, as they do from the deadline list.
    concluded = [Deadline.region_id.in_(ids), Deadline.due_date.between(first, last), *switched_off_clause()]
    met = _count(select(func.count(Deadline.id)).where(*concluded, Deadline.state == DeadlineState.MET.value))
    ended = _count(
        select(func.count(Deadline.id)).where(
            *concluded, Deadline.state.in_([DeadlineState.MET.value, DeadlineState.MISSED.value])
        )
    )
    issued = [Notice.region_id.in_(ids), Notice.year == year]
    closed = _count(select(func.count(Notice.id)).where(*issued, Notice.state == NoticeState.CLOSED.value))
    counted = _count(select(func.count(Notice.id)).where(*issued, Notice.state != NoticeState.WITHDRAWN.value))
    return [
        Indicator(
            key="deadline_on_time_rate",
            label="期限按期完成率",
            numerator=met,
            denominator=ended,
            plugin_key="core",
            listed="denominator",
            url=_url(
                "deadlines",
                ("state", "in list", [DeadlineState.MET.value, DeadlineState.MISSED.value]),
                ("due_date", "between", _year_range(year)),
                ("region_id", SUBTREE_OPERATION, region.id),
            ),
        ),
        Indicator(
            key="notice_closed_rate",
            label="通知整改销号率",
            numerator=closed,
            denominator=counted,
            plugin_key="core",
            listed="denominator",
            url=_url("notices", ("year", "equals", year), ("region_id", SUBTREE_OPERATION, region.id)),
        ),
    ]


# -- the page ---------------------------------------------------------------------------------


def notice_figures(region: Region, year: int, today: dt.date) -> list[Figure]:
    """Open notices of `year` by kind, then overdue rectifications (any year)."""
    ids = sorted(reporting.region_ids(region, None))
    counts = dict(
        db.session.execute(
            select(Notice.kind, func.count(Notice.id))
            .where(Notice.region_id.in_(ids), Notice.year == year, Notice.state.in_(OPEN_STATES))
            .group_by(Notice.kind)
        ).all()
    )
    figures = [
        Figure(
            key=f"notices-{kind.value}",
            label=f"{label}（未销号）",
            value=int(counts.get(kind.value, 0)),
            url=_url(
                "notices",
                ("kind", "equals", kind.value),
                ("state", "in list", list(OPEN_STATES)),
                ("year", "equals", year),
                ("region_id", SUBTREE_OPERATION, region.id),
            ),
        )
        for kind, label in NoticeKind.labels().items()
    ]
    overdue = _count(
        select(func.count(Notice.id)).where(
            Notice.region_id.in_(ids), Notice.state.in_(AWAITING_RECTIFICATION), Notice.rectify_by < today
        )
    )
    overdue_url = _url("notices_overdue", ("region_id", SUBTREE_OPERATION, region.id))
    figures.append(Figure(key="notices-overdue", label="逾期未整改", value=overdue, url=overdue_url))
    return figures


def deadline_figures(region: Region, year: int, today: dt.date) -> list[Figure]:
    """Deadlines running, approaching (within the warning days), missed in `year`, provisional."""
    ids = sorted(reporting.region_ids(region, None))
    cal = WorkCalendar.from_session(db.session)
    warn_until = cal.add_working_days(today, warning_days()).date
    in_region = and_(Deadline.region_id.in_(ids), *switched_off_clause())
    running = Deadline.state.in_(RUNNING_STATES)
    subtree = ("region_id", SUBTREE_OPERATION, region.id)
    states = ("state", "in list", list(RUNNING_STATES))
    return [
        Figure(
            "deadlines-running",
            "进行中的期限",
            _count(select(func.count(Deadline.id)).where(in_region, running)),
            _url("deadlines", states, subtree),
        ),
        Figure(
            "deadlines-approaching",
            f"即将到期（{warning_days()}个工作日内）",
            _count(
                select(func.count(Deadline.id)).where(in_region, running, Deadline.due_date.between(today, warn_until))
            ),
            _url(
                "deadlines",
                states,
                ("due_date", "between", f"{today.isoformat()} to {warn_until.isoformat()}"),
                subtree,
            ),
        ),
        Figure(
            "deadlines-missed",
            f"{year}年逾期",
            _count(
                select(func.count(Deadline.id)).where(
                    in_region,
                    Deadline.state == DeadlineState.MISSED.value,
                    Deadline.due_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
                )
            ),
            _url(
                "deadlines",
                ("state", "equals", DeadlineState.MISSED.value),
                ("due_date", "between", _year_range(year)),
                subtree,
            ),
        ),
        Figure(
            "deadlines-provisional",
            "暂定届满日期",
            _count(
                select(func.count(Deadline.id)).where(
                    in_region, Deadline.provisional.is_(True), Deadline.state.in_((*RUNNING_STATES, "suspended"))
                )
            ),
            _url("deadlines", ("provisional", "equals", True), subtree),
        ),
    ]


def indicators_for(region: Region, year: int) -> list[tuple[str, Indicator]]:
    """(plugin title, indicator) for `region` and `year`, from plugins switched on there."""
    host = get_host()
    enabled = modules.enabled_keys(region.id, list(host.plugins))
    results = []
    for key, indicator in host.collect("collect_indicators", only=enabled, ctx=None, region=region, year=year):
        if isinstance(indicator, Indicator):
            results.append((host.plugins[key].title, indicator))
    return results


def _identity(title: str, indicator: Indicator) -> tuple[str, str]:
    return title, indicator.key


def _datum(label: str, indicator: Indicator | None) -> Datum:
    if indicator is None:
        return Datum(label, None, "无数据")
    return Datum(label, indicator.value, indicator.display(), indicator.url)


def build_dashboard(region: Region, year: int, today: dt.date | None = None) -> Dashboard:
    """Gather the home page of `region` for `year` (inside a request: links need it)."""
    today = today or clock.today()
    indicators = indicators_for(region, year)
    board = Dashboard(
        region=region,
        year=year,
        indicators=indicators,
        notices=notice_figures(region, year, today),
        deadlines=deadline_figures(region, year, today),
    )
    rates = [(title, ind) for title, ind in indicators if ind.denominator is not None]
    if not rates:
        return board
    children = list(region.children)
    by_child = {child.id: {_identity(t, i): i for t, i in indicators_for(child, year)} for child in children}
    years = list(range(year - TREND_YEARS + 1, year + 1))
    by_year = {
        y: (
            {_identity(t, i): i for t, i in indicators}
            if y == year
            else {_identity(t, i): i for t, i in indicators_for(region, y)}
        )
        for y in years
    }
    for title, indicator in rates:
        identity = _identity(title, indicator)
        bars = None
        if children:
            bars = bar_chart(
                f"{indicator.label}：{region.name}各地（{year}年）",
                [_datum(child.name, by_child[child.id].get(identity)) for child in children],
            )
        trend = line_chart(
            f"{indicator.label}：近{TREND_YEARS}年",
            [_datum(str(y), by_year[y].get(identity)) for y in years],
        )
        board.charts.append((f"{title} · {indicator.label}", bars, trend))
    return board
