"""Every change to a deadline, with its history row and the events it publishes.

Plugins call these from their own operations, inside their transaction (they commit). A
deadline is addressed by its record and kind, so a plugin never keeps deadline ids. Replays
are harmless: opening the same period twice, meeting a met deadline, cancelling a cancelled
one or resuming a running one changes nothing. Only `extend_deadline` is not repeatable — each
call grants one more approved extension.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask import g, has_app_context
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import current_actor
from core.deadlines.events import DeadlineEvent, DeadlineMissed
from core.deadlines.models import (
    ACTIVE_STATES,
    FINAL_STATES,
    RUNNING_STATES,
    ChangeAction,
    Counting,
    Deadline,
    DeadlineChange,
    DeadlineState,
)
from core.deadlines.periods import Stop, history_of, period_end
from core.extensions import db
from core.models.base import utcnow
from core.subjects import SubjectRef, subject_key
from core.workcalendar import DueDate, WorkCalendar

_CALENDAR_KEY = "fazhi_work_calendar"
_KNOWN_KEY = "fazhi_known_deadlines"


class DeadlineError(ValueError):
    """A deadline operation that is not allowed (the message is for the user, in Chinese)."""


# -- the calendar ------------------------------------------------------------------------------


def current_calendar() -> WorkCalendar:
    """The working-day calendar of this app context (loaded once, two small queries)."""
    if has_app_context():
        cal = g.get(_CALENDAR_KEY)
        if cal is None:
            cal = WorkCalendar.from_session(db.session)
            setattr(g, _CALENDAR_KEY, cal)
        return cal
    return WorkCalendar.from_session(db.session)


def forget_calendar() -> None:
    """Drop the cached calendar (after an admin changed `CalendarDay` / `CalendarYear`)."""
    if has_app_context():
        g.pop(_CALENDAR_KEY, None)


def count_period(cal: WorkCalendar, start: dt.date, counting: Counting | str, amount: int) -> DueDate:
    """The last day of a period of `amount` units counted from `start` (start day not counted)."""
    return period_end(cal, start, counting, amount)


def due_of(cal: WorkCalendar, deadline: Deadline, changes: Sequence[DeadlineChange] | None = None) -> DueDate:
    """The due date of `deadline` on `cal`: its period, suspensions and extension counted once (`period_end`)."""
    history = history_of(deadline.changes if changes is None else changes)
    return period_end(cal, deadline.start_date, deadline.counting, deadline.amount, history.stops, history.extension)


# -- finding ----------------------------------------------------------------------------------


def get_deadline(subject: Any, kind: str) -> Deadline | None:
    """The deadline of `kind` on `subject`, or None."""
    table, subject_id = subject_key(subject)
    known = _known_deadlines(db.session())
    key = (table, subject_id, kind)
    if key in known:
        deadline = known[key]
        if deadline is None:
            return None  # asked before in this transaction; only `open_deadline` makes one
        state = sa_inspect(deadline)
        if (state.persistent or state.pending) and not state.deleted:
            return deadline
    deadline = db.session.execute(
        select(Deadline).where(Deadline.subject_type == table, Deadline.subject_id == subject_id, Deadline.kind == kind)
    ).scalar_one_or_none()
    known[key] = deadline
    return deadline


def _known_deadlines(session: Session) -> dict[tuple[str, Any, str], Deadline | None]:
    # The deadlines this transaction has read or opened (None: has none), by record and kind: an
    # operation meets one deadline and opens the next, and each step would otherwise ask the
    # database again (a round trip, and an autoflush, per deadline). Forgotten when the
    # transaction ends, so another transaction's deadline is seen from the next one on.
    return session.info.setdefault(_KNOWN_KEY, {})


def _forget_known_deadlines(session: Session, *args: Any) -> None:
    session.info.pop(_KNOWN_KEY, None)


for _event in ("after_commit", "after_rollback", "after_soft_rollback"):
    sa_event.listen(Session, _event, _forget_known_deadlines)


def deadlines_of(subject: Any) -> list[Deadline]:
    """Every deadline of `subject`, soonest due first."""
    table, subject_id = subject_key(subject)
    return list(
        db.session.execute(
            select(Deadline)
            .where(Deadline.subject_type == table, Deadline.subject_id == subject_id)
            .order_by(Deadline.due_date, Deadline.id)
        ).scalars()
    )


# -- history ----------------------------------------------------------------------------------


def _record(
    deadline: Deadline,
    action: ChangeAction,
    *,
    old: dt.date | None,
    new: dt.date | None,
    on: dt.date | None = None,
    days: int | None = None,
    reason: str = "",
    approved_by: str = "",
) -> DeadlineChange:
    actor = current_actor()
    change = DeadlineChange(
        region_id=deadline.region_id,
        action=action.value,
        on_date=on,
        days=days,
        old_due_date=old,
        new_due_date=new,
        reason=(reason or "")[:500],
        approved_by=(approved_by or "")[:64],
        user_id=getattr(actor, "id", None),
        username=getattr(actor, "username", "") or "",
        at=utcnow(),
    )
    deadline.changes.append(change)
    return change


def _move_due(deadline: Deadline, due: DueDate) -> None:
    """Set a new due date; a later one may approach again, so its warning is re-armed."""
    if due.date > deadline.due_date:
        deadline.approaching_notified_at = None
    deadline.due_date = due.date
    deadline.provisional = due.provisional


def publish_deadline_event(event_class: type[DeadlineEvent], deadline: Deadline, **extra: Any) -> None:
    """Publish a ``core.deadline.*`` event about `deadline`, its subject being the deadline's record."""
    from core.events import publish

    publish(
        event_class.of(deadline, **extra),
        region_id=deadline.region_id,
        subject=SubjectRef(deadline.subject_type, deadline.subject_id),
    )


