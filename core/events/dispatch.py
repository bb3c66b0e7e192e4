"""The bus of one app: its registry and settings, and delivery right after a request commits."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app

from core.events.bus import EXTENSION_KEY, EventBus, get_bus, get_registry
from core.events.delivery import SwitchCache
from core.events.publishing import has_uncommitted_writes, install_session_listeners, take_committed
from core.events.registry import build_registry
from core.events.settings import BusSettings
from core.events.worker import deliver_now
from core.extensions import db
from core.plugins.host import get_host

log = logging.getLogger(__name__)
__all__ = ["EventBus", "deliver_committed", "get_bus", "get_registry", "install"]


def install(app: Flask) -> EventBus:
    """Start the bus of `app`: collect the handlers, listen to commits, deliver after requests."""
    install_session_listeners()
    host = get_host(app)
    bus = EventBus(registry=build_registry(host), settings=BusSettings.from_app(app), switches=SwitchCache(host))
    app.extensions[EXTENSION_KEY] = bus
    app.after_request(_deliver_after_request)
    return bus


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
    try:
        deliver_now(app, ids)
    except Exception:
        log.exception("in-process delivery of %d event(s) failed; the worker will retry", len(ids))


def _deliver_after_request(response: Response) -> Response:
    if get_bus().settings.deliver_after_request:
        deliver_committed()
    return response
