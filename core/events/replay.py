"""Replaying deliveries: back to pending, due now, audited. Handlers are idempotent, so it is safe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from core.audit import record_event
from core.events.models import DeliveryState, EventDelivery
from core.extensions import db
from core.models.base import utcnow
from core.tenancy import unscoped


def replay_deliveries(deliveries: Iterable[EventDelivery], *, by: Any = None) -> int:
    """Put `deliveries` back to pending with a fresh count of attempts; the caller commits.

    A row a worker holds right now (pending or failed under a live lease) is left alone.
    Each replay writes an ``event_replay`` audit entry. Returns how many were reset.
    """
    now = utcnow()
    count = 0
    for delivery in deliveries:
        locked_until = delivery.locked_until
        if locked_until is not None and locked_until.tzinfo is None:  # SQLite: naive UTC
            locked_until = locked_until.replace(tzinfo=now.tzinfo)
        if locked_until is not None and locked_until > now:
            continue
        before = (str(delivery.state), delivery.attempts)
        delivery.state = DeliveryState.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = now
        delivery.locked_by = None
        delivery.locked_until = None
        record_event(
            "event_replay",
            user=by,
            region_id=delivery.region_id,
            subject_type=EventDelivery.__tablename__,
            subject_id=delivery.id,
            summary=f"{delivery.event_name} → {delivery.handler}",
            changes={"state": [before[0], DeliveryState.PENDING.value], "attempts": [before[1], 0]},
        )
        count += 1
    return count


def replay_events(
    event_ids: Iterable[int] | None = None, *, states: Iterable[str] | None = None, by: Any = None
) -> int:
    """Replay the deliveries of the given outbox events (None: every event); the caller commits.

    `states` limits it (e.g. ``["dead"]``); by default every delivery that is not already waiting.
    """
    wanted = list(states) if states is not None else [s.value for s in DeliveryState if s != DeliveryState.PENDING]
    query = select(EventDelivery).where(EventDelivery.state.in_(wanted)).order_by(EventDelivery.id)
    if event_ids is not None:
        query = query.where(EventDelivery.event_id.in_(list(event_ids)))
    with unscoped():
        rows = db.session.execute(query).scalars().all()
        return replay_deliveries(rows, by=by)


def replay_dead(*, by: Any = None) -> int:
    """Replay every dead delivery; the caller commits."""
    return replay_events(states=[DeliveryState.DEAD.value], by=by)


__all__ = ["replay_dead", "replay_deliveries", "replay_events"]
