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
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import bindparam, select, text, update
from sqlalchemy import event as sa_event

from core import modules
from core.audit import acting_as
from core.events.idempotency import delivering
from core.events.leases import ClaimedDelivery
from core.events.models import RUNNABLE_STATES, DeliveryState, EventDelivery, OutboxEvent
from core.events.registry import EventRegistry, Subscription
from core.events.settings import BusSettings
from core.events.types import Event
from core.extensions import db
from core.models import ModuleSwitch
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


_T = EventDelivery.__table__
#: Statements built once (their construction costs more than running them on SQLite).
_LOCK = (
    update(_T)
    .where(_T.c.id == bindparam("row_id"), _T.c.locked_by == bindparam("token"), _T.c.state.in_(RUNNABLE_STATES))
    .values(locked_until=bindparam("until"))
)
_FINISH = (
    update(_T)
    .where(_T.c.id == bindparam("row_id"))
    .values(
        state=bindparam("state"),
        last_error=bindparam("note"),
        delivered_at=bindparam("at"),
        locked_by=None,
        locked_until=None,
    )
)
_FAIL = (
    update(_T)
    .where(_T.c.id == bindparam("row_id"), _T.c.locked_by == bindparam("token"))
    .values(
        state=bindparam("state"),
        last_error=bindparam("error"),
        next_attempt_at=bindparam("due"),
        locked_by=None,
        locked_until=None,
    )
)
#: PostgreSQL transaction settings of a delivery, in one round trip (set_config(…, true) = SET LOCAL):
#: the commit need not wait for its WAL flush (BusSettings.async_commit), and a lock wait gives up
#: after `lock_timeout` (deliveries right after a request: see `DeliveryRunner`).
_PG_SETTINGS = text(
    "SELECT set_config('synchronous_commit', :sync, true), set_config('lock_timeout', :lock_timeout, true)"
)
_OUTBOX = OutboxEvent.__table__
_EVENTS = select(_OUTBOX).where(_OUTBOX.c.id.in_(bindparam("ids", expanding=True)))


#: Bumped whenever this process writes a module switch (see `_switch_written`).
_switch_generation = 0


def _switch_written(*_: object) -> None:
    global _switch_generation
    _switch_generation += 1


sa_event.listen(ModuleSwitch, "after_insert", _switch_written)
sa_event.listen(ModuleSwitch, "after_update", _switch_written)
sa_event.listen(ModuleSwitch, "after_delete", _switch_written)


class SwitchCache:
    """Answers "is this plugin on for this region?", remembered for `ttl` seconds.

    Module switches change rarely; reading the region tree and the switches for every delivery
    would add two queries to each. A switch written by this process clears the cache at once;
    one written by another process takes effect here within `ttl` seconds.
    """

    def __init__(self, host: PluginHost, ttl: float = 5.0) -> None:
        self.host = host
        self.ttl = ttl
        self._answers: dict[tuple[str, int], tuple[float, bool]] = {}
        self._generation = _switch_generation

    def is_enabled(self, plugin_key: str, region_id: int) -> bool:
        """Whether `plugin_key`'s handlers run for events of `region_id`."""
        info = self.host.plugins.get(plugin_key)
        if info is not None and not info.switchable:
            return True
        if self._generation != _switch_generation:
            self._answers.clear()
            self._generation = _switch_generation
        now = time.monotonic()
        known = self._answers.get((plugin_key, region_id))
        if known is not None and now - known[0] < self.ttl:
            return known[1]
        answer = modules.is_enabled(plugin_key, region_id)
        self._answers[(plugin_key, region_id)] = (now, answer)
        return answer