# -- the operations of the contract ---------------------------------------------------------------


def open_deadline(
    subject: Any,
    *,
    plugin_key: str,
    kind: str,
    label: str,
    basis: str,
    start: dt.date,
    working_days: int | None = None,
    calendar_days: int | None = None,
    months: int | None = None,
    responsible_unit_id: int | None = None,
    staff_user_id: int | None = None,
    region_id: int | None = None,
    stops: Sequence[Stop] = (),
) -> Deadline:
    """Open (or restart) the deadline `kind` of `subject`: a period of exactly one of
    `working_days`, `calendar_days` or `months` counted from `start` on the core calendar.

    The region is the subject's (`region_id` overrides). Opening the same period again returns
    the deadline unchanged (safe in a replayed handler); opening it with another start or
    period restarts it (history "reopened"), e.g. the acceptance review after 补正 (行政复议法
    art 31). The due date is provisional when a year it touches has no official calendar.

    `stops` are suspensions the period already went through (an imported case, a simplified case
    converted to the ordinary procedure): they are recorded in its history and counted by
    `period_end` like any later suspension.
    """
    periods = [
        (c, n)
        for c, n in (
            (Counting.WORKING_DAYS, working_days),
            (Counting.CALENDAR_DAYS, calendar_days),
            (Counting.MONTHS, months),
        )
        if n is not None
    ]
    if len(periods) != 1:
        raise DeadlineError("期限必须且只能指定一种计算方式：工作日、日或月")
    counting, amount = periods[0]
    if amount < 0:
        raise DeadlineError(f"期限长度不能为负数：{amount}")
    if not kind or not label:
        raise DeadlineError("期限必须有类别（kind）和名称（label）")
    if isinstance(start, dt.datetime):
        start = start.date()
    table, subject_id = subject_key(subject)
    if region_id is None:
        region_id = getattr(subject, "region_id", None)
    if region_id is None:
        raise DeadlineError(f"无法确定期限所属的行政区划：{table} 记录没有 region_id")
    cal = current_calendar()
    due = period_end(cal, start, counting, amount, stops)

    deadline = get_deadline(subject, kind)
    if deadline is None:
        deadline = Deadline(
            region_id=region_id,
            plugin_key=plugin_key,
            subject_type=table,
            subject_id=subject_id,
            kind=kind,
            label=label,
            basis=basis,
            start_date=start,
            counting=counting.value,
            amount=amount,
            due_date=due.date,
            provisional=due.provisional,
            state=DeadlineState.OPEN.value,
            extension_days=0,
            responsible_unit_id=responsible_unit_id,
            staff_user_id=staff_user_id,
        )
        db.session.add(deadline)
        _known_deadlines(db.session())[(table, subject_id, kind)] = deadline
        _record(deadline, ChangeAction.OPENED, old=None, new=due.date, on=start)
        _record_stops(deadline, stops, due.date)
        db.session.flush()
        return deadline

    same_period = (deadline.start_date, deadline.counting, deadline.amount) == (start, counting.value, amount)
    deadline.label, deadline.basis = label, basis
    if responsible_unit_id is not None:
        deadline.responsible_unit_id = responsible_unit_id
    if staff_user_id is not None:
        deadline.staff_user_id = staff_user_id
    if same_period:
        return deadline
    old = deadline.due_date
    deadline.start_date, deadline.counting, deadline.amount = start, counting.value, amount
    deadline.due_date, deadline.provisional = due.date, due.provisional
    deadline.state = DeadlineState.OPEN.value
    deadline.met_on = deadline.suspended_on = None
    deadline.extension_days = 0
    deadline.approaching_notified_at = deadline.missed_notified_at = None
    _record(deadline, ChangeAction.REOPENED, old=old, new=due.date, on=start)
    _record_stops(deadline, stops, due.date)
    db.session.flush()
    return deadline


