"""Engagements: a contract checked and placed in its agency's region; starting and ending it publish
facts, and every change re-checks the agency's coverage for today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import inspect

from core.events import publish
from core.extensions import db
from plugins.counsel import checks
from plugins.counsel.events import EngagementStarted, EngagementTerminated
from plugins.counsel.models import Engagement
from plugins.counsel.operations.coverage import check_unit


@dataclass(frozen=True)
class Before:
    """What mattered about an engagement before this save (None for a new one)."""

    is_new: bool
    unit_id: int | None
    terminated_on: dt.date | None


def prepare_engagement(engagement: Engagement, scope: frozenset[int] | None) -> Before:
    """Check an engagement and put it in its agency's region; returns its state before the save."""
    with db.session.no_autoflush:
        checks.check_engagement(engagement, scope)
        engagement.region_id = engagement.unit.region_id
        state = inspect(engagement)
        if state.pending or state.transient:
            return Before(True, None, None)

        def old(name: str) -> object:
            history = state.attrs[name].history
            return history.deleted[0] if history.deleted else getattr(engagement, name)

        return Before(False, old("unit_id"), old("terminated_on"))


def engagement_saved(engagement: Engagement, before: Before, *, today: dt.date | None = None) -> None:
    """Publish the start or the termination, and re-check the agency's coverage for today."""
    db.session.flush()
    day = today or checks.today()
    unit, member = engagement.unit, engagement.member
    if before.is_new:
        publish(
            EngagementStarted(
                engagement_id=engagement.id,
                unit_id=unit.id,
                unit_name=unit.name,
                member_id=member.id,
                member_name=member.name,
                starts_on=engagement.starts_on,
                ends_on=engagement.ends_on,
                renewal_of_id=engagement.renewal_of_id,
            ),
            region_id=engagement.region_id,
            subject=engagement,
        )
    if engagement.terminated_on is not None and before.terminated_on != engagement.terminated_on:
        publish(
            EngagementTerminated(
                engagement_id=engagement.id,
                unit_id=unit.id,
                unit_name=unit.name,
                member_id=member.id,
                member_name=member.name,
                terminated_on=engagement.terminated_on,
                reason=engagement.termination_reason,
            ),
            region_id=engagement.region_id,
            subject=engagement,
        )
    check_unit(unit, day)
    if before.unit_id is not None and before.unit_id != unit.id:
        from core.models import Unit

        previous = db.session.get(Unit, before.unit_id)
        if previous is not None:
            check_unit(previous, day)
