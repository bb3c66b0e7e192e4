"""出庭应诉案件登记表: export, import into an empty installation, export again — the same; bad rows refused."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from core.extensions import db
from core.notices import Notice
from core.registers import ImportJob, wait_for
from core.tenancy import unscoped
from core.testing.fixtures import login, make_app
from plugins.court.models import AppearanceReport, CourtHearing, LitigationCase
from plugins.court.tests.conftest import Court

REGISTER = "/admin/court_register"
D = dt.date


@pytest.fixture
def other_app(databases):
    """A second, empty installation (same demo tenancy, no cases)."""
    url = databases.fresh()
    application = make_app(url)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def _rows(content: bytes) -> list[list[Any]]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def _import(client: Any, content: bytes, mode: str = "all_or_nothing") -> dict[str, Any]:
    response = client.post_form(
        f"{REGISTER}/import",
        {"file": (io.BytesIO(content), "出庭应诉案件登记表.xlsx"), "mode": mode},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    job_id = int(re.search(r"/jobs/(\d+)", response.headers["Location"]).group(1))
    assert wait_for(job_id, timeout=120)
    status = client.get(f"{REGISTER}/jobs/{job_id}.json").get_json()
    with client.application.app_context(), unscoped():
        status["errors"] = db.session.get(ImportJob, job_id).errors
    return status


def _rosters(court: Court) -> dict[str, int]:
    return {
        "head": court.head("东宝区公安局", "王建国"),
        "deputy": court.head("东宝区公安局", "李志强", position="副局长", rank="deputy_in_charge"),
        "clerk": court.staff("东宝区公安局", "张海涛"),
        "housing_head": court.head("东宝区住房和城乡建设局", "陈丽华"),
    }


def _cases(court: Court, people: dict[str, int]) -> None:
    """Three cases: a head, an approved delegate and a lawyer alone; one judged, one appealed."""
    a = court.case(
        "东宝区公安局",
        "(2024)鄂0802行初1号",
        D(2024, 3, 1),
        complaint_copy_received_on=D(2024, 3, 4),
        defence_filed_on=D(2024, 3, 15),
        contested_act="行政处罚决定",
        cause="行政处罚",
    )
    court.held(court.hearing(a, D(2024, 4, 10)), head=people["head"])
    hearing = court.hearing(a, D(2024, 5, 10))
    report = court.report(
        hearing,
        D(2024, 5, 6),
        planned_delegate=people["clerk"],
        absence_reason="irreplaceable_duty",
        absence_explanation="参加全市安全生产会议",
        explanation_sealed=True,
    )
    court.decide(report, "approve")
    court.held(hearing, delegate=people["clerk"], lawyers="律师甲")
    form = court.case_form(
        "东宝区公安局",
        "(2024)鄂0802行初1号",
        D(2024, 3, 1),
        complaint_copy_received_on=D(2024, 3, 4),
        defence_filed_on=D(2024, 3, 15),
        contested_act="行政处罚决定",
        cause="行政处罚",
        ruling_kind="judgment",
        judged_on=D(2024, 6, 1),
        served_on=D(2024, 6, 5),
        result="lost",
        ruling_summary="撤销处罚决定",
        appeal_decision="appeal",
        appeal_decided_on=D(2024, 6, 12),
    )
    assert court.post("court_cases", form, record_id=a).status_code == 302
    b = court.case("东宝区住房和城乡建设局", "(2024)鄂0802行初2号", D(2024, 4, 1))
    court.held(court.hearing(b, D(2024, 5, 20)), lawyers="律师乙、律师丙")
    court.hearing(b, D(2024, 12, 20))  # scheduled
    court.case(
        "东宝区公安局",
        "(2024)鄂08行终3号",
        D(2024, 7, 1),
        instance="appeal",
        previous_case="__None",
        plaintiffs="某建材有限公司",
        ruling_kind="ruling",
        ruling_matter="other",
        judged_on=D(2024, 9, 2),
        served_on=D(2024, 9, 4),
        result="withdrawn",
        ruling_summary="准许上诉人撤回上诉",
    )


def test_export_then_import_round_trips_without_loss(app, other_app, court):
    people = _rosters(court)
    _cases(court, people)
    exported = court.client.get(f"{REGISTER}/export.xlsx").data
    rows = _rows(exported)
    header = rows[1]
    assert header[:3] == ["审理法院", "案号", "审级"] and "开庭及出庭情况" in header
    by_number = {row[1]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    assert by_number["(2024)鄂0802行初1号"]["开庭及出庭情况"] == (
        "2024-04-10 已开庭 负责人：王建国（发言）\n2024-05-10 已开庭 委托：张海涛（经准许） 律师：律师甲"
    )
    assert by_number["(2024)鄂0802行初1号"]["负责人出庭（次/开庭次数）"] == "1/2"
    assert by_number["(2024)鄂0802行初2号"]["开庭及出庭情况"] == (
        "2024-05-20 已开庭 律师：律师乙、律师丙\n2024-12-20 已排期"
    )

    # The other installation has the same lists of heads and staff, and no cases.
    other = Court(other_app, login(other_app, "dongbao_staff"))
    _rosters(other)
    status = _import(other.client, exported)
    assert status["state"] == "done", status
    assert status["saved"] == 3
    again = _rows(other.client.get(f"{REGISTER}/export.xlsx").data)
    assert again[1:] == rows[1:]
    # The facts, not only the cells: who appeared, the approved delegation, the deadlines.
    with other_app.app_context(), unscoped():
        hearings = db.session.execute(select(CourtHearing).order_by(CourtHearing.held_on)).scalars().all()
        assert [h.appearance.value if h.appearance else None for h in hearings] == [
            "head",
            "delegate_approved",
            "lawyer_only",
            None,
        ]
        assert db.session.execute(select(AppearanceReport.decision)).scalars().all() == ["approved"]
        # A ruling keeps what it decides (裁定事项): whether it could be appealed hangs on it.
        matters = db.session.execute(select(LitigationCase.case_number, LitigationCase.ruling_matter)).all()
        assert dict(matters)["(2024)鄂08行终3号"] == "other"
        criticised = db.session.execute(select(Notice.rule_key).where(Notice.rule_key.like("court.%"))).scalars()
        assert list(criticised) == ["court.no_appearance"]  # the lawyer-only hearing, once


def test_importing_the_same_register_twice_is_refused(app, court):
    people = _rosters(court)
    _cases(court, people)
    exported = court.client.get(f"{REGISTER}/export.xlsx").data
    status = _import(court.client, exported)
    assert status["state"] == "refused"
    assert any(e["column"] == "案号" and "已登记" in e["message"] for e in status["errors"])
    with app.app_context(), unscoped():
        assert len(db.session.execute(select(LitigationCase)).scalars().all()) == 3


def _workbook(rows: list[list[Any]]) -> bytes:
    header = [
        "审理法院",
        "案号",
        "审级",
        "原告",
        "被告行政机关",
        "立案日期",
        "开庭及出庭情况",
        "裁判文书类型",
        "裁判日期",
        "裁判结果",
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(["出庭应诉案件登记表"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bad_rows_are_refused_naming_row_and_column_and_nothing_is_saved(app, court):
    _rosters(court)
    court_name = "东宝区人民法院"
    content = _workbook(
        [
            [
                court_name,
                "(2024)鄂0802行初11号",
                "一审",
                "甲公司",
                "东宝区公安局",
                "2024-03-01",
                "2024-04-10 已开庭 负责人：王建国",
                None,
                None,
                None,
            ],
            [
                court_name,
                "(2024)鄂0802行初12号",
                "一审",
                "乙公司",
                "东宝区公安局",
                "2024-03-01",
                "2024-02-10 已开庭 负责人：王建国",
                None,
                None,
                None,
            ],
            [
                court_name,
                "(2024)鄂0802行初13号",
                "一审",
                "丙公司",
                "东宝区公安局",
                "2024-03-01",
                "2024-04-10 已开庭 负责人：陈丽华",
                None,
                None,
                None,
            ],
            [
                court_name,
                "(2024)鄂0802行初14号",
                "一审",
                "丁公司",
                "东宝区公安局",
                "2024-03-01",
                "2024-04-10 已开庭 委托：不认识的人",
                None,
                None,
                None,
            ],
            [
                court_name,
                "(2024)鄂0802行初15号",
                "一审",
                "戊公司",
                "东宝区公安局",
                "2024-03-01",
                None,
                "判决",
                "2024-05-01",
                "胜诉",
            ],
            [
                court_name,
                "(2024)鄂0802行初16号",
                "一审",
                "己公司",
                "东宝区公安局",
                "2024-13-01",
                None,
                None,
                None,
                None,
            ],
            [court_name, "(2024)鄂0802行初17号", "一审", "庚公司", "不存在的局", "2024-03-01", None, None, None, None],
            [
                court_name,
                "(2024)鄂0802行初11号",
                "一审",
                "辛公司",
                "东宝区公安局",
                "2024-03-01",
                None,
                None,
                None,
                None,
            ],
        ]
    )
    status = _import(court.client, content)
    assert status["state"] == "refused"
    errors = {(e["row"], e["column"]): e["message"] for e in status["errors"]}
    assert "早于本案立案日期" in errors[(4, "开庭及出庭情况")]
    assert "“陈丽华”不在东宝区公安局的负责人名单中" in errors[(5, "开庭及出庭情况")]
    assert "不认识的人" in errors[(6, "开庭及出庭情况")]
    assert "没有已开庭的记录" in errors[(7, "裁判日期")]
    assert "日期格式不正确" in errors[(8, "立案日期")]
    assert "找不到本辖区内的单位" in errors[(9, "被告行政机关")]
    assert "与第3行重复" in errors[(10, "案号")]
    assert (3, "开庭及出庭情况") not in errors  # the good row is simply not saved
    with app.app_context(), unscoped():
        assert db.session.execute(select(LitigationCase)).scalars().all() == []
        assert db.session.execute(select(CourtHearing)).scalars().all() == []


def test_valid_rows_mode_keeps_the_good_rows(app, court):
    _rosters(court)
    content = _workbook(
        [
            [
                "东宝区人民法院",
                "(2024)鄂0802行初21号",
                "一审",
                "甲公司",
                "东宝区公安局",
                "2024-03-01",
                "2024-04-10 已开庭 负责人：王建国",
                "判决",
                "2024-05-01",
                "胜诉",
            ],
            [
                "东宝区人民法院",
                "(2024)鄂0802行初22号",
                "一审",
                "乙公司",
                "东宝区公安局",
                "2024-03-01",
                "2024-04-10 已开庭 负责人：无名氏",
                None,
                None,
                None,
            ],
        ]
    )
    status = _import(court.client, content, mode="valid_rows")
    assert (status["saved"], status["error_rows"]) == (1, 1)
    with app.app_context(), unscoped():
        (case,) = db.session.execute(select(LitigationCase)).scalars().all()
        assert case.case_number == "(2024)鄂0802行初21号" and case.result == "won"
        assert [h.appearance.value for h in case.hearings] == ["head"]
