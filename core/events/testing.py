"""Helpers for tests: run the worker synchronously, at a chosen time."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app

from core.events.delivery import BatchReport
from core.events.worker import Worker
from core.models.base import utcnow


def deliver_pending(app: Flask | None = None, *, now: datetime | None = None, batch: int | None = None) -> BatchReport:
    """Run the worker until nothing is due (``flask events work --once``), as if at `now`.

    Call inside an app context. Returns the counts of what happened.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    clock = (lambda: now) if now is not None else utcnow
    return Worker(app, batch=batch, clock=clock).drain()
