"""Benchmark: events published and delivered per second, beside a bare blinker ``send``.

For each database it prints, in one run:

- one event per transaction: ``publish`` + commit + in-process delivery after the commit (what
  a request does), and the same split into publish + commit alone, then a worker draining the
  backlog (``flask events work --once``);
- 1,000 events per transaction: ``publish`` ×1,000 + commit + delivery;
- a bare blinker ``Signal.send`` of the same number of events to one receiver (no database);
- the database's own limit beside it: a bare ``INSERT`` + ``COMMIT`` loop of rows shaped like
  an outbox row (same columns, same payload) into a table of their own, one per transaction, and
  the ratio of the bus's one-per-transaction rate (publish + commit + delivery) to it.

The handler is the smallest idempotent one: it claims a key (one INSERT), as every handler
must. Runs on SQLite (a WAL file in a temporary folder) and, when ``FAZHI_TEST_POSTGRES_URL``
is set, on PostgreSQL (a scratch database, dropped afterwards). ``FAZHI_BENCH_DATABASE``
(set by scripts/bench.sh) limits the run to one of them.

Run: ``python tests/benchmarks/bench_events.py [--single N] [--bulk-transactions N]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import blinker
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from core.events import Event, EventData, claim, deliver_committed, publish
from core.events.models import DeliveryState, EventDelivery
from core.events.testing import deliver_pending
from core.extensions import db
from core.hookspecs import hookimpl
from core.migrations_config import upgrade_database
from core.models import Region, RegionLevel
from core.models.base import utcnow
from core.plugins import PluginInfo
from core.testing.fixtures import make_app

BULK = 1_000


@dataclass(frozen=True)
class RecordCreated(EventData):
    """The benchmark's event."""

    name: ClassVar[str] = "bench.record.created"
    i: int = 0


NAME = RecordCreated.name


# -- the benchmark's own plugin: one idempotent handler -----------------------------------


def on_record_created(event: Event) -> None:
    """The smallest honest handler: claim the event's key (one INSERT in the delivery transaction)."""
    claim(f"bench:{event.id}")


@hookimpl
def describe_plugin() -> PluginInfo:
    """The benchmark plugin."""
    return PluginInfo(key="bench", title="基准测试", title_en="Benchmark")


@hookimpl
def register_event_handlers() -> dict[type[EventData], list[Any]]:
    """One handler."""
    return {RecordCreated: [on_record_created]}


# -- measuring ------------------------------------------------------------------------


