"""The event as handlers receive it: the envelope of one published fact, with its typed data."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from core.events.data import EVENT_NAME, EventData, check_event_name

__all__ = ["EVENT_NAME", "Event", "check_event_name"]

D = TypeVar("D", bound=EventData)


@dataclass(frozen=True)
class Event(Generic[D]):
    """One published fact: who, where, about what and when, and `data`, the event class's instance.

    Handlers are annotated with the class they handle (``def on_missed(event: Event[DeadlineMissed])``)
    and read the fields as attributes of `event.data`. Each handler gets its own copy.
    """

    #: Unique id (UUID in hex); the same on every delivery and replay — a good idempotency key part.
    id: str
    #: ``<plugin>.<entity>.<past-tense verb>`` (the event class's `name`).
    name: str
    #: The region the fact belongs to (None for suite-wide facts).
    region_id: int | None
    #: Table name of the record the event is about ("" when none).
    subject_type: str
    subject_id: int | None
    #: The user who caused it (None: the system).
    actor_id: int | None
    #: When it was published (UTC).
    occurred_at: datetime
    #: The fields as stored in the outbox (JSON: dates as ISO strings).
    payload: dict[str, Any] = field(default_factory=dict)
    #: The event class's instance (None only on an envelope read without knowing its class).
    data: D = None  # type: ignore[assignment]

    @classmethod
    def from_row(cls, row: Any, data_class: type[D] | None = None) -> Event[D]:
        """Build an event from an `event_outbox` row (ORM object or Core row), typed if `data_class`."""
        occurred = row.occurred_at
        if occurred.tzinfo is None:  # SQLite returns naive datetimes; they are stored in UTC
            occurred = occurred.replace(tzinfo=UTC)
        payload = dict(row.payload or {})
        return cls(
            id=row.uid,
            name=row.name,
            region_id=row.region_id,
            subject_type=row.subject_type or "",
            subject_id=row.subject_id,
            actor_id=row.actor_id,
            occurred_at=occurred,
            payload=payload,
            data=data_class.from_payload(payload) if data_class is not None else None,  # type: ignore[arg-type]
        )

    def copy_for_handler(self, data_class: type[EventData] | None = None) -> Event[Any]:
        """A copy with its own payload and its data rebuilt from it (as `data_class`), for one handler."""
        payload = copy.deepcopy(self.payload)
        return Event(
            id=self.id,
            name=self.name,
            region_id=self.region_id,
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            actor_id=self.actor_id,
            occurred_at=self.occurred_at,
            payload=payload,
            data=data_class.from_payload(payload) if data_class is not None else self.data,
        )
