"""Bad input through the HTTP admin and the registers: a clear Chinese message, nothing saved."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from core.registers import wait_for
from plugins.counsel.models import CounselMember, Engagement
from plugins.counsel.tests.conftest import flashes

ENGAGEMENTS = "/admin/counsel_engagement_register"
ROSTER = "/admin/counsel_roster_register"


def _engagement(office, lawyer: int, **changes) -> dict:
    today = office.today()
    data = {
        "unit": office.unit("东宝区公安局"),
        "member": lawyer,
        "starts_on": dt.date(today.year, 1, 1),
        "ends_on": dt.date(today.year + 1, 12, 31),
        "fee": "30000",
        "scope": "合同审查",
    }
    data.update(changes)
    return data


def test_an_engagement_ending_before_it_starts_or_with_a_negative_fee_is_refused(app, office):
    lawyer = office.lawyer()
    today = office.today()
    for changes, message in [
        ({"ends_on": dt.date(today.year - 1, 12, 31)}, "聘期结束："),
        ({"fee": "-100"}, "年度费用（元）：不能为负数"),
        ({"terminated_on": today}, "解除原因：必填"),
    ]:
        response = office.post("counsel_engagements", _engagement(office, lawyer, **changes))
        assert response.status_code == 200, changes
        assert message in flashes(response), (changes, flashes(response))
    assert "早于聘期开始日期" in flashes(
        office.post("counsel_engagements", _engagement(office, lawyer, ends_on=dt.date(today.year - 1, 12, 31)))
    )
    assert office.count(Engagement) == 0


def test_a_licence_number_of_the_wrong_shape_is_refused(app, office):
    response = office.post(
        "counsel_members",
        {
            "kind": "lawyer",
            "name": "王律师",
            "firm": "湖北荆楚律师事务所",
            "licence_number": "1420-2015-A",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "执业证号：应为17位数字（现为“1420-2015-A”）" in flashes(response)
    response = office.post("counsel_members", {"kind": "lawyer", "name": "赵律师", "status": "active"})
    assert "律师须填写执业证号" in flashes(response)
    response = office.post("counsel_members", {"kind": "staff", "status": "active"})
    assert "须从本系统用户中选择" in flashes(response)
    assert office.count(CounselMember) == 0


def test_an_agency_outside_the_users_region_is_refused(app, office):
    lawyer = office.lawyer()
    foreign = office.unit("掇刀区公安局")
    response = office.post("counsel_engagements", _engagement(office, lawyer, unit=foreign))
    assert response.status_code == 200  # the form again: the drop-down offers only 东宝区's agencies
    assert office.count(Engagement) == 0
    result = _import(
        office.client,
        ENGAGEMENTS,
        _book(
            ["聘请单位", "法律顾问", "合同编号", "聘期开始", "聘期结束"],
            [
                ["掇刀区公安局", "李明", "A1", "2026-01-01", "2027-12-31"],
            ],
        ),
    )
    assert result["state"] == "refused"
    assert re.search(r"<td>3</td><td>聘请单位</td><td>[^<]*找不到本辖区内的单位“掇刀区公安局”", result["page"])
    assert office.count(Engagement) == 0


def _book(headers: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["登记表"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(client, base: str, content: bytes) -> dict:
    response = client.post_form(
        f"{base}/import",
        {"file": (io.BytesIO(content), "登记表.xlsx"), "mode": "all_or_nothing"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    job_id = int(re.search(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    assert wait_for(job_id)
    return client.get(f"{base}/jobs/{job_id}.json").get_json() | {
        "page": client.get(f"{base}/jobs/{job_id}").get_data(as_text=True)
    }


def test_the_registers_report_bad_rows_by_row_and_column_and_round_trip(app, office):
    lawyer = office.lawyer()
    headers = ["聘请单位", "法律顾问", "合同编号", "聘期开始", "聘期结束", "服务范围", "年度费用（元）"]
    rows = [
        ["东宝区公安局", "李明", "东法顾1号", "2026-01-01", "2027-12-31", "合同审查", 30000],
        ["东宝区司法局", "李明", "东法顾2号", "2026-06-01", "2026-01-01", "", 0],
        ["东宝区教育局", "李明", "东法顾3号", "2026-01-01", "2027-12-31", "", -5],
        ["东宝区住房和城乡建设局", "张三", "东法顾4号", "2026-01-01", "2027-12-31", "", 0],
    ]
    result = _import(office.client, ENGAGEMENTS, _book(headers, rows))
    assert result["state"] == "refused" and result["saved"] == 0
    for row, column, text in [(4, "聘期结束", "早于聘期开始日期"), (5, "聘请单位", "找不到本辖区内的单位"),
                              (6, "法律顾问", "名录中找不到法律顾问“张三”")]:  # fmt: skip
        assert re.search(rf"<td>{row}</td><td>{column}</td><td>[^<]*{text}", result["page"]), (row, column)
    assert office.count(Engagement) == 0

    good = _import(office.client, ENGAGEMENTS, _book(headers, rows[:1]))
    assert good["state"] == "done" and good["saved"] == 1
    again = _import(office.client, ENGAGEMENTS, _book(headers, rows[:1]))
    assert again["saved"] == 0 and office.count(Engagement) == 1  # the same file twice changes nothing

    exported = office.client.get(f"{ROSTER}/export.xlsx")
    sheet = load_workbook(io.BytesIO(exported.data)).active
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[2][:2] == ["律师", "李明"] and "14208201510123456" in cells[2]
    assert lawyer


def test_a_kind_or_adoption_not_in_the_list_is_refused_naming_what_is_allowed(app):
    """The register's and the form's selects stop most; the checks refuse what comes another way."""
    from core.refusals import Refusal
    from plugins.counsel import checks
    from plugins.counsel.models import Matter

    with app.app_context():
        for check, field, text in (
            (
                lambda: checks.check_member(CounselMember(kind="judge", name="李明")),
                "kind",
                "类别：应为机关法制工作人员、公职律师、律师、法学专家之一",
            ),
            (
                lambda: checks.check_adoption(Matter(), "maybe", ""),
                "adoption",
                "采纳情况：请选择采纳、部分采纳或未采纳",
            ),
        ):
            with pytest.raises(Refusal) as refused:
                check()
            assert (refused.value.field, str(refused.value)) == (field, text)
