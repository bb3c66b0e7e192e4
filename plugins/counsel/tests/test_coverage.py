"""The coverage rate through the HTTP admin: the demo's 427 of 447, the list behind the figure."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.extensions import db
from core.models import Region
from core.tenancy import unscoped
from plugins.counsel.tests.conftest import load_city_demo


def _count(html: str) -> int:
    match = re.search(r'id="coverage-count" data-count="(\d+)"', html)
    assert match, "the coverage list shows no count"
    return int(match.group(1))


def test_city_coverage_is_427_of_447_and_equals_the_list_it_links_to(app, login_as):
    load_city_demo(app)
    client = login_as("city_admin")
    with app.app_context():
        from core import clock

        year = clock.today().year
    with app.app_context(), unscoped():
        city_id = db.session.execute(select(Region.id).where(Region.code == "420800")).scalar_one()
    home = client.get(f"/admin/?year={year}").get_data(as_text=True)
    assert "法律顾问覆盖率" in home
    assert "95.5%（427/447）" in home
    links = re.findall(r'href="([^"]*counsel_coverage[^"]*covered=1[^"]*)"', home)
    assert links, "the coverage figure links to no list"
    listed = client.get(links[0].replace("&amp;", "&"))
    assert listed.status_code == 200
    assert _count(listed.get_data(as_text=True)) == 427
    uncovered = client.get(f"/admin/counsel_coverage/?region={city_id}&year={year}&covered=0&page_size=100")
    html = uncovered.get_data(as_text=True)
    assert _count(html) == 20
    assert "沙洋县" in html  # the list names where the agencies without counsel are
    # The law-degree share of the city office's 9 staff (source report: 88.8% and more).
    assert "88.9%（8/9）" in home


def test_a_county_sees_its_own_coverage_only(app, login_as):
    load_city_demo(app)
    client = login_as("dongbao_admin")
    with app.app_context():
        from core import clock

        year = clock.today().year
    home = client.get(f"/admin/?year={year}").get_data(as_text=True)
    assert "94.4%（51/54）" in home  # 东宝区: 54 required agencies, 3 without counsel
    listed = client.get("/admin/counsel_coverage/?covered=0").get_data(as_text=True)
    assert _count(listed) == 3
    assert "掇刀区" not in listed
