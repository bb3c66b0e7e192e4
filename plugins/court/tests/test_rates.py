"""The appearance rate per unit, per region and per year, against a count by hand."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.models import Region
from core.periods import Period
from core.tenancy import unscoped
from plugins.court import indicators
from plugins.court.models import CourtHearing
from plugins.court.vocabulary import Appearance

D = dt.date


@pytest.fixture
def hearings(city_court):
    """Held hearings in 2024 (and one each in 2023 and still scheduled), with who appeared.

    Hand count, 2024:
      东宝区公安局            head, lawyer only (case A); head (case B)      → 2/3, cases 2/2
      东宝区住房和城乡建设局   approved delegate, nobody (case C)             → 0/2, cases 0/1
      掇刀区公安局            head (case D)                                  → 1/1, cases 1/1
      东宝区 2/5 (40%), cases 2/3; 掇刀区 1/1; 荆门市 3/6; the city's own agencies 0/0.
    """
    c = city_court
    police_head = c.head("东宝区公安局", "王局长")
    housing_clerk = c.staff("东宝区住房和城乡建设局", "张科长")
    duodao_head = c.head("掇刀区公安局", "刘局长")
    case_a = c.case("东宝区公安局", "A", D(2024, 1, 10))
    case_b = c.case("东宝区公安局", "B", D(2024, 2, 10))
    case_c = c.case("东宝区住房和城乡建设局", "C", D(2024, 2, 10))
    case_d = c.case("掇刀区公安局", "D", D(2024, 2, 10))
    case_old = c.case("东宝区公安局", "OLD", D(2023, 5, 10))
    ids = {}
    ids["a1"] = c.hearing(case_a, D(2024, 3, 5))
    c.held(ids["a1"], head=police_head)
    ids["a2"] = c.hearing(case_a, D(2024, 4, 5))
    c.held(ids["a2"], lawyers="某律师事务所律师甲")
    ids["b"] = c.hearing(case_b, D(2024, 5, 5))
    c.held(ids["b"], head=police_head)
    ids["c1"] = c.hearing(case_c, D(2024, 5, 6))
    report = c.report(
        ids["c1"],
        D(2024, 5, 1),
        planned_delegate=housing_clerk,
        absence_reason="irreplaceable_duty",
        absence_explanation="参加全市防汛调度会议",
        explanation_sealed=True,
    )
    assert c.decide(report, "approve").status_code == 302
    c.held(ids["c1"], delegate=housing_clerk)
    ids["c2"] = c.hearing(case_c, D(2024, 6, 6))
    c.held(ids["c2"])
    ids["d"] = c.hearing(case_d, D(2024, 7, 7))
    c.held(ids["d"], head=duodao_head)
    ids["old"] = c.hearing(case_old, D(2023, 9, 9))
    c.held(ids["old"], lawyers="律师乙")
    ids["later"] = c.hearing(case_b, D(2024, 12, 30))  # scheduled only: not held, not counted
    return ids


def test_only_a_lawyer_counts_as_no_appearance(city_court, hearings):
    (outcome,) = city_court.get(CourtHearing, hearings["a2"], "appearance")
    assert outcome == Appearance.LAWYER_ONLY
    assert city_court.get(CourtHearing, hearings["c1"], "appearance") == (Appearance.DELEGATE_APPROVED,)
    assert city_court.get(CourtHearing, hearings["c2"], "appearance") == (Appearance.ABSENT,)
    page = city_court.client.get(f"/admin/court_hearings/details/?id={hearings['a2']}").get_data(as_text=True)
    assert 'data-appearance="lawyer_only"' in page and "仅委托律师出庭" in page


def _region(app, name):
    with app.app_context(), unscoped():
        from core.extensions import db

        return db.session.query(Region).filter_by(name=name).one()


def test_rates_per_region_match_the_hand_count(app, hearings):
    with app.app_context(), unscoped():
        from core.extensions import db

        regions = {r.name: r for r in db.session.query(Region).all()}
        dongbao = indicators.figures_for(regions["东宝区"], Period.year(2024))
        assert (dongbao.head_appeared, dongbao.hearings_held) == (2, 5)
        assert (dongbao.cases_head_appeared, dongbao.cases_heard) == (2, 3)
        assert (dongbao.delegated, dongbao.no_appearance) == (1, 2)
        duodao = indicators.figures_for(regions["掇刀区"], Period.year(2024))
        assert (duodao.head_appeared, duodao.hearings_held) == (1, 1)
        city = indicators.figures_for(regions["荆门市"], Period.year(2024))
        assert (city.head_appeared, city.hearings_held) == (3, 6)
        own = indicators.figures_for(regions["荆门市"], Period.year(2024), own_only=True)
        assert (own.head_appeared, own.hearings_held) == (0, 0)
        assert indicators.figures_for(regions["东宝区"], Period.year(2023)).hearings_held == 1
        assert indicators.figures_for(regions["东宝区"], Period.year(2023)).head_appeared == 0


def test_rates_per_unit_match_the_hand_count(app, hearings):
    with app.app_context(), unscoped():
        from core.extensions import db

        city = db.session.query(Region).filter_by(name="荆门市").one()
        by_unit = {unit.name: f for unit, f in indicators.figures_by_unit(city, Period.year(2024))}
    assert (by_unit["东宝区公安局"].head_appeared, by_unit["东宝区公安局"].hearings_held) == (2, 3)
    assert (by_unit["东宝区公安局"].cases_head_appeared, by_unit["东宝区公安局"].cases_heard) == (2, 2)
    assert (by_unit["东宝区住房和城乡建设局"].head_appeared, by_unit["东宝区住房和城乡建设局"].hearings_held) == (0, 2)
    assert (by_unit["掇刀区公安局"].head_appeared, by_unit["掇刀区公安局"].hearings_held) == (1, 1)


def _row(html: str, table: str, key: str, value: str) -> str:
    section = html[html.index(f'id="{table}"') :]
    section = section[: section.index("</table>")]
    match = re.search(rf'<tr data-{key}="{re.escape(value)}"[^>]*>(.*?)</tr>', section, re.S)
    assert match, (table, value)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_statistics_page_shows_each_rate_with_its_counts(city_court, hearings):
    html = city_court.client.get("/admin/court_statistics/?year=2024").get_data(as_text=True)
    assert "50.0%（3/6）" in _row(html, "court-regions", "region", "420800")
    dongbao = _row(html, "court-regions", "region", "420802")
    assert "40.0%（2/5）" in dongbao and "66.7%（2/3）" in dongbao
    assert "100.0%（1/1）" in _row(html, "court-regions", "region", "420804")
    police = city_court.unit("东宝区公安局")
    assert "66.7%（2/3）" in _row(html, "court-units", "unit", str(police))


def test_a_county_user_sees_only_the_county(app, login_as, hearings):
    client = login_as("duodao_staff")
    html = client.get("/admin/court_statistics/?year=2024").get_data(as_text=True)
    assert "100.0%（1/1）" in _row(html, "court-regions", "region", "420804")
    assert "东宝区公安局" not in html
    city = _region(app, "荆门市")
    assert client.get(f"/admin/court_statistics/?year=2024&region={city.id}").status_code == 404


def test_the_home_dashboard_shows_the_rate_with_numerator_and_denominator(city_court, hearings):
    html = city_court.client.get("/admin/?year=2024").get_data(as_text=True)
    card = html[html.index('data-key="court.appearance_rate"') :][:600]
    assert "50.0%（3/6）" in card
