"""Running claimed deliveries: each handler in its own transaction, failures recorded, never raised.

For every claimed row the runner opens a transaction whose first statement re-asserts the
worker's lease on the row (on PostgreSQL that also locks the row until the commit, so no other
worker can take it even if the lease runs out meanwhile; on SQLite it takes the write lock). The
handler then runs inside `core.tenancy.unscoped()` and `core.audit.acting_as(None)`, and its
writes, the idempotency keys it claims and the row's "delivered" state commit together — so a
worker killed at any point leaves either all of it or none of it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Table, select, update

from core import modules
from core.audit import acting_as
from core.events.idempotency import delivering
from core.events.models import RUNNABLE_STATES, DeliveryState, EventDelivery, OutboxEvent
from core.events.registry import EventRegistry, Subscription
from core.events.settings import BusSettings
from core.events.types import Event
from core.extensions import db
from core.plugins.host import PluginHost
from core.tenancy import unscoped

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
_ERROR_LIMIT = 4000


@dataclass
class BatchReport:
    """What became of the deliveries of one or more batches."""

    claimed: int = 0
    delivered: int = 0
    failed: int = 0
    dead: int = 0
    skipped: int = 0
    #: Rows whose lease another worker took over before this one got to them.
    lost: int = 0

    def add(self, other: BatchReport) -> None:
        """Add `other`'s counts to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def __str__(self) -> str:
        return (
            f"认领 {self.claimed}，投递 {self.delivered}，失败 {self.failed}，死信 {self.dead}，"
            f"跳过 {self.skipped}，被接管 {self.lost}"
        )


@dataclass(frozen=True)
class _Claimed:
    id: int
    event_id: int
    handler: str
    plugin_key: str
    region_id: int | None
    attempts: int


class DeliveryRunner:
    """Runs the claimed deliveries of one worker token."""

    def __init__(
        self, registry: EventRegistry, host: PluginHost, settings: BusSettings, token: str, clock: Clock
    ) -> None:
        self.registry = registry
        self.host = host
        self.settings = settings
        self.token = token
        self.clock = clock
        self.table: Table = EventDelivery.__table__  # type: ignore[assignment]
        # Module switches change rarely; one answer per (plugin, region) and batch is enough.
        self._enabled = cache(self._is_enabled)

    def _is_enabled(self, plugin_key: str, region_id: int) -> bool:
        info = self.host.plugins.get(plugin_key)
        if info is not None and not info.switchable:
            return True
        return modules.is_enabled(plugin_key, region_id)

    # -- a batch ---------------------------------------------------------------------

    def run(self, delivery_ids: list[int]) -> BatchReport:
        """Deliver the rows `delivery_ids` (claimed under this runner's token), event by event."""
        report = BatchReport(claimed=len(delivery_ids))
        if not delivery_ids:
            return report
        session = db.session
        t = self.table
        rows = [
            _Claimed(*r)
            for r in session.execute(
                select(t.c.id, t.c.event_id, t.c.handler, t.c.plugin_key, t.c.region_id, t.c.attempts)
                .where(t.c.id.in_(delivery_ids))
                .order_by(t.c.event_id, t.c.id)
            )
        ]
        outbox = OutboxEvent.__table__
        events = {
            row.id: Event.from_row(row)
            for row in session.execute(select(outbox).where(outbox.c.id.in_({r.event_id for r in rows})))
        }
        session.rollback()  # end the read transaction: each delivery starts a fresh one
        by_event: dict[int, dict[str, _Claimed]] = {}
        for row in rows:
            by_event.setdefault(row.event_id, {})[row.handler] = row
        for event_id, claimed in by_event.items():
            self._send(events[event_id], claimed, report)
        return report

    def _send(self, event: Event, claimed: dict[str, _Claimed], report: BatchReport) -> None:
        ran: set[str] = set()

        def run_one(subscription: Subscription, ev: Event) -> None:
            ran.add(subscription.name)
            self._deliver(claimed[subscription.name], subscription, ev, report)

        # The signal calls the subscriptions in their registered order; each one runs only if
        # its row was claimed in this batch.
        self.registry.signal(event.name).send(event, run=run_one, only=frozenset(claimed))
        for name in claimed.keys() - ran:
            # A row for a handler no longer registered (plugin not loaded in this process).
            self._fail(claimed[name], f"处理函数 {name} 未注册（插件未加载或已改名）", report)

    # -- one delivery ----------------------------------------------------------------

    def _deliver(self, row: _Claimed, subscription: Subscription, event: Event, report: BatchReport) -> None:
        session = db.session
        t = self.table
        try:
            locked = session.execute(
                update(t)
                .where(t.c.id == row.id, t.c.locked_by == self.token, t.c.state.in_(RUNNABLE_STATES))
                .values(locked_until=self.clock() + self.settings.lease)
            ).rowcount
            if not locked:
                session.rollback()
                report.lost += 1
                return
            if row.region_id is not None and not self._enabled(row.plugin_key, row.region_id):
                self._finish(row, DeliveryState.SKIPPED, "模块在该区划已停用，未执行")
                session.commit()
                report.skipped += 1
                return
            with unscoped(), acting_as(None), delivering(event.id):
                subscription.function(event.copy_for_handler())
                self._finish(row, DeliveryState.DELIVERED, "")
                # The commit flushes the handler's work: audit rows are written as the system.
                session.commit()
            report.delivered += 1
        except Exception as exc:
            session.rollback()
            log.warning("event %s: handler %s failed", event.name, subscription.name, exc_info=exc)
            self._fail(row, "".join(traceback.format_exception(exc))[-_ERROR_LIMIT:], report)

    def _finish(self, row: _Claimed, state: DeliveryState, note: str) -> None:
        now = self.clock()
        values: dict[str, Any] = {"state": state.value, "locked_by": None, "locked_until": None, "last_error": note}
        if state is DeliveryState.DELIVERED:
            values["delivered_at"] = now
        db.session.execute(update(self.table).where(self.table.c.id == row.id).values(values))

    def _fail(self, row: _Claimed, error: str, report: BatchReport) -> None:
        """Record a failed attempt: retry later with backoff, or dead-letter after the last one."""
        session = db.session
        t = self.table
        dead = row.attempts >= self.settings.max_attempts
        try:
            session.execute(
                update(t)
                .where(t.c.id == row.id, t.c.locked_by == self.token)
                .values(
                    state=(DeliveryState.DEAD if dead else DeliveryState.FAILED).value,
                    last_error=error[-_ERROR_LIMIT:],
                    next_attempt_at=self.clock() + self.settings.backoff(row.attempts),
                    locked_by=None,
                    locked_until=None,
                )
            )
            session.commit()
        except Exception:
            # The row keeps its lease and is retried when it runs out; nothing is lost.
            session.rollback()
            log.exception("could not record the failure of delivery %s", row.id)
            return
        if dead:
            report.dead += 1
        else:
            report.failed += 1
