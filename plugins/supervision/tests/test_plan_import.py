"""The plan's table imported through core.registers: 140 measures, 32 lead units; again: nothing changes; bad rows."""

from __future__ import annotations

from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from core.tenancy import unscoped
from plugins.supervision.models import Measure, measure_unit
from plugins.supervision.tests.conftest import HEADERS, plan_rows, workbook


def _audit_count(app) -> int:
    with app.app_context(), unscoped():
        return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.subject_type.like("supervision_%")))


def test_the_140_measure_table_imports_once_and_again_changes_nothing(app, desk):
    desk.create_plan()
    content = workbook(plan_rows())
    result = desk.import_plan(content)
    assert (result["state"], result["saved"], result["error_rows"]) == ("done", 140, 0), result["page"][-2000:]
    assert desk.count(Measure) == 140
    with app.app_context(), unscoped():
        leads = db.session.scalar(select(func.count(func.distinct(Measure.lead_unit_id))))
        responsible = db.session.scalar(select(func.count()).select_from(measure_unit))
    assert leads == 32 and responsible == 140
    before = _audit_count(app)
    again = desk.import_plan(content)
    assert again["state"] == "done" and again["error_rows"] == 0
    assert desk.count(Measure) == 140
    assert _audit_count(app) == before  # not one measure written again
    # A changed row is updated in place, not duplicated.
    rows = plan_rows()
    rows[4][4] = "第5项工作措施：修订后的标题"
    desk.import_plan(workbook(rows))
    assert desk.count(Measure) == 140 and desk.count(Measure, Measure.title == "第5项工作措施：修订后的标题") == 1
    # The list shows them to the city.
    page = desk.client.get("/admin/supervision_measures/?page_size=200").get_data(as_text=True)
    assert "修订后的标题" in page


def test_bad_rows_name_row_and_column_and_nothing_is_half_imported(app, desk):
    desk.create_plan()
    rows = plan_rows(10)
    rows[2][5] = "市不存在局"  # row 5: an unknown lead unit
    rows[6][1] = rows[5][1]  # row 9: the number of row 8 again
    rows[7][6] = "市司法局、市幽灵办"  # row 10: an unknown responsible unit
    result = desk.import_plan(workbook(rows))
    assert result["state"] == "refused" and result["saved"] == 0 and result["error_rows"] == 3
    page = result["page"]
    assert "<td>5</td><td>牵头单位</td><td>找不到本辖区内的单位“市不存在局”" in page
    assert "<td>9</td><td>措施编号</td><td>措施编号“6”与第8行重复" in page
    assert "找不到本辖区内的单位“市幽灵办”" in page
    assert desk.count(Measure) == 0
    # "Import the valid rows" saves the rest.
    kept = desk.import_plan(workbook(rows), mode="valid_rows")
    assert kept["saved"] == 7 and desk.count(Measure) == 7


def test_a_missing_column_refuses_the_file(app, desk):
    desk.create_plan()
    headers = [h for h in HEADERS if h != "牵头单位"]
    rows = [[c for i, c in enumerate(r) if HEADERS[i] != "牵头单位"] for r in plan_rows(3)]
    result = desk.import_plan(workbook(rows, headers))
    assert result["state"] == "refused" and "缺少必填列：「牵头单位」" in result["page"]
    assert desk.count(Measure) == 0


def test_another_county_cannot_import_into_the_city_plan(app, desk, login_as):
    from plugins.supervision.tests.conftest import Desk

    desk.create_plan()
    county = Desk(app, login_as("duodao_staff"))
    result = county.import_plan(workbook(plan_rows(2)))
    assert result["state"] == "refused" and "找不到本辖区内的实施方案" in result["page"]
    assert desk.count(Measure) == 0
