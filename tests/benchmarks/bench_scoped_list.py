"""Benchmark: the scoped list view beside a stock Flask-Admin ModelView over 238,607 rows.

The source report counts 238,607 inspection objects (双随机一公开) in one city. This fills the
test plugin's `InspectionObject` with that many rows across the demo regions and prints, in
one run, the median list-page time of the scoped view as a county user beside a stock,
unscoped `ModelView` over the same table, and the same for searches of one, two and more
characters. It also checks that the indexed search returns exactly the rows a full scan does.

Run: ``.venv/bin/python tests/benchmarks/bench_scoped_list.py [--rows N] [--repeat N]``; with
``FAZHI_BENCH_DATABASE=postgres`` and ``FAZHI_TEST_POSTGRES_URL`` it runs on a fresh PostgreSQL
database (``bash scripts/bench.sh --postgres``), where search uses the table's GIN expression
index of one- to three-character runs (core.search); the rows are inserted in bulk, so that index
is filled by the database as they go.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_admin.theme import Bootstrap4Theme
from sqlalchemy import insert, or_, select

from core.demo import load_demo_tenancy
from core.extensions import db
from core.migrations_config import upgrade_database
from core.models import Region, Unit
from core.search import rebuild_search_index
from core.tenancy import unscoped
from core.testing.fixtures import listed_ids, login, make_app
from tests.plugins.hookcheck.models import InspectionObject

SOURCE_REPORT_COUNT = 238_607
TRADES = ["商贸", "餐饮", "建材", "科技", "物流", "农业", "医药", "化工", "食品", "印刷", "汽修", "旅馆"]
KINDS = ["有限公司", "经营部", "超市", "加工厂", "合作社", "门市部", "药房", "诊所"]
STREETS = ["长宁大道", "象山大道", "白龙路", "月亮湖路", "泉口路", "掇刀路", "承天大道", "新市路"]
SEARCHES = ["药", "科技", "东宝区", "长宁大道8", "门市部"]


def fill(rows: int) -> None:
    """Insert `rows` inspection objects spread over every demo region, then index them."""
    rng = random.Random(20171205)
    with unscoped():
        regions = db.session.execute(select(Region.id, Region.name)).all()
        units = db.session.execute(select(Unit.id, Unit.region_id)).all()
    units_by_region: dict[int, list[int]] = {}
    for unit_id, region_id in units:
        units_by_region.setdefault(region_id, []).append(unit_id)
    batch = []
    for i in range(rows):
        region_id, region_name = regions[i % len(regions)]
        batch.append(
            {
                "name": f"{region_name}{rng.choice(TRADES)}{rng.choice(KINDS)}{i}",
                "address": f"{region_name}{rng.choice(STREETS)}{rng.randint(1, 999)}号",
                "region_id": region_id,
                "unit_id": rng.choice(units_by_region.get(region_id, [None])),
            }
        )
        if len(batch) == 20_000:
            db.session.execute(insert(InspectionObject), batch)
            batch = []
    if batch:
        db.session.execute(insert(InspectionObject), batch)
    if db.engine.dialect.name == "sqlite":
        rebuild_search_index(db.session.connection(), InspectionObject.__tablename__, ["name", "address"])
    db.session.commit()
    # The table as it is once the database's autovacuum has seen the bulk insert: statistics and
    # the visibility map (which lets a count read the region index alone) up to date.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(db.text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))


def median_ms(client, url: str, repeat: int) -> tuple[float, str]:
    """The median time of GET `url` in milliseconds (after one warm-up), and the last page."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    assert listed_ids(page.get_data(as_text=True)), f"{url} lists no record: {page.get_data(as_text=True)[-3000:]}"
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        page = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), page.get_data(as_text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=SOURCE_REPORT_COUNT)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    pg_admin = None
    if os.environ.get("FAZHI_BENCH_DATABASE") == "postgres":
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        pg_admin = create_engine(os.environ["FAZHI_TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT")
        name = f"fazhi_bench_{os.getpid()}"
        with pg_admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        database_url = (
            make_url(os.environ["FAZHI_TEST_POSTGRES_URL"]).set(database=name).render_as_string(hide_password=False)
        )
    print(f"database: {database_url.split('@')[-1]}")
    app = make_app(database_url, plugins=["tests.plugins.hookcheck.plugin"])

    class StockView(ModelView):
        """Flask-Admin as it comes: no login, no scoping (the suite's safety net is lifted for it)."""

        column_list = ["name", "address", "unit", "region"]
        column_searchable_list = ["name", "address"]

        def _run_view(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
            with unscoped():
                return super()._run_view(fn, *args, **kwargs)

    stock = Admin(app, name="stock", url="/stock", endpoint="stock", theme=Bootstrap4Theme())
    stock.add_view(StockView(InspectionObject, db, endpoint="stock_objects"))

    with app.app_context():
        upgrade_database()
        load_demo_tenancy()
        start = time.perf_counter()
        fill(args.rows)
        print(f"filled {args.rows:,} rows (and the search index) in {time.perf_counter() - start:.1f} s")
        with unscoped():
            dongbao = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
            county_rows = db.session.execute(
                select(db.func.count())
                .select_from(InspectionObject)
                .join(Region)
                .where(Region.path.startswith(dongbao.path))
            ).scalar_one()
    print(f"county user dongbao_staff sees {county_rows:,} of them (东宝区 and its townships)\n")

    county = login(app, "dongbao_staff")
    system = login(app, "admin")
    anonymous = app.test_client()
    print(f"{'page':<28}{'scoped (county)':>17}{'stock ModelView':>17}{'ratio':>8}")
    scoped, _ = median_ms(county, "/admin/inspection_objects/", args.repeat)
    plain, _ = median_ms(anonymous, "/stock/stock_objects/", args.repeat)
    print(f"{'list, page 1':<28}{scoped:>14.1f} ms{plain:>14.1f} ms{scoped / plain:>8.2f}")
    for term in SEARCHES:
        scoped, _ = median_ms(county, f"/admin/inspection_objects/?search={term}", args.repeat)
        plain, _ = median_ms(anonymous, f"/stock/stock_objects/?search={term}", args.repeat)
        print(
            f"{'search ' + term + f' ({len(term)} chars)':<28}{scoped:>14.1f} ms{plain:>14.1f} ms{scoped / plain:>8.2f}"
        )

    print("\nexactness: indexed search (system admin, all rows) against a full LIKE scan")
    with app.app_context():
        for term in SEARCHES:
            expected = set(
                db.session.execute(
                    select(InspectionObject.id).where(
                        or_(
                            InspectionObject.name.contains(term, autoescape=True),
                            InspectionObject.address.contains(term, autoescape=True),
                        )
                    )
                ).scalars()
            )
            pages = max(1, len(expected) // 100 + 1)
            found: set[int] = set()
            if len(expected) <= 2000:
                for page in range(pages):
                    html = system.get(f"/admin/inspection_objects/?search={term}&page_size=100&page={page}")
                    found |= listed_ids(html.get_data(as_text=True))
            else:  # compare counts for very common terms (paging through them all would take long)
                html = system.get(f"/admin/inspection_objects/?search={term}").get_data(as_text=True)
                found = expected if f"{len(expected)}" in html else set()
            status = "same" if found == expected else f"DIFFERENT ({len(found)} vs {len(expected)})"
            print(f"  {term:<10} {len(expected):>7,} rows  {status}")
        db.session.remove()
        db.engine.dispose()
    if pg_admin is not None:
        with pg_admin.connect() as conn:
            conn.execute(db.text(f'DROP DATABASE IF EXISTS "fazhi_bench_{os.getpid()}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
