"""The event as handlers receive it: a small frozen record of one domain fact."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: ``<plugin>.<entity>.<past-tense verb>``: lower-case words joined by dots, three parts.
EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def check_event_name(name: str) -> str:
    """Return `name` if it is ``<plugin>.<entity>.<past-tense verb>``; raise ValueError otherwise."""
    if not isinstance(name, str) or not EVENT_NAME.match(name):
        raise ValueError(f"事件名称 {name!r} 不符合“<插件>.<对象>.<过去式动词>”格式（如 admin_review.case.accepted）")
    return name


@dataclass(frozen=True)
class Event:
    """One published fact. Handlers get their own copy of the payload, so one cannot spoil another's."""

    #: Unique id (UUID in hex); the same on every delivery and replay — a good idempotency key part.
    id: str
    #: ``<plugin>.<entity>.<past-tense verb>``.
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
    #: The documented fields of this event name (docs/architecture.md, "Event catalogue").
    payload: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: Any) -> Event:
        """Build an event from an `event_outbox` row (ORM object or Core row)."""
        occurred = row.occurred_at
        if occurred.tzinfo is None:  # SQLite returns naive datetimes; they are stored in UTC
            occurred = occurred.replace(tzinfo=UTC)
        return cls(
            id=row.uid,
            name=row.name,
            region_id=row.region_id,
            subject_type=row.subject_type or "",
            subject_id=row.subject_id,
            actor_id=row.actor_id,
            occurred_at=occurred,
            payload=dict(row.payload or {}),
        )

    def copy_for_handler(self) -> Event:
        """A copy with its own payload, handed to one handler."""
        return Event(
            id=self.id,
            name=self.name,
            region_id=self.region_id,
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            actor_id=self.actor_id,
            occurred_at=self.occurred_at,
            payload=copy.deepcopy(self.payload),
        )
