"""`publish()`: write an event into the caller's transaction (the transactional outbox).

The outbox row and one `event_delivery` row per subscribed handler are inserted through the
caller's session, so they commit with the change that caused them and vanish if it rolls
back. The session remembers the ids it published; a SQLAlchemy ``after_commit`` listener only
moves them to a "committed" list — no SQL there (DESIGN: SQL inside ``after_commit`` breaks
the session) — and `core.events.dispatch` delivers them after the request, or the worker later.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from flask import current_app
from sqlalchemy import insert, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from core.audit import current_actor
from core.events.bus import get_registry
from core.events.data import EventData, event_class_of
from core.events.models import DeliveryState, EventDelivery, OutboxEvent
from core.events.types import Event
from core.extensions import db, listen_on_sessions
from core.models.base import utcnow

#: `Session.info` keys: outbox ids published in the open transaction, and those committed.
PUBLISHED_KEY = "fazhi_events_published"
COMMITTED_KEY = "fazhi_events_committed"
#: Set while the session's open transaction has written something (flush or DML statement).
WROTE_KEY = "fazhi_events_wrote"
#: Built once: at a thousand events per transaction, building the statement each time shows.
_INSERT_EVENT = insert(OutboxEvent.__table__).returning(OutboxEvent.__table__.c.id)
_INSERT_DELIVERY = insert(EventDelivery.__table__)


def _subject_ref(session: Session, subject: object | None) -> tuple[str, int | None]:
    if subject is None:
        return "", None
    table = getattr(subject, "__tablename__", None)
    if not table:
        raise TypeError(f"事件主体 {subject!r} 不是数据库记录（没有 __tablename__）")
    subject_id = getattr(subject, "id", None)
    if subject_id is None and inspect(subject, raiseerr=False) is not None and subject in session:
        session.flush()  # a record created in this transaction gets its id now
        subject_id = subject.id  # type: ignore[attr-defined]
    if subject_id is None:
        raise ValueError(f"事件主体 {table} 还没有 id（请先保存记录）")
    return table, subject_id


def _envelope(
    data: EventData, region_id: int | None, subject_ref: tuple[str, int | None], actor_id: int | None
) -> Event:
    event_class_of(data)
    return Event(
        id=uuid.uuid4().hex,
        name=data.name,
        region_id=region_id,
        subject_type=subject_ref[0],
        subject_id=subject_ref[1],
        actor_id=actor_id,
        occurred_at=utcnow(),
        payload=data.to_payload(),
        data=data,
    )


def _deliveries(row_id: int, event: Event, subscriptions: Iterable[Any]) -> list[dict[str, Any]]:
    # One row per handler, written now: a handler added later does not get old events,
    # and a worker needs nothing but this table to know what is left to do.
    return [
        {
            "event_id": row_id,
            "event_name": event.name,
            "region_id": event.region_id,
            "plugin_key": s.plugin_key,
            "handler": s.name,
            "state": DeliveryState.PENDING.value,
            "attempts": 0,
            "next_attempt_at": event.occurred_at,
            "last_error": "",
        }
        for s in subscriptions
    ]


_COLUMNS = ("name", "region_id", "subject_type", "subject_id", "actor_id", "occurred_at", "payload")


def publish(data: EventData, *, region_id: int | None, subject: object | None = None) -> Event:
    """Publish the event `data` (an instance of an event class) in the current transaction.

    The caller commits (or rolls back). `subject` is the record the event is about (its table
    name and id are stored; it is flushed first if it has no id yet); the actor is
    `core.audit.current_actor()`. After the commit the event is delivered to the handlers of
    the plugins switched on for `region_id`, each getting `data` back as ``event.data``.
    """
    event_class_of(data)
    session = db.session()
    event = _envelope(data, region_id, _subject_ref(session, subject), getattr(current_actor(), "id", None))
    row_id = session.execute(_INSERT_EVENT, {"uid": event.id, **{c: getattr(event, c) for c in _COLUMNS}}).scalar_one()
    subscriptions = get_registry(current_app).subscriptions(event.name)
    if subscriptions:
        session.execute(_INSERT_DELIVERY, _deliveries(row_id, event, subscriptions))
        session.info.setdefault(PUBLISHED_KEY, []).append(row_id)
    return event


#: Many outbox rows in one executemany, their ids back in the order given.
_INSERT_EVENTS = insert(OutboxEvent.__table__).returning(OutboxEvent.__table__.c.id, sort_by_parameter_order=True)


def publish_many(items: Iterable[tuple[EventData, int | None, object | None]]) -> list[Event]:
    """Publish several events in the current transaction with two statements in all.

    Each item is ``(data, region_id, subject)``, checked as `publish` checks them; the outcome
    is the same as calling `publish` for each, in order. For bulk publishers such as the
    deadline scan, whose thousands of events would otherwise cost a round trip or two each.
    """
    session = db.session()
    actor_id = getattr(current_actor(), "id", None)
    events = [
        _envelope(data, region_id, _subject_ref(session, subject), actor_id) for data, region_id, subject in items
    ]
    if not events:
        return []
    ids = (
        session.execute(_INSERT_EVENTS, [{"uid": e.id, **{c: getattr(e, c) for c in _COLUMNS}} for e in events])
        .scalars()
        .all()
    )
    registry = get_registry(current_app)
    deliveries = [
        row
        for row_id, e in zip(ids, events, strict=True)
        for row in _deliveries(row_id, e, registry.subscriptions(e.name))
    ]
    if deliveries:
        session.execute(_INSERT_DELIVERY, deliveries)
        delivered = {d["event_id"] for d in deliveries}
        session.info.setdefault(PUBLISHED_KEY, []).extend(i for i in ids if i in delivered)
    return events


def _after_commit(session: Session) -> None:
    # No SQL here: only move the ids; delivery happens after the request or in the worker.
    session.info.pop(WROTE_KEY, None)
    published = session.info.pop(PUBLISHED_KEY, None)
    if published:
        session.info.setdefault(COMMITTED_KEY, []).extend(published)


def _after_rollback(session: Session) -> None:
    # The outbox rows are gone with the transaction; so is the memory of them.
    session.info.pop(PUBLISHED_KEY, None)
    session.info.pop(WROTE_KEY, None)


def _after_flush(session: Session, flush_context: object) -> None:
    session.info[WROTE_KEY] = True


def _after_dml(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE_KEY] = True


def has_uncommitted_writes(session: Session) -> bool:
    """Whether `session` has pending changes or wrote in its open transaction without committing.

    Delivering beside such a session could wait for its locks (SQLite's write lock, a row lock
    on PostgreSQL) while it waits for us: in-process delivery is skipped then.
    """
    return bool(session.info.get(WROTE_KEY) or session.new or session.dirty or session.deleted)


def take_committed(session: Session) -> list[int]:
    """Pop the outbox ids `session` committed since the last call (to deliver them now)."""
    return session.info.pop(COMMITTED_KEY, None) or []


def install_session_listeners() -> None:
    """Register the commit/rollback listeners (idempotent, process-wide like the audit's)."""
    listen_on_sessions(
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
        ("after_flush", _after_flush),
        ("do_orm_execute", _after_dml),
    )
