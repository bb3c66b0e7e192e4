"""Indicators (纠错率 with numerator and denominator…), the circular section, and the demo data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Region
from core.periods import Period
from core.tenancy import unscoped


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _decided(desk, received: str, accepted: str, decided: str, decision: str) -> int:
    case_id = desk.register(received)
    desk.act(case_id, "accept", on=accepted)
    desk.act(case_id, "send_copy", on=accepted)
    desk.act(case_id, "receive_reply", on=decided)
    if decision == "mediation":
        desk.act(case_id, "start_mediation", on=decided)
    message = desk.act(case_id, "decide", on=decided, decision_type=decision)
    assert "已作出决定" in message, message
    if decision in ("revoke", "confirm_illegal"):  # 行政首长告知 follows a correction (local practice)
        desk.act(case_id, "notify_head", on=decided, record="书面告知")
    return case_id


def test_correction_rate_keeps_numerator_and_denominator(desk, app):
    for decision in ("uphold", "uphold", "revoke", "confirm_illegal", "mediation"):
        _decided(desk, "2024-03-04", "2024-03-06", "2024-04-10", decision)
    settled = desk.register("2024-03-04")
    desk.act(settled, "accept", on="2024-03-06")
    desk.act(settled, "terminate", on="2024-03-20", ground="settled")
    desk.register("2024-05-06")  # received, not yet concluded
    desk.register("2023-12-28")  # another year
    from plugins.admin_review.indicators import collect

    with app.test_request_context(), unscoped():
        indicators = {i.key: i for i in collect(_region("420802"), Period.year(2024))}
        city = {i.key: i for i in collect(_region("420800"), Period.year(2024))}
        duodao = {i.key: i for i in collect(_region("420804"), Period.year(2024))}
    assert indicators["received"].numerator == 7
    assert indicators["accepted"].numerator == 6
    assert indicators["concluded"].numerator == 6
    rate = indicators["correction_rate"]
    assert (rate.numerator, rate.denominator, rate.display()) == (2, 6, "33.3%（2/6）")
    assert rate.extra["by_respondent"]["东宝区公安局"] == {"received": 7, "concluded": 6, "corrected": 2}
    mediated = indicators["mediated_share"]
    assert (mediated.numerator, mediated.denominator) == (2, 6)
    assert indicators["decided_revoke"].numerator == 1 and indicators["decided_uphold"].numerator == 2
    # The two applications never reviewed are past their acceptance period (the 2023 one still counts).
    assert indicators["overdue"].numerator == 2
    assert city["correction_rate"].denominator == 6  # the city sees its counties
    assert duodao["received"].numerator == 0 and duodao["correction_rate"].value is None
    # Every figure links to the cases behind it.
    listing = desk.client.get(rate.url).get_data(as_text=True)
    assert listing.count("/details/?id=") == 2


def test_the_dashboard_shows_the_correction_rate(desk):
    _decided(desk, "2024-03-04", "2024-03-06", "2024-04-10", "revoke")
    _decided(desk, "2024-03-04", "2024-03-06", "2024-04-10", "uphold")
    home = desk.client.get("/admin/?year=2024")
    assert home.status_code == 200
    html = home.get_data(as_text=True)
    assert "纠错率" in html and "50.0%（1/2）" in html


def test_overdue_cases_are_counted_and_listed(desk, app):
    late = desk.register("2024-03-04")
    desk.act(late, "accept", on="2024-03-06")
    desk.scan("2024-06-01")  # copy and decision periods missed
    from plugins.admin_review.indicators import collect

    with app.test_request_context(), unscoped():
        overdue = {i.key: i for i in collect(_region("420802"), Period.year(2024))}["overdue"]
    assert overdue.numerator == 1
    listing = desk.client.get("/admin/admin_review_cases/?flt0_4=1").get_data(as_text=True)
    assert f"/details/?id={late}" in listing


def test_the_circular_section_is_plain_data(desk, app):
    _decided(desk, "2024-03-04", "2024-03-06", "2024-04-10", "revoke")
    _decided(desk, "2024-03-04", "2024-03-06", "2024-04-10", "uphold")
    from core.circulars.render import Table
    from core.periods import Period
    from plugins.admin_review.circular import collect_circular_sections

    with app.app_context(), unscoped():
        (section,) = collect_circular_sections(_region("420802"), Period.year(2024))
        (empty,) = collect_circular_sections(_region("420804"), Period.half(2024, 1))
    assert section.heading == "行政复议工作情况"
    assert "共收到行政复议申请2件，受理2件，审结2件" in section.paragraphs[0]
    assert "纠错率50.0%（1/2）" in section.paragraphs[1]
    assert section.table == Table(
        ["被申请人", "收案", "审结", "纠错", "纠错率"], [["东宝区公安局", "2", "2", "1", "50.0%"]]
    )
    assert empty.table is None and "未收到行政复议申请" in empty.paragraphs[0]


@pytest.mark.slow
def test_demo_covers_every_state_at_scale(app):
    from plugins.admin_review.demo import load_demo_data
    from plugins.admin_review.models import AdministrativeReviewCase as Case
    from plugins.admin_review.vocabulary import CaseState, DecisionType

    app.config["FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR"] = 200
    today = dt.date(2025, 12, 15)
    with app.app_context(), unscoped():
        dongbao = _region("420802")
        created = load_demo_data(dongbao, 1, today=today, strict=True)
        db.session.commit()
        rows = db.session.execute(select(Case.state, Case.decision_type, Case.received_on)).all()
        per_year = Counter(r.received_on.year for r in rows)
        assert created == len(rows) and per_year[2024] == 200 and per_year[2025] == 200
        assert {r.state for r in rows} == {str(s) for s in CaseState}
        assert {r.decision_type for r in rows} - {None} == {str(d) for d in DecisionType}
        assert load_demo_data(dongbao, 1, today=today) == 0  # loaded once


def test_demo_is_deterministic(app):
    from core.deadlines import Deadline
    from plugins.admin_review.demo import load_demo_data
    from plugins.admin_review.models import AdministrativeReviewCase as Case

    app.config["FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR"] = 30
    today = dt.date(2025, 12, 15)
    runs = []
    with app.app_context(), unscoped():
        for _ in range(2):
            load_demo_data(_region("420804"), 1, today=today, strict=True)
            db.session.commit()
            columns = (Case.case_number, Case.received_on, Case.applicant_name, Case.state, Case.decision_type)
            runs.append(sorted(tuple(r) for r in db.session.execute(select(*columns)).all()))
            db.session.execute(Case.__table__.delete())
            db.session.execute(Deadline.__table__.delete().where(Deadline.plugin_key == "admin_review"))
            db.session.commit()
    assert len(runs[0]) == 60 and runs[0] == runs[1]
