"""The deadline scan (``flask deadlines scan``, daily from cron or a scheduler).

It publishes, once per due date, ``core.deadline.approaching`` for running deadlines due within
``FAZHI_DEADLINE_WARNING_DAYS`` working days, and once per deadline ``core.deadline.missed`` for
running deadlines whose last day has passed (and marks them missed). "Once" does not rest on
reading first and writing later: each of the two is a single ``UPDATE … RETURNING`` that marks
the rows and hands back exactly the ones it marked, so two scans running at the same time
(PostgreSQL re-checks the WHERE clause of a row another transaction changed) never publish the
same deadline twice. Both statements are range scans of the index (state, due_date).

Deadlines of a plugin switched off for their region are left alone, like that plugin's events.
Then each plugin's `scan_deadlines(ctx, now)` hook may return its own events (`ScanEvent`),
published once each as well (guarded by `claim`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import and_, insert, not_, select, update

from core import clock, modules
from core.audit import acting_as
from core.deadlines.events import DeadlineApproaching, DeadlineMissed
from core.deadlines.models import RUNNING_STATES, ChangeAction, Deadline, DeadlineChange, DeadlineState
from core.events.data import EventData, event_class_of
from core.extensions import db
from core.models import Region
from core.models.base import utcnow
from core.plugins.host import get_host
from core.subjects import SubjectRef, subject_key
from core.tenancy import unscoped
from core.workcalendar import WorkCalendar

log = logging.getLogger(__name__)
DEFAULT_WARNING_DAYS = 3


@dataclass(frozen=True)
class ScanEvent:
    """An event a plugin's `scan_deadlines` hook asks the core to publish (once).

    `data` is the event (an instance of an event class); `subject` is a record or a
    `core.subjects.SubjectRef`; `dedupe` distinguishes several events of one name about one
    subject (default: one per name and subject, ever).
    """

    data: EventData
    region_id: int | None
    subject: Any = None
    dedupe: str | None = None


@dataclass
class ScanReport:
    """What one scan published."""

    today: dt.date
    warn_until: dt.date
    approaching: int = 0
    missed: int = 0
    plugin_events: int = 0
    #: Plugin events not published: already published before, or plugin off for the region.
    plugin_events_skipped: int = 0

    def __str__(self) -> str:
        return (
            f"{self.today.isoformat()}：即将到期 {self.approaching}（截至 {self.warn_until.isoformat()}），"
            f"逾期 {self.missed}，插件事件 {self.plugin_events}（跳过 {self.plugin_events_skipped}）"
        )


_COLUMNS = (
    "id",
    "region_id",
    "plugin_key",
    "subject_type",
    "subject_id",
    "kind",
    "label",
    "basis",
    "due_date",
    "provisional",
    "responsible_unit_id",
    "staff_user_id",
)


def warning_days() -> int:
    """``FAZHI_DEADLINE_WARNING_DAYS``: working days ahead a deadline counts as approaching."""
    return int(current_app.config.get("FAZHI_DEADLINE_WARNING_DAYS", DEFAULT_WARNING_DAYS))


def switched_off(plugin_keys: list[str] | None = None) -> dict[str, list[int]]:
    """{plugin key: ids of the regions where it is switched off}, for switchable plugins."""
    keys = get_host().switchable_keys if plugin_keys is None else plugin_keys
    with unscoped():
        every = frozenset(db.session.execute(select(Region.id)).scalars())
    off = {}
    for key in keys:
        enabled = modules.enabled_region_ids(key, every) or frozenset()
        if len(enabled) < len(every):
            off[key] = sorted(every - enabled)
    return off


def switched_off_clause(table: Any = None) -> list[Any]:
    """WHERE terms leaving out deadlines of plugins switched off for the deadline's region."""
    t = Deadline.__table__ if table is None else table
    return [not_(and_(t.c.plugin_key == key, t.c.region_id.in_(ids))) for key, ids in switched_off().items()]


