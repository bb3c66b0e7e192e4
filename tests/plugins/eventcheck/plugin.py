"""Handlers for the event bus tests; their effects are `hookcheck` inspection objects.

Each handler that creates something guards it with `claim()`, as every handler of the
project must, so replays and redeliveries create nothing twice. What a handler does is
driven by the event's payload, so a worker in another process behaves the same:
``fail`` makes `on_thing_failed` raise, ``sleep`` makes `on_thing_slowed` wait (seconds),
``cascade`` makes `on_thing_happened` publish ``eventcheck.thing.followed``.
"""

from __future__ import annotations

import time
from typing import Any

from core.events import Event, claim, publish
from core.extensions import db
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tests.plugins.hookcheck.models import InspectionObject

KEY = "eventcheck"
#: Names of the handlers run in this process, in order (for the order test).
runs: list[str] = []


def _effect(label: str, event: Event) -> None:
    if claim(f"eventcheck:{label}:{event.id}"):
        db.session.add(InspectionObject(name=f"{label}:{event.id}", region_id=event.region_id))


def on_thing_happened(event: Event) -> None:
    """Create one effect per event; publish a follow-up when asked."""
    runs.append("happened")
    _effect("happened", event)
    if event.payload.get("cascade"):
        publish("eventcheck.thing.followed", region_id=event.region_id, payload={"after": event.id})


def on_thing_failed(event: Event) -> None:
    """Raise when the payload says so (a broken downstream system)."""
    runs.append("failed")
    if event.payload.get("fail"):
        raise RuntimeError("下游系统不可用（测试）")
    _effect("failed", event)


def on_thing_slowed(event: Event) -> None:
    """Take `payload["sleep"]` seconds, holding the delivery's transaction open."""
    runs.append("slowed")
    _effect("slowed", event)
    db.session.flush()
    time.sleep(float(event.payload.get("sleep", 0)))


def on_thing_followed(event: Event) -> None:
    """The handler of the cascaded event."""
    runs.append("followed")
    _effect("followed", event)


def on_object_created(event: Event) -> None:
    """A second plugin's handler of a hookcheck event (module switch test)."""
    runs.append("object_created")
    _effect("object_created", event)


@hookimpl
def describe_plugin() -> PluginInfo:
    """The event bus test plugin."""
    return PluginInfo(key=KEY, title="事件测试", title_en="Event check", requires=("hookcheck",))


@hookimpl
def register_event_handlers() -> dict[str, list[Any]]:
    """Handlers in a fixed order, one of them a closure only the bus holds on to."""

    def on_thing_closure(event: Event) -> None:
        # Defined in here: with blinker's default weak references it would vanish at once.
        runs.append("closure")

    return {
        "eventcheck.thing.happened": [on_thing_happened, on_thing_failed, on_thing_slowed, on_thing_closure],
        "eventcheck.thing.followed": [on_thing_followed],
        "hookcheck.object.created": [on_object_created],
    }
