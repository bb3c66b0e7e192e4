"""行政复议案件登记表: export, import into an empty database, export again — the same register; bad rows refused."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from core.extensions import db
from core.models import Region
from core.registers import wait_for
from core.tenancy import unscoped
from core.testing.fixtures import login, make_app

REGISTER = "/admin/admin_review_register"


@pytest.fixture
def app_config():
    return {"FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR": 45}


@pytest.fixture
def other_app(databases):
    """A second, empty installation (same demo tenancy, no cases)."""
    url = databases.fresh()
    application = make_app(url, FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR=45)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def _load_demo(app: Any) -> int:
    from plugins.admin_review.demo import load_demo_data
    from plugins.admin_review.models import AdministrativeReviewCase

    with app.app_context(), unscoped():
        dongbao = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        load_demo_data(dongbao, 1)
        db.session.commit()
        return db.session.scalar(select(func.count(AdministrativeReviewCase.id)))


def _cells(content: bytes) -> list[list[Any]]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def _import(client: Any, content: bytes, mode: str = "all_or_nothing") -> dict[str, Any]:
    response = client.post_form(
        f"{REGISTER}/import",
        {"file": (io.BytesIO(content), "行政复议案件登记表.xlsx"), "mode": mode},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    job_id = int(re.search(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    assert wait_for(job_id, timeout=120)
    status = client.get(f"{REGISTER}/jobs/{job_id}.json").get_json()
    status["page"] = client.get(f"{REGISTER}/jobs/{job_id}").get_data(as_text=True)
    return status


def _case_fields(app: Any) -> dict[str, dict[str, Any]]:
    from plugins.admin_review.models import AdministrativeReviewCase
    from plugins.admin_review.register import COLUMNS

    with app.app_context(), unscoped():
        cases = db.session.execute(select(AdministrativeReviewCase)).scalars().all()
        return {c.case_number: {col.key: _stored(col, c) for col in COLUMNS} for c in cases}


def _stored(column: Any, case: Any) -> Any:
    """What a case holds in a column: a unit or region by its name (the two apps hold different objects)."""
    value = column.export(case) if column.export else getattr(case, column.key)
    return column.label_of(value) if column.kind in ("unit", "region") else value


def test_export_then_import_round_trips_without_loss(app, other_app, login_as):
    count = _load_demo(app)
    assert count >= 80
    first = login_as("dongbao_staff").get(f"{REGISTER}/export.xlsx")
    assert first.status_code == 200
    cells = _cells(first.data)
    assert cells[0][0] == "行政复议案件登记表" and cells[1][:3] == ["案号", "复议机关", "收到日期"]
    assert len(cells) == count + 2
    states = {row[cells[1].index("状态")] for row in cells[2:]}
    assert len(states) >= 6, states  # the demo spreads over the life cycle
    result = _import(login(other_app, "dongbao_staff"), first.data)
    assert (result["state"], result["saved"], result["error_rows"]) == ("done", count, 0), result["page"][-3000:]
    second = login(other_app, "dongbao_staff").get(f"{REGISTER}/export.xlsx")
    assert _cells(second.data) == cells
    assert _case_fields(other_app) == _case_fields(app)
    # The imported cases carry on: the periods still running were opened for their states.
    from core.deadlines import Deadline
    from plugins.admin_review.models import AdministrativeReviewCase

    with other_app.app_context(), unscoped():
        open_cases = db.session.scalar(
            select(func.count(AdministrativeReviewCase.id)).where(
                AdministrativeReviewCase.state.in_(("received", "accepted", "copy_sent", "under_review"))
            )
        )
        decision_periods = db.session.scalar(select(func.count(Deadline.id)).where(Deadline.kind.like("decision%")))
    assert open_cases == 0 or decision_periods > 0


def test_bad_rows_are_refused_naming_row_and_column_and_nothing_is_saved(app, login_as):
    _load_demo(app)
    client = login_as("dongbao_staff")
    content = client.get(f"{REGISTER}/export.xlsx").data
    # Importing the same register again: every number is taken in this body and year.
    again = _import(client, content, mode="valid_rows")
    assert again["saved"] == 0 and again["error_rows"] == again["total"]
    assert "<td>3</td><td>案号</td><td>「案号」" in again["page"] and "已被本复议机关" in again["page"]
    # A register of new numbers, one row with a bad date, one decided before it was accepted.
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = [c.value for c in sheet[2]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row=row, column=col["案号"]).value = f"东宝行复〔2019〕{row}号"
    sheet.cell(row=4, column=col["收到日期"]).value = "2024-02-30"
    decided = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(row=r, column=col["决定日期"]).value)
    accepted = sheet.cell(row=decided, column=col["受理日期"]).value
    sheet.cell(row=decided, column=col["决定日期"]).value = accepted.replace(year=accepted.year - 1)
    buffer = io.BytesIO()
    book.save(buffer)
    from plugins.admin_review.models import AdministrativeReviewCase

    with app.app_context(), unscoped():
        before = db.session.scalar(select(func.count(AdministrativeReviewCase.id)))
    result = _import(client, buffer.getvalue())
    assert result["state"] == "refused" and result["saved"] == 0 and result["error_rows"] == 2
    assert "<td>4</td><td>收到日期</td><td>日期格式不正确（“2024-02-30”）" in result["page"]
    assert f"<td>{decided}</td><td>决定日期</td><td>「决定日期」" in result["page"]
    assert "不能早于受理日期" in result["page"]
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count(AdministrativeReviewCase.id))) == before
    # The user may choose to keep the valid rows instead.
    kept = _import(client, buffer.getvalue(), mode="valid_rows")
    assert kept["saved"] == kept["total"] - 2 and kept["error_rows"] == 2


def test_the_register_page_offers_export_template_and_import(login_as):
    client = login_as("dongbao_staff")
    page = client.get(f"{REGISTER}/").get_data(as_text=True)
    assert "行政复议案件登记表" in page and 'name="year"' in page and 'name="mode"' in page
    template = _cells(client.get(f"{REGISTER}/template.xlsx").data)
    assert len(template) == 2 and "决定类型" in template[1]
    assert 'name="file"' not in login_as("leader").get(f"{REGISTER}/").get_data(as_text=True)


def test_the_export_holds_only_the_users_cases(app, login_as):
    _load_demo(app)
    assert len(_cells(login_as("duodao_staff").get(f"{REGISTER}/export.xlsx").data)) == 2  # title and headers
    city = _cells(login_as("city_admin").get(f"{REGISTER}/export.xlsx").data)
    dongbao = _cells(login_as("dongbao_staff").get(f"{REGISTER}/export.xlsx").data)
    assert len(city) == len(dongbao) > 2
    assert _cells(login_as("dongbao_staff").get(f"{REGISTER}/export.xlsx?year=1999").data)[0][0].endswith("（1999）")
