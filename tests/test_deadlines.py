"""Deadlines on real dates through `open_deadline`, their history, the scan and the recount.

Expected dates are worked out by hand from the State Council notices (day by day in the
comments), never with the code under test.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, select

from core.deadlines import (
    ChangeAction,
    Deadline,
    DeadlineChange,
    DeadlineError,
    DeadlineState,
    ScanEvent,
    cancel_deadline,
    deadlines_of,
    extend_deadline,
    meet_deadline,
    open_deadline,
    resume_deadline,
    scan,
    suspend_deadline,
)
from core.events import OutboxEvent
from core.events.replay import replay_events
from core.events.testing import deliver_pending
from core.extensions import db
from core.models import Region, Unit
from core.notices import Notice, NoticeKind
from core.subjects import SubjectRef
from core.tenancy import unscoped
from tests.plugins import noticecheck
from tests.plugins.hookcheck.models import InspectionObject

D = dt.date.fromisoformat
HOOKCHECK = "tests.plugins.hookcheck.plugin"
NOTICECHECK = "tests.plugins.noticecheck"


@pytest.fixture
def plugins():
    return [HOOKCHECK, NOTICECHECK]


@pytest.fixture(autouse=True)
def _no_pending_scan_events():
    noticecheck.pending.clear()
    yield
    noticecheck.pending.clear()


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _unit(name: str) -> Unit:
    return db.session.execute(select(Unit).where(Unit.name == name)).scalar_one()


def _object(code: str = "420802", name: str = "某超市") -> InspectionObject:
    obj = InspectionObject(name=name, region_id=_region(code).id)
    db.session.add(obj)
    db.session.flush()
    return obj


def _open(obj, kind: str = "acceptance_review", **period) -> Deadline:
    return open_deadline(
        obj,
        plugin_key="hookcheck",
        kind=kind,
        label="受理审查期限",
        basis="《行政复议法》第三十条",
        responsible_unit_id=_unit("东宝区住房和城乡建设局").id,
        **period,
    )


def _events(name: str) -> list[OutboxEvent]:
    return list(db.session.execute(select(OutboxEvent).where(OutboxEvent.name == name)).scalars())


# -- counting on the real calendar ------------------------------------------------------------------


def test_a_make_up_working_day_on_a_sunday_counts(app):
    with app.app_context(), unscoped():
        deadline = _open(_object(), start=D("2024-09-27"), working_days=5)
        # From Friday 2024-09-27, not counted: Sat 28 rest; Sun 29 worked in lieu (1); Mon 30 (2);
        # Oct 1–7 国庆节; Tue 8 (3); Wed 9 (4); Thu 10 (5).
        assert deadline.due_date == D("2024-10-10")
        assert deadline.provisional is False
        assert deadline.state == DeadlineState.OPEN
        # 60 days from 2024-12-10 end on Saturday 2025-02-08, worked in lieu for 春节: no roll-over.
        decision = _open(_object(name="另一超市"), kind="decision", start=D("2024-12-10"), calendar_days=60)
        assert decision.due_date == D("2025-02-08")


def test_a_holiday_over_the_last_day_rolls_over(app):
    with app.app_context(), unscoped():
        # 2024-11-29 + 60 days: Nov 30 is day 1, Dec adds 31 (32), Jan 28 is day 60 — 除夕; Jan 28 to
        # Feb 4 are all rest days (春节), so the period ends on Wednesday Feb 5 (民诉法 art 85 ¶3).
        deadline = _open(_object(), kind="decision", start=D("2024-11-29"), calendar_days=60)
        assert (deadline.due_date, deadline.provisional) == (D("2025-02-05"), False)
        # Months: 2024-07-31 + 2 months → Sep 30 (民法典 art 202: September has no 31st), an ordinary
        # Monday before 国庆节, so Sep 30 itself.
        months = _open(_object(name="第三家"), kind="appeal", start=D("2024-07-31"), months=2)
        assert months.due_date == D("2024-09-30")


def test_exactly_one_way_of_counting(app):
    with app.app_context(), unscoped():
        obj = _object()
        with pytest.raises(DeadlineError, match="只能指定一种"):
            _open(obj, start=D("2024-09-27"), working_days=5, calendar_days=5)
        with pytest.raises(DeadlineError, match="只能指定一种"):
            _open(obj, start=D("2024-09-27"))


def test_opening_again_is_harmless_and_a_new_start_restarts(app):
    with app.app_context(), unscoped():
        obj = _object()
        first = _open(obj, start=D("2024-09-27"), working_days=5)
        again = _open(obj, start=D("2024-09-27"), working_days=5)
        assert again.id == first.id and len(first.changes) == 1
        # After 补正 (行政复议法 art 31) the review restarts from the day the materials arrive:
        # from Monday 2024-10-14: Tue 15 … Mon 21 is the 5th working day.
        restarted = _open(obj, start=D("2024-10-14"), working_days=5)
        assert restarted.id == first.id and restarted.due_date == D("2024-10-21")
        assert [c.action for c in restarted.changes] == [ChangeAction.OPENED, ChangeAction.REOPENED]
        assert len(deadlines_of(obj)) == 1


# -- suspension and extension keep their history --------------------------------------------------------


def test_suspension_and_extension_history(app):
    with app.app_context(), unscoped():
        obj = _object()
        # The decision period: 60 days from acceptance on 2026-03-02 → Friday 2026-05-01 is 劳动节
        # (May 1–5 off in 2026), so the period ends Wednesday 2026-05-06.
        deadline = _open(obj, kind="decision", start=D("2026-03-02"), calendar_days=60)
        assert deadline.due_date == D("2026-05-06")
        # Suspended 2026-03-10 (行政复议法 art 39), resumed 2026-03-30: 20 days do not count.
        suspend_deadline(obj, "decision", D("2026-03-10"), "申请人丧失参加行政复议的行为能力，尚未确定法定代理人")
        assert deadline.state == DeadlineState.SUSPENDED
        suspend_deadline(obj, "decision", D("2026-03-12"), "replayed")  # already suspended: unchanged
        assert deadline.suspended_on == D("2026-03-10")
        resume_deadline(obj, "decision", D("2026-03-30"))
        # 2026-05-06 + 20 = Tuesday 2026-05-26, a working day.
        assert (deadline.state, deadline.due_date) == (DeadlineState.OPEN, D("2026-05-26"))
        # Extension of 30 days approved by the head of the review body (art 62 ¶1): 2026-05-26 + 30 =
        # Thursday 2026-06-25, a working day (端午节, June 19–21, lies inside the period and counts).
        extend_deadline(obj, "decision", calendar_days=30, reason="案情复杂", approved_by="复议机构负责人 张三")
        assert (deadline.state, deadline.due_date) == (DeadlineState.EXTENDED, D("2026-06-25"))
        assert deadline.extension_days == 30
        meet_deadline(obj, "decision", D("2026-06-20"))
        assert (deadline.state, deadline.met_on) == (DeadlineState.MET, D("2026-06-20"))
        db.session.commit()
        history = [
            (c.action, c.on_date, c.days, c.old_due_date, c.new_due_date, c.approved_by)
            for c in db.session.execute(
                select(DeadlineChange).where(DeadlineChange.deadline_id == deadline.id).order_by(DeadlineChange.id)
            ).scalars()
        ]
    assert history == [
        ("opened", D("2026-03-02"), None, None, D("2026-05-06"), ""),
        ("suspended", D("2026-03-10"), None, D("2026-05-06"), D("2026-05-06"), ""),
        ("resumed", D("2026-03-30"), 20, D("2026-05-06"), D("2026-05-26"), ""),
        ("extended", None, 30, D("2026-05-26"), D("2026-06-25"), "复议机构负责人 张三"),
        ("met", D("2026-06-20"), None, D("2026-06-25"), D("2026-06-25"), ""),
    ]


def test_refusals_and_replays(app):
    with app.app_context(), unscoped():
        obj = _object()
        _open(obj, kind="decision", start=D("2026-03-02"), calendar_days=60)
        assert meet_deadline(obj, "no_such_kind", D("2026-03-05")) is None
        with pytest.raises(DeadlineError, match="批准人"):
            extend_deadline(obj, "decision", calendar_days=30, reason="复杂", approved_by=" ")
        cancel_deadline(obj, "decision", "申请人撤回申请")
        with pytest.raises(DeadlineError, match="已撤销，不能恢复"):
            resume_deadline(obj, "decision", D("2026-03-10"))
        # Cancelled: meeting, cancelling again change nothing; extending is refused.
        assert meet_deadline(obj, "decision", D("2026-03-06")).state == DeadlineState.CANCELLED
        assert cancel_deadline(obj, "decision", "again").state == DeadlineState.CANCELLED
        with pytest.raises(DeadlineError, match="已撤销，不能延长"):
            extend_deadline(obj, "decision", calendar_days=10, reason="x", approved_by="y")


def test_a_late_act_is_missed_and_reported_at_once(app):
    with app.app_context(), unscoped():
        obj = _object()
        deadline = _open(obj, start=D("2024-09-27"), working_days=5)  # due 2024-10-10
        meet_deadline(obj, "acceptance_review", D("2024-10-11"))
        assert (deadline.state, deadline.met_on) == (DeadlineState.MISSED, D("2024-10-11"))
        db.session.commit()
        (event,) = _events("core.deadline.missed")
        assert event.payload["deadline_id"] == deadline.id and event.payload["due_date"] == "2024-10-10"
        assert (event.subject_type, event.subject_id) == ("hookcheck_inspection_object", obj.id)


# -- the scan ----------------------------------------------------------------------------------------------


def _scan(app, today: str) -> str:
    result = app.test_cli_runner().invoke(args=["deadlines", "scan", "--today", today, "--no-deliver"])
    assert result.exit_code == 0, result.output
    return result.output


def test_scan_publishes_approaching_and_missed_exactly_once(app):
    with app.app_context(), unscoped():
        near = _open(_object(name="临近"), start=D("2026-06-01"), working_days=5)  # due Mon 2026-06-08
        past = _open(_object(name="逾期"), start=D("2026-05-20"), working_days=5)  # due Wed 2026-05-27
        far = _open(_object(name="尚早"), kind="decision", start=D("2026-06-01"), calendar_days=60)
        paused = _open(_object(name="中止"), start=D("2026-05-18"), working_days=5)  # due Mon 2026-05-25
        suspend_deadline(SubjectRef(paused.subject_type, paused.subject_id), paused.kind, D("2026-05-19"), "中止")
        ids = near.id, past.id, far.id, paused.id
        db.session.commit()

    # Friday 2026-06-05: 3 working days ahead are Mon 8, Tue 9, Wed 10.
    first = _scan(app, "2026-06-05")
    second = _scan(app, "2026-06-05")
    assert "即将到期 1" in first and "逾期 1" in first
    assert "即将到期 0" in second and "逾期 0" in second
    with app.app_context(), unscoped():
        (approaching,) = _events("core.deadline.approaching")
        (missed,) = _events("core.deadline.missed")
        assert approaching.payload["deadline_id"] == ids[0] and approaching.payload["due_date"] == "2026-06-08"
        assert set(approaching.payload) >= {
            "deadline_id",
            "plugin_key",
            "kind",
            "label",
            "basis",
            "due_date",
            "responsible_unit_id",
            "staff_user_id",
        }
        assert missed.payload["deadline_id"] == ids[1]
        states = dict(db.session.execute(select(Deadline.id, Deadline.state).where(Deadline.id.in_(ids))).all())
        assert states == {ids[0]: "open", ids[1]: "missed", ids[2]: "open", ids[3]: "suspended"}

        # The notices follow: one 预警 and one 督办 to the responsible unit, however often delivered.
        deliver_pending()
        replay_events()
        db.session.commit()
        deliver_pending()
        notices = db.session.execute(select(Notice).order_by(Notice.id)).scalars().all()
        assert [(n.kind, n.target_unit.name) for n in notices] == [
            (NoticeKind.SUPERVISION, "东宝区住房和城乡建设局"),
            (NoticeKind.WARNING, "东宝区住房和城乡建设局"),
        ]
        assert notices[1].rectify_by == D("2026-06-08")  # a warning is answered before the deadline

    # The next Tuesday the near one is missed too — reported once, and not warned about again.
    third = _scan(app, "2026-06-09")
    assert "即将到期 0" in third and "逾期 1" in third
    with app.app_context(), unscoped():
        assert len(_events("core.deadline.missed")) == 2
        assert len(_events("core.deadline.approaching")) == 1


def test_two_scans_at_once_publish_each_deadline_once(app):
    with app.app_context(), unscoped():
        for i in range(30):
            _open(_object(name=f"逾期{i}"), start=D("2026-05-20"), working_days=5)  # due 2026-05-27
            _open(_object(name=f"临近{i}"), start=D("2026-06-01"), working_days=5)  # due 2026-06-08
        db.session.commit()
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def scanner() -> None:
        try:
            with app.app_context():
                start.wait()
                scan(D("2026-06-05"))
                time.sleep(0.05)  # keep the transaction open while the other one tries
                db.session.commit()
                db.session.remove()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=scanner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures, failures
    with app.app_context(), unscoped():
        assert len(_events("core.deadline.missed")) == 30
        assert len(_events("core.deadline.approaching")) == 30
        missed_rows = db.session.execute(
            select(func.count(DeadlineChange.id)).where(DeadlineChange.action == "missed")
        ).scalar_one()
        assert missed_rows == 30


def test_an_extension_re_arms_the_warning(app):
    with app.app_context(), unscoped():
        obj = _object()
        _open(obj, start=D("2026-06-01"), working_days=5)  # due 2026-06-08
        db.session.commit()
        obj_id = obj.id
    _scan(app, "2026-06-05")
    with app.app_context(), unscoped():
        ref = SubjectRef("hookcheck_inspection_object", obj_id)
        extend_deadline(ref, "acceptance_review", calendar_days=3, reason="补充调查", approved_by="负责人")
        db.session.commit()
    _scan(app, "2026-06-08")  # the new due date, Thursday 2026-06-11, is 3 working days ahead
    with app.app_context(), unscoped():
        dates = [e.payload["due_date"] for e in _events("core.deadline.approaching")]
        assert dates == ["2026-06-08", "2026-06-11"]


def test_deadlines_of_a_module_switched_off_are_not_scanned(app):
    from core import modules

    with app.app_context(), unscoped():
        _open(_object("420804"), start=D("2026-05-20"), working_days=5)  # 掇刀区, due 2026-05-27
        modules.set_module(_region("420804"), "hookcheck", False, None)
        db.session.commit()
    assert "逾期 0" in _scan(app, "2026-06-05")
    with app.app_context(), unscoped():
        modules.set_module(_region("420804"), "hookcheck", None, None)
        db.session.commit()
    assert "逾期 1" in _scan(app, "2026-06-05")


def test_plugin_scan_events_are_published_once(app):
    app.config["FAZHI_TODAY"] = "2026-06-05"
    with app.app_context(), unscoped():
        obj = _object()
        unit_id = _unit("东宝区公安局").id
        obj_id, region_id = obj.id, obj.region_id
        db.session.commit()
    noticecheck.pending.append(
        ScanEvent(
            data=noticecheck.ObjectFlagged(unit_id=unit_id, unit_name="东宝区公安局"),
            region_id=region_id,
            subject=SubjectRef("hookcheck_inspection_object", obj_id),
        )
    )
    noticecheck.pending.append({"data": {"name": "noticecheck.object.flagged"}, "region_id": region_id})
    assert "插件事件 1" in _scan(app, "2026-06-05")
    assert "插件事件 0（跳过 1）" in _scan(app, "2026-06-05")
    with app.app_context(), unscoped():
        (event,) = _events("noticecheck.object.flagged")
        assert (event.subject_type, event.subject_id) == ("hookcheck_inspection_object", obj_id)
        deliver_pending()
        (notice,) = db.session.execute(select(Notice)).scalars().all()
        assert notice.kind == NoticeKind.CRITICISM and notice.target_unit_id == unit_id
        # 30 days from Friday 2026-06-05 is Sunday July 5: rolled over to Monday July 6.
        assert notice.rectify_by == D("2026-07-06") and notice.number == "东宝通〔2026〕1号"
    from core.plugins import get_host

    failures = [f for f in get_host(app).failures if f.stage == "scan_deadlines"]
    assert failures and "事件类的实例" in failures[0].error


def test_a_specific_plugin_rule_replaces_the_core_fallback(app):
    with app.app_context(), unscoped():
        _open(_object(name="复议决定"), kind="decision", start=D("2026-03-02"), calendar_days=60)  # due 05-06
        _open(_object(name="受理审查"), start=D("2026-04-20"), working_days=5)  # due 04-27
        db.session.commit()
    _scan(app, "2026-06-05")
    with app.app_context(), unscoped():
        deliver_pending()
        kinds = dict(db.session.execute(select(Notice.rule_key, Notice.kind)).all())
    assert kinds == {"noticecheck.decision_missed": "accountability", "core.deadline_missed": "supervision"}


# -- provisional dates and the recount through the admin -------------------------------------------------


def test_a_year_beyond_the_data_is_provisional_then_recomputed_after_the_admin_enters_it(app, login_as):
    app.config["FAZHI_TODAY"] = "2026-11-27"
    with app.app_context(), unscoped():
        obj = _object()
        # chinesecalendar 1.11 stops at 2026. From Tuesday 2027-09-28, on plain weekdays: Wed 29 (1),
        # Thu 30 (2), Fri Oct 1 (3), Mon 4 (4), Tue 5 (5) → 2027-10-05, provisional.
        deadline = _open(obj, start=D("2027-09-28"), working_days=5)
        assert (deadline.due_date, deadline.provisional) == (D("2027-10-05"), True)
        db.session.commit()
        obj_id, deadline_id = obj.id, deadline.id

    staff = login_as("dongbao_staff")
    page = staff.get(f"/admin/inspection_objects/details/?id={obj_id}").get_data(as_text=True)
    assert "期限" in page and "2027-10-05" in page and 'class="badge badge-warning provisional"' in page
    # Everyone reads the calendar; only system admins change it.
    assert staff.get("/admin/calendar_days/").status_code == 200
    refused = staff.post_form("/admin/calendar_days/new/", {"date": "2027-10-01", "name": "国庆节"})
    assert refused.status_code == 302
    with app.app_context(), unscoped():
        from core.models import CalendarDay

        assert db.session.execute(select(func.count(CalendarDay.id))).scalar_one() == 0

    # The admin enters the (pretend) notice: 国庆节 Oct 1–7 off, Saturday Oct 9 worked in lieu …
    admin = login_as("admin")
    for day in range(1, 8):
        response = admin.post_form("/admin/calendar_days/new/", {"date": f"2027-10-0{day}", "name": "国庆节"})
        assert response.status_code == 302, response.get_data(as_text=True)
    admin.post_form("/admin/calendar_days/new/", {"date": "2027-10-09", "is_working_day": "y", "name": "国庆节"})
    with app.app_context(), unscoped():
        still = db.session.get(Deadline, deadline_id)
        assert still.provisional is True  # entries alone are not a complete year
    # … and marks 2027 complete: the deadline is recounted on the official calendar.
    response = admin.post_form(
        "/admin/calendar_years/new/", {"year": "2027", "complete": "y", "announced_by": "国办发明电〔2026〕X号"}
    )
    assert response.status_code == 302
    with app.app_context(), unscoped():
        deadline = db.session.get(Deadline, deadline_id)
        # Wed 29 (1), Thu 30 (2), Oct 1–7 off, Fri 8 (3), Sat 9 worked (4), Mon 11 (5).
        assert (deadline.due_date, deadline.provisional) == (D("2027-10-11"), False)
        # Each entry recounted it (still provisional); completing the year confirmed the date.
        recounts = [(c.old_due_date, c.new_due_date) for c in deadline.changes if c.action == "recomputed"]
        assert recounts[0] == (D("2027-10-05"), D("2027-10-06"))  # after Oct 1 was entered
        assert recounts[-2:] == [(D("2027-10-12"), D("2027-10-11")), (D("2027-10-11"), D("2027-10-11"))]
        events = [(e.payload["due_date"], e.payload["provisional"]) for e in _events("core.deadline.recomputed")]
        assert events[-1] == ("2027-10-11", False)
    page = staff.get(f"/admin/inspection_objects/details/?id={obj_id}").get_data(as_text=True)
    assert "2027-10-11" in page and "badge-warning provisional" not in page


def test_bulk_entry_of_a_year(app, login_as):
    with app.app_context(), unscoped():
        obj = _object()
        # 2027-01-25 + 15 = Tuesday 2027-02-09 on plain weekdays — provisional, and inside the pretend
        # 春节 entered below.
        deadline = _open(obj, kind="decision", start=D("2027-01-25"), calendar_days=15)
        assert (deadline.due_date, deadline.provisional) == (D("2027-02-09"), True)
        db.session.commit()
        deadline_id = deadline.id
    admin = login_as("admin")
    lines = "2027-02-05~2027-02-11 春节 放假\n2027-02-13 春节 上班\n"
    bad = admin.post_form("/admin/calendar_days/bulk", {"lines": "2027-02-30 春节 放假"})
    assert "日期无效" in bad.get_data(as_text=True)
    response = admin.post_form(
        "/admin/calendar_days/bulk", {"lines": lines, "source": "国办发明电〔2026〕X号", "complete_year": "2027"}
    )
    assert response.status_code == 302
    with app.app_context(), unscoped():
        deadline = db.session.get(Deadline, deadline_id)
        # Feb 9 is now inside 春节 (Feb 5–11 off): the first working day after is Friday Feb 12.
        assert (deadline.due_date, deadline.provisional) == (D("2027-02-12"), False)
