"""The event bus test plugin's events; their fields drive what its handlers do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import EventData


@dataclass(frozen=True, kw_only=True)
class ThingHappened(EventData):
    """Something happened; the flags tell the handlers how to behave."""

    name: ClassVar[str] = "eventcheck.thing.happened"
    #: `on_thing_failed` raises.
    fail: bool = False
    #: `on_thing_happened` publishes `ThingFollowed`.
    cascade: bool = False
    #: Seconds `on_thing_slowed` holds its transaction open.
    sleep: float = 0.0
    #: `on_thing_slowed` leaves an unguarded trace.
    probe: bool = False
    #: A serial number (tests publishing many).
    i: int = 0


@dataclass(frozen=True, kw_only=True)
class ThingFollowed(EventData):
    """Published by the handler of `ThingHappened` when asked to cascade."""

    name: ClassVar[str] = "eventcheck.thing.followed"
    #: The id of the event that caused it.
    after: str


@dataclass(frozen=True)
class ThingIgnored(EventData):
    """Nobody handles it."""

    name: ClassVar[str] = "eventcheck.thing.ignored"
