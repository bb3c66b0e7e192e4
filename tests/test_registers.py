"""Registers (core.registers): Excel export, import with a per-row error report, modes, progress, scoping.

Driven through the test plugin's 检查对象登记表 (tests/plugins/hookcheck/register.py) over HTTP.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import delete, func, select

from core.extensions import db
from core.models import ImportJob, Region, Unit
from core.registers import CellError, parse_date, wait_for
from core.tenancy import unscoped
from core.testing.fixtures import builtin_plugin_modules
from tests.plugins.hookcheck.models import InspectionObject

HOOKCHECK = "tests.plugins.hookcheck.plugin"
BASE = "/admin/inspection_object_register"
HEADERS = ["名称", "地址", "监管单位", "检查次数", "类别", "检查日期"]


@pytest.fixture
def plugins():
    return [*builtin_plugin_modules(), HOOKCHECK]


def workbook(rows: list[list], headers: list[str] = HEADERS, title: str | None = "检查对象登记表") -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed by the user, not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, mode: str = "all_or_nothing", name: str = "检查对象.xlsx"):
    return client.post_form(
        f"{BASE}/import",
        {"file": (io.BytesIO(content), name), "mode": mode},
        content_type="multipart/form-data",
    )


def job_of(client, response) -> dict:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    job_id = int(re.search(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    assert wait_for(job_id)
    return client.get(f"{BASE}/jobs/{job_id}.json").get_json() | {"page": client.get(f"{BASE}/jobs/{job_id}")}


def objects(app) -> list[tuple[str, str, str | None]]:
    with app.app_context(), unscoped():
        rows = db.session.execute(select(InspectionObject).order_by(InspectionObject.id)).scalars()
        return [(o.name, o.address, o.unit.name if o.unit else None) for o in rows]


def test_parse_date_reads_excel_dates_and_common_text():
    assert parse_date(dt.datetime(2024, 9, 27, 0, 0)) == dt.date(2024, 9, 27)
    for text in ("2024-09-27", "2024/9/27", "2024.9.27", "2024年9月27日", "20240927", " 2024-9-27 "):
        assert parse_date(text) == dt.date(2024, 9, 27), text
    for bad in ("2024-13-01", "2024-02-30", "9/27/2024", "明天", "2024-09"):
        with pytest.raises(CellError, match="日期格式不正确"):
            parse_date(bad)


def test_export_then_import_round_trips(app, login_as):
    client = login_as("dongbao_staff")
    rows = [
        ["东宝区某超市", "泉口路1号", "东宝区公安局", None, None, None],
        ['=HYPERLINK("x")', "-5号", None, None, None, None],  # formula-like text stays text
        ["子陵铺加油站", "", "东宝区市场监督管理局", None, None, None],
    ]
    assert job_of(client, upload(client, workbook(rows)))["saved"] == 3
    before = objects(app)
    first = client.get(f"{BASE}/export.xlsx")
    assert first.status_code == 200
    assert "filename*=UTF-8''%E6%A3%80" in first.headers["Content-Disposition"]  # 检查对象登记表.xlsx
    sheet = load_workbook(io.BytesIO(first.data)).active
    assert [c.value for c in sheet[2]] == HEADERS
    assert sheet.cell(row=4, column=1).data_type == "s"  # written as text, never as a formula
    with app.app_context(), unscoped():
        db.session.execute(delete(InspectionObject))
        db.session.commit()
    result = job_of(client, upload(client, first.data))
    assert result["state"] == "done" and result["saved"] == 3, result
    assert objects(app) == before
    second = client.get(f"{BASE}/export.xlsx")
    assert [[c.value for c in r] for r in load_workbook(io.BytesIO(second.data)).active.iter_rows()] == [
        [c.value for c in r] for r in sheet.iter_rows()
    ]


def test_bad_rows_refuse_the_whole_file_naming_row_and_column(app, login_as):
    client = login_as("dongbao_staff")
    rows = [
        ["好对象", "路1号", "东宝区公安局", 3, "商户", "2024-09-27"],
        ["坏日期", "路2号", None, None, None, "2024-13-45"],
        ["坏数字", "路3号", None, "三次", "工厂", dt.date(2024, 1, 2)],
        ["坏单位", "路4号", "不存在的局", None, None, None],
        [None, "无名", None, None, None, None],
        ["好对象", "重复", None, None, None, None],
    ]
    result = job_of(client, upload(client, workbook(rows)))
    assert result["state"] == "refused" and result["saved"] == 0
    assert result["error_rows"] == 5
    page = result["page"].get_data(as_text=True)
    for row, column, text in [
        (4, "检查日期", "日期格式不正确"),
        (5, "检查次数", "应为整数"),
        (5, "类别", "不是可选值"),
        (6, "监管单位", "找不到单位“不存在的局”"),
        (7, "名称", "必填"),
        (8, "名称", "与第3行重复"),
    ]:
        assert re.search(rf"<td>{row}</td><td>{column}</td><td>[^<]*{text}", page), (row, column)
    assert objects(app) == []  # nothing saved


def test_valid_rows_mode_saves_the_good_rows_only(app, login_as):
    client = login_as("dongbao_staff")
    rows = [
        ["甲", "路1号", None, None, None, None],
        ["乙", "路2号", None, None, None, "not a date"],
        ["拒绝丙", "路3号", None, None, None, None],  # refused by the register while saving
        ["丁", "路4号", None, None, None, None],
    ]
    result = job_of(client, upload(client, workbook(rows), mode="valid_rows"))
    assert result["state"] == "done" and result["saved"] == 2 and result["error_rows"] == 2
    assert [name for name, _a, _u in objects(app)] == ["甲", "丁"]
    page = result["page"].get_data(as_text=True)
    assert "<td>5</td><td>名称</td><td>名称不允许以“拒绝”开头</td>" in page


def test_a_save_failure_in_all_or_nothing_mode_rolls_back_the_saved_rows(app, login_as):
    client = login_as("dongbao_staff")
    rows = [["甲", "", None, None, None, None], ["拒绝乙", "", None, None, None, None]]
    result = job_of(client, upload(client, workbook(rows)))
    assert result["state"] == "refused" and result["saved"] == 0
    assert objects(app) == []


def test_unreadable_files_and_missing_columns_are_refused(app, login_as):
    client = login_as("dongbao_staff")
    result = job_of(client, upload(client, b"not a workbook at all", name="x.xlsx"))
    assert result["state"] == "refused" and "无法读取该文件" in result["message"]
    result = job_of(client, upload(client, workbook([["甲"]], headers=["地址", "监管单位", "类别"])))
    assert result["state"] == "refused" and "缺少必填列：「名称」" in result["message"]
    result = job_of(client, upload(client, workbook([], title=None)))
    assert result["state"] == "refused" and "没有数据行" in result["message"]


def test_large_files_run_in_the_background_with_progress(app, login_as):
    app.config["FAZHI_REGISTER_BACKGROUND_ROWS"] = 50
    client = login_as("dongbao_staff")
    rows = [[f"对象{i:04d}", f"路{i}号", "东宝区公安局", i, "企业", dt.date(2024, 1, 1)] for i in range(400)]
    response = upload(client, workbook(rows))
    job_id = int(re.search(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    page = client.get(f"{BASE}/jobs/{job_id}").get_data(as_text=True)
    assert 'id="import-progress"' in page and "progress-bar" in page
    assert wait_for(job_id, timeout=120)
    status = client.get(f"{BASE}/jobs/{job_id}.json").get_json()
    assert status["finished"] and status["saved"] == 400 and status["percent"] == 100
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count(InspectionObject.id))) == 400


def test_progress_is_reported_while_checking_and_saving(app):
    from core.models import User
    from core.registers import import_rows
    from tests.plugins.hookcheck.register import InspectionObjectRegister

    seen: list[tuple[str, int, int]] = []
    content = workbook([[f"对象{i}", "", None, None, None, None] for i in range(5)])
    with app.app_context(), unscoped():
        user = db.session.execute(select(User).where(User.username == "dongbao_staff")).scalar_one()
        result = import_rows(InspectionObjectRegister(), content, user=user, progress=lambda *a: seen.append(a))
    assert result.saved == 5
    assert seen[0] == ("checking", 0, 5) and ("checking", 5, 5) in seen and seen[-1] == ("saving", 5, 5)


def test_jobs_and_exports_are_scoped(app, login_as):
    dongbao = login_as("dongbao_staff")
    result = job_of(dongbao, upload(dongbao, workbook([["东宝区对象", "", "东宝区公安局", None, None, None]])))
    foreign = login_as("duodao_staff")
    assert foreign.get(f"{BASE}/jobs/{result['id']}").status_code == 404
    assert foreign.get(f"{BASE}/jobs/{result['id']}.json").status_code == 404
    assert "东宝区对象" not in foreign.get(f"{BASE}/").get_data(as_text=True)
    exported = load_workbook(io.BytesIO(foreign.get(f"{BASE}/export.xlsx").data)).active
    assert exported.max_row == 2  # title and headers only
    # A unit of another county cannot be referenced from an import.
    refused = job_of(foreign, upload(foreign, workbook([["掇刀对象", "", "东宝区公安局", None, None, None]])))
    assert "找不到单位“东宝区公安局”" in refused["page"].get_data(as_text=True)
    # Viewers read and export but do not import.
    leader = login_as("leader")
    assert leader.get(f"{BASE}/export.xlsx").status_code == 200
    assert upload(leader, workbook([["甲", "", None, None, None, None]])).status_code == 403
    with app.app_context(), unscoped():
        jobs = db.session.execute(select(ImportJob)).scalars().all()
        dongbao_region = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        assert {j.region_id for j in jobs if j.filename == "检查对象.xlsx"} >= {dongbao_region.id}
        assert db.session.execute(select(Unit).where(Unit.name == "东宝区公安局")).scalar_one()


def test_an_import_finds_units_and_regions_by_name_only_within_its_scope(app):
    """`ImportContext.unit`/`region`/`one`: what every register's name columns read through."""
    from core.models import User
    from core.registers import ImportContext

    with app.app_context(), unscoped():
        staff = db.session.execute(select(User).where(User.username == "dongbao_staff")).scalar_one()
        dongbao = db.session.get(Region, staff.region_id)
        ctx = ImportContext(user=staff, scope=frozenset({dongbao.id}))
        assert ctx.region(None) == dongbao and ctx.region(" 东宝区 ") == dongbao
        assert ctx.unit("东宝区公安局").name == "东宝区公安局"
        for read, raw, message in (
            (ctx.region, "掇刀区", "找不到本辖区内的行政区划“掇刀区”"),  # exists, but not in the scope
            (ctx.unit, "掇刀区公安局", "找不到本辖区内的单位“掇刀区公安局”"),
            (ctx.unit, "  ", "必填，不能为空"),
        ):
            with pytest.raises(CellError, match=message):
                read(raw)
        # A city importing for two counties: the same name in both is not guessed either.
        duodao = db.session.execute(select(Region).where(Region.name == "掇刀区")).scalar_one()
        db.session.add(Unit(name="东宝区公安局", region_id=duodao.id))
        db.session.flush()
        with pytest.raises(CellError, match="单位名称“东宝区公安局”不唯一"):
            ImportContext(user=staff, scope=frozenset({dongbao.id, duodao.id})).unit("东宝区公安局")
        db.session.rollback()
        # Without a user (the command line) a blank region is not guessed.
        with pytest.raises(CellError, match="必填"):
            ImportContext(user=None, scope=None).region("")
