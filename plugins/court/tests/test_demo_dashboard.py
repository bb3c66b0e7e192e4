"""The demo reproduces the source report's picture; the dashboard shows rates with their counts."""

from __future__ import annotations

import re
import shutil
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from core.audit import acting_as
from core.demo import COUNTIES
from core.extensions import db
from core.models import Region
from core.plugins.host import get_host
from core.tenancy import unscoped
from core.testing.fixtures import make_app
from plugins.court.checks import today
from plugins.court.demo import REPORT_YEARS


def _load_demo(app) -> None:
    with app.app_context(), unscoped(), acting_as(None):
        regions = db.session.execute(select(Region).where(Region.level.in_(["city", "county", "zone"]))).scalars()
        for region in sorted(regions, key=lambda r: r.id):
            get_host().call_each("load_demo_data", only={"court"}, ctx=None, region=region, scale=1)
            db.session.commit()
        assert not [f for f in get_host().failures if f.name == "court"], get_host().failures
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def demo_database(databases):
    """A database with the court demo loaded for the city and every county, built once for the module."""
    url = databases.fresh()
    _load_demo(make_app(url))
    yield url
    databases.drop(url)


@pytest.fixture
def database_url(databases, demo_database):
    """Each test gets its own copy of the demo database."""
    name = f"court_demo_{uuid.uuid4().hex[:8]}"
    if databases.pg_url:
        source = make_url(demo_database).database
        databases._admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        url = databases._url_for(name)
    else:
        url = databases._url_for(name)
        shutil.copyfile(make_url(demo_database).database, make_url(url).database)
    yield url
    databases.drop(url)


@pytest.fixture
def demo(app):
    """The app on a copy of the demo database."""
    return app


def _rows(html: str) -> dict[tuple[str, str], str]:
    table = html[html.index('id="court-regions"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for region, own, cells in re.findall(r'<tr data-region="([^"]+)" data-own="(\d)">(.*?)</tr>', table, re.S):
        rows[(region, own)] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells)).strip()
    return rows


def _rate(text: str) -> tuple[float, int, int]:
    match = re.search(r"([\d.]+)%（(\d+)/(\d+)）", text)
    assert match, text
    return float(match.group(1)), int(match.group(2)), int(match.group(3))


def test_the_city_is_at_100_percent_and_shayang_below(demo, login_as):
    client = login_as("city_admin")
    year = today().year
    rows = _rows(client.get(f"/admin/court_statistics/?year={year}").get_data(as_text=True))
    own_rate, own_heads, own_hearings = _rate(rows[("420800", "1")])
    assert own_rate == 100.0 and own_heads == own_hearings > 0
    shayang = _rate(rows[("420822", "0")])
    assert shayang[0] < 100.0 and shayang[2] > shayang[1] > 0
    counties = [code or name for name, code, _login, _towns in COUNTIES]
    for name, code, _login, _towns in COUNTIES:
        key = code if code else None
        if key is None:
            continue
        rate = _rate(rows[(key, "0")])
        assert rate[2] > 0, name
        if name != "沙洋县":
            assert rate[0] == 100.0, name
    assert len([k for k in rows if k[1] == "0"]) == 1 + len(counties)
    total = _rate(rows[("420800", "0")])
    assert total[0] < 100.0  # the city as a whole includes 沙洋县


def test_the_report_years_are_at_100_percent_everywhere(demo, login_as):
    client = login_as("city_admin")
    for year in REPORT_YEARS:
        rows = _rows(client.get(f"/admin/court_statistics/?year={year}").get_data(as_text=True))
        assert _rate(rows[("420800", "0")])[0] == 100.0, year


def test_the_home_dashboard_shows_numerator_and_denominator(demo, login_as):
    year = today().year
    city = login_as("city_admin").get(f"/admin/?year={year}").get_data(as_text=True)
    own = city[city.index('data-key="court.appearance_rate_own"') :][:600]
    assert re.search(r"100\.0%（(\d+)/\1）", own)
    shayang = login_as("shayang_staff").get(f"/admin/?year={year}").get_data(as_text=True)
    card = shayang[shayang.index('data-key="court.appearance_rate"') :][:600]
    rate, heads, hearings = _rate(card)
    assert rate < 100.0 and heads < hearings


def test_the_demo_pages_render(demo, login_as):
    client = login_as("shayang_admin")
    for url in (
        "/admin/court_cases/",
        "/admin/court_cases/details/?id=1",
        "/admin/court_hearings/",
        "/admin/court_reports/",
        "/admin/court_evaluations/",
        "/admin/court_observations/",
        "/admin/court_meetings/",
        "/admin/court_heads/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url


def test_the_home_charts_show_each_county_with_its_counts(demo, login_as):
    year = today().year
    html = login_as("city_admin").get(f"/admin/?year={year}").get_data(as_text=True)
    chart = html[html.index(f"负责人出庭应诉率：荆门市各地（{year}年）") :]
    chart = chart[: chart.index("</svg>")]
    bars = dict(re.findall(r"<title>([^：<]+)：([\d.]+%（\d+/\d+）)</title>", chart))
    assert set(bars) == {name for name, _code, _login, _towns in COUNTIES}
    for name, text in bars.items():
        rate, _heads, hearings = _rate(text)
        assert hearings > 0, name
        assert (rate < 100.0) if name == "沙洋县" else (rate == 100.0), (name, text)


def test_the_demo_county_with_absences_has_its_notices(demo, login_as):
    from core.notices import Notice

    with demo.app_context(), unscoped():
        shayang = db.session.execute(select(Region).where(Region.name == "沙洋县")).scalar_one()
        court = list(db.session.execute(select(Notice).where(Notice.rule_key.like("court.%"))).scalars())
        kinds = sorted(str(n.kind) for n in court)
        regions = {n.region_id for n in court}
    assert kinds == ["accountability", "criticism", "criticism"] and regions == {shayang.id}
    html = login_as("shayang_staff").get(f"/admin/court_statistics/?year={today().year}").get_data(as_text=True)
    assert "被通报批评单位：2 个" in html
