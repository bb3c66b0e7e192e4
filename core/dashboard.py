"""What the home page shows for a region and a year, every figure with a link to its records.

- the indicators of the plugins switched on for the region (the core's own among them: deadlines
  met on time, notices closed), rates with numerator and denominator;
- open notices by kind and overdue rectifications;
- deadlines running, approaching and missed (and provisional ones);
- for each rate: a bar per child region and a line over the last five years (`core.charts`).

The indicators are what costs: a city's page asks every plugin for the city, each child region
and five years. They are kept per app (`IndicatorCache`), per region, year, day and language, and
reused while neither the audit trail nor the outbox has grown: every write through the suite — a
record, a deadline, a notice, a module switch — adds an audit entry or publishes an event in its
own transaction, so the newest ids say whether anything a figure counts can have changed.
`recount` forgets them all.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, has_request_context
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy import and_, func, or_, select

from core import clock, modules, reporting
from core.admin.describe import module_title
from core.admin.filters import SUBTREE_OPERATION
from core.admin.links import filtered_list_url
from core.charts import Datum, bar_chart, line_chart
from core.deadlines.models import RUNNING_STATES, Deadline, DeadlineState
from core.deadlines.scan import switched_off_clause, warning_days
from core.events.models import OutboxEvent
from core.extensions import db
from core.i18n import translate
from core.models import AuditEntry, Region
from core.notices.models import Notice
from core.notices.types import AWAITING_RECTIFICATION, OPEN_STATES, NoticeKind, NoticeState
from core.periods import Period
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


def _between(period: Period) -> str:
    """`period` as the list filters' "between" value."""
    return f"{period.start.isoformat()} to {period.end.isoformat()}"


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


