"""Benchmark: what one county's demo records cost — time, SQL statements, and the commonest of them.

The province demo (`flask demo --scale province`) is 119 regions' worth of this. It builds the
tenancy of one 市州 (荆门市 by default) as the province demo does, then loads every plugin's demo
records of one of its counties (东宝区) and prints the time, the number of SQL statements and the
statements sent most often — what a bulk path in the demo loaders would have to save.

Run: ``.venv/bin/python tests/benchmarks/bench_demo_county.py [--cases-per-year N]`` (SQLite), or
with ``FAZHI_BENCH_DATABASE=postgres`` and ``FAZHI_TEST_POSTGRES_URL`` on a fresh PostgreSQL
database. ``--cases-per-year`` sets ``FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR`` (default 40, as the
measured province load; the city demo's is 200).
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.audit import acting_as
from core.demo import load_province_tenancy
from core.extensions import db
from core.migrations_config import upgrade_database
from core.models import Region
from core.plugins.host import get_host
from core.tenancy import unscoped
from core.testing.fixtures import make_app
from tests.benchmarks.bench_dashboard import database_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--division", default="420800", help="the 市州's code (default 荆门市)")
    parser.add_argument("--cases-per-year", type=int, default=40, help="行政复议 demo cases a county a year")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        url = database_url(workdir, "county")
        app = make_app(url, FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR=args.cases_per_year)
        statements: collections.Counter[str] = collections.Counter()

        def count(conn: object, cursor: object, statement: str, *rest: object) -> None:
            statements[" ".join(statement.split())[:100]] += 1

        with app.app_context():
            upgrade_database()
            _province, trees, _logins = load_province_tenancy([args.division])
            county_id = trees[0][1][0].id
            event.listen(Engine, "before_cursor_execute", count)
            started = time.perf_counter()
            with unscoped(), acting_as(None):
                county = db.session.get(Region, county_id)
                get_host().call_each("load_demo_data", ctx=None, region=county, scale=1)
                db.session.commit()
            elapsed = time.perf_counter() - started
            event.remove(Engine, "before_cursor_execute", count)
            database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
            print(f"{county.name}, {database}, {args.cases_per_year} review cases a year: {elapsed:.1f} s,")
            print(f"{sum(statements.values()):,} SQL statements; the commonest:")
            for statement, n in statements.most_common(10):
                print(f"  {n:>6,}  {statement}")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
