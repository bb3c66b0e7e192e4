"""The annual assessment: computed by the configured scheme, adjusted with reasons, recomputed keeping them."""

from __future__ import annotations

import datetime as D

from sqlalchemy import select

from core.extensions import db
from core.tenancy import unscoped
from plugins.supervision.models import Assessment
from plugins.supervision.tests.conftest import flashes, one_measure, open_task


def _sheet(app, unit_id: int, year: int) -> Assessment:
    with app.app_context(), unscoped():
        sheet = db.session.execute(
            select(Assessment).where(Assessment.unit_id == unit_id, Assessment.year == year)
        ).scalar_one()
        lines = {line.metric: (line.points, line.adjustment, line.adjustment_reason) for line in sheet.lines}
        return sheet.id, sheet.score, lines


def test_scores_follow_the_scheme_adjustments_need_reasons_and_survive_a_recompute(app, desk):
    # One overdue task of 2023 for 市公安局: nothing on time, nothing accepted, one overdue.
    open_task(desk, one_measure(desk, 2023), 2023, D.date(2023, 12, 31))
    desk.client.post_form("/admin/supervision_assessments/compute/", {"year": "2023"})
    sheet_id, score, lines = _sheet(app, desk.unit("市公安局"), 2023)
    assert lines["on_time"][0] == 0 and lines["accepted"][0] == 0
    assert lines["overdue"][0] == 8  # 10 − 2 for the one overdue task
    assert lines["findings"][0] == 10 and lines["rectification"][0] == 10
    assert score == 28
    page = desk.client.get(f"/admin/supervision_assessments/details/?id={sheet_id}").get_data(as_text=True)
    assert "任务逾期未销号1项，每项扣2分" in page
    refused = desk.client.post_form(
        f"/admin/supervision_assessments/adjust/?id={sheet_id}",
        {"metric": "overdue", "adjustment": "1", "reason": ""},
        follow_redirects=True,
    )
    assert flashes(refused)[-1] == "未调整：「调整理由」必填"
    desk.client.post_form(
        f"/admin/supervision_assessments/adjust/?id={sheet_id}",
        {"metric": "overdue", "adjustment": "1.5", "reason": "因机构改革延误，经市政府同意"},
    )
    assert _sheet(app, desk.unit("市公安局"), 2023)[1] == 29.5
    desk.client.post_form("/admin/supervision_assessments/compute/", {"year": "2023"})
    _id, score, lines = _sheet(app, desk.unit("市公安局"), 2023)
    assert score == 29.5 and lines["overdue"][1:] == (1.5, "因机构改革延误，经市政府同意")


def test_the_scheme_is_configurable(app, desk):
    app.config["FAZHI_SUPERVISION_ASSESSMENT_SCHEME"] = {"accepted": 60, "overdue": 40}
    open_task(desk, one_measure(desk, 2023), 2023, D.date(2023, 12, 31))
    desk.client.post_form("/admin/supervision_assessments/compute/", {"year": "2023"})
    _id, score, lines = _sheet(app, desk.unit("市公安局"), 2023)
    assert set(lines) == {"accepted", "overdue"} and score == 38
