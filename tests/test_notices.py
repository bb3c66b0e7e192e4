"""Notices: numbering under concurrency, the life cycle through the pages, refusals, rules."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

import pytest
from sqlalchemy import select

from core import modules
from core.audit import acting_as
from core.cli import create_user
from core.events import OutboxEvent, publish
from core.events.replay import replay_events
from core.events.testing import deliver_pending
from core.extensions import db
from core.models import AuditEntry, Region, Role, Unit
from core.notices import Notice, NoticeError, NoticeKind, NoticeState, issue_notice, transition_notice
from core.subjects import SubjectRef
from core.tenancy import unscoped
from core.testing.fixtures import DEMO_PASSWORD, listed_ids
from tests.plugins.hookcheck.models import InspectionObject
from tests.plugins.noticecheck import ObjectFlagged

D = dt.date.fromisoformat
TARGET = "东宝区住房和城乡建设局"


@pytest.fixture
def plugins():
    return ["tests.plugins.hookcheck.plugin", "tests.plugins.noticecheck"]


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _unit(name: str) -> Unit:
    return db.session.execute(select(Unit).where(Unit.name == name)).scalar_one()


def _target_user(app) -> str:
    """A member of staff of the unit addressed (the demo has none)."""
    with app.app_context(), unscoped(), acting_as(None):
        create_user("dongbao_zhujian", DEMO_PASSWORD, Role.STAFF, _region("420802"), "住建局工作人员", _unit(TARGET))
        db.session.commit()
    return "dongbao_zhujian"


def _issue(app, title: str = "关于某案件逾期未办结的督办通知", **kw) -> int:
    with app.app_context(), unscoped():
        notice = issue_notice(
            kind=kw.pop("kind", NoticeKind.SUPERVISION),
            target_unit_id=_unit(TARGET).id,
            title=title,
            basis="《行政复议法》第六十二条",
            issued_by=None,
            **kw,
        )
        db.session.commit()
        return notice.id


def _flashes(html: str) -> str:
    return " ".join(re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, flags=re.S))


# -- numbering -------------------------------------------------------------------------------------


def test_numbers_run_per_region_and_year(app):
    app.config["FAZHI_TODAY"] = "2026-03-02"
    with app.app_context(), unscoped():
        first = issue_notice(kind="supervision", target_unit_id=_unit(TARGET).id, title="一", issued_by=None)
        second = issue_notice(kind="warning", target_unit_id=_unit(TARGET).id, title="二", issued_by=None)
        other = issue_notice(kind="criticism", target_unit_id=_unit("掇刀区公安局").id, title="三", issued_by=None)
        db.session.commit()
        assert [first.number, second.number, other.number] == [
            "东宝督〔2026〕1号",
            "东宝预〔2026〕2号",
            "掇刀通〔2026〕1号",
        ]
        # 15 days from Monday 2026-03-02 is Tuesday March 17, a working day.
        assert first.rectify_by == D("2026-03-17")
        assert first.issuer_unit.name == "东宝区司法局"
    app.config["FAZHI_NOTICE_NUMBER_FORMAT"] = "{year}-{seq:04d}"
    app.config["FAZHI_TODAY"] = "2027-01-04"
    with app.app_context(), unscoped():
        notice = issue_notice(kind="supervision", target_unit_id=_unit(TARGET).id, title="新年", issued_by=None)
        assert notice.number == "2027-0001"


def test_two_concurrent_issuers_never_share_or_skip_a_number(app):
    """Two threads, each its own connection, issue at the same time; transactions overlap."""
    per_thread = 8
    with app.app_context(), unscoped():
        unit_id = _unit(TARGET).id
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def issuer(name: str) -> None:
        try:
            with app.app_context(), unscoped():
                start.wait()
                for i in range(per_thread):
                    issue_notice(kind="supervision", target_unit_id=unit_id, title=f"{name}{i}", issued_by=None)
                    time.sleep(0.005)  # hold the transaction open so the other issuer must wait
                    db.session.commit()
                db.session.remove()
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=issuer, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures, failures
    with app.app_context(), unscoped():
        rows = db.session.execute(select(Notice.seq, Notice.number, Notice.title).order_by(Notice.seq)).all()
    assert [r.seq for r in rows] == list(range(1, 2 * per_thread + 1))
    assert len({r.number for r in rows}) == 2 * per_thread
    assert {r.title[0] for r in rows} == {"甲", "乙"}


def test_a_rolled_back_issue_leaves_no_gap(app):
    with app.app_context(), unscoped():
        issue_notice(kind="warning", target_unit_id=_unit(TARGET).id, title="作废", issued_by=None)
        db.session.rollback()
        notice = issue_notice(kind="warning", target_unit_id=_unit(TARGET).id, title="有效", issued_by=None)
        db.session.commit()
        assert notice.seq == 1


# -- the life cycle through the pages ----------------------------------------------------------------


def test_issue_by_hand_and_follow_the_life_cycle(app, login_as):
    target = login_as(_target_user(app))
    office = login_as("dongbao_staff")  # 东宝区司法局, the legal office
    with app.app_context(), unscoped():
        unit_id = _unit(TARGET).id
    assert "/admin/notices/new/" not in target.get("/admin/notices/").get_data(as_text=True)  # not an issuer
    response = office.post_form(
        "/admin/notices/new/",
        {
            "kind": "supervision",
            "title": "关于行政复议答复逾期的督办通知",
            "basis": "《行政复议法》第四十八条",
            "target_unit": unit_id,
            "rectify_by": "",
            "body": "请于整改期限内报送整改情况。",
        },
    )
    assert response.status_code == 302
    with app.app_context(), unscoped():
        notice = db.session.execute(select(Notice)).scalar_one()
        notice_id, number = notice.id, notice.number
        assert notice.issued_by.username == "dongbao_staff" and notice.state == NoticeState.ISSUED
    assert re.fullmatch(r"东宝督〔\d{4}〕1号", number)

    page = target.get(f"/admin/notices_to_my_unit/details/?id={notice_id}").get_data(as_text=True)
    assert 'data-action="acknowledge"' in page and 'data-action="close"' not in page
    steps = f"/admin/notices/step/{notice_id}"
    assert target.post_form(steps, {"action": "acknowledge"}).status_code == 302
    refused = target.post_form(steps, {"action": "rectify", "comment": " "}, follow_redirects=True)
    assert "报送整改情况必须填写整改情况说明" in _flashes(refused.get_data(as_text=True))
    target.post_form(steps, {"action": "rectify", "comment": "已完成答复并建立台账"})
    office.post_form(steps, {"action": "return", "comment": "缺少证据材料"})
    target.post_form(steps, {"action": "rectify", "comment": "已补齐证据材料"})
    closed = office.post_form(steps, {"action": "close", "comment": "验收合格"}, follow_redirects=True)
    assert "验收销号" in _flashes(closed.get_data(as_text=True))

    with app.app_context(), unscoped():
        notice = db.session.get(Notice, notice_id)
        assert notice.state == NoticeState.CLOSED
        assert [(t.action, t.username, t.to_state) for t in notice.transitions] == [
            ("issue", "dongbao_staff", "issued"),
            ("acknowledge", "dongbao_zhujian", "acknowledged"),
            ("rectify", "dongbao_zhujian", "rectified"),
            ("return", "dongbao_staff", "acknowledged"),
            ("rectify", "dongbao_zhujian", "rectified"),
            ("close", "dongbao_staff", "closed"),
        ]
        audited = db.session.execute(
            select(AuditEntry.action, AuditEntry.username).where(AuditEntry.action.like("notice_%"))
        ).all()
        assert ("notice_close", "dongbao_staff") in audited and ("notice_acknowledge", "dongbao_zhujian") in audited
        events = db.session.execute(select(OutboxEvent.name).order_by(OutboxEvent.id)).scalars().all()
        assert events == [
            "core.notice.issued",
            "core.notice.acknowledged",
            "core.notice.rectified",
            "core.notice.returned",
            "core.notice.rectified",
            "core.notice.closed",
        ]


def test_forbidden_transitions_are_refused_with_a_reason(app, login_as):
    notice_id = _issue(app)
    steps = f"/admin/notices/step/{notice_id}"
    target = login_as(_target_user(app))
    office = login_as("dongbao_staff")

    # 销号 before any rectification: refused, the notice unchanged.
    page = office.post_form(steps, {"action": "close"}, follow_redirects=True).get_data(as_text=True)
    assert "当前状态为“已签发”，不能验收销号（只有“已报整改”的通知可以验收销号）" in _flashes(page)
    # The office cannot acknowledge for the unit; the unit cannot withdraw its own notice.
    page = office.post_form(steps, {"action": "acknowledge"}, follow_redirects=True).get_data(as_text=True)
    assert f"只有受文单位（{TARGET}）的工作人员可以签收" in _flashes(page)
    page = target.post_form(steps, {"action": "withdraw", "comment": "不想整改"}, follow_redirects=True)
    assert "只有签发机关" in _flashes(page.get_data(as_text=True))
    # Withdrawing needs a reason; a leader (read-only) may do nothing; another county sees nothing.
    page = office.post_form(steps, {"action": "withdraw", "comment": ""}, follow_redirects=True)
    assert "撤回必须填写撤回理由" in _flashes(page.get_data(as_text=True))
    page = login_as("leader").post_form(steps, {"action": "withdraw", "comment": "x"}, follow_redirects=True)
    assert "只读账号" in _flashes(page.get_data(as_text=True))
    assert login_as("duodao_staff").post_form(steps, {"action": "close"}).status_code == 404
    assert office.post_form(steps, {"action": "explode"}).status_code == 400

    with app.app_context(), unscoped():
        notice = db.session.get(Notice, notice_id)
        assert notice.state == NoticeState.ISSUED and len(notice.transitions) == 1
        # The same rules hold for code calling the operations directly.
        with pytest.raises(NoticeError, match="不能报送整改情况"):
            transition_notice(notice, "rectify", user=None, comment="x")
        transition_notice(notice, "withdraw", user=None, comment="系统测试撤回")
        assert notice.withdrawn_reason == "系统测试撤回"
        with pytest.raises(NoticeError, match="当前状态为“已撤回”"):
            transition_notice(notice, "acknowledge", user=None)


def test_the_three_lists(app, login_as):
    app.config["FAZHI_TODAY"] = "2026-03-02"
    due_soon = _issue(app, "未到期", rectify_by=D("2026-03-20"))
    overdue = _issue(app, "已逾期", rectify_by=D("2026-02-27"))
    with app.app_context(), unscoped():
        elsewhere = issue_notice(
            kind="warning", target_unit_id=_unit("掇刀区公安局").id, title="掇刀", issued_by=None
        ).id
        city = issue_notice(
            kind="warning",
            target_unit_id=_unit(TARGET).id,
            title="市级签发",
            region_id=_region("420800").id,
            issued_by=None,
        ).id
        db.session.commit()
    target = login_as(_target_user(app))
    assert listed_ids(target.get("/admin/notices_to_my_unit/").get_data(as_text=True)) == {due_soon, overdue}
    office = login_as("dongbao_staff")
    assert listed_ids(office.get("/admin/notices_issued/").get_data(as_text=True)) == {due_soon, overdue}
    assert listed_ids(office.get("/admin/notices_overdue/").get_data(as_text=True)) == {overdue}
    city_office = login_as("city_staff")
    assert listed_ids(city_office.get("/admin/notices_issued/").get_data(as_text=True)) == {city}
    everything = listed_ids(city_office.get("/admin/notices/").get_data(as_text=True))
    assert everything == {due_soon, overdue, elsewhere, city}
    # Once the unit reports its rectification, the notice is no longer overdue.
    target.post_form(f"/admin/notices/step/{overdue}", {"action": "acknowledge"})
    target.post_form(f"/admin/notices/step/{overdue}", {"action": "rectify", "comment": "已整改"})
    assert listed_ids(office.get("/admin/notices_overdue/").get_data(as_text=True)) == set()


# -- rules ---------------------------------------------------------------------------------------------


def _flag(app, obj_id: int, region_id: int, unit_id: int) -> None:
    with app.app_context():
        publish(
            ObjectFlagged(unit_id=unit_id, unit_name="东宝区公安局"),
            region_id=region_id,
            subject=SubjectRef("hookcheck_inspection_object", obj_id),
        )
        db.session.commit()
        deliver_pending()


def test_a_rule_issues_one_notice_however_often_its_event_comes(app, login_as):
    with app.app_context(), unscoped():
        obj = InspectionObject(name="某药房", region_id=_region("420802").id)
        db.session.add(obj)
        db.session.commit()
        obj_id, region_id, unit_id = obj.id, obj.region_id, _unit("东宝区公安局").id
    _flag(app, obj_id, region_id, unit_id)
    _flag(app, obj_id, region_id, unit_id)  # the same fact published again: same dedupe key
    with app.app_context(), unscoped():
        replay_events()
        db.session.commit()
        deliver_pending()
        (notice,) = db.session.execute(select(Notice)).scalars().all()
        assert (notice.kind, notice.rule_key, notice.dedupe_key) == (
            "criticism",
            "noticecheck.object_flagged",
            f"hookcheck_inspection_object:{obj_id}",
        )
        assert notice.basis == "《行政诉讼法》第三条第三款" and notice.issued_by_id is None
    # The record shows its notices.
    page = login_as("dongbao_staff").get(f"/admin/inspection_objects/details/?id={obj_id}").get_data(as_text=True)
    assert 'id="panel-notices"' in page and notice.number in page


def test_a_rule_of_a_module_switched_off_does_nothing_there(app):
    with app.app_context(), unscoped():
        modules.set_module(_region("420802"), "noticecheck", False, None)
        obj = InspectionObject(name="某诊所", region_id=_region("420802").id)
        db.session.add(obj)
        db.session.commit()
        obj_id, region_id, unit_id = obj.id, obj.region_id, _unit("东宝区公安局").id
    _flag(app, obj_id, region_id, unit_id)
    with app.app_context(), unscoped():
        assert db.session.execute(select(Notice)).first() is None


def test_another_county_reaches_no_deadline_or_notice(app, login_as):
    from core.deadlines import open_deadline

    with app.app_context(), unscoped():
        obj = InspectionObject(name="某加工厂", region_id=_region("420802").id)
        db.session.add(obj)
        db.session.flush()
        deadline = open_deadline(
            obj,
            plugin_key="hookcheck",
            kind="review",
            label="审查期限",
            basis="第三十条",
            start=D("2026-06-01"),
            working_days=5,
        )
        db.session.commit()
        deadline_id = deadline.id
    notice_id = _issue(app)
    own = login_as("dongbao_staff")
    other = login_as("duodao_staff")
    pages = {
        "deadlines": deadline_id,
        "notices": notice_id,
        "notices_issued": notice_id,
        "notices_overdue": None,
        "notices_to_my_unit": None,
    }
    for endpoint, record_id in pages.items():
        assert listed_ids(other.get(f"/admin/{endpoint}/").get_data(as_text=True)) == set(), endpoint
        assert "东宝" not in other.get(f"/admin/{endpoint}/export/csv/").get_data(as_text=True), endpoint
        if record_id:
            assert record_id in listed_ids(own.get(f"/admin/{endpoint}/").get_data(as_text=True)), endpoint
            assert other.get(f"/admin/{endpoint}/details/?id={record_id}").status_code == 404, endpoint
    home = other.get("/admin/").get_data(as_text=True)
    assert re.search(r'data-key="notices-supervision">\s*<span>[^<]*</span>\s*<a[^>]*>0<', home)
