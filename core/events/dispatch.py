"""The bus of one app: its registry and settings, and delivery right after a request commits."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, Response, current_app

from core.events.delivery import SwitchCache
from core.events.publishing import has_uncommitted_writes, install_session_listeners, take_committed
from core.events.registry import EventRegistry, build_registry
from core.events.settings import BusSettings
from core.extensions import db
from core.plugins.host import get_host

log = logging.getLogger(__name__)
EXTENSION_KEY = "fazhi.events"


@dataclass
class EventBus:
    """What one app's bus holds (``app.extensions["fazhi.events"]``)."""

    registry: EventRegistry
    settings: BusSettings
    #: Module switch answers shared by the app's deliveries (requests and workers).
    switches: SwitchCache


def install(app: Flask) -> EventBus:
    """Start the bus of `app`: collect the handlers, listen to commits, deliver after requests."""
    install_session_listeners()
    host = get_host(app)
    bus = EventBus(registry=build_registry(host), settings=BusSettings.from_app(app), switches=SwitchCache(host))
    app.extensions[EXTENSION_KEY] = bus
    app.after_request(_deliver_after_request)
    return bus


def get_bus(app: Flask | None = None) -> EventBus:
    """The `EventBus` of `app` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION_KEY]


def get_registry(app: Flask | None = None) -> EventRegistry:
    """The handler registry of `app` (default: the current app)."""
    return get_bus(app).registry


def deliver_committed(app: Flask | None = None) -> None:
    """Deliver now what the current session has committed since the last call.

    Requests do this by themselves (after the response is built); command-line code may call
    it after its commit, or leave the events to the worker. Never raises: a delivery that
    cannot run now stays pending for the worker.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if not db.session.registry.has():
        return
    session = db.session()
    if has_uncommitted_writes(session):
        # The caller still holds locks our delivery might need: leave it all to the worker.
        log.info("events: uncommitted writes after the commit; delivery left to the worker")
        return
    ids = take_committed(session)
    if not ids:
        return
    from core.events.worker import deliver_now

    try:
        deliver_now(app, ids)
    except Exception:
        log.exception("in-process delivery of %d event(s) failed; the worker will retry", len(ids))


def _deliver_after_request(response: Response) -> Response:
    if get_bus().settings.deliver_after_request:
        deliver_committed()
    return response
