"""Coverage: which agencies must have counsel, which have it on a day, and the facts it publishes.

An agency (core `Unit`) must have counsel when its region's level is in
``FAZHI_COUNSEL_REQUIRED_LEVELS`` (中办发〔2016〕30号: county level and above; townships as needed).
It is covered on a day when one of its engagements is active then. An uncovered gap is keyed by its
first day (`gap_start`), so the 督办 it draws is issued once however often it is seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import and_, func, or_, select

from core.events import publish
from core.extensions import db
from core.models import Region, Unit
from core.notices import Notice, NoticeState
from plugins.counsel.events import AgencyCovered, AgencyUncovered
from plugins.counsel.models import Engagement
from plugins.counsel.settings import required_levels

#: The notice rule whose 督办 an engagement withdraws (notices.py).
UNCOVERED_RULE = "counsel.agency_uncovered"
OPEN_NOTICE_STATES = (NoticeState.ISSUED.value, NoticeState.ACKNOWLEDGED.value, NoticeState.RECTIFIED.value)


def active_on(day: dt.date) -> object:
    """SQL: the engagement covers `day`."""
    return and_(
        Engagement.starts_on <= day,
        Engagement.ends_on >= day,
        or_(Engagement.terminated_on.is_(None), Engagement.terminated_on > day),
    )


def required_units(region_ids: Iterable[int] | None = None) -> object:
    """SELECT of the units that must have counsel (in `region_ids` when given)."""
    query = select(Unit.id).join(Region, Region.id == Unit.region_id).where(Region.level.in_(sorted(required_levels())))
    if region_ids is not None:
        query = query.where(Unit.region_id.in_(list(region_ids)))
    return query


def covered_units(day: dt.date) -> object:
    """SELECT of the units with an engagement active on `day`."""
    return select(Engagement.unit_id).where(active_on(day))


def is_required(unit: Unit) -> bool:
    """Whether `unit` must have counsel (its region's level)."""
    return str(unit.region.level) in required_levels()


def is_covered(unit_id: int, day: dt.date) -> bool:
    """Whether `unit_id` has an engagement active on `day`."""
    query = select(func.count(Engagement.id)).where(Engagement.unit_id == unit_id, active_on(day))
    return bool(db.session.scalar(query))


def gap_start(unit_id: int, day: dt.date) -> dt.date | None:
    """The first day without counsel of a gap that includes `day` (None: never had counsel)."""
    ends = db.session.execute(
        select(Engagement.ends_on, Engagement.terminated_on).where(
            Engagement.unit_id == unit_id, Engagement.starts_on <= day
        )
    ).all()
    last = [min(ends_on + dt.timedelta(days=1), terminated or dt.date.max) for ends_on, terminated in ends]
    last = [d for d in last if d <= day]
    return max(last) if last else None


def uncovered_fact(unit: Unit, day: dt.date) -> AgencyUncovered:
    """The fact that `unit` has no counsel on `day`."""
    return AgencyUncovered(unit_id=unit.id, unit_name=unit.name, on=day, since=gap_start(unit.id, day))


def open_coverage_notices(unit_id: int) -> list[Notice]:
    """The coverage 督办 notices to `unit_id` still open (issued, acknowledged or rectified)."""
    return list(
        db.session.execute(
            select(Notice).where(
                Notice.rule_key == UNCOVERED_RULE,
                Notice.target_unit_id == unit_id,
                Notice.state.in_(OPEN_NOTICE_STATES),
            )
        ).scalars()
    )


def check_unit(unit: Unit, day: dt.date) -> None:
    """After an engagement changed: publish that the agency lost or regained counsel on `day`.

    Losing it publishes `counsel.agency.uncovered` (the notice rule issues the 督办 once per gap);
    regaining it while a coverage 督办 is open publishes `counsel.agency.covered` (which withdraws it).
    """
    if not is_required(unit):
        return
    if not is_covered(unit.id, day):
        publish(uncovered_fact(unit, day), region_id=unit.region_id, subject=unit)
    elif open_coverage_notices(unit.id):
        publish(AgencyCovered(unit_id=unit.id, unit_name=unit.name, on=day), region_id=unit.region_id, subject=unit)


def uncovered_units(day: dt.date, region_ids: Iterable[int] | None = None) -> list[Unit]:
    """The agencies that must have counsel and have none on `day`, by region and name."""
    query = (
        select(Unit)
        .where(Unit.id.in_(required_units(region_ids)), Unit.id.not_in(covered_units(day)))
        .order_by(Unit.region_id, Unit.id)
    )
    return list(db.session.execute(query).scalars())
