"""Inspections through the HTTP admin: the plan (art 15), conclusion fed back (art 16), objection and review
within 30 days on the calendar (art 17), rectification (art 18), approved proposals (art 21), the circular."""

from __future__ import annotations

import datetime as D
import io
import time

from pypdf import PdfReader
from sqlalchemy import select

from core.circulars.models import Circular, CircularState
from core.deadlines import Deadline
from core.extensions import db
from core.notices.models import Notice
from core.tenancy import unscoped
from plugins.supervision.models import Finding, Inspection, Proposal
from plugins.supervision.tests.conftest import Desk, flashes, one_measure, open_task

PLAN_FORM = {
    "title": "2023年度法治政府建设实施方案任务落实情况督查",
    "year": "2023",
    "content": "2023年度实施方案任务完成情况",
    "objects": "各牵头单位",
    "scope": "市直各牵头单位",
    "starts_on": "2024-06-03",
    "ends_on": "2024-06-28",
}


def _inspection(desk: Desk) -> int:
    response = desk.client.post_form("/admin/supervision_inspections/new/", {"region": desk.region(), **PLAN_FORM})
    assert response.status_code == 302, flashes(response)
    return desk.last_id(Inspection)


def _concluded(desk: Desk) -> tuple[int, int, int]:
    """An inspection of 2023 with a problem finding on 市公安局's overdue task, concluded on 2024-07-15."""
    task = open_task(desk, one_measure(desk, 2023), 2023, D.date(2023, 12, 31))
    inspection = _inspection(desk)
    desk.done("supervision_inspections", "start", inspection, on=D.date(2024, 6, 3))
    desk.done("supervision_inspections", "add_finding", inspection, unit=desk.unit("市公安局"), rating="problem",
              description="行政执法公示未按期完成", task_id=task, rectification="限期完成公示平台建设",
              rectify_by=D.date(2024, 11, 30))  # fmt: skip
    desk.done("supervision_inspections", "add_finding", inspection, unit=desk.unit("市教育局"), rating="good",
              description="按期完成并建立长效机制")  # fmt: skip
    desk.done("supervision_inspections", "conclude", inspection, on=D.date(2024, 7, 15),
              conclusion="总体进展顺利，个别任务滞后。")  # fmt: skip
    with desk.app.app_context(), unscoped():
        finding = db.session.execute(
            select(Finding.id).where(Finding.inspection_id == inspection, Finding.rating == "problem")
        ).scalar_one()
    return task, inspection, finding


def test_the_inspection_plan_needs_content_objects_scope_and_time(app, desk):
    response = desk.client.post_form(
        "/admin/supervision_inspections/new/", {"region": desk.region(), **PLAN_FORM, "scope": ""}
    )
    html = response.get_data(as_text=True)
    assert 'class="form-control is-invalid" id="scope"' in html and "该字段是必填字段" in html
    assert desk.count(Inspection) == 0


def test_conclusion_objection_and_review_follow_articles_16_and_17_on_the_calendar(app, desk):
    _task, inspection, finding = _concluded(desk)
    # No more findings once concluded.
    page = desk.client.get(f"/admin/supervision_inspections/details/?id={inspection}").get_data(as_text=True)
    assert "act-add_finding" not in page
    # Art 16: fed back; received on 2024-09-03 (not as it happened: to land the 30th day in the holidays).
    desk.done("supervision_findings", "feed_back", finding, on=D.date(2024, 9, 2), received_on=D.date(2024, 9, 3))
    # 30 days from 09-03 end on 10-03, inside the National Day holidays: the last day rolls to 10-08.
    assert desk.get(Finding, finding, "objection_until") == (D.date(2024, 10, 8),)
    message = flashes(desk.act("supervision_findings", "object", finding, on=D.date(2024, 10, 9), reason="事实有误"))
    assert message[-1].startswith("未申请复核") and "已超过自收到督查结论之日起30日（截至2024-10-08" in message[-1]
    desk.done("supervision_findings", "object", finding, on=D.date(2024, 10, 8), reason="公示平台已上线")
    # The government's review: 30 days from the objection, a deadline of the legal office.
    assert desk.get(Finding, finding, "review_due") == (D.date(2024, 11, 7),)
    with app.app_context(), unscoped():
        review = db.session.execute(
            select(Deadline).where(Deadline.subject_type == "supervision_finding", Deadline.kind == "review")
        ).scalar_one()
        assert (review.due_date, review.responsible_unit_id, review.basis) == (
            D.date(2024, 11, 7), desk.unit("市司法局"), "《政府督查工作条例》第十七条",
        )  # fmt: skip
    desk.done("supervision_findings", "review", finding, on=D.date(2024, 10, 30), result="upheld", note="维持")
    with app.app_context(), unscoped():
        assert db.session.get(Deadline, review.id).state == "met"
    # Art 18: rectified, then verified.
    desk.done("supervision_findings", "rectify", finding, on=D.date(2024, 11, 20), report="平台已上线运行")
    desk.done("supervision_findings", "verify", finding, on=D.date(2024, 11, 25), verification="核查属实")
    assert desk.get(Finding, finding, "verified_on") == (D.date(2024, 11, 25),)