def _record_stops(deadline: Deadline, stops: Sequence[Stop], due: dt.date) -> None:
    """History rows for suspensions a period went through before it was opened here."""
    for stop in stops:
        if stop.end is None:
            continue
        _record(deadline, ChangeAction.SUSPENDED, old=due, new=due, on=stop.start, reason="此前的中止期间")
        _record(deadline, ChangeAction.RESUMED, old=due, new=due, on=stop.end, days=stop.days)


def meet_deadline(subject: Any, kind: str, on: dt.date) -> Deadline | None:
    """Record that the act was done on `on`: state met, or missed when `on` is after the due date.

    A late act that the scan has not reported yet publishes ``core.deadline.missed`` now, so no
    missed deadline goes unseen. Returns None when the record has no such deadline; a deadline
    already met, missed with a date, or cancelled is returned unchanged.
    """
    deadline = get_deadline(subject, kind)
    if deadline is None:
        return None
    if deadline.state in (DeadlineState.MET.value, DeadlineState.CANCELLED.value) or deadline.met_on is not None:
        return deadline
    # Judged by the day the act was done, even when the scan took the period as missed meanwhile: an
    # act done in time but entered late (or posted in time, 民诉法 art 85 ¶4) met the period.
    late = deadline.state != DeadlineState.SUSPENDED.value and on > deadline.due_date
    if late:
        deadline.state = DeadlineState.MISSED.value
        if deadline.missed_notified_at is None:
            deadline.missed_notified_at = utcnow()
            db.session.flush()
            publish_deadline_event(DeadlineMissed, deadline, met_on=on)
    else:
        deadline.state = DeadlineState.MET.value
    deadline.met_on = on
    deadline.suspended_on = None
    _record(
        deadline,
        ChangeAction.MISSED if deadline.state == DeadlineState.MISSED.value else ChangeAction.MET,
        old=deadline.due_date,
        new=deadline.due_date,
        on=on,
    )
    db.session.flush()
    return deadline


def cancel_deadline(subject: Any, kind: str, reason: str) -> Deadline | None:
    """Cancel a deadline that no longer runs (case withdrawn, terminated…); `reason` is kept.

    Returns None when there is no such deadline; a met, missed or cancelled one is unchanged.
    """
    deadline = get_deadline(subject, kind)
    if deadline is None:
        return None
    if deadline.state in FINAL_STATES:
        return deadline
    deadline.state = DeadlineState.CANCELLED.value
    deadline.suspended_on = None
    _record(deadline, ChangeAction.CANCELLED, old=deadline.due_date, new=None, reason=reason)
    db.session.flush()
    return deadline


def suspend_deadline(subject: Any, kind: str, on: dt.date, reason: str) -> Deadline | None:
    """Stop the clock from `on` (e.g. 行政复议中止, 行政复议法 art 39); `reason` is kept.

    Already suspended: unchanged. Met, missed or cancelled: refused (`DeadlineError`).
    """
    deadline = get_deadline(subject, kind)
    if deadline is None:
        return None
    if deadline.state == DeadlineState.SUSPENDED.value:
        return deadline
    if deadline.state not in RUNNING_STATES:
        raise DeadlineError(f"期限“{deadline.label}”已{deadline.state_label}，不能中止")
    deadline.state = DeadlineState.SUSPENDED.value
    deadline.suspended_on = on
    _record(deadline, ChangeAction.SUSPENDED, old=deadline.due_date, new=deadline.due_date, on=on, reason=reason)
    db.session.flush()
    return deadline