def core_indicators(region: Region, period: Period) -> list[Indicator]:
    """期限按期完成率 (deadlines due in `period`) and 通知整改销号率 (notices of its year) of `region`'s subtree."""
    ids = sorted(reporting.region_ids(region, None))
    # A plugin's deadlines drop out where its module is off, as they do from the deadline list.
    concluded = [
        Deadline.region_id.in_(ids),
        Deadline.due_date.between(period.start, period.end),
        *switched_off_clause(),
    ]
    met = _count(select(func.count(Deadline.id)).where(*concluded, Deadline.state == DeadlineState.MET.value))
    ended = _count(
        select(func.count(Deadline.id)).where(
            *concluded, Deadline.state.in_([DeadlineState.MET.value, DeadlineState.MISSED.value])
        )
    )
    year = period.calendar_year
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
                ("due_date", "between", _between(period)),
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
            label=gettext("%(kind)s（未销号）", kind=translate(label)),
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
    whole_year = Period.year(year)
    return [
        Figure(
            "deadlines-running",
            "进行中的期限",
            _count(select(func.count(Deadline.id)).where(in_region, running)),
            _url("deadlines", states, subtree),
        ),
        Figure(
            "deadlines-approaching",
            gettext("即将到期（%(days)s个工作日内）", days=warning_days()),
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
            gettext("%(year)s年逾期", year=year),
            _count(
                select(func.count(Deadline.id)).where(
                    in_region,
                    Deadline.state == DeadlineState.MISSED.value,
                    Deadline.due_date.between(whole_year.start, whole_year.end),
                )
            ),
            _url(
                "deadlines",
                ("state", "equals", DeadlineState.MISSED.value),
                ("due_date", "between", _between(whole_year)),
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
    for key, indicator in host.collect(
        "collect_indicators", only=enabled, ctx=None, region=region, period=Period.year(year)
    ):
        if isinstance(indicator, Indicator):
            results.append((host.plugins[key].title, indicator))
    return results


# -- the indicators, kept between visits ---------------------------------------------------------------


#: The newest audit entry's id and the newest event's (`figures_generation`).
Generation = tuple[int, int]
Titled = list[tuple[str, Indicator]]


class IndicatorCache:
    """`indicators_for` results of one app, valid while the audit trail's newest entry is the same.

    A bounded LRU map in the process (each app server keeps its own; all of them see the same
    audit trail). An entry also expires after `max_age` seconds: on PostgreSQL a transaction can
    commit after one with a higher audit id, so a figure could otherwise miss it until the next
    write — the age bounds that lag.
    """

    def __init__(self, size: int = 2048, max_age: float = 60.0) -> None:
        self.size = size
        self.max_age = max_age
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[Any, ...], tuple[Generation, float, Titled]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], generation: Generation) -> list[tuple[str, Indicator]] | None:
        """The indicators kept under `key` for `generation`, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != generation or time.monotonic() - found[1] > self.max_age:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[2]

    def put(self, key: tuple[Any, ...], generation: Generation, indicators: list[tuple[str, Indicator]]) -> None:
        """Keep `indicators` under `key` for `generation`."""
        with self._lock:
            self._entries[key] = (generation, time.monotonic(), indicators)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (the next visit counts from the records)."""
        with self._lock:
            self._entries.clear()


def indicator_cache() -> IndicatorCache:
    """The current app's `IndicatorCache` (made on first use)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get("fazhi.indicator_cache")
    if cache is None:
        cache = app.extensions.setdefault(
            "fazhi.indicator_cache", IndicatorCache(max_age=float(app.config["FAZHI_DASHBOARD_CACHE_SECONDS"]))
        )
    return cache


def figures_generation() -> Generation:
    """The newest audit entry's id and the newest published event's: one moves with every write.

    Writes through the ORM are audited; the few bulk writes (the deadline scan marking deadlines
    missed) publish an event per row instead, in the same transaction. Audit entries about user
    accounts (logins, logouts, password changes) are passed over: no figure counts them, and a
    morning's logins would otherwise make every page count again.
    """
    audited = select(func.max(AuditEntry.id)).where(
        or_(AuditEntry.subject_type.is_(None), AuditEntry.subject_type != "user_account")
    )
    published = select(func.max(OutboxEvent.id))
    return int(db.session.execute(audited).scalar() or 0), int(db.session.execute(published).scalar() or 0)


def kept_indicators_for(region: Region, year: int, generation: Generation | None = None) -> Titled:
    """`indicators_for(region, year)`, from the cache while nothing was written since it was counted."""
    if generation is None:
        generation = figures_generation()
    locale = ""
    if has_request_context():
        from flask_babel import get_locale

        locale = str(get_locale() or "")
    key = (region.id, year, clock.today(), locale)
    cache = indicator_cache()
    found = cache.get(key, generation)
    if found is None:
        found = indicators_for(region, year)
        cache.put(key, generation, found)
    return found


def recount() -> None:
    """Forget every kept figure in every app server: an audit entry moves the generation on."""
    from core.audit import record_event

    indicator_cache().clear()
    record_event("dashboard.recount")


def plugin_title(title: str) -> str:
    """A plugin's title as `indicators_for` gives it, in the user's language."""
    for key, info in get_host().plugins.items():
        if info.title == title:
            return module_title(key)
    return translate(title)


def _identity(title: str, indicator: Indicator) -> tuple[str, str]:
    return title, indicator.key


def _datum(label: str, indicator: Indicator | None) -> Datum:
    if indicator is None:
        return Datum(label, None, translate("无数据"))
    return Datum(label, indicator.value, indicator.display(), indicator.url)


def build_dashboard(region: Region, year: int, today: dt.date | None = None) -> Dashboard:
    """Gather the home page of `region` for `year` (inside a request: links need it)."""
    today = today or clock.today()
    generation = figures_generation()
    indicators = kept_indicators_for(region, year, generation)
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
    by_child = {
        child.id: {_identity(t, i): i for t, i in kept_indicators_for(child, year, generation)} for child in children
    }
    years = list(range(year - TREND_YEARS + 1, year + 1))
    by_year = {
        y: (
            {_identity(t, i): i for t, i in indicators}
            if y == year
            else {_identity(t, i): i for t, i in kept_indicators_for(region, y, generation)}
        )
        for y in years
    }
    for title, indicator in rates:
        identity = _identity(title, indicator)
        label = translate(indicator.label)
        bars = None
        if children:
            bars = bar_chart(
                gettext("%(indicator)s：%(region)s各地（%(year)s年）", indicator=label, region=region.name, year=year),
                [_datum(child.name, by_child[child.id].get(identity)) for child in children],
            )
        trend = line_chart(
            gettext("%(indicator)s：近%(years)s年", indicator=label, years=TREND_YEARS),
            [_datum(str(y), by_year[y].get(identity)) for y in years],
        )
        board.charts.append((f"{plugin_title(title)} · {label}", bars, trend))
    return board
