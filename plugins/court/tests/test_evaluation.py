"""The annual evaluation: computed from the records, adjustable with a reason, recomputable, explained."""

from __future__ import annotations

import datetime as dt
import re

from plugins.court.models import Evaluation, EvaluationItem, EvaluationLine
from plugins.court.tests.conftest import flashes

D = dt.date


def _sheet(court):
    head = court.head("东宝区公安局", "王局长")
    case = court.case("东宝区公安局", "(2024)鄂0802行初1号", D(2024, 3, 1))
    court.held(court.hearing(case, D(2024, 4, 10)), head=head)
    late = court.hearing(case, D(2024, 5, 10))
    court.held(late, lawyers="某律师")
    response = court.post("court_evaluations", {"unit": court.unit("东宝区公安局"), "year": 2024})
    assert response.status_code == 302, flashes(response)
    return court.last_id(Evaluation), late


def _line(court, sheet_id, metric):
    from sqlalchemy import select

    from core.extensions import db
    from core.tenancy import unscoped

    with court.app.app_context(), unscoped():
        line = db.session.execute(
            select(EvaluationLine).where(EvaluationLine.evaluation_id == sheet_id, EvaluationLine.metric == metric)
        ).scalar_one()
        return line.id, line.computed_points, line.adjustment, line.explanation, list(line.sources)


def test_the_sheet_is_computed_from_the_records_and_shows_where_each_point_came_from(court):
    sheet, late = _sheet(court)
    _line_id, points, adjustment, explanation, sources = _line(court, sheet, "appearance_rate")
    assert points == 20.0 and adjustment == 0.0
    assert explanation == "负责人出庭应诉率 50.0%（1/2）× 40 = 20"
    assert [s["effect"] for s in sources] == ["计入分子：负责人出庭", "仅计入分母：仅委托律师出庭"]
    assert sources[1] == {**sources[1], "type": "court_hearing", "id": late}
    page = court.client.get(f"/admin/court_evaluations/details/?id={sheet}").get_data(as_text=True)
    assert "负责人出庭应诉率 50.0%（1/2）× 40 = 20" in page
    assert f'href="/admin/court_hearings/details/?id={late}"' in page
    # No report was filed for either hearing: 0 of 20 for reports on time.
    assert _line(court, sheet, "reports_on_time")[1] == 0.0


def test_an_adjustment_needs_a_reason_and_survives_a_recompute(court):
    sheet, late = _sheet(court)
    line_id = _line(court, sheet, "appearance_rate")[0]
    refused = court.client.post_form(f"/admin/court_evaluations/adjust/{line_id}", {"adjustment": "5", "reason": " "})
    assert refused.status_code == 302
    assert _line(court, sheet, "appearance_rate")[2] == 0.0
    too_much = court.client.post_form(f"/admin/court_evaluations/adjust/{line_id}", {"adjustment": "30", "reason": "x"})
    assert "调整分值" in " ".join(flashes(court.client.get(too_much.headers["Location"])))
    ok = court.client.post_form(
        f"/admin/court_evaluations/adjust/{line_id}",
        {"adjustment": "5", "reason": "律师出庭系法院临时改期所致，经核实酌情加分"},
    )
    assert ok.status_code == 302
    assert _line(court, sheet, "appearance_rate")[1:3] == (20.0, 5.0)
    # The record changes: the lawyer-only hearing is corrected — the head did appear.
    head = court.head("东宝区公安局", "李副局长", rank="deputy_in_charge", position="副局长")
    court.held(late, head=head)
    assert court.client.post_form(f"/admin/court_evaluations/recompute/{sheet}", {}).status_code == 302
    _id, points, adjustment, explanation, _sources = _line(court, sheet, "appearance_rate")
    assert (points, adjustment) == (40.0, 5.0)
    assert "100.0%（2/2）" in explanation
    page = court.client.get(f"/admin/court_evaluations/details/?id={sheet}").get_data(as_text=True)
    assert "律师出庭系法院临时改期所致" in page
    total = re.search(r'id="court-evaluation-total">([\d.]+)<', page).group(1)
    # 40 + 5 (appearance) + 0 (reports) + 15 (defence: nothing due) + 15 + 10 (no notices)
    assert float(total) == 40 + 5 + 0 + 15 + 15 + 10


