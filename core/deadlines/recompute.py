"""Recounting due dates after the calendar changed (a year's holidays entered, a day corrected).

A due date computed for a year without official data was counted on plain weekdays and marked
provisional (DOMAIN.md, "Counting periods"). When an admin enters that year, every such
deadline is recounted from its start — replaying its resumptions and extensions from the
history, so the result is what it would have been had the calendar been known all along.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import and_, insert, or_, select

from core import clock
from core.deadlines.events import DeadlineRecomputed
from core.deadlines.models import ACTIVE_STATES, ChangeAction, Deadline, DeadlineChange, DeadlineState
from core.deadlines.operations import due_of, publish_deadline_event
from core.extensions import db
from core.models.base import utcnow
from core.tenancy import unscoped
from core.workcalendar import DueDate, WorkCalendar

_CHUNK = 500


@dataclass
class RecomputeReport:
    """What a recount found."""

    examined: int = 0
    #: (deadline id, old due date, new due date, still provisional)
    changed: list[tuple[int, dt.date, dt.date, bool]] = field(default_factory=list)
    #: Deadlines no longer provisional (whether or not their date moved).
    confirmed: int = 0

    def __str__(self) -> str:
        # In the user's language on a page; Chinese on the command line (no request there).
        return gettext(
            "检查 %(examined)s 个期限，%(changed)s 个届满日期变化，%(confirmed)s 个不再是暂定",
            examined=self.examined,
            changed=len(self.changed),
            confirmed=self.confirmed,
        )


def replay_due(cal: WorkCalendar, deadline: Deadline, changes: Sequence[DeadlineChange]) -> DueDate:
    """The due date of `deadline` on `cal`, from its start and its history (`periods.period_end`)."""
    return due_of(cal, deadline, changes)


def _selection(year: int | None, include_all: bool) -> list:  # type: ignore[type-arg]
    not_cancelled = Deadline.state != DeadlineState.CANCELLED.value
    # A period that lapsed unanswered (missed by the scan) is recounted too: its legal effect
    # (deemed acceptance…) may no longer hold on the corrected calendar (issue 13 item 11).
    live = Deadline.state.in_(ACTIVE_STATES) | (
        (Deadline.state == DeadlineState.MISSED.value) & Deadline.met_on.is_(None)
    )
    if include_all:
        return [live | Deadline.provisional.is_(True)]
    wanted = [Deadline.provisional.is_(True)]
    if year is not None:
        # Any active deadline whose period overlaps the year may have touched a changed day.
        wanted.append(
            and_(
                live,
                Deadline.start_date <= dt.date(year, 12, 31),
                Deadline.due_date >= dt.date(year, 1, 1),
            )
        )
    return [not_cancelled, or_(*wanted)]


def recompute_deadlines(
    *, year: int | None = None, include_all: bool = False, today: dt.date | None = None
) -> RecomputeReport:
    """Recount provisional deadlines (and, with `year`, the active ones overlapping it; with
    `include_all`, every active one) on the calendar as it is now; the caller commits.

    A changed date is written with a history row "recomputed" and published as
    ``core.deadline.recomputed``. A deadline the scan had marked missed whose new due date is
    today or later runs again; a met or missed one is re-judged on its `met_on`.
    """
    today = today or clock.today()
    report = RecomputeReport()
    session = db.session
    with unscoped():
        cal = WorkCalendar.from_session(session)
        ids = list(session.execute(select(Deadline.id).where(*_selection(year, include_all))).scalars())
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            deadlines = session.execute(select(Deadline).where(Deadline.id.in_(chunk))).scalars().all()
            history: dict[int, list[DeadlineChange]] = {}
            for change in session.execute(
                select(DeadlineChange).where(DeadlineChange.deadline_id.in_(chunk)).order_by(DeadlineChange.id)
            ).scalars():
                history.setdefault(change.deadline_id, []).append(change)
            for deadline in deadlines:
                report.examined += 1
                _recount(deadline, replay_due(cal, deadline, history.get(deadline.id, [])), today, report)
        session.flush()
    return report


def _recount(deadline: Deadline, due: DueDate, today: dt.date, report: RecomputeReport) -> None:
    old, was_provisional = deadline.due_date, bool(deadline.provisional)
    if due.date == old and due.provisional == was_provisional:
        return
    if was_provisional and not due.provisional:
        report.confirmed += 1
    deadline.provisional = due.provisional
    if due.date > old:
        deadline.approaching_notified_at = None
    deadline.due_date = due.date
    _rejudge(deadline, today)
    session = db.session
    reason = "工作日历已更新，按正式节假日安排重新计算"
    if due.date == old:
        reason = "工作日历已完整录入，届满日期确认，不再是暂定" if not due.provisional else reason
    session.execute(
        insert(DeadlineChange.__table__).values(
            deadline_id=deadline.id,
            region_id=deadline.region_id,
            action=ChangeAction.RECOMPUTED.value,
            old_due_date=old,
            new_due_date=due.date,
            reason=reason,
            approved_by="",
            username="",
            at=utcnow(),
        )
    )
    if due.date != old:
        report.changed.append((deadline.id, old, due.date, due.provisional))
    session.flush()
    publish_deadline_event(DeadlineRecomputed, deadline, old_due_date=old)


def _rejudge(deadline: Deadline, today: dt.date) -> None:
    """Met or missed follows `met_on` against the new date; a scan's "missed" may run again."""
    if deadline.met_on is not None and deadline.state in (DeadlineState.MET.value, DeadlineState.MISSED.value):
        deadline.state = (DeadlineState.MET if deadline.met_on <= deadline.due_date else DeadlineState.MISSED).value
    elif deadline.state == DeadlineState.MISSED.value and deadline.due_date >= today:
        deadline.state = (DeadlineState.EXTENDED if deadline.extension_days else DeadlineState.OPEN).value
        deadline.missed_notified_at = None


def provisional_years() -> list[int]:
    """The years (by due date) that provisional active deadlines fall in, for the admin's message."""
    with unscoped():
        dates = db.session.execute(
            select(Deadline.due_date).where(Deadline.provisional.is_(True), Deadline.state.in_(ACTIVE_STATES))
        ).scalars()
        return sorted({d.year for d in dates})


__all__ = ["RecomputeReport", "provisional_years", "recompute_deadlines", "replay_due"]