class DeliveryRunner:
    """Runs the claimed deliveries of one worker token."""

    def __init__(
        self,
        registry: EventRegistry,
        switches: SwitchCache,
        settings: BusSettings,
        token: str,
        clock: Clock,
        lock_timeout: float | None = None,
    ) -> None:
        """`lock_timeout` (seconds, PostgreSQL) bounds how long a handler waits for a row lock.

        Deliveries made right after a request set it: should the request's own connection still
        hold a lock the handler needs, waiting would hang the request for good (the holder waits
        in Python, where PostgreSQL sees no deadlock); the delivery fails and the worker retries.
        """
        self.registry = registry
        self.switches = switches
        self.settings = settings
        self.token = token
        self.clock = clock
        self.pg_settings: dict[str, str] | None = None
        if db.session.get_bind().dialect.name == "postgresql":
            self.pg_settings = {
                "sync": "off" if settings.async_commit else "on",
                "lock_timeout": f"{int(lock_timeout * 1000)}ms" if lock_timeout else "0",
            }

    # -- a batch ---------------------------------------------------------------------

    def run(self, claimed: list[ClaimedDelivery]) -> BatchReport:
        """Commit the claim of the rows `claimed`, then deliver them event by event."""
        report = BatchReport(claimed=len(claimed))
        session = db.session
        if not claimed:
            session.commit()
            return report
        # Read in the claim's transaction: one round trip to the server fewer per batch.
        events = {
            row.id: Event.from_row(row)
            for row in session.execute(_EVENTS, {"ids": sorted({c.event_id for c in claimed})})
        }
        session.commit()  # the claim holds from here; each delivery starts a fresh transaction
        by_event: dict[int, dict[str, ClaimedDelivery]] = {}
        for row in claimed:
            by_event.setdefault(row.event_id, {})[row.handler] = row
        for event_id, rows in by_event.items():
            self._send(events[event_id], rows, report)
        return report

    def _send(self, event: Event, claimed: dict[str, ClaimedDelivery], report: BatchReport) -> None:
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

    def _deliver(self, row: ClaimedDelivery, subscription: Subscription, event: Event, report: BatchReport) -> None:
        session = db.session
        try:
            if self.pg_settings is not None:
                session.execute(_PG_SETTINGS, self.pg_settings)
            until = self.clock() + self.settings.lease
            locked = session.execute(_LOCK, {"row_id": row.id, "token": self.token, "until": until}).rowcount
            if not locked:
                session.rollback()
                report.lost += 1
                return
            if row.region_id is not None and not self.switches.is_enabled(row.plugin_key, row.region_id):
                self._finish(row, DeliveryState.SKIPPED, "模块在该区划已停用，未执行")
                session.commit()
                report.skipped += 1
                return
            with unscoped(), acting_as(None), delivering(event.id):
                subscription.function(event.copy_for_handler(subscription.event_class))
                self._finish(row, DeliveryState.DELIVERED, "")
                # The commit flushes the handler's work: audit rows are written as the system.
                session.commit()
            report.delivered += 1
        except Exception as exc:
            session.rollback()
            log.warning("event %s: handler %s failed", event.name, subscription.name, exc_info=exc)
            self._fail(row, "".join(traceback.format_exception(exc))[-_ERROR_LIMIT:], report)

    def _finish(self, row: ClaimedDelivery, state: DeliveryState, note: str) -> None:
        at = self.clock() if state is DeliveryState.DELIVERED else None
        db.session.execute(_FINISH, {"row_id": row.id, "state": state.value, "note": note, "at": at})

    def _fail(self, row: ClaimedDelivery, error: str, report: BatchReport) -> None:
        """Record a failed attempt: retry later with backoff, or dead-letter after the last one."""
        session = db.session
        dead = row.attempts >= self.settings.max_attempts
        try:
            session.execute(
                _FAIL,
                {
                    "row_id": row.id,
                    "token": self.token,
                    "state": (DeliveryState.DEAD if dead else DeliveryState.FAILED).value,
                    "error": error[-_ERROR_LIMIT:],
                    "due": self.clock() + self.settings.backoff(row.attempts),
                },
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
