"""Handlers for the event bus tests; their effects are `hookcheck` inspection objects.

Each handler that creates something guards it with `claim()`, as every handler of the
project must, so replays and redeliveries create nothing twice. What a handler does is
driven by the event's fields, so a worker in another process behaves the same:
``fail`` makes `on_thing_failed` raise, ``sleep`` makes `on_thing_slowed` wait (seconds),
``probe`` makes it leave an unguarded trace, ``cascade`` makes `on_thing_happened` publish
``eventcheck.thing.followed``.
"""

from __future__ import annotations

import os
import time
from typing import Any

from flask import Blueprint, abort, request
from flask_login import current_user

from core.events import Event, claim, publish
from core.extensions import db
from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from tests.plugins.eventcheck.events import ThingFollowed, ThingHappened
from tests.plugins.hookcheck.events import ObjectCreated
from tests.plugins.hookcheck.models import InspectionObject

KEY = "eventcheck"
#: Names of the handlers run in this process, in order (for the order test).
runs: list[str] = []


def _effect(label: str, event: Event) -> None:
    if claim(f"eventcheck:{label}:{event.id}"):
        db.session.add(InspectionObject(name=f"{label}:{event.id}", region_id=event.region_id))


def on_thing_happened(event: Event[ThingHappened]) -> None:
    """Create one effect per event; publish a follow-up when asked."""
    runs.append("happened")
    _effect("happened", event)
    # Publishing is creating too: guarded, so a replay does not publish the follow-up again.
    if event.data.cascade and claim(f"eventcheck:follow:{event.id}"):
        publish(ThingFollowed(after=event.id), region_id=event.region_id)


def on_thing_failed(event: Event[ThingHappened]) -> None:
    """Raise when the event says so (a broken downstream system)."""
    runs.append("failed")
    if event.data.fail:
        raise RuntimeError("下游系统不可用（测试）")
    _effect("failed", event)


def _probe(what: str, event: Event) -> None:
    path = os.environ.get("EVENTCHECK_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{what} {event.id} {os.getpid()} {time.time():.6f}\n")


def on_thing_slowed(event: Event[ThingHappened]) -> None:
    """Take `event.data.sleep` seconds, holding the delivery's transaction open.

    With `event.data.probe` it also writes a deliberately *unguarded* row, and (when
    ``EVENTCHECK_LOG`` names a file) start/end lines: a run the bus failed to keep atomic, or
    two runs of one delivery at once, would show in them (the worker process tests).
    """
    runs.append("slowed")
    _probe("start", event)
    _effect("slowed", event)
    if event.data.probe:
        db.session.add(InspectionObject(name=f"slowed-run:{event.id}", region_id=event.region_id))
    db.session.flush()
    time.sleep(event.data.sleep)
    _probe("end", event)


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


def publish_view() -> str:
    """POST /eventcheck/publish: publish one event for the user's region, in the request."""
    if not current_user.is_authenticated:
        abort(401)
    event = publish(
        ThingHappened(fail=bool(request.form.get("fail")), cascade=bool(request.form.get("cascade"))),
        region_id=current_user.region_id,
    )
    db.session.commit()
    if request.form.get("dirty"):
        # A write after the commit, never committed: the request still holds its locks.
        db.session.add(InspectionObject(name="未提交", region_id=current_user.region_id))
        db.session.flush()
    return event.id


@hookimpl
def register_blueprints(ctx: Any) -> list[Blueprint]:
    """A route publishing an event inside a request."""
    bp = Blueprint("eventcheck", __name__, url_prefix="/eventcheck")
    bp.add_url_rule("/publish", "publish", publish_view, methods=["POST"])
    return [bp]


@hookimpl
def register_event_handlers() -> dict[type, list[Any]]:
    """Handlers in a fixed order, one of them a closure only the bus holds on to."""

    def on_thing_closure(event: Event) -> None:
        # Defined in here: with blinker's default weak references it would vanish at once.
        runs.append("closure")

    return {
        ThingHappened: [on_thing_happened, on_thing_failed, on_thing_slowed, on_thing_closure],
        ThingFollowed: [on_thing_followed],
        ObjectCreated: [on_object_created],
    }