def timed(work: Callable[[], Any]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def row(label: str, events: int, seconds: float) -> float:
    print(f"  {label:<64} {events:>7,} {seconds:>9.3f} s {events / seconds:>11,.0f} /s")
    return events / seconds


def bare_insert_rate(count: int) -> float:
    """Rows a second of INSERT + COMMIT, one per transaction, shaped like `event_outbox` rows."""
    from sqlalchemy import Column, MetaData, Table, insert

    from core.events.models import OutboxEvent

    # The outbox's columns and types, without its keys and indexes (their names are taken).
    bare = Table(
        "bench_bare_outbox",
        MetaData(),
        *(Column(c.name, c.type, primary_key=c.primary_key) for c in OutboxEvent.__table__.columns),
    )
    bare.create(db.engine)
    statement = insert(bare)
    connection = db.engine.connect()
    began = time.perf_counter()
    for i in range(count):
        with connection.begin():
            connection.execute(
                statement,
                {
                    "uid": uuid.uuid4().hex,
                    "name": NAME,
                    "region_id": None,
                    "subject_type": "",
                    "subject_id": None,
                    "actor_id": None,
                    "occurred_at": utcnow(),
                    "payload": {"i": i},
                },
            )
    seconds = time.perf_counter() - began
    connection.close()
    return row("bare INSERT + COMMIT, outbox-shaped row (the database's limit)", count, seconds)


def delivered_count() -> int:
    db.session.rollback()
    return db.session.execute(
        select(func.count()).select_from(EventDelivery).where(EventDelivery.state == DeliveryState.DELIVERED.value)
    ).scalar_one()


def run(label: str, url: str, single: int, bulk_transactions: int) -> None:
    """All measurements on the database at `url` (empty; migrated here)."""
    app = make_app(url, plugins=["__main__"], FAZHI_EVENT_DELIVER_AFTER_REQUEST=True)
    with app.app_context():
        upgrade_database()
        region = Region(name="荆门市", code="420800", level=RegionLevel.CITY)
        db.session.add(region)
        db.session.commit()
        rid = region.id

        print(f"\n{label}")
        print(f"  {'':<64} {'events':>7} {'time':>11} {'rate':>14}")

        def one_per_transaction() -> None:
            for i in range(single):
                publish(RecordCreated(i=i), region_id=rid)
                db.session.commit()
                deliver_committed()

        bus_rate = row("1 per transaction: publish + commit + deliver after commit", single, timed(one_per_transaction))
        assert delivered_count() == single

        def publish_only() -> None:
            for i in range(single):
                publish(RecordCreated(i=i), region_id=rid)
                db.session.commit()

        row("1 per transaction: publish + commit only", single, timed(publish_only))
        report = None

        def drain() -> None:
            nonlocal report
            report = deliver_pending()

        row("  then the worker delivers the backlog (batch 100)", single, timed(drain))
        assert report is not None and report.delivered == single, report

        def bulk() -> None:
            for _ in range(bulk_transactions):
                for i in range(BULK):
                    publish(RecordCreated(i=i), region_id=rid)
                db.session.commit()
                deliver_committed()

        n_bulk = BULK * bulk_transactions
        row(f"{BULK:,} per transaction: publish + commit + deliver after commit", n_bulk, timed(bulk))
        assert delivered_count() == 2 * single + n_bulk

        # The same events through a bare blinker signal: what the outbox costs over in-memory dispatch.
        signal = blinker.Signal()
        received: list[Event] = []
        signal.connect(lambda sender, **kw: received.append(sender), weak=False)
        events = [
            Event(
                id=uuid.uuid4().hex,
                name=NAME,
                region_id=rid,
                subject_type="",
                subject_id=None,
                actor_id=None,
                occurred_at=utcnow(),
                payload={"i": i},
                data=RecordCreated(i=i),
            )
            for i in range(single + n_bulk)
        ]
        row(
            "bare blinker send (same events, one receiver, no database)",
            len(events),
            timed(lambda: [signal.send(e) for e in events]),
        )
        assert len(received) == len(events)
        limit = bare_insert_rate(single)
        print(f"  {'bus (1 per transaction, delivered) ÷ bare INSERT + COMMIT':<64} {bus_rate / limit:>33.2f}")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    """Run on SQLite, and on PostgreSQL when FAZHI_TEST_POSTGRES_URL is set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--single", type=int, default=2_000, help="events published one per transaction")
    parser.add_argument("--bulk-transactions", type=int, default=5, help=f"transactions of {BULK:,} events")
    args = parser.parse_args()
    only = os.environ.get("FAZHI_BENCH_DATABASE")
    pg_url = os.environ.get("FAZHI_TEST_POSTGRES_URL")
    versions = f"Python {sys.version.split()[0]}, blinker {version('blinker')}, SQLAlchemy {version('sqlalchemy')}"
    print(f"Event bus benchmark — {versions}")
    if only in (None, "", "sqlite"):
        with tempfile.TemporaryDirectory() as workdir:
            run(
                "SQLite (file, WAL, synchronous=NORMAL)",
                f"sqlite:///{workdir}/bench.sqlite3",
                args.single,
                args.bulk_transactions,
            )
    if only in (None, "", "postgres") and pg_url:
        name = f"fazhi_bench_{os.getpid()}"
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
            run(
                f"PostgreSQL ({make_url(pg_url).host}:{make_url(pg_url).port})",
                url,
                args.single,
                args.bulk_transactions,
            )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    elif only == "postgres":
        print("FAZHI_TEST_POSTGRES_URL is not set: nothing to run on PostgreSQL.")


if __name__ == "__main__":
    main()