def test_approved_proposals_issue_core_notices_and_unapproved_ones_do_not(app, desk):
    _task, inspection, _finding = _concluded(desk)
    desk.done("supervision_inspections", "propose", inspection, unit=desk.unit("市公安局"), kind="criticism",
              reason="任务逾期未完成", on=D.date(2024, 7, 16))  # fmt: skip
    desk.done("supervision_inspections", "propose", inspection, unit=desk.unit("市教育局"), kind="praise",
              reason="按期完成", on=D.date(2024, 7, 16))  # fmt: skip
    criticism, praise = sorted(desk.get(Inspection, inspection, "proposals")[0], key=lambda p: p.id)
    with app.app_context(), unscoped():
        assert db.session.execute(select(Notice).where(Notice.kind == "criticism")).first() is None  # not yet
    desk.done("supervision_proposals", "approve", criticism.id, on=D.date(2024, 7, 20), approved_by="市人民政府")
    desk.done("supervision_proposals", "reject", praise.id, on=D.date(2024, 7, 20), approved_by="市人民政府")
    with app.app_context(), unscoped():
        notices = db.session.execute(select(Notice).where(Notice.subject_type == "supervision_proposal")).scalars()
        assert [(n.rule_key, n.kind, n.target_unit_id) for n in notices] == [
            ("supervision.criticism", "criticism", desk.unit("市公安局"))
        ]
    assert desk.get(Proposal, praise.id, "state") == ("rejected",)
    message = flashes(desk.act("supervision_proposals", "approve", criticism.id, on=D.date(2024, 7, 21),
                               approved_by="市人民政府"))  # fmt: skip
    assert message[-1].startswith("未批准建议")


def _wait_published(app, circular_id: int, timeout: float = 120) -> Circular:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with app.app_context(), unscoped():
            circular = db.session.get(Circular, circular_id)
            if circular.state != CircularState.PUBLISHING:
                db.session.expunge(circular)
                return circular
        time.sleep(0.3)
    raise AssertionError("still publishing")


def test_the_published_inspection_circular_lists_the_overdue_units_and_the_findings(app, desk):
    _task, inspection, _finding = _concluded(desk)
    response = desk.client.get(f"/admin/supervision_inspections/circular/?id={inspection}", follow_redirects=True)
    assert "已生成政府情况通报草稿" in response.get_data(as_text=True)
    (circular_id,) = desk.get(Inspection, inspection, "circular_id")
    desk.client.post_form("/admin/circulars/publish/", {"id": circular_id})
    circular = _wait_published(app, circular_id)
    assert circular.state == CircularState.PUBLISHED, circular.last_error
    pdf = desk.client.get(f"/admin/circulars/download/?id={circular_id}")
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "存在逾期未销号的任务，予以督办：市公安局" in text
    assert "行政执法公示未按期完成" in text and "2023年第1项" in text
    # The inspection page links to its circular.
    page = desk.client.get(f"/admin/supervision_inspections/details/?id={inspection}").get_data(as_text=True)
    assert f"/admin/circulars/details/?id={circular_id}" in page
