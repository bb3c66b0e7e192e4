"""The plugin's daily checks for `flask deadlines scan` (hook `scan_deadlines`): facts that are not a
due date of one record.

- an agency required to have counsel with none today → `counsel.agency.uncovered` (once per gap);
- an agency with an open coverage 督办 that has counsel again → `counsel.agency.covered`;
- an engagement ending within ``FAZHI_COUNSEL_EXPIRY_WARNING_DAYS`` with no renewal after it →
  `counsel.engagement.expiring` (once per engagement and end date).

The core publishes each once (per name, subject and dedupe) and drops those of regions where the
module is off.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.deadlines import ScanEvent
from core.extensions import db
from core.models import Unit
from core.notices import Notice
from plugins.counsel.events import AgencyCovered, EngagementExpiring
from plugins.counsel.models import Engagement
from plugins.counsel.operations.coverage import (
    OPEN_NOTICE_STATES,
    UNCOVERED_RULE,
    active_on,
    is_covered,
    uncovered_fact,
    uncovered_units,
)
from plugins.counsel.settings import setting


def coverage_events(today: dt.date) -> list[ScanEvent]:
    """Uncovered agencies, and covered ones whose 督办 is still open."""
    events = []
    for unit in uncovered_units(today):
        fact = uncovered_fact(unit, today)
        events.append(ScanEvent(fact, unit.region_id, unit, dedupe=f"since:{fact.since or 'never'}"))
    pending = db.session.execute(
        select(Notice.id, Unit)
        .join(Unit, Unit.id == Notice.target_unit_id)
        .where(Notice.rule_key == UNCOVERED_RULE, Notice.state.in_(OPEN_NOTICE_STATES))
    ).all()
    for notice_id, unit in pending:
        if is_covered(unit.id, today):
            fact = AgencyCovered(unit_id=unit.id, unit_name=unit.name, on=today)
            events.append(ScanEvent(fact, unit.region_id, unit, dedupe=f"notice:{notice_id}"))
    return events


def _renewed(engagement: Engagement) -> bool:
    """Whether another engagement of the agency takes over by the day after this one ends."""
    follower = select(Engagement.id).where(
        Engagement.unit_id == engagement.unit_id,
        Engagement.id != engagement.id,
        Engagement.starts_on <= engagement.ends_on + dt.timedelta(days=1),
        Engagement.ends_on > engagement.ends_on,
        Engagement.terminated_on.is_(None),
    )
    return db.session.execute(follower).first() is not None


def expiry_events(today: dt.date) -> list[ScanEvent]:
    """Engagements ending soon with no engagement of the same agency taking over after them."""
    horizon = today + dt.timedelta(days=setting("EXPIRY_WARNING_DAYS"))
    rows = db.session.execute(select(Engagement).where(active_on(today), Engagement.ends_on <= horizon)).scalars()
    rows = [e for e in rows if not _renewed(e)]
    events = []
    for e in rows:
        fact = EngagementExpiring(
            engagement_id=e.id,
            unit_id=e.unit_id,
            unit_name=e.unit.name,
            member_name=e.member.name,
            ends_on=e.ends_on,
            days_left=(e.ends_on - today).days,
        )
        events.append(ScanEvent(fact, e.region_id, e, dedupe=f"ends:{e.ends_on.isoformat()}"))
    return events


def scan_events(now: dt.datetime) -> list[ScanEvent]:
    """Everything the plugin's daily check publishes for `now`'s local day."""
    today = now.date()
    return coverage_events(today) + expiry_events(today)
