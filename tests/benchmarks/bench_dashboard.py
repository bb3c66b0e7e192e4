"""Benchmark: the home page (dashboard) beside a plain list page, with the figures counted and kept.

Loads the demo (`flask demo`'s records: every plugin in the city and its counties, or the
province with ``--scale province``) — or uses a database that holds it (``--database-url``, e.g. one
``flask demo --scale province`` filled) — logs in as a city admin (and, at province scale, the
province admin) and prints the median time of:
a list page, the home page counted from the records (after ``flask dashboard recount``), and the
home page served from the kept figures — and the ratio of each home page to the list page
(issue 15's target: the city admin's home page within 3× a list page).

Run: ``.venv/bin/python tests/benchmarks/bench_dashboard.py [--repeat N] [--scale 1|province]
[--database-url URL]``;
with ``FAZHI_BENCH_DATABASE=postgres`` and ``FAZHI_TEST_POSTGRES_URL`` on a fresh PostgreSQL
database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask import current_app
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.audit import acting_as
from core.dashboard import recount
from core.demo import any_region_exists, load_demo_tenancy, load_province_records, load_province_tenancy
from core.extensions import db
from core.migrations_config import upgrade_database
from core.plugins.host import get_host
from core.tenancy import unscoped
from core.testing.fixtures import login, make_app

#: Who opens the home page: the city demo's city admin, or at province scale a 市州's and the province's.
LOGINS = {"province": ("jingmen_admin", "wuhan_admin", "province_admin")}

LIST_PAGE = "/admin/admin_review_cases/"


def database_url(workdir: str, bench: str = "dashboard") -> str:
    """A fresh database for benchmark `bench`: PostgreSQL when asked for, else a SQLite file."""
    if os.environ.get("FAZHI_BENCH_DATABASE") == "postgres":
        server = os.environ["FAZHI_TEST_POSTGRES_URL"]
        name = f"fazhi_bench_{bench}_{os.getpid()}"
        engine = create_engine(server, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return make_url(server).set(database=name).render_as_string(hide_password=False)
    return f"sqlite:///{workdir}/{bench}.sqlite3"


def load(scale: str) -> None:
    """The demo's regions, users and every plugin's records (as `flask demo` loads them)."""
    upgrade_database()
    if scale == "province":
        province, trees, _logins = load_province_tenancy(None)
        load_province_records(current_app, get_host(), province, trees, 1, 1, lambda name: None)
        return
    city, counties, _logins = load_demo_tenancy()
    with unscoped(), acting_as(None):
        for region in [city, *counties]:
            get_host().call_each("load_demo_data", ctx=None, region=region, scale=int(scale))
            db.session.commit()


def median_ms(client: object, url: str, repeat: int, before: object = None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()  # type: ignore[operator]
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scale", default="1", help="1, 2, … or province")
    parser.add_argument("--database-url", help="a database that already holds the demo (kept as it is)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        url = args.database_url or database_url(workdir)
        app = make_app(url, FAZHI_INSTANCE_PATH=workdir, FAZHI_ATTACHMENT_DIR=f"{workdir}/att")
        with app.app_context():
            if args.database_url and any_region_exists():
                print("demo: the one in --database-url")
            else:
                started = time.perf_counter()
                load(args.scale)
                print(f"demo loaded (scale {args.scale}) in {time.perf_counter() - started:.0f} s")
        database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        for username in LOGINS.get(args.scale, ("city_admin",)):
            measure(app, username, database, args.repeat)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def measure(app: object, username: str, database: str, repeat: int) -> None:
    """Print the list page and the home page, counted and kept, of `username`."""
    client = login(app, username)

    def forget() -> None:
        with app.app_context(), unscoped():  # type: ignore[attr-defined]
            recount()
            db.session.commit()

    client.get("/admin/")  # warm the app (templates, catalogs)
    list_ms = median_ms(client, LIST_PAGE, repeat)
    counted_ms = median_ms(client, "/admin/", repeat, before=forget)
    kept_ms = median_ms(client, "/admin/", repeat)
    print(f"\n{username}, {database}, median of {repeat}:")
    print("| page | time | × list page |")
    print("| --- | ---: | ---: |")
    print(f"| list ({LIST_PAGE}) | {list_ms:.0f} ms | 1.0 |")
    print(f"| home, figures counted from the records | {counted_ms:.0f} ms | {counted_ms / list_ms:.1f} |")
    print(f"| home, figures kept | {kept_ms:.0f} ms | {kept_ms / list_ms:.1f} |")


if __name__ == "__main__":
    main()