def scan(today: dt.date | None = None, *, warn_days: int | None = None) -> ScanReport:
    """Publish the approaching and missed deadlines as of `today` (default: the local date).

    Runs as the system, across all regions; the caller commits (the events go out after it).
    """
    from core.events.publishing import publish_many

    today = today or clock.today()
    days = warning_days() if warn_days is None else warn_days
    session = db.session
    with unscoped(), acting_as(None):
        cal = WorkCalendar.from_session(session)
        warn_until = cal.add_working_days(today, days).date
        report = ScanReport(today=today, warn_until=warn_until)
        t = Deadline.__table__
        stamp = utcnow()
        live = [t.c.state.in_(RUNNING_STATES), *switched_off_clause(t)]
        returning = [t.c[name] for name in _COLUMNS]

        # Missed first: a deadline found past due for the first time is missed, not approaching.
        missed = session.execute(
            update(t)
            .where(*live, t.c.due_date < today)
            .values(state=DeadlineState.MISSED.value, missed_notified_at=stamp)
            .returning(*returning)
        ).all()
        if missed:
            session.execute(
                insert(DeadlineChange.__table__),
                [
                    {
                        "deadline_id": row.id,
                        "region_id": row.region_id,
                        "action": ChangeAction.MISSED.value,
                        "on_date": today,
                        "old_due_date": row.due_date,
                        "new_due_date": row.due_date,
                        "reason": "期限届满未完成（期限扫描）",
                        "approved_by": "",
                        "username": "",
                        "at": stamp,
                    }
                    for row in missed
                ],
            )
        publish_many(
            (DeadlineMissed.of(row), row.region_id, SubjectRef(row.subject_type, row.subject_id)) for row in missed
        )
        report.missed = len(missed)

        approaching = session.execute(
            update(t)
            .where(*live, t.c.due_date >= today, t.c.due_date <= warn_until, t.c.approaching_notified_at.is_(None))
            .values(approaching_notified_at=stamp)
            .returning(*returning)
        ).all()
        publish_many(
            (
                DeadlineApproaching.of(row, working_days_left=_working_days_between(cal, today, row.due_date)),
                row.region_id,
                SubjectRef(row.subject_type, row.subject_id),
            )
            for row in approaching
        )
        report.approaching = len(approaching)

        _publish_plugin_events(report, clock.now() if today == clock.today() else _at(today))
    return report


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=clock.local_zone())


def _working_days_between(cal: WorkCalendar, today: dt.date, due: dt.date) -> int:
    """Working days after today up to and including the due date (0: due today)."""
    count, day = 0, today
    while day < due:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            count += 1
    return count


def _as_scan_event(item: Any) -> ScanEvent:
    if isinstance(item, ScanEvent):
        return item
    if isinstance(item, dict):
        return ScanEvent(**item)
    raise TypeError(f"scan_deadlines() 返回了无法识别的事件：{item!r}（请返回 core.deadlines.ScanEvent）")


def _publish_plugin_events(report: ScanReport, now: dt.datetime) -> None:
    from core.events import claim, publish

    host = get_host()
    enabled = cache(modules.is_enabled)
    for key, result in host.call_each("scan_deadlines", ctx=None, now=now):
        for item in result or ():
            try:
                event = _as_scan_event(item)
                switchable = key in host.plugins and host.plugins[key].switchable
                if switchable and event.region_id is not None and not enabled(key, event.region_id):
                    report.plugin_events_skipped += 1
                    continue
                # Check everything `publish` would refuse before claiming, so a bad item leaves no
                # claim behind (no savepoints: pysqlite's are unreliable).
                name = event_class_of(event.data).name
                event.data.to_payload()
                subject = event.subject
                ref = ":".join(str(part) for part in subject_key(subject)) if subject is not None else ""
                if not claim(f"deadline-scan:{name}:{ref}:{event.dedupe or ''}"):
                    report.plugin_events_skipped += 1
                    continue
                publish(event.data, region_id=event.region_id, subject=subject)
                report.plugin_events += 1
            except Exception as exc:  # one bad item must not stop the scan
                host.report_failure(key, "scan_deadlines", exc)