def resume_deadline(subject: Any, kind: str, on: dt.date) -> Deadline | None:
    """Restart the clock on `on`: the days from the suspension to `on` do not count.

    (行政复议法 art 39 ¶2: review resumes once the cause is gone; the time suspended does not
    count.) The period is recounted from its start with every suspension (`period_end`): a
    calendar-day period ends that many days later, rolled over once; a working-day period counts
    its remaining working days from `on` (art 88 ¶2). Already running: unchanged.
    """
    deadline = get_deadline(subject, kind)
    if deadline is None:
        return None
    if deadline.state in RUNNING_STATES:
        return deadline
    if deadline.state != DeadlineState.SUSPENDED.value or deadline.suspended_on is None:
        raise DeadlineError(f"期限“{deadline.label}”已{deadline.state_label}，不能恢复")
    days = (on - deadline.suspended_on).days
    if days < 0:
        raise DeadlineError(f"恢复日期 {on} 早于中止日期 {deadline.suspended_on}")
    old = deadline.due_date
    change = _record(deadline, ChangeAction.RESUMED, old=old, new=None, on=on, days=days)
    _move_due(deadline, due_of(current_calendar(), deadline))
    change.new_due_date = deadline.due_date
    deadline.state = (DeadlineState.EXTENDED if deadline.extension_days else DeadlineState.OPEN).value
    deadline.suspended_on = None
    db.session.flush()
    return deadline


def extend_deadline(
    subject: Any,
    kind: str,
    *,
    calendar_days: int | None = None,
    working_days: int | None = None,
    reason: str,
    approved_by: str,
    max_days: int | None = None,
    only_once: bool = False,
    basis: str = "",
) -> Deadline:
    """Grant an approved extension: it extends the period itself, not the rolled-over due date.

    E.g. 行政复议法 art 62 ¶1: "情况复杂…经行政复议机构的负责人批准，可以适当延长，并书面告知当事人；
    但是延长期限最多不得超过三十日" — the extended end is start + 60 + extension (+ days suspended),
    rolled over once (`period_end`). The extension is in the period's unit: `working_days` for a
    working-day period (e.g. the 补正 period, art 31 ¶2), `calendar_days` otherwise. `max_days`
    refuses extensions beyond the statutory maximum in total, `only_once` a second one (`basis`
    names the article in the refusal). Refused once the deadline is met, missed or cancelled.
    """
    deadline = get_deadline(subject, kind)
    if deadline is None:
        table, subject_id = subject_key(subject)
        raise DeadlineError(f"记录 {table}#{subject_id} 没有“{kind}”期限，无法延长")
    if deadline.state not in ACTIVE_STATES:
        raise DeadlineError(f"期限“{deadline.label}”已{deadline.state_label}，不能延长")
    working = Counting(deadline.counting) is Counting.WORKING_DAYS
    days = working_days if working else calendar_days
    unit = "个工作日" if working else "日"
    if days is None or (working_days if not working else calendar_days) is not None:
        raise DeadlineError(f"期限“{deadline.label}”按{unit}计算，延长也应按{unit}填写")
    if days <= 0:
        raise DeadlineError("延长天数必须大于零")
    if not (approved_by or "").strip():
        raise DeadlineError("延长期限必须注明批准人")
    cite = f"（{basis}）" if basis else ""
    if only_once and deadline.extension_days:
        raise DeadlineError(f"期限“{deadline.label}”已经延长过一次，不能再次延长{cite}")
    if max_days is not None and (deadline.extension_days or 0) + days > max_days:
        raise DeadlineError(f"延长期限最多不得超过{max_days}{unit}{cite}")
    old = deadline.due_date
    change = _record(
        deadline, ChangeAction.EXTENDED, old=old, new=None, days=days, reason=reason, approved_by=approved_by
    )
    deadline.extension_days = (deadline.extension_days or 0) + days
    _move_due(deadline, due_of(current_calendar(), deadline))
    change.new_due_date = deadline.due_date
    if deadline.state != DeadlineState.SUSPENDED.value:
        deadline.state = DeadlineState.EXTENDED.value
    db.session.flush()
    return deadline
