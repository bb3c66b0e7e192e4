"""The worker: claims due deliveries in batches and runs them (``flask events work``).

Several workers may run at once, on one machine or many (see `core.events.leases`). A worker
asked to stop (SIGTERM/SIGINT) finishes the batch it claimed; one killed outright leaves its
leased rows to be picked up when their lease runs out, with nothing half-done (see
`core.events.delivery`).
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable

from flask import Flask

from core.events.bus import get_bus
from core.events.delivery import BatchReport, Clock, DeliveryRunner
from core.events.leases import claim_due
from core.events.publishing import take_committed
from core.extensions import db
from core.models.base import utcnow
from core.tenancy import unscoped

log = logging.getLogger(__name__)


def new_token() -> str:
    """A lease token naming this worker (host, pid) and this claim."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


class Worker:
    """Claims and runs deliveries for one app; call inside its app context."""

    def __init__(
        self, app: Flask, *, batch: int | None = None, clock: Clock = utcnow, lock_timeout: float | None = None
    ) -> None:
        self.app = app
        self.bus = get_bus(app)
        self.batch = batch or self.bus.settings.batch
        self.clock = clock
        #: See `DeliveryRunner`: set for deliveries right after a request.
        self.lock_timeout = lock_timeout
        self.stopping = False
        #: Called once per batch and once per idle poll (`core.heartbeats.Heartbeat` for a service).
        self.heartbeat: Callable[[], None] | None = None

    def run_batch(self, event_ids: list[int] | None = None) -> BatchReport:
        """Claim one batch of due deliveries (of `event_ids` only, if given) and run it."""
        token = new_token()
        session = db.session
        session.rollback()  # the claim must start a fresh transaction (SQLite: no stale snapshot)
        with unscoped():  # bus bookkeeping is system work, even right after a scoped request
            return self._claim_and_run(token, event_ids)

    def _claim_and_run(self, token: str, event_ids: list[int] | None) -> BatchReport:
        session = db.session
        claimed = claim_due(
            session,
            token=token,
            batch=self.batch,
            lease=self.bus.settings.lease,
            now=self.clock(),
            event_ids=event_ids,
            async_commit=self.bus.settings.async_commit,
        )
        runner = DeliveryRunner(
            self.bus.registry, self.bus.switches, self.bus.settings, token, self.clock, self.lock_timeout
        )
        return runner.run(claimed)

    def drain(self, max_batches: int | None = None) -> BatchReport:
        """Run batches until nothing is due (or `max_batches` ran); the ``--once`` mode."""
        total = BatchReport()
        batches = 0
        while not self.stopping and (max_batches is None or batches < max_batches):
            if self.heartbeat is not None:
                self.heartbeat()
            report = self.run_batch()
            # Events published by handlers are picked up by the next claim; forget the ids.
            take_committed(db.session())
            batches += 1
            total.add(report)
            if report.claimed == 0:
                break
        return total

    def run_forever(self, sleep: Callable[[float], None] = time.sleep) -> BatchReport:
        """Drain, sleep `poll_seconds` when idle, repeat until `stop()`.

        A database that goes away (restart, network) is logged and tried again after the poll
        interval: a long-running worker outlives it. Handler errors never get this far.
        """
        total = BatchReport()
        while not self.stopping:
            try:
                report = self.drain()
            except Exception:
                log.exception("event worker: batch failed; retrying in %s s", self.bus.settings.poll_seconds)
                db.session.rollback()
                report = BatchReport()
            total.add(report)
            if report.claimed:
                log.info("events: %s", report)
            if not self.stopping:
                sleep(self.bus.settings.poll_seconds)
        return total

    def stop(self, *_: object) -> None:
        """Finish the batch in progress, then stop (a signal handler)."""
        self.stopping = True


def deliver_now(app: Flask, outbox_ids: list[int], *, rounds: int = 10, clock: Clock = utcnow) -> BatchReport:
    """Deliver the pending rows of the given events now, and of the events their handlers publish.

    Runs in a fresh app context, so the caller's session (a request's) is left alone. Cascades
    stop after `rounds` generations; anything left is the worker's.
    """
    total = BatchReport()
    with app.app_context():
        worker = Worker(app, clock=clock, lock_timeout=get_bus(app).settings.request_lock_timeout)
        ids = list(outbox_ids)
        for _ in range(rounds):
            if not ids:
                break
            while True:
                report = worker.run_batch(event_ids=ids)
                total.add(report)
                if report.claimed < worker.batch:
                    break
            ids = take_committed(db.session())
    return total
