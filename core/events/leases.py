"""Claiming due deliveries for one worker, safely beside other workers.

A claim is one statement in a transaction of its own: it sets the worker's lease token and
lease end on up to `batch` runnable rows that are due and not leased, counts the attempt, and
returns their ids. PostgreSQL picks the rows with ``FOR UPDATE SKIP LOCKED`` (workers never
wait on, nor take, each other's rows); SQLite runs the same UPDATE under its single write lock,
so two workers on one file cannot claim a row twice either.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Table, or_, select, update
from sqlalchemy.orm import Session

from core.events.models import RUNNABLE_STATES, EventDelivery


def _due(table: Table, now: datetime, event_ids: Iterable[int] | None):  # type: ignore[no-untyped-def]
    criteria = [
        table.c.state.in_(RUNNABLE_STATES),
        table.c.next_attempt_at <= now,
        or_(table.c.locked_until.is_(None), table.c.locked_until < now),
    ]
    if event_ids is not None:
        criteria.append(table.c.event_id.in_(sorted(set(event_ids))))
    return criteria


def claim_due(
    session: Session,
    *,
    token: str,
    batch: int,
    lease: timedelta,
    now: datetime,
    event_ids: Iterable[int] | None = None,
) -> list[int]:
    """Lease up to `batch` due deliveries (of `event_ids` only, if given) to `token`; commits.

    Returns the claimed delivery ids in publication order. The session must have no work of its
    own in progress: the claim commits.
    """
    table: Table = EventDelivery.__table__  # type: ignore[assignment]
    ids = list(event_ids) if event_ids is not None else None
    if ids is not None and not ids:
        return []
    due = _due(table, now, ids)
    values = {"locked_by": token, "locked_until": now + lease, "attempts": table.c.attempts + 1}
    picked = select(table.c.id).where(*due).order_by(table.c.next_attempt_at, table.c.id).limit(batch)
    if session.get_bind().dialect.name == "postgresql":
        # A CTE is evaluated once: the LIMIT and the row locks apply to exactly the rows updated.
        cte = picked.with_for_update(skip_locked=True).cte("due")
        stmt = update(table).where(table.c.id == cte.c.id).values(values).returning(table.c.id)
    else:
        # SQLite: one UPDATE under the database write lock; the outer WHERE repeats the test so
        # the statement alone decides, whatever another connection did before it.
        stmt = update(table).where(table.c.id.in_(picked), *due).values(values).returning(table.c.id)
    claimed = sorted(session.execute(stmt).scalars())
    session.commit()
    return claimed
