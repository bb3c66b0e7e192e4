"""Benchmark: `flask deadlines scan` over 100,000 open deadlines, with the query plans.

Fills a fresh database (the migrated schema and the demo regions) with 100,000 running
deadlines spread over the demo regions, due from yesterday to 200 days ahead — about 500 fall
due each day, as in a province-sized steady state — and prints, on SQLite and (when
``FAZHI_TEST_POSTGRES_URL`` is set) PostgreSQL:

- the first scan: marks and publishes the missed and approaching ones (events written);
- the same scan again: nothing left to publish (what a repeated run costs);
- the next day's scan: the typical daily run;
- the delivery of the first scan's events to the notice rules (one notice each), for scale;
- the query plans of the scan's two statements, showing the (state, due_date) index in use.

Run: ``python tests/benchmarks/bench_deadline_scan.py [--rows N]``. ``FAZHI_BENCH_DATABASE``
(set by scripts/bench.sh) picks one database; otherwise SQLite, then PostgreSQL if configured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from core.deadlines.models import RUNNING_STATES, Deadline, DeadlineState
from core.demo import load_demo_tenancy
from core.events.testing import deliver_pending
from core.extensions import db
from core.migrations_config import upgrade_database
from core.models import Region, Unit
from core.tenancy import unscoped
from core.testing.fixtures import make_app

TODAY = dt.date(2026, 6, 10)  # a Wednesday
TARGET_SECONDS = 2.0


def fill(rows: int) -> None:
    """Insert `rows` open deadlines across the demo regions (bulk, like an import would)."""
    rng = random.Random(20171205)
    with unscoped():
        regions = list(db.session.execute(select(Region.id)).scalars())
        units = db.session.execute(select(Unit.id, Unit.region_id)).all()
    units_by_region: dict[int, list[int]] = {}
    for unit_id, region_id in units:
        units_by_region.setdefault(region_id, []).append(unit_id)
    table = Deadline.__table__
    now = dt.datetime.now(dt.UTC)
    batch = []
    for i in range(rows):
        region_id = regions[i % len(regions)]
        due = TODAY + dt.timedelta(days=rng.randint(-1, 199))
        batch.append(
            {
                "region_id": region_id,
                "plugin_key": "admin_review",
                "subject_type": "admin_review_case",
                "subject_id": i + 1,
                "kind": "decision",
                "label": "行政复议决定期限",
                "basis": "《行政复议法》第六十二条",
                "start_date": due - dt.timedelta(days=60),
                "counting": "calendar_days",
                "amount": 60,
                "due_date": due,
                "provisional": False,
                "state": DeadlineState.OPEN.value,
                "extension_days": 0,
                "responsible_unit_id": rng.choice(units_by_region.get(region_id, [None])),
                "created_at": now,
                "updated_at": now,
            }
        )
        if len(batch) == 20_000:
            db.session.execute(insert(table), batch)
            batch = []
    if batch:
        db.session.execute(insert(table), batch)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def timed_scan(label: str, today: dt.date) -> float:
    """Run one scan and its commit; print and return the seconds."""
    from core.deadlines.scan import scan

    started = time.perf_counter()
    report = scan(today)
    db.session.commit()
    elapsed = time.perf_counter() - started
    verdict = "ok" if elapsed < TARGET_SECONDS else f"OVER the {TARGET_SECONDS:g} s target"
    print(f"  {label:<34}{elapsed:8.3f} s  {verdict:<8} missed {report.missed:>5}, approaching {report.approaching:>5}")
    return elapsed


def query_plans() -> None:
    """Print the plans of the scan's two statements (not executed)."""
    t = Deadline.__table__
    dialect = db.engine.dialect.name
    statements = {
        "missed": update(t)
        .where(t.c.state.in_(RUNNING_STATES), t.c.due_date < TODAY)
        .values(state="missed", missed_notified_at=dt.datetime(2026, 6, 10, tzinfo=dt.UTC)),
        "approaching": update(t)
        .where(
            t.c.state.in_(RUNNING_STATES),
            t.c.due_date >= TODAY,
            t.c.due_date <= TODAY + dt.timedelta(days=5),
            t.c.approaching_notified_at.is_(None),
        )
        .values(approaching_notified_at=dt.datetime(2026, 6, 10, tzinfo=dt.UTC)),
    }
    compile_dialect = postgresql.dialect() if dialect == "postgresql" else sqlite.dialect()
    explain = "EXPLAIN" if dialect == "postgresql" else "EXPLAIN QUERY PLAN"
    for name, statement in statements.items():
        sql = str(statement.compile(dialect=compile_dialect, compile_kwargs={"literal_binds": True}))
        print(f"  plan of the '{name}' statement:")
        for row in db.session.execute(text(f"{explain} {sql}")):
            print("    " + " | ".join(str(part) for part in row if part is not None and part != 0))
        db.session.rollback()


def run(url: str, rows: int) -> None:
    """Fill, scan three times, deliver, explain — on the database at `url`."""
    app = make_app(url, plugins=[], FAZHI_TODAY=TODAY.isoformat())
    with app.app_context():
        upgrade_database()
        load_demo_tenancy()
        started = time.perf_counter()
        fill(rows)
        print(f"  filled {rows:,} open deadlines in {time.perf_counter() - started:.1f} s")
        timed_scan("first scan (publishes)", TODAY)
        timed_scan("same scan again (nothing new)", TODAY)
        timed_scan("next day's scan", TODAY + dt.timedelta(days=1))
        started = time.perf_counter()
        report = deliver_pending(batch=500)
        elapsed = time.perf_counter() - started
        print(f"  delivering to the notice rules: {report.delivered:,} deliveries in {elapsed:.2f} s (one notice each)")
        query_plans()
        db.session.remove()
        db.engine.dispose()


def _postgres_database(base_url: str) -> tuple[str, callable]:  # type: ignore[valid-type]
    """A throw-away database on the server of `base_url`, and the function that drops it."""
    name = f"fazhi_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(base_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    """Run on SQLite and, when configured, PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    chosen = os.environ.get("FAZHI_BENCH_DATABASE")
    pg_url = os.environ.get("FAZHI_TEST_POSTGRES_URL")
    if chosen in (None, "", "sqlite"):
        workdir = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
        print(f"SQLite ({workdir / 'bench.sqlite3'}), scan as of {TODAY}:")
        run(f"sqlite:///{workdir / 'bench.sqlite3'}", args.rows)
    if chosen == "postgres" or (chosen in (None, "") and pg_url):
        if not pg_url:
            sys.exit("FAZHI_BENCH_DATABASE=postgres needs FAZHI_TEST_POSTGRES_URL")
        url, drop = _postgres_database(pg_url)
        print(f"\nPostgreSQL ({make_url(url).render_as_string(hide_password=True)}), scan as of {TODAY}:")
        try:
            run(url, args.rows)
        finally:
            drop()


if __name__ == "__main__":
    main()
