"""The figures of 政府法律顾问 for a region (its reporting scope) and a year; every rate keeps its
numerator and denominator, never a rounded rate.

- 法律顾问覆盖率 = agencies with an active engagement on 31 December (today, in the current year) ÷
  agencies required to have counsel (source report: 427/447);
- 法制机构工作人员法学学历占比 = the office's staff with a law degree ÷ its staff (source report: 9, 88.8%+);
- 出具法律意见数, 按时出具率, 意见采纳率; 法律顾问人数 by kind.
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
from core.models import Region, Unit
from core.models.tenancy import REGION_LEVEL_LABELS, RegionLevel
from core.periods import Period
from core.plugins import Indicator
from plugins.counsel import PLUGIN_KEY
from plugins.counsel.models import CounselMember, Matter
from plugins.counsel.operations.coverage import covered_units, required_units
from plugins.counsel.vocabulary import LAW_DEGREES, Adoption, MemberKind, MemberStatus

#: The names of the roster figures by kind (declared whole, so the home page translates them).
MEMBER_FIGURES = {
    MemberKind.STAFF: "法律顾问：机关法制工作人员",
    MemberKind.PUBLIC_LAWYER: "法律顾问：公职律师",
    MemberKind.LAWYER: "法律顾问：律师",
    MemberKind.EXPERT: "法律顾问：法学专家",
}
assert set(MEMBER_FIGURES) == set(MemberKind), "every kind of member has its figure"


def reference_day(period: Period) -> dt.date:
    """The day coverage is measured on: the period's last day, or today while the period runs."""
    return min(period.end, clock.today())


@dataclass
class Coverage:
    """Required and covered agencies on a day, in total, by level and by region."""

    day: dt.date
    required: int = 0
    covered: int = 0
    by_level: dict[str, Counter] = field(default_factory=dict)
    by_region: dict[int, Counter] = field(default_factory=dict)
    uncovered: list[Unit] = field(default_factory=list)


def coverage(region_ids: frozenset[int], day: dt.date) -> Coverage:
    """Count the required agencies of `region_ids` and those with counsel on `day`."""
    result = Coverage(day)
    covered = set(db.session.execute(covered_units(day)).scalars())
    rows = db.session.execute(
        select(Unit, Region.level)
        .join(Region, Region.id == Unit.region_id)
        .where(Unit.id.in_(required_units(region_ids)))
        .order_by(Unit.region_id, Unit.id)
    ).all()
    for unit, level in rows:
        has = unit.id in covered
        result.required += 1
        result.covered += has
        for bucket in (
            result.by_level.setdefault(str(level), Counter()),
            result.by_region.setdefault(unit.region_id, Counter()),
        ):
            bucket["required"] += 1
            bucket["covered"] += has
        if not has:
            result.uncovered.append(unit)
    return result


@dataclass
class Opinions:
    """Opinions given in a period: how many, how many on time (of those with a period), adopted."""

    given: int = 0
    with_period: int = 0
    on_time: int = 0
    adoption_recorded: int = 0
    adopted: int = 0
    by_kind: Counter = field(default_factory=Counter)


def opinions(region_ids: frozenset[int], start: dt.date, end: dt.date) -> Opinions:
    """The opinion log's figures for opinions given between `start` and `end` (both included)."""
    result = Opinions()
    rows = db.session.execute(
        select(Matter.kind, Matter.opinion_on, Matter.due_on, Matter.adoption).where(
            Matter.region_id.in_(region_ids), Matter.opinion_on.between(start, end)
        )
    ).all()
    for kind, given_on, due_on, adoption in rows:
        result.given += 1
        result.by_kind[kind] += 1
        if due_on is not None:
            result.with_period += 1
            result.on_time += given_on <= due_on
        if adoption:
            result.adoption_recorded += 1
            result.adopted += adoption in (Adoption.ADOPTED, Adoption.PARTLY)
    return result


def staff_degrees(region_ids: frozenset[int]) -> tuple[int, int]:
    """(staff with a law degree, staff) of the legal offices' own active staff on the roster."""
    rows = db.session.execute(
        select(CounselMember.degree).where(
            CounselMember.region_id.in_(region_ids),
            CounselMember.kind == MemberKind.STAFF,
            CounselMember.status == MemberStatus.ACTIVE,
        )
    ).scalars()
    degrees = list(rows)
    return sum(1 for d in degrees if d in {str(x) for x in LAW_DEGREES}), len(degrees)


def members_by_kind(region_ids: frozenset[int]) -> Counter:
    """Active members of the roster by kind."""
    rows = db.session.execute(
        select(CounselMember.kind, func.count(CounselMember.id))
        .where(CounselMember.region_id.in_(region_ids), CounselMember.status == MemberStatus.ACTIVE)
        .group_by(CounselMember.kind)
    ).all()
    return Counter(dict(rows))


def coverage_url(region: Region, year: int, covered: str = "1") -> str | None:
    """The agency list behind the coverage figure (required agencies, covered or not, on the day)."""
    if not has_request_context():
        return None
    return url_for("counsel_coverage.index_view", region=region.id, year=year, covered=covered)


def _url(endpoint: str, **args: Any) -> str | None:
    return url_for(endpoint, **args) if has_request_context() else None


def collect(region: Region, period: Period) -> list[Indicator]:
    """The dashboard's indicators of `region` over `period` (links: the lists of its year)."""
    ids = reporting.region_ids(region, PLUGIN_KEY)
    cov = coverage(ids, reference_day(period))
    ops = opinions(ids, period.start, period.end)
    year = period.calendar_year
    with_degree, staff = staff_degrees(ids & {region.id})  # the region's own office (source: 市法制办 9人)
    kinds = members_by_kind(ids)
    by_level = {
        REGION_LEVEL_LABELS.get(RegionLevel(level), level): {"covered": c["covered"], "required": c["required"]}
        for level, c in cov.by_level.items()
    }

    def indicator(key: str, label: str, numerator: int, denominator: int | None = None, **kw: Any) -> Indicator:
        return Indicator(
            key=key,
            label=label,
            numerator=numerator,
            denominator=denominator,
            unit="" if denominator is not None else kw.pop("unit", "件"),
            plugin_key=PLUGIN_KEY,
            **kw,
        )

    matters = _url("counsel_matters.index_view", year=year)
    result = [
        indicator(
            "coverage_rate",
            "法律顾问覆盖率",
            cov.covered,
            cov.required,
            url=coverage_url(region, year),
            extra={
                "day": cov.day.isoformat(),
                "by_level": by_level,
                "uncovered": [u.name for u in cov.uncovered],
                "uncovered_url": coverage_url(region, year, "0"),
            },
        ),
        indicator(
            "staff_law_degree",
            "法制机构工作人员法学学历占比",
            with_degree,
            staff,
            url=_url("counsel_members.index_view", kind=MemberKind.STAFF.value, region=region.id),
            listed="denominator",  # the list is the office's staff; the degree column shows who has one
        ),
        indicator("opinions_given", "出具法律意见数", ops.given, url=matters, extra={"by_kind": dict(ops.by_kind)}),
        indicator("opinions_on_time", "法律意见按时出具率", ops.on_time, ops.with_period, url=matters),
        indicator("opinions_adopted", "法律意见采纳率", ops.adopted, ops.adoption_recorded, url=matters),
    ]
    for kind, label in MEMBER_FIGURES.items():
        result.append(
            indicator(
                f"members_{kind}",
                label,
                kinds.get(str(kind), 0),
                unit="人",
                url=_url("counsel_members.index_view", kind=kind.value),
            )
        )
    return result
