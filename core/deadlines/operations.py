"""Every change to a deadline, with its history row and the events it publishes.

Plugins call these from their own operations, inside their transaction (they commit). A
deadline is addressed by its record and kind, so a plugin never keeps deadline ids. Replays
are harmless: opening the same period twice, meeting a met deadline, cancelling a cancelled
one or resuming a running one changes nothing. Only `extend_deadline` is not repeatable — each
call grants one more approved extension.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import g, has_app_context
from sqlalchemy import select

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
from core.extensions import db
from core.models.base import utcnow
from core.subjects import SubjectRef, subject_key
from core.workcalendar import DueDate, WorkCalendar

_CALENDAR_KEY = "fazhi_work_calendar"


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
    counting = Counting(counting)
    if counting is Counting.WORKING_DAYS:
        return cal.add_working_days(start, amount)  # 行政复议法 art 88 ¶2
    if counting is Counting.CALENDAR_DAYS:
        return cal.add_calendar_days(start, amount)  # 民诉法 art 85
    return cal.add_months(start, amount)  # 民法典 art 202, rolled over per 民诉法 art 85 ¶3


def shift(cal: WorkCalendar, due: DueDate, days: int) -> DueDate:
    """`due` moved by `days` calendar days, its last day rolled past rest days (民诉法 art 85 ¶3).

    Used for a resumption (the days suspended do not count) and for an extension (行政复议法
    art 62 ¶1: the extension runs on from the end of the original period).
    """
    if days <= 0:
        return due
    moved = cal.add_calendar_days(due.date, days)
    return DueDate(moved.date, due.provisional or moved.provisional)


# -- finding ----------------------------------------------------------------------------------


def get_deadline(subject: Any, kind: str) -> Deadline | None:
    """The deadline of `kind` on `subject`, or None."""
    table, subject_id = subject_key(subject)
    return db.session.execute(
        select(Deadline).where(Deadline.subject_type == table, Deadline.subject_id == subject_id, Deadline.kind == kind)
    ).scalar_one_or_none()


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
) -> Deadline:
    """Open (or restart) the deadline `kind` of `subject`: a period of exactly one of
    `working_days`, `calendar_days` or `months` counted from `start` on the core calendar.

    The region is the subject's (`region_id` overrides). Opening the same period again returns
    the deadline unchanged (safe in a replayed handler); opening it with another start or
    period restarts it (history "reopened"), e.g. the acceptance review after 补正 (行政复议法
    art 31). The due date is provisional when a year it touches has no official calendar.
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
    due = count_period(current_calendar(), start, counting, amount)

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
        _record(deadline, ChangeAction.OPENED, old=None, new=due.date, on=start)
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
    db.session.flush()
    return deadline


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
    late = deadline.state != DeadlineState.SUSPENDED.value and on > deadline.due_date
    if deadline.state == DeadlineState.MISSED.value or late:
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
    """Restart the clock on `on`: the due date moves by the calendar days suspended.

    (行政复议法 art 39 ¶2: review resumes once the cause is gone; the time suspended does not
    count.) The new last day rolls past rest days. Already running: unchanged.
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
    _move_due(deadline, shift(current_calendar(), DueDate(old, bool(deadline.provisional)), days))
    deadline.state = (DeadlineState.EXTENDED if deadline.extension_days else DeadlineState.OPEN).value
    deadline.suspended_on = None
    _record(deadline, ChangeAction.RESUMED, old=old, new=deadline.due_date, on=on, days=days)
    db.session.flush()
    return deadline


def extend_deadline(subject: Any, kind: str, *, calendar_days: int, reason: str, approved_by: str) -> Deadline:
    """Grant an approved extension of `calendar_days` from the current due date.

    E.g. 行政复议法 art 62 ¶1: "情况复杂…经行政复议机构的负责人批准，可以适当延长，并书面告知当事人；
    但是延长期限最多不得超过三十日" — the plugin checks its own limits; the core keeps who approved
    and why. Refused once the deadline is met, missed or cancelled, or when there is none.
    """
    deadline = get_deadline(subject, kind)
    if deadline is None:
        table, subject_id = subject_key(subject)
        raise DeadlineError(f"记录 {table}#{subject_id} 没有“{kind}”期限，无法延长")
    if deadline.state not in ACTIVE_STATES:
        raise DeadlineError(f"期限“{deadline.label}”已{deadline.state_label}，不能延长")
    if calendar_days <= 0:
        raise DeadlineError("延长天数必须大于零")
    if not (approved_by or "").strip():
        raise DeadlineError("延长期限必须注明批准人")
    old = deadline.due_date
    _move_due(deadline, shift(current_calendar(), DueDate(old, bool(deadline.provisional)), calendar_days))
    deadline.extension_days = (deadline.extension_days or 0) + calendar_days
    if deadline.state != DeadlineState.SUSPENDED.value:
        deadline.state = DeadlineState.EXTENDED.value
    _record(
        deadline,
        ChangeAction.EXTENDED,
        old=old,
        new=deadline.due_date,
        days=calendar_days,
        reason=reason,
        approved_by=approved_by,
    )
    db.session.flush()
    return deadline
