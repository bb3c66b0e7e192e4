"""The home page's kept figures are exact: after any sequence of writes they equal a full recount.

The figures of every plugin are kept between visits (`core.dashboard.IndicatorCache`) and reused
while nothing was written. A random sequence of operations — module switches, deletions through
the admin, the deadline scan, the event worker issuing notices — runs through the app; after each,
the home page is drawn (filling the cache) and every kept figure of the city and its counties, this
year and last, is compared with one counted afresh from the records.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import pytest
from flask import Flask
from flask_admin.model import BaseModelView
from flask_login import login_user
from sqlalchemy import select

from core.audit import acting_as
from core.dashboard import indicator_cache, indicators_for, kept_indicators_for, recount
from core.deadlines.scan import scan
from core.events.testing import deliver_pending
from core.extensions import db
from core.models import Region, User
from core.plugins.host import get_host
from core.tenancy import unscoped
from core.testing.fixtures import listed_ids

DOMAIN_PLUGINS = ("admin_review", "contracts", "counsel", "court", "supervision")
TODAY = dt.date(2018, 3, 1)
CODES = ("420800", "420802", "420804")


@pytest.fixture
def app_config() -> dict[str, Any]:
    # The court demo reports 2014–2017; the others cover last year and this year.
    return {"FAZHI_TODAY": TODAY.isoformat()}


def _figures(pairs: list[tuple[str, Any]]) -> list[tuple[str, str, float, float | None]]:
    return [(title, i.key, i.numerator, i.denominator) for title, i in pairs]


def _compare(app: Flask, done: list[str]) -> int:
    """Compare every kept figure with a recount; the number of figures served from the cache."""
    cache = indicator_cache_of(app)
    hits = cache.hits
    with app.test_request_context("/admin/"), unscoped():
        login_user(db.session.execute(select(User).where(User.username == "city_admin")).scalar_one())
        for code in CODES:
            region = db.session.execute(select(Region).where(Region.code == code)).scalar_one()
            for year in (TODAY.year - 1, TODAY.year):
                kept, counted = _figures(kept_indicators_for(region, year)), _figures(indicators_for(region, year))
                assert kept == counted, (code, year, [k for k in kept if k not in counted], done)
    return cache.hits - hits


def indicator_cache_of(app: Flask) -> Any:
    with app.app_context():
        return indicator_cache()


def _domain_lists(app: Flask) -> list[str]:
    admin = app.extensions["fazhi.admin"]
    return [
        view.endpoint
        for view in admin._views
        if isinstance(view, BaseModelView)
        and getattr(view, "plugin_key", "") in DOMAIN_PLUGINS
        and getattr(view, "_declared_can_delete", False)
    ]


def test_kept_figures_equal_a_full_recount_after_random_operations(app: Flask, login_as: Any) -> None:
    with app.app_context(), unscoped(), acting_as(None):
        for code in CODES[:2]:
            region = db.session.execute(select(Region).where(Region.code == code)).scalar_one()
            get_host().call_each("load_demo_data", only=set(DOMAIN_PLUGINS), ctx=None, region=region, scale=1)
            db.session.commit()
        region_ids = {
            code: db.session.execute(select(Region.id).where(Region.code == code)).scalar_one() for code in CODES
        }
    city_admin, admin = login_as("city_admin"), login_as("admin")
    rng = random.Random(20181)
    lists = _domain_lists(app)
    assert lists, "no deletable list of a domain plugin was found"
    switched: dict[tuple[str, str], str] = {}

    def switch_a_module() -> str:
        code, plugin = rng.choice(CODES[1:]), rng.choice(DOMAIN_PLUGINS)
        state = "inherit" if switched.get((code, plugin)) == "off" else "off"
        switched[(code, plugin)] = state
        response = city_admin.post_form(
            "/admin/modules/switch", {"region_id": region_ids[code], "plugin_key": plugin, "state": state}
        )
        assert response.status_code == 302
        return f"switch {plugin} {state} in {code}"

    def delete_a_record() -> str:
        endpoint = rng.choice(lists)
        ids = sorted(listed_ids(admin.get(f"/admin/{endpoint}/").get_data(as_text=True), f"/admin/{endpoint}/"))
        if not ids:
            return f"nothing to delete in {endpoint}"
        record_id = rng.choice(ids)
        admin.post_form(f"/admin/{endpoint}/delete/", {"id": str(record_id), "url": f"/admin/{endpoint}/"})
        return f"delete {endpoint} #{record_id}"

    def scan_deadlines() -> str:
        with app.app_context():
            report = scan(TODAY + dt.timedelta(days=rng.randint(0, 60)))
            db.session.commit()
        return f"scan: {report}"

    def deliver_events() -> str:
        with app.app_context():
            return f"deliver: {deliver_pending(app)}"

    operations = [switch_a_module, delete_a_record, scan_deadlines, deliver_events]
    served = 0
    done = []
    for _step in range(14):
        done.append(rng.choice(operations)())
        home = city_admin.get("/admin/")
        assert home.status_code == 200, done
        assert re.search(r"fraction|指标", home.get_data(as_text=True)), done
        served += _compare(app, done)

    # The figures compared were the kept ones, not counted again for the comparison.
    assert served > 0, done
    # A visit with nothing written since serves every figure from the cache.
    cache = indicator_cache_of(app)
    misses = cache.misses
    assert city_admin.get("/admin/").status_code == 200
    assert cache.misses == misses
    # `recount` (flask dashboard recount) makes the next visit count from the records.
    with app.app_context(), unscoped():
        recount()
        db.session.commit()
    assert city_admin.get("/admin/").status_code == 200
    assert cache.misses > misses
