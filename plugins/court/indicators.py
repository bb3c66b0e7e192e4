"""The figures of appearance work, computed from the hearing records, for dashboards, circulars and evaluations.

出庭应诉率 = hearings held at which a qualifying head appeared ÷ hearings held (DOMAIN.md). A
delegate, however well approved, does not count in the numerator; neither does a lawyer (行诉解释
art 128 ¶2). The per-case rate beside it counts a case once if a head appeared at any of its
hearings that year (规定 art 7 ¶1: one appearance per instance generally fulfils the duty).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context, url_for
from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from core import reporting
from core.extensions import db
from core.models import Region, Unit
from core.periods import Period
from core.plugins import Indicator
from plugins.court.models import CourtHearing, LitigationCase, TrialObservation
from plugins.court.vocabulary import NO_APPEARANCE, Appearance, CaseResult, HearingStatus

PLUGIN_KEY = "court"


def region_ids(region: Region, *, own_only: bool = False) -> frozenset[int]:
    """The regions a figure of `region` covers (`core.reporting`: subtree or itself, module on)."""
    return reporting.region_ids(region, PLUGIN_KEY, own_only=own_only)


def _scoped(query: Any, model: type, ids: Iterable[int]) -> Any:
    return reporting.scoped(query, model, frozenset(ids))


def held_hearings(ids: Iterable[int], period: Period, unit_id: int | None = None) -> list[CourtHearing]:
    """Hearings held in `period` in the regions `ids` (of one defendant unit when given)."""
    query = (
        select(CourtHearing)
        .join(CourtHearing.case)
        .where(CourtHearing.status == HearingStatus.HELD.value, CourtHearing.held_on.between(period.start, period.end))
        .options(
            selectinload(CourtHearing.case).selectinload(LitigationCase.defendant_unit),
            selectinload(CourtHearing.report),
        )
        .order_by(CourtHearing.held_on, CourtHearing.id)
    )
    if unit_id is not None:
        query = query.where(LitigationCase.defendant_unit_id == unit_id)
    return list(db.session.execute(_scoped(query, CourtHearing, ids)).scalars())


def concluded_cases(ids: Iterable[int], period: Period, unit_id: int | None = None) -> list[LitigationCase]:
    """Cases whose judgment, ruling or mediation is dated in `period`."""
    query = select(LitigationCase).where(LitigationCase.judged_on.between(period.start, period.end))
    if unit_id is not None:
        query = query.where(LitigationCase.defendant_unit_id == unit_id)
    return list(db.session.execute(_scoped(query, LitigationCase, ids)).scalars())


@dataclass
class AppearanceFigures:
    """The counts behind the appearance indicators of one group of hearings and cases."""

    hearings_held: int = 0
    head_appeared: int = 0
    delegated: int = 0
    no_appearance: int = 0
    cases_heard: int = 0
    cases_head_appeared: int = 0
    cases_concluded: int = 0
    cases_lost: int = 0
    #: The hearings without a head or an approved delegate (通报批评 cases).
    failures: list[CourtHearing] = field(default_factory=list)

    @classmethod
    def of(cls, hearings: Iterable[CourtHearing], concluded: Iterable[LitigationCase] = ()) -> AppearanceFigures:
        figures = cls()
        cases: dict[int, bool] = {}
        for hearing in hearings:
            outcome = hearing.appearance
            figures.hearings_held += 1
            head = outcome == Appearance.HEAD
            figures.head_appeared += head
            figures.delegated += outcome == Appearance.DELEGATE_APPROVED
            if outcome in NO_APPEARANCE:
                figures.no_appearance += 1
                figures.failures.append(hearing)
            cases[hearing.case_id] = cases.get(hearing.case_id, False) or head
        figures.cases_heard = len(cases)
        figures.cases_head_appeared = sum(cases.values())
        for case in concluded:
            figures.cases_concluded += 1
            figures.cases_lost += case.result == CaseResult.LOST
        return figures

    @property
    def rate(self) -> float | None:
        return self.head_appeared / self.hearings_held if self.hearings_held else None

    def rate_text(self) -> str:
        return _rate_text(self.head_appeared, self.hearings_held)

    def case_rate_text(self) -> str:
        return _rate_text(self.cases_head_appeared, self.cases_heard)

    def loss_rate_text(self) -> str:
        return _rate_text(self.cases_lost, self.cases_concluded)


def _rate_text(numerator: int, denominator: int) -> str:
    return Indicator(key="x", label="", numerator=numerator, denominator=denominator).display()


def figures_for(region: Region, period: Period, *, own_only: bool = False) -> AppearanceFigures:
    """The figures of `region` (its subtree, or its own agencies only) in `period`."""
    ids = region_ids(region, own_only=own_only)
    return AppearanceFigures.of(held_hearings(ids, period), concluded_cases(ids, period))


def figures_by_unit(region: Region, period: Period) -> list[tuple[Unit, AppearanceFigures]]:
    """Per defendant agency of `region`'s subtree, the agencies with hearings or concluded cases in `period`."""
    ids = region_ids(region)
    hearings: dict[int, list[CourtHearing]] = defaultdict(list)
    concluded: dict[int, list[LitigationCase]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for hearing in held_hearings(ids, period):
        hearings[hearing.case.defendant_unit_id].append(hearing)
        units[hearing.case.defendant_unit_id] = hearing.case.defendant_unit
    for case in concluded_cases(ids, period):
        concluded[case.defendant_unit_id].append(case)
        units[case.defendant_unit_id] = case.defendant_unit
    rows = [(unit, AppearanceFigures.of(hearings[uid], concluded[uid])) for uid, unit in units.items()]
    return sorted(rows, key=lambda row: (row[0].region_id, row[0].name))


def observations_count(region: Region, period: Period) -> tuple[int, int]:
    """(trial observations held, staff who observed) in `region`'s subtree in `period`."""
    query = select(func.count(TrialObservation.id), func.coalesce(func.sum(TrialObservation.attendee_count), 0)).where(
        TrialObservation.held_on.between(period.start, period.end)
    )
    count, people = db.session.execute(_scoped(query, TrialObservation, region_ids(region))).one()
    return int(count), int(people)


def criticised_units(region: Region, period: Period) -> list[Unit]:
    """Agencies of `region`'s subtree that received a court 通报批评 notice in `period`."""
    from plugins.court.notices import notices_to

    ids = region_ids(region)
    units = {n.target_unit_id for n in notices_to(ids, period, kinds=("criticism",))}
    if not units:
        return []
    query = select(Unit).where(and_(Unit.id.in_(sorted(units)))).order_by(Unit.region_id, Unit.name)
    return list(db.session.execute(query).scalars())


def _url(region: Region, year: int) -> str | None:
    if not has_request_context():
        return None
    try:
        return url_for("court_statistics.index", year=year, region=region.id)
    except Exception:  # the view is not registered (a test app without the admin)
        return None


#: figure → (the list's endpoint, the model listed): where each count's records are listed.
FIGURE_LISTS = {
    "head": ("court_hearings", CourtHearing),
    "head_own": ("court_hearings", CourtHearing),
    "no_appearance": ("court_hearings", CourtHearing),
    "cases_head": ("court_cases", LitigationCase),
    "lost": ("court_cases", LitigationCase),
    "observations": ("court_observations", TrialObservation),
}


def figure_record_ids(figure: str, region: Region, period: Period) -> tuple[type, set[int]] | None:
    """The model and ids of the records the numerator of `figure` counts (None: no such figure).

    The lists an indicator links to filter by these ids, so a figure and its list cannot disagree.
    """
    if figure in ("head", "head_own", "no_appearance", "cases_head"):
        hearings = held_hearings(region_ids(region, own_only=figure == "head_own"), period)
        if figure == "no_appearance":
            return CourtHearing, {h.id for h in hearings if h.appearance in NO_APPEARANCE}
        head = [h for h in hearings if h.appearance == Appearance.HEAD]
        if figure == "cases_head":
            return LitigationCase, {h.case_id for h in head}
        return CourtHearing, {h.id for h in head}
    if figure == "lost":
        return LitigationCase, {
            c.id for c in concluded_cases(region_ids(region), period) if c.result == CaseResult.LOST
        }
    if figure == "observations":
        query = select(TrialObservation.id).where(TrialObservation.held_on.between(period.start, period.end))
        return TrialObservation, set(db.session.execute(_scoped(query, TrialObservation, region_ids(region))).scalars())
    return None


def _list_url(region: Region, year: int, figure: str) -> str | None:
    if not has_request_context():
        return None
    try:
        return url_for(f"{FIGURE_LISTS[figure][0]}.index_view", figure=figure, year=year, region=region.id)
    except Exception:  # the view is not registered (a test app without the admin)
        return None


def collect(region: Region, period: Period) -> list[Indicator]:
    """The dashboard indicators of `region` over `period` (the `collect_indicators` hook)."""
    figures = figures_for(region, period)
    own = figures_for(region, period, own_only=True)
    observed, people = observations_count(region, period)
    criticised = criticised_units(region, period)
    year = period.calendar_year
    statistics = _url(region, year)
    lists = {
        "appearance_rate": "head",
        "appearance_rate_own": "head_own",
        "case_appearance_rate": "cases_head",
        "loss_rate": "lost",
        "no_appearance": "no_appearance",
        "trial_observations": "observations",
    }

    def indicator(key: str, label: str, numerator: float, denominator: float | None, **extra: Any) -> Indicator:
        # A count links to the list of what it counts; the units criticised to the statistics page.
        return Indicator(
            key=key,
            label=label,
            numerator=numerator,
            denominator=denominator,
            url=_list_url(region, year, lists[key]) if key in lists else statistics,
            plugin_key=PLUGIN_KEY,
            extra=extra,
        )

    return [
        indicator(
            "appearance_rate",
            "负责人出庭应诉率",
            figures.head_appeared,
            figures.hearings_held,
            case_rate=figures.case_rate_text(),
            delegated=figures.delegated,
            no_appearance=figures.no_appearance,
        ),
        indicator("appearance_rate_own", "负责人出庭应诉率（本级机关）", own.head_appeared, own.hearings_held),
        indicator(
            "case_appearance_rate", "负责人出庭应诉率（按案件）", figures.cases_head_appeared, figures.cases_heard
        ),
        indicator("loss_rate", "行政诉讼败诉率", figures.cases_lost, figures.cases_concluded),
        indicator("no_appearance", "负责人未出庭且未经准许委托（次）", figures.no_appearance, None),
        indicator("trial_observations", "庭审观摩（次）", observed, None, people=people),
        indicator(
            "units_criticised", "被通报批评单位（个）", len(criticised), None, units=[u.name for u in criticised]
        ),
    ]
