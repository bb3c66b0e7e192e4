"""Claiming due deliveries for one worker, safely beside other workers.

A claim is one statement in a transaction of its own: it sets the worker's lease token and
lease end on up to `batch` runnable rows that are due and not leased, counts the attempt, and
returns their ids. PostgreSQL picks the rows with ``FOR UPDATE SKIP LOCKED`` (workers never
wait on, nor take, each other's rows); SQLite runs the same UPDATE under its single write lock,
so two workers on one file cannot claim a row twice either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Table, Update, bindparam, or_, select, text, update
from sqlalchemy.orm import Session

from core.events.models import RUNNABLE_STATES, EventDelivery


@dataclass(frozen=True)
class ClaimedDelivery:
    """A delivery row as claimed: what the runner needs, returned by the claim itself."""

    id: int
    event_id: int
    handler: str
    plugin_key: str
    region_id: int | None
    #: Attempts including this one.
    attempts: int


@cache
def _claim_statement(dialect: str, of_events: bool) -> Update:
    """The claim UPDATE for `dialect`, optionally limited to some events; built once per process."""
    table: Table = EventDelivery.__table__  # type: ignore[assignment]
    due = [
        table.c.state.in_(RUNNABLE_STATES),
        table.c.next_attempt_at <= bindparam("now"),
        or_(table.c.locked_until.is_(None), table.c.locked_until < bindparam("now")),
    ]
    if of_events:
        due.append(table.c.event_id.in_(bindparam("event_ids", expanding=True)))
    returned = (table.c.id, table.c.event_id, table.c.handler, table.c.plugin_key, table.c.region_id, table.c.attempts)
    values = {"locked_by": bindparam("token"), "locked_until": bindparam("until"), "attempts": table.c.attempts + 1}
    picked = select(table.c.id).where(*due).order_by(table.c.next_attempt_at, table.c.id).limit(bindparam("batch"))
    if dialect == "postgresql":
        # A CTE is evaluated once: the LIMIT and the row locks apply to exactly the rows updated.
        cte = picked.with_for_update(skip_locked=True).cte("due")
        return update(table).where(table.c.id == cte.c.id).values(values).returning(*returned)
    # SQLite: one UPDATE under the database write lock; the outer WHERE repeats the test so the
    # statement alone decides, whatever another connection did before it.
    return update(table).where(table.c.id.in_(picked), *due).values(values).returning(*returned)


def claim_due(
    session: Session,
    *,
    token: str,
    batch: int,
    lease: timedelta,
    now: datetime,
    event_ids: Iterable[int] | None = None,
    async_commit: bool = False,
) -> list[ClaimedDelivery]:
    """Lease up to `batch` due deliveries (of `event_ids` only, if given) to `token`; commits.

    Returns the claimed rows in publication order. The session must have no work of its own
    in progress; the caller commits (`DeliveryRunner.run` does, after reading the events in the
    same transaction). `async_commit` (PostgreSQL) does not wait for the WAL flush:
    a claim lost in a crash leaves its rows unleased, to be claimed again.
    """
    params: dict[str, object] = {"now": now, "token": token, "until": now + lease, "batch": batch}
    if event_ids is not None:
        params["event_ids"] = sorted(set(event_ids))
        if not params["event_ids"]:
            return []
    dialect = session.get_bind().dialect.name
    if async_commit and dialect == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    stmt = _claim_statement(dialect, event_ids is not None)
    # RETURNING gives the rows in no particular order; deliver them in publication order.
    return sorted((ClaimedDelivery(*r) for r in session.execute(stmt, params)), key=lambda c: (c.event_id, c.id))
