"""The figures of 行政复议 for a region (its subtree) and a period: counts, 纠错率, shares, overdue.

纠错率 (DOMAIN.md) = (撤销 + 部分撤销 + 变更 + 确认违法 + 确认无效 + 责令履行) ÷ concluded, where
"concluded" counts the cases decided, mediated or terminated in the period (by decision date).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context, url_for
from sqlalchemy import func, select

from core import clock, reporting
from core.extensions import db
from core.i18n import say, translate
from core.models import Region, Unit
from core.periods import Period
from core.plugins import Indicator
from plugins.admin_review import deadlines
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.vocabulary import CORRECTION_DECISIONS, DecisionType, TerminationGround

PLUGIN_KEY = deadlines.PLUGIN_KEY
Case = AdministrativeReviewCase


@dataclass
class Figures:
    """What happened in a region between two dates (both included)."""

    received: int = 0
    accepted: int = 0
    concluded: int = 0
    corrected: int = 0
    mediated_or_settled: int = 0
    overdue: int = 0
    by_decision: Counter = field(default_factory=Counter)
    #: respondent name → {"received", "concluded", "corrected"}.
    by_respondent: dict[str, Counter] = field(default_factory=dict)


#: The figures a list can show (``?figure=``), each the WHERE clauses of the cases it counts.
FIGURES = ("received", "accepted", "concluded", "corrected", "mediated", "overdue")


def criteria(figure: str, start: dt.date, end: dt.date, decision: str | None = None) -> list[Any]:
    """The WHERE clauses selecting the cases counted by `figure` in [start, end].

    Shared by the indicators and by the case list the indicators link to, so both count alike.
    """
    if figure == "received":
        return [Case.received_on.between(start, end)]
    if figure == "accepted":
        return [Case.accepted_on.between(start, end)]
    if figure == "overdue":
        # Late as of the period's end (or today, for the running period), still open during it.
        as_of = min(end + dt.timedelta(days=1), clock.today())
        return [
            Case.id.in_(deadlines.overdue_case_ids_select(as_of)),
            Case.received_on <= end,
            (Case.decided_on.is_(None)) | (Case.decided_on >= start),
        ]
    clauses = [Case.decided_on.between(start, end), Case.decision_type.is_not(None)]
    if decision:
        clauses.append(Case.decision_type == decision)
    if figure == "corrected":
        clauses.append(Case.decision_type.in_([str(d) for d in CORRECTION_DECISIONS]))
    if figure == "mediated":
        clauses.append(
            (Case.decision_type == DecisionType.MEDIATION.value)
            | (Case.termination_ground == TerminationGround.SETTLED)
        )
    return clauses


def _count(where: Any, figure: str, start: dt.date, end: dt.date) -> int:
    return int(db.session.scalar(select(func.count(Case.id)).where(where, *criteria(figure, start, end))) or 0)


def figures(region: Region, start: dt.date, end: dt.date) -> Figures:
    """Count the cases of `region`'s subtree for the period [start, end]."""
    result = Figures()
    # The reporting scope: the subtree where 行政复议 is switched on, as the linked list shows it.
    where = reporting.within(Case, region, PLUGIN_KEY)
    result.received = _count(where, "received", start, end)
    result.accepted = _count(where, "accepted", start, end)
    decided = db.session.execute(
        select(Case.decision_type, Case.termination_ground, Unit.name)
        .join(Unit, Unit.id == Case.respondent_id)
        .where(where, *criteria("concluded", start, end))
    ).all()
    for decision_type, ground, respondent in decided:
        kind = DecisionType(decision_type)
        result.concluded += 1
        result.by_decision[kind] += 1
        row = result.by_respondent.setdefault(respondent, Counter())
        row["concluded"] += 1
        if kind in CORRECTION_DECISIONS:
            result.corrected += 1
            row["corrected"] += 1
        if kind == DecisionType.MEDIATION or ground == TerminationGround.SETTLED:
            result.mediated_or_settled += 1
    received = db.session.execute(
        select(Unit.name, func.count(Case.id))
        .join(Unit, Unit.id == Case.respondent_id)
        .where(where, Case.received_on.between(start, end))
        .group_by(Unit.name)
    ).all()
    for respondent, count in received:
        result.by_respondent.setdefault(respondent, Counter())["received"] += count
    result.overdue = _count(where, "overdue", start, end)
    return result


def _url(region: Region, year: int, figure: str, **args: Any) -> str | None:
    if not has_request_context():
        return None
    return url_for("admin_review_cases.index_view", year=year, figure=figure, region=region.id, **args)


def collect(region: Region, period: Period) -> list[Indicator]:
    """The dashboard's indicators of `region` over `period` (links: the cases of its year)."""
    f = figures(region, period.start, period.end)
    year = period.calendar_year
    by_respondent = {
        name: {"received": c["received"], "concluded": c["concluded"], "corrected": c["corrected"]}
        for name, c in sorted(f.by_respondent.items())
    }

    def indicator(key: str, label: str, numerator: int, denominator: int | None = None, **extra: Any) -> Indicator:
        figure = {"correction_rate": "corrected", "mediated_share": "mediated"}.get(key, key)
        return Indicator(
            key=key,
            label=label,
            numerator=numerator,
            denominator=denominator,
            unit="" if denominator else "件",
            url=_url(region, year, figure),
            plugin_key=PLUGIN_KEY,
            extra=extra,
        )

    indicators = [
        indicator("received", "收案数", f.received),
        indicator("accepted", "受理数", f.accepted),
        indicator("concluded", "审结数", f.concluded, by_decision={str(k): v for k, v in f.by_decision.items()}),
        indicator("correction_rate", "纠错率", f.corrected, f.concluded, by_respondent=by_respondent),
        indicator("mediated_share", "调解和解率", f.mediated_or_settled, f.concluded),
        indicator("overdue", "超期案件数", f.overdue),
    ]
    for kind, label in DecisionType.labels().items():
        indicators.append(
            Indicator(
                key=f"decided_{kind}",
                label=say("决定类型：%(decision)s", decision=translate(label)),
                numerator=f.by_decision.get(kind, 0),
                unit="件",
                url=_url(region, year, "concluded", decision=str(kind)),
                plugin_key=PLUGIN_KEY,
            )
        )
    return indicators
