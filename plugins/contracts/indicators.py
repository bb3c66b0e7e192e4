"""The figures of 政府合同管理 for a region and a period, over the reporting scope.

The scope is the core's reporting scope (`core.reporting.region_ids`: the region's subtree, visible
to the user, where the module is switched on), the same the linked lists show.
Amounts are summed in fen by the database and shown
in 亿元 with two decimals (`money.in_yi`); nothing is stored that a record does not already say.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import has_request_context, url_for
from sqlalchemy import distinct, func, select

from core import reporting
from core.deadlines import Deadline
from core.extensions import db
from core.i18n import say
from core.models import Region, Unit
from core.periods import Period
from core.plugins import Indicator
from plugins.contracts import deadlines, money
from plugins.contracts.models import CheckItem, Consultation, Contract, ReviewOpinion

PLUGIN_KEY = deadlines.PLUGIN_KEY


def scope_ids(region: Region) -> frozenset[int]:
    """The regions a figure of `region` covers: the core's reporting scope (subtree, visible, module on)."""
    return reporting.region_ids(region, PLUGIN_KEY)


@dataclass
class Figures:
    """What happened in a set of regions between two dates (both included)."""

    submitted: int = 0
    late_submissions: int = 0
    reviewed: int = 0
    approved: int = 0
    major: int = 0
    amount_fen: int = 0
    opinions: int = 0
    adopted: int = 0
    answered: int = 0
    consultations: int = 0
    reviews_due: int = 0
    reviews_on_time: int = 0
    filings_due: int = 0
    filings_on_time: int = 0
    signed: int = 0
    checked: int = 0
    problems: int = 0
    rectified: int = 0
    #: department → Counter(reviewed, amount_fen, opinions, adopted).
    by_unit: dict[str, Counter] = field(default_factory=dict)

    @property
    def amount_yi(self) -> str:
        """The reviewed contracts' subject matter in 亿元, two decimals ("4890.00")."""
        return money.in_yi(self.amount_fen)


def _on_time(regions: frozenset[int], family: str, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(met or missed, met) of the plugin's `family` deadlines due in the period."""
    rows = db.session.execute(
        select(Deadline.state, func.count(Deadline.id))
        .where(
            Deadline.plugin_key == PLUGIN_KEY,
            (Deadline.kind == family) | Deadline.kind.like(f"{family}:%"),
            Deadline.region_id.in_(regions),
            Deadline.due_date.between(start, end),
            Deadline.state.in_(("met", "missed")),
        )
        .group_by(Deadline.state)
    ).all()
    counts = dict(rows)
    return counts.get("met", 0) + counts.get("missed", 0), counts.get("met", 0)


def figures(regions: frozenset[int], start: dt.date, end: dt.date) -> Figures:
    """Count the contracts of `regions` for the period [start, end]."""
    f = Figures()
    mine = Contract.region_id.in_(regions)
    count = func.count(Contract.id)
    f.submitted, f.late_submissions = db.session.execute(
        select(count, func.coalesce(func.sum(func.cast(Contract.late_submission, db.Integer)), 0)).where(
            mine, Contract.submitted_on.between(start, end)
        )
    ).one()
    reviewed = (mine, Contract.reviewed_on.between(start, end))
    f.reviewed, f.amount_fen, f.approved, f.major = db.session.execute(
        select(
            count,
            func.coalesce(func.sum(Contract.amount_fen), 0),
            func.count(Contract.approved_on),
            func.coalesce(func.sum(func.cast(Contract.major, db.Integer)), 0),
        ).where(*reviewed)
    ).one()
    f.amount_fen = int(f.amount_fen)
    opinion = (ReviewOpinion.region_id.in_(regions), ReviewOpinion.given_on.between(start, end))
    f.opinions, f.answered, f.adopted = db.session.execute(
        select(
            func.count(ReviewOpinion.id),
            func.count(ReviewOpinion.accepted),
            func.coalesce(func.sum(func.cast(ReviewOpinion.accepted, db.Integer)), 0),
        ).where(*opinion)
    ).one()
    f.consultations = db.session.scalar(
        select(func.count(Consultation.id)).where(
            Consultation.region_id.in_(regions), Consultation.requested_on.between(start, end)
        )
    )
    f.reviews_due, f.reviews_on_time = _on_time(regions, deadlines.REVIEW.kind, start, end)
    f.filings_due, f.filings_on_time = _on_time(regions, deadlines.FILING.kind, start, end)
    f.signed = db.session.scalar(select(count).where(mine, Contract.signed_on.between(start, end)))
    checked = (CheckItem.region_id.in_(regions), CheckItem.checked_on.between(start, end))
    f.checked = db.session.scalar(select(func.count(distinct(CheckItem.contract_id))).where(*checked))
    f.problems, f.rectified = db.session.execute(
        select(
            func.coalesce(func.sum(func.cast(CheckItem.problem, db.Integer)), 0), func.count(CheckItem.rectified_on)
        ).where(*checked)
    ).one()
    for name, n, fen in db.session.execute(
        select(Unit.name, count, func.coalesce(func.sum(Contract.amount_fen), 0))
        .join(Unit, Unit.id == Contract.unit_id)
        .where(*reviewed)
        .group_by(Unit.name)
    ):
        f.by_unit[name] = Counter(reviewed=n, amount_fen=int(fen))
    for name, n, adopted in db.session.execute(
        select(
            Unit.name,
            func.count(ReviewOpinion.id),
            func.coalesce(func.sum(func.cast(ReviewOpinion.accepted, db.Integer)), 0),
        )
        .join(Contract, Contract.id == ReviewOpinion.contract_id)
        .join(Unit, Unit.id == Contract.unit_id)
        .where(*opinion)
        .group_by(Unit.name)
    ):
        row = f.by_unit.setdefault(name, Counter())
        row["opinions"], row["adopted"] = n, int(adopted)
    return f


def _url(endpoint: str, **args: Any) -> str | None:
    return url_for(endpoint, **args) if has_request_context() else None


def collect(region: Region, period: Period) -> list[Indicator]:
    """The dashboard's indicators of `region` over `period` (links: the lists of its year)."""
    f = figures(scope_ids(region), period.start, period.end)
    year = period.calendar_year
    contracts = "contracts_contracts.index_view"

    def indicator(key: str, label: str, numerator: float, denominator: float | None = None, unit: str = "件",
                  url: str | None = None, **extra: Any) -> Indicator:  # fmt: skip
        return Indicator(
            key=key,
            label=label,
            numerator=numerator,
            denominator=denominator,
            unit="" if denominator is not None else unit,
            url=url,
            plugin_key=PLUGIN_KEY,
            extra=extra,
        )

    return [
        indicator("reviewed", "审查合同数", f.reviewed, url=_url(contracts, year=year, figure="reviewed")),
        indicator(
            "amount",
            "审查合同标的额（亿元）",
            float(f.amount_yi),
            unit="亿元",
            fen=f.amount_fen,
            display=say("%(amount)s亿元", amount=f.amount_yi),
        ),
        indicator("opinions", "提出审查意见数", f.opinions, url=_url("contracts_opinions.index_view", year=year)),
        indicator("adoption_rate", "审查意见采纳率", f.adopted, f.answered, given=f.opinions),
        indicator("review_on_time", "按期审查率", f.reviews_on_time, f.reviews_due),
        indicator("filing_on_time", "按期备案率", f.filings_on_time, f.filings_due),
        indicator("checked", "履行情况监督检查合同数", f.checked, problems=f.problems, rectified=f.rectified),
        indicator("late_submissions", "未按期报送审查数", f.late_submissions),
    ]
