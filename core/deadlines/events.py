"""The core's deadline events: published by the scan, a late `meet_deadline` and the recount.

Each names the deadline's record as its subject, so a notice it causes sits on that record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from core.events.data import EventData

E = TypeVar("E", bound="DeadlineEvent")


@dataclass(frozen=True, kw_only=True)
class DeadlineEvent(EventData):
    """What every ``core.deadline.*`` event says about its deadline."""

    deadline_id: int
    #: The plugin that opened the deadline (its rules and handlers look at their own only).
    plugin_key: str
    #: The deadline's kind within its record ("decision", "defence", …).
    kind: str
    label: str
    basis: str = ""
    due_date: dt.date
    #: Counted on a year the calendar does not know yet.
    provisional: bool = False
    responsible_unit_id: int | None = None
    staff_user_id: int | None = None

    @classmethod
    def of(cls: type[E], deadline: Any, **extra: Any) -> E:
        """The event about `deadline` (a `Deadline`, or a row with its columns such as the scan's)."""
        return cls(
            deadline_id=deadline.id,
            plugin_key=deadline.plugin_key,
            kind=deadline.kind,
            label=deadline.label,
            basis=deadline.basis or "",
            due_date=deadline.due_date,
            provisional=bool(deadline.provisional),
            responsible_unit_id=deadline.responsible_unit_id,
            staff_user_id=deadline.staff_user_id,
            **extra,
        )

    @property
    def due_text(self) -> str:
        """The due date as a notice writes it ("2024-10-10", or "2024-10-10（暂定）")."""
        return f"{self.due_date.isoformat()}（暂定）" if self.provisional else self.due_date.isoformat()


@dataclass(frozen=True, kw_only=True)
class DeadlineApproaching(DeadlineEvent):
    """A running deadline falls due within ``FAZHI_DEADLINE_WARNING_DAYS`` working days (once per due date)."""

    name: ClassVar[str] = "core.deadline.approaching"
    #: Working days after the scan's day up to and including the due date (0: due today).
    working_days_left: int = 0


@dataclass(frozen=True, kw_only=True)
class DeadlineMissed(DeadlineEvent):
    """A running deadline passed its last day (the scan), or was met late (`meet_deadline`)."""

    name: ClassVar[str] = "core.deadline.missed"
    #: The late date it was met on (only when published by `meet_deadline`).
    met_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class DeadlineRecomputed(DeadlineEvent):
    """A calendar change moved the deadline's due date or provisional flag."""

    name: ClassVar[str] = "core.deadline.recomputed"
    old_due_date: dt.date | None = None
