"""The home page: indicators with numerator and denominator, figures that link to their records,
SVG charts, and the yearly calendar warning for admins."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from core.deadlines import meet_deadline, open_deadline
from core.extensions import db
from core.models import CalendarYear, Region, Unit
from core.notices import NoticeKind, issue_notice
from core.tenancy import unscoped
from core.testing.fixtures import listed_ids
from tests.plugins.hookcheck.models import InspectionObject

D = dt.date.fromisoformat


@pytest.fixture
def plugins():
    return ["tests.plugins.hookcheck.plugin"]


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _deadline(code: str, start: str, met_on: str | None) -> int:
    """A 5-working-day deadline in region `code`, met on `met_on` (None: left running)."""
    obj = InspectionObject(name=f"对象{start}{code}", region_id=_region(code).id)
    db.session.add(obj)
    db.session.flush()
    unit = db.session.execute(select(Unit).where(Unit.region_id == obj.region_id)).scalars().first()
    deadline = open_deadline(
        obj,
        plugin_key="hookcheck",
        kind="review",
        label="审查期限",
        basis="《行政复议法》第三十条",
        start=D(start),
        working_days=5,
        responsible_unit_id=unit.id,
    )
    if met_on:
        meet_deadline(obj, "review", D(met_on))
    return deadline.id


def _card(page: str, key: str) -> str:
    match = re.search(rf'data-key="{re.escape(key)}">(.*?)</div>\s*</div>\s*</div>', page, flags=re.S)
    assert match, f"no card {key}"
    return match.group(1)


def _figure(page: str, key: str) -> tuple[int, str | None]:
    match = re.search(
        rf'data-key="{re.escape(key)}">\s*<span>[^<]*</span>\s*(?:<a class="h6 mb-0" href="([^"]*)">|'
        rf'<span class="h6 mb-0">)(\d+)<',
        page,
    )
    assert match, f"no figure {key}"
    return int(match.group(2)), html.unescape(match.group(1)) if match.group(1) else None


def _href(fragment: str) -> str:
    return html.unescape(re.search(r'href="([^"]+)"', fragment).group(1))


@pytest.fixture
def seeded(app):
    app.config["FAZHI_TODAY"] = "2026-06-05"
    with app.app_context(), unscoped():
        ids = {
            # 东宝区: one on time (due 2026-03-09, met 03-06), one late (due 03-16, met 03-18).
            "dongbao_met": _deadline("420802", "2026-03-02", "2026-03-06"),
            "dongbao_missed": _deadline("420802", "2026-03-09", "2026-03-18"),
            # 掇刀区: one on time; one running, due Monday 2026-06-08 (approaching on 06-05).
            "duodao_met": _deadline("420804", "2026-04-01", "2026-04-03"),
            "duodao_running": _deadline("420804", "2026-06-01", None),
            # 2025: a trend point (沙洋县, on time).
            "shayang_2025": _deadline("420822", "2025-05-06", "2025-05-07"),
        }
        unit = db.session.execute(select(Unit).where(Unit.name == "东宝区公安局")).scalar_one()
        ids["notice"] = issue_notice(
            kind=NoticeKind.SUPERVISION, target_unit_id=unit.id, title="督办", issued_by=None
        ).id
        db.session.commit()
    return ids


def test_indicators_show_numerator_and_denominator_and_link_to_their_records(app, login_as, seeded):
    city = login_as("city_admin")
    page = city.get("/admin/?year=2026").get_data(as_text=True)
    card = _card(page, "core.deadline_on_time_rate")
    assert "期限按期完成率" in card and "66.7%（2/3）" in card and "分子 2 / 分母 3" in card
    listed = listed_ids(city.get(_href(card)).get_data(as_text=True))
    assert listed == {seeded["dongbao_met"], seeded["dongbao_missed"], seeded["duodao_met"]}

    county = login_as("dongbao_staff").get("/admin/?year=2026").get_data(as_text=True)
    assert "50.0%（1/2）" in _card(county, "core.deadline_on_time_rate")


def test_figures_count_notices_and_deadlines_and_link_to_them(app, login_as, seeded):
    city = login_as("city_staff")
    page = city.get("/admin/?year=2026").get_data(as_text=True)
    count, url = _figure(page, "notices-supervision")
    assert count == 1 and listed_ids(city.get(url).get_data(as_text=True)) == {seeded["notice"]}
    assert _figure(page, "notices-warning")[0] == 0
    count, url = _figure(page, "deadlines-approaching")
    assert count == 1 and listed_ids(city.get(url).get_data(as_text=True)) == {seeded["duodao_running"]}
    count, url = _figure(page, "deadlines-missed")
    assert count == 1 and listed_ids(city.get(url).get_data(as_text=True)) == {seeded["dongbao_missed"]}
    count, url = _figure(page, "deadlines-running")
    assert count == 1 and listed_ids(city.get(url).get_data(as_text=True)) == {seeded["duodao_running"]}


def test_charts_across_counties_and_over_the_years(app, login_as, seeded):
    city = login_as("city_admin")
    page = city.get("/admin/?year=2026").get_data(as_text=True)
    charts = page[page.index('id="charts"') :]
    bar = re.search(r'<svg[^>]*class="chart chart-bar".*?</svg>', charts, flags=re.S).group(0)
    assert "期限按期完成率：荆门市各地（2026年）" in bar
    assert "东宝区：50.0%（1/2）" in bar and "掇刀区：100.0%（1/1）" in bar and "沙洋县：—（0/0）" in bar
    # Each bar links to the records behind it: 东宝区's bar lists 东宝区's two concluded deadlines.
    dongbao_link = html.unescape(re.search(r'<a href="([^"]+)"><g class="bar"><title>东宝区', bar).group(1))
    assert listed_ids(city.get(dongbao_link).get_data(as_text=True)) == {
        seeded["dongbao_met"],
        seeded["dongbao_missed"],
    }
    line = re.search(r'<svg[^>]*class="chart chart-line".*?</svg>', charts, flags=re.S).group(0)
    assert "期限按期完成率：近5年" in line
    assert "2025：100.0%（1/1）" in line and "2026：66.7%（2/3）" in line and "2022" in line
    assert not re.search(r"<script[^>]*(chart|echarts)", page, flags=re.I)  # drawn on the server, no JS library


def test_the_calendar_warning_shows_to_admins_from_november(app, login_as):
    app.config["FAZHI_TODAY"] = "2026-11-02"
    admin = login_as("admin")
    page = admin.get("/admin/").get_data(as_text=True)
    assert 'id="calendar-warning"' in page and "2027年的法定节假日和调休安排尚未录入工作日历" in page
    assert "/admin/calendar_days/bulk" in page
    region_admin = login_as("dongbao_admin").get("/admin/").get_data(as_text=True)
    assert 'id="calendar-warning"' in region_admin and "请联系系统管理员" in region_admin
    assert 'id="calendar-warning"' not in login_as("dongbao_staff").get("/admin/").get_data(as_text=True)
    app.config["FAZHI_TODAY"] = "2026-10-31"
    assert 'id="calendar-warning"' not in admin.get("/admin/").get_data(as_text=True)
    app.config["FAZHI_TODAY"] = "2026-11-02"
    with app.app_context(), unscoped():
        db.session.add(CalendarYear(year=2027, complete=True, announced_by="国办发明电〔2026〕X号"))
        db.session.commit()
    assert 'id="calendar-warning"' not in admin.get("/admin/").get_data(as_text=True)
