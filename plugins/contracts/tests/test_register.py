"""合同审查登记表 and 审查意见登记表: export, import into an empty database, export again; bad rows refused."""

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

CONTRACTS = "/admin/contracts_register"
OPINIONS = "/admin/contracts_opinion_register"


@pytest.fixture
def other_app(databases):
    """A second, empty installation (same demo tenancy, no contracts)."""
    url = databases.fresh()
    application = make_app(url)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def _load_demo(app: Any) -> int:
    from plugins.contracts.demo import load_demo_data
    from plugins.contracts.models import Contract

    with app.app_context(), unscoped():
        dongbao = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        load_demo_data(dongbao, 1)
        db.session.commit()
        return db.session.scalar(select(func.count(Contract.id)))


def _cells(content: bytes) -> list[list[Any]]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def _import(client: Any, base: str, content: bytes, mode: str = "all_or_nothing") -> dict[str, Any]:
    response = client.post_form(
        f"{base}/import",
        {"file": (io.BytesIO(content), "登记表.xlsx"), "mode": mode},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    job_id = int(re.search(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    assert wait_for(job_id, timeout=120)
    status = client.get(f"{base}/jobs/{job_id}.json").get_json()
    status["page"] = client.get(f"{base}/jobs/{job_id}").get_data(as_text=True)
    return status


def test_contracts_and_opinions_round_trip_without_loss(app, other_app, login_as):
    count = _load_demo(app)
    assert count >= 20
    client = login_as("dongbao_staff")
    contracts = client.get(f"{CONTRACTS}/export.xlsx")
    opinions = client.get(f"{OPINIONS}/export.xlsx")
    cells, opinion_cells = _cells(contracts.data), _cells(opinions.data)
    assert cells[0][0] == "合同审查登记表" and cells[1][:3] == ["审查编号", "区划", "合同名称"]
    assert len(cells) == count + 2 and len(opinion_cells) > count
    amount = cells[1].index("标的额（元）")
    assert all(re.fullmatch(r"\d+\.\d\d", row[amount]) for row in cells[2:])
    other = login(other_app, "dongbao_staff")
    first = _import(other, CONTRACTS, contracts.data)
    assert (first["state"], first["saved"], first["error_rows"]) == ("done", count, 0), first["page"][-3000:]
    second = _import(other, OPINIONS, opinions.data)
    assert (second["state"], second["error_rows"]) == ("done", 0), re.findall(
        r"<td>\d+</td><td>[^<]*</td><td>[^<]*</td>", second["page"]
    )[:5]
    assert second["saved"] == len(opinion_cells) - 2
    assert _cells(other.get(f"{CONTRACTS}/export.xlsx").data) == cells
    assert _cells(other.get(f"{OPINIONS}/export.xlsx").data) == opinion_cells
    # The same opinions again: every row is already registered, nothing saved.
    again = _import(other, OPINIONS, opinions.data, mode="valid_rows")
    assert again["saved"] == 0 and "该审查意见已经登记" in again["page"]


def test_bad_rows_are_refused_naming_row_and_column_and_nothing_is_saved(app, login_as):
    _load_demo(app)
    client = login_as("dongbao_staff")
    content = client.get(f"{CONTRACTS}/export.xlsx").data
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = [c.value for c in sheet[2]]
    col = {h: headers.index(h) + 1 for h in headers}
    # Four new rows copied from the first one, each with one fault.
    template = [c.value for c in sheet[3]]
    for row in range(sheet.max_row, 2, -1):
        sheet.delete_rows(row)
    faults = {
        "bad-code": ("合同相对方", "荆门城建工程有限公司（91350100M000100Y44，企业）"),
        "negative": ("标的额（元）", "-100.00"),
        "words": ("标的额（元）", "一点二亿"),
        "unsigned": ("审查同意日期", None),
    }
    for n, (key, (header, value)) in enumerate(faults.items()):
        values = list(template)
        values[col["审查编号"] - 1] = f"导入测试〔2025〕{n + 1}号"
        values[col[header] - 1] = value
        if key == "unsigned":
            values[col["状态"] - 1] = "已签订"
            values[col["签订日期"] - 1] = values[col["报送审查日期"] - 1]
        sheet.append(values)
    good = list(template)
    good[col["审查编号"] - 1] = "导入测试〔2025〕9号"
    good[col["标的额（元）"] - 1] = "1.2亿"
    sheet.append(good)
    buffer = io.BytesIO()
    book.save(buffer)
    from plugins.contracts.models import Contract

    with app.app_context(), unscoped():
        before = db.session.scalar(select(func.count(Contract.id)))
    result = _import(client, CONTRACTS, buffer.getvalue())
    page = result["page"]
    assert result["saved"] == 0 and result["error_rows"] == 4
    assert "校验位错误" in page and "金额不能为负数" in page and "无法识别的金额" in page
    assert "未经合法性审查不得签订" in page
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count(Contract.id))) == before
    # Only the valid row, this time: "1.2亿" is read exactly.
    valid = _import(client, CONTRACTS, buffer.getvalue(), mode="valid_rows")
    assert valid["saved"] == 1
    with app.app_context(), unscoped():
        saved = db.session.execute(select(Contract).where(Contract.number == "导入测试〔2025〕9号")).scalar_one()
        assert saved.amount_fen == 12_000_000_000
