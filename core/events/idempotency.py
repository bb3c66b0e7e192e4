"""`claim(key)`: the idempotency helper every handler that creates something uses.

Delivery is at least once (a replay, a worker that died after the handler ran but before the
bus recorded it…), so a handler guards what it creates with a key derived from the event:
``if claim(f"notice:{rule.key}:{event.subject_type}:{event.subject_id}"): create the notice``.
The key row is inserted in the handler's own transaction, so the key and the thing it guards
commit or roll back together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from core.events.models import IdempotencyKey
from core.extensions import db
from core.models.base import utcnow

#: The uid of the event being delivered, recorded beside the keys its handlers claim.
_current_event_uid: ContextVar[str | None] = ContextVar("fazhi_event_uid", default=None)
_MAX_KEY = 255


@contextmanager
def delivering(event_uid: str) -> Iterator[None]:
    """Mark the block as the delivery of `event_uid` (the keys claimed in it point back to it)."""
    token = _current_event_uid.set(event_uid)
    try:
        yield
    finally:
        _current_event_uid.reset(token)


def claim_key(key: str) -> str:
    """`key` as it is stored: a long key keeps a readable prefix and the hash of the whole."""
    if not isinstance(key, str) or not key:
        raise ValueError("幂等键必须是非空字符串")
    if len(key) <= _MAX_KEY:
        return key
    # Long keys keep a readable prefix and stay unique through the hash of the whole key.
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: _MAX_KEY - 65]}#{digest}"


def claim(key: str) -> bool:
    """Claim `key` in the current transaction: True the first time, False if it was claimed before.

    Never aborts the caller's transaction: a conflict is answered by ``ON CONFLICT DO NOTHING``
    (PostgreSQL and SQLite). On PostgreSQL a concurrent claim of the same key waits for the
    first transaction and then answers False, or True if that one rolled back.
    """
    table = IdempotencyKey.__table__
    values = {"key": claim_key(key), "event_uid": _current_event_uid.get(), "claimed_at": utcnow()}
    session = db.session
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt = pg_insert(table).values(values).on_conflict_do_nothing(index_elements=["key"])
    elif dialect == "sqlite":
        stmt = sqlite_insert(table).values(values).on_conflict_do_nothing(index_elements=["key"])
    else:  # other databases: look first, and let a savepoint absorb a concurrent insert
        if session.execute(select(table.c.id).where(table.c.key == values["key"])).first():
            return False
        try:
            with session.begin_nested():
                session.execute(insert(table).values(values))
        except IntegrityError:
            return False
        return True
    # RETURNING, not rowcount: with implicit RETURNING (PostgreSQL) the driver reports -1.
    return session.execute(stmt.returning(table.c.id)).first() is not None