def test_items_are_configurable_per_region(app, login_as, court):
    admin = login_as("dongbao_admin")
    from core.models import Region
    from core.tenancy import unscoped

    with app.app_context(), unscoped():
        from core.extensions import db

        dongbao = db.session.query(Region).filter_by(name="东宝区").one().id
    response = admin.post_form(
        "/admin/court_evaluation_items/new/",
        {
            "region": dongbao,
            "metric": "appearance_rate",
            "label": "出庭应诉率",
            "max_points": "60",
            "sort_order": "1",
            "active": "y",
        },
    )
    assert response.status_code == 302, flashes(response)
    assert court.count(EvaluationItem) == 1
    sheet, _late = _sheet(court)
    _id, points, _adj, explanation, _sources = _line(court, sheet, "appearance_rate")
    assert points == 30.0 and "× 60" in explanation
    from sqlalchemy import func, select

    from core.extensions import db

    with app.app_context():
        lines = db.session.execute(
            select(func.count(EvaluationLine.id)).where(EvaluationLine.evaluation_id == sheet)
        ).scalar_one()
    assert lines == 1  # the office's own items replace the defaults


def test_the_ranking_feeds_the_statistics_page_and_the_circular(app, court):
    _sheet(court)
    html = court.client.get("/admin/court_statistics/?year=2024").get_data(as_text=True)
    ranking = html[html.index('id="court-ranking"') :]
    assert "东宝区公安局" in ranking[: ranking.index("</table>")]
    from core.models import Region
    from core.periods import Period
    from core.tenancy import unscoped
    from plugins.court.circular import sections

    with app.app_context(), unscoped():
        from core.extensions import db

        dongbao = db.session.query(Region).filter_by(name="东宝区").one()
        result = sections(dongbao, Period.year(2024))
    headings = [s.heading for s in result]
    assert headings[0] == "行政机关负责人出庭应诉情况"
    assert "2024年度行政机关负责人出庭应诉工作考评结果" in headings
    first = result[0]
    assert "出庭应诉率50.0%（1/2）" in first.paragraphs[0]
    assert first.table.header[0] == "区划" and first.table.rows[-1][0] == "合计"
    failures = result[1]
    assert failures.table.rows[0][1] == "(2024)鄂0802行初1号"


def test_notices_received_in_the_year_cost_points_and_are_named(app, court):
    from plugins.court.checks import today

    now = today()
    case = court.case("东宝区公安局", f"({now.year})鄂0802行初1号", now - dt.timedelta(days=60))
    court.held(court.hearing(case, now - dt.timedelta(days=10)), lawyers="某律师")  # draws a 通报批评
    response = court.post("court_evaluations", {"unit": court.unit("东宝区公安局"), "year": now.year})
    assert response.status_code == 302, flashes(response)
    _id, points, _adj, explanation, sources = _line(court, court.last_id(Evaluation), "criticism_notices")
    assert points == 10.0 and explanation == "被通报批评 1 次 × 5 分，15 − 5 = 10"
    assert sources[0]["type"] == "notice" and "负责人未出庭且未经准许委托" in sources[0]["label"]
    html = court.client.get(f"/admin/?year={now.year}").get_data(as_text=True)
    card = html[html.index('data-key="court.units_criticised"') :]
    assert re.search(r'<div class="h4 mb-0"><a [^>]*>1</a></div>', card[:600])


def test_sections_fit_the_cores_circular_for_a_part_of_a_year(app, court):
    from core.circulars.compose import Period, _as_section_fields
    from core.models import Region
    from core.tenancy import unscoped
    from plugins.court.circular import sections

    _sheet(court)  # hearings 2024-04-10 (head) and 2024-05-10 (lawyer only)
    with app.app_context(), unscoped():
        from core.extensions import db

        dongbao = db.session.query(Region).filter_by(name="东宝区").one()
        april = sections(dongbao, Period.month(2024, 4))
        spring = sections(dongbao, Period(D(2024, 4, 1), D(2024, 5, 9)))
        year = sections(dongbao, Period.year(2024))
    fields = [_as_section_fields(s) for s in april + spring + year]  # the core accepts every section
    assert all(f["heading"] and f["body"] for f in fields)
    assert "出庭应诉率100.0%（1/1）" in april[0].paragraphs[0]
    assert april[0].paragraphs[0].startswith("2024年4月，东宝区")
    assert spring[0].paragraphs[0].startswith("2024年4月1日至2024年5月9日，东宝区")
    assert year[0].paragraphs[0].startswith("2024年，东宝区") and "50.0%（1/2）" in year[0].paragraphs[0]
