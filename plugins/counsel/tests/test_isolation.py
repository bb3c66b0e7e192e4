"""Another county's staff reaches none of 东宝区's counsel records on the plugin's own endpoints
(the tenancy walk, tests/test_tenancy.py, covers the list, details, edit, delete and export pages)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from plugins.counsel.models import CounselEvaluation, Matter


def test_the_act_and_compute_endpoints_are_scoped(app, office, login_as):
    today = office.today()
    lawyer = office.lawyer()
    office.engage("东宝区公安局", lawyer, dt.date(today.year, 1, 1), dt.date(today.year + 1, 12, 31))
    matter_id = office.matter("东宝区公安局", "major_decision", "关于东宝区停车收费的决定（草案）", today)
    own = office.client.get("/admin/counsel_coverage/?search=公安局").get_data(as_text=True)
    assert "东宝区公安局" in own and "李明" in own  # the agency, covered, and by whom
    other = login_as("duodao_staff")
    for act, data in [
        ("give_opinion", {"on": today.isoformat(), "opinion": "x", "counsel": str(lawyer), "review_result": "lawful"}),
        ("submit", {"on": today.isoformat(), "exploratory": "y", "legal_risk": "x"}),
    ]:
        assert other.post_form(f"/admin/counsel_matters/act/{act}/?id={matter_id}", data).status_code == 404
    assert office.get(Matter, matter_id).state == "open"
    assert "关于东宝区停车收费" not in other.get("/admin/counsel_matters/").get_data(as_text=True)
    assert "东宝区公安局" not in other.get("/admin/counsel_coverage/").get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(other.get("/admin/counsel_roster_register/export.xlsx").data)).active
    assert "李明" not in {c.value for row in sheet.iter_rows() for c in row}
    other.post_form("/admin/counsel_evaluations/compute/", {"year": str(today.year)})
    assert office.count(CounselEvaluation) == 0  # 掇刀区 has nobody engaged: 东宝区's lawyer is not evaluated
