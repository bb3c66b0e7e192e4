"""Notice rules: each fact draws its notice once, however often the event is delivered."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.deadlines import deadlines_of, scan
from core.events import OutboxEvent
from core.events.replay import replay_events
from core.events.testing import deliver_pending
from core.extensions import db
from core.notices import Notice
from core.tenancy import unscoped
from plugins.court.models import CourtHearing, LitigationCase

D = dt.date


def notices(app, **where) -> list[tuple[str, str, int]]:
    """(rule key, kind, target unit) of the notices matching `where` (column == value)."""
    with app.app_context(), unscoped():
        query = select(Notice).order_by(Notice.id)
        for column, value in where.items():
            query = query.where(getattr(Notice, column) == value)
        return [(n.rule_key, str(n.kind), n.target_unit_id) for n in db.session.execute(query).scalars()]


def redeliver(app, name: str) -> int:
    """Deliver every `name` event again (a replay, as an admin or a crashed worker would cause)."""
    with app.app_context(), unscoped():
        ids = list(db.session.execute(select(OutboxEvent.id).where(OutboxEvent.name == name)).scalars())
        assert ids, f"no {name} event was published"
        replayed = replay_events(ids)
        db.session.commit()
        deliver_pending()
        return replayed


def _held_case(court, number="(2024)鄂0802行初1号"):
    case = court.case("东宝区公安局", number, D(2024, 3, 1))
    return case, court.hearing(case, D(2024, 4, 10))


def test_only_a_lawyer_draws_exactly_one_criticism_even_when_delivered_twice(app, court):
    police = court.unit("东宝区公安局")
    _case, hearing = _held_case(court)
    court.held(hearing, lawyers="某律师事务所律师甲")
    subject = {"subject_type": "court_hearing", "subject_id": hearing}
    assert notices(app, **subject) == [("court.no_appearance", "criticism", police)]
    assert redeliver(app, "court.hearing.held") >= 2  # both appearance rules ran again
    assert redeliver(app, "court.hearing.held") >= 2
    assert notices(app, **subject) == [("court.no_appearance", "criticism", police)]
    page = court.client.get(f"/admin/court_hearings/details/?id={hearing}").get_data(as_text=True)
    assert "通报批评" in page and "负责人未出庭且未经准许委托" in page


def test_an_approved_delegation_with_a_valid_reason_draws_no_notice(app, court):
    clerk = court.staff("东宝区公安局", "张科长")
    _case, hearing = _held_case(court)
    report = court.report(
        hearing,
        D(2024, 4, 4),
        planned_delegate=clerk,
        absence_reason="force_majeure",
        absence_explanation="局长所在地突发洪灾，交通中断",
        explanation_sealed=True,
    )
    assert court.decide(report, "approve", "理由正当").status_code == 302
    court.held(hearing, delegate=clerk)
    redeliver(app, "court.hearing.held")
    assert notices(app, subject_type="court_hearing", subject_id=hearing) == []
    assert notices(app, kind="criticism") == []


def test_an_unapproved_delegate_or_nobody_draws_a_criticism(app, court):
    clerk = court.staff("东宝区公安局", "张科长")
    _c1, unapproved = _held_case(court, "(2024)鄂0802行初2号")
    court.held(unapproved, delegate=clerk)
    _c2, nobody = _held_case(court, "(2024)鄂0802行初3号")
    court.held(nobody)
    for hearing in (unapproved, nobody):
        rules = [key for key, _kind, _unit in notices(app, subject_type="court_hearing", subject_id=hearing)]
        assert rules == ["court.no_appearance"]


def test_a_reason_the_court_rejected_draws_one_supervision_not_a_criticism(app, court):
    clerk = court.staff("东宝区公安局", "张科长")
    _case, hearing = _held_case(court)
    report = court.report(
        hearing,
        D(2024, 4, 4),
        planned_delegate=clerk,
        absence_reason="other",
        absence_explanation="局长另有工作安排",
        explanation_sealed=True,
    )
    court.decide(report, "approve")
    court.held(hearing, delegate=clerk, court_rejected_reason=True)
    redeliver(app, "court.hearing.held")
    assert notices(app, subject_type="court_hearing", subject_id=hearing) == [
        ("court.head_absent_unexcused", "supervision", court.unit("东宝区公安局"))
    ]


def test_a_head_appearing_draws_nothing_and_a_correction_draws_nothing_new(app, court):
    head = court.head("东宝区公安局", "王局长")
    _case, hearing = _held_case(court)
    court.held(hearing, head=head)
    assert notices(app) == []
    court.held(hearing, lawyers="律师乙")  # corrected later: the legal office decides, no automatic notice
    assert notices(app) == []
    with app.app_context(), unscoped():
        names = list(db.session.execute(select(OutboxEvent.name).order_by(OutboxEvent.id)).scalars())
    assert names.count("court.hearing.held") == 1 and names.count("court.hearing.corrected") == 1


def test_a_judicial_recommendation_draws_one_accountability_recommendation(app, court):
    head = court.head("东宝区公安局", "王局长")
    case, hearing = _held_case(court)
    court.held(hearing, head=head)
    form = court.case_form(
        "东宝区公安局",
        "(2024)鄂0802行初1号",
        D(2024, 3, 1),
        ruling_kind="judgment",
        judged_on=D(2024, 5, 1),
        served_on=D(2024, 5, 6),
        result="lost",
        recommendation_received_on=D(2024, 5, 8),
        recommendation_summary="建议加强执法程序规范",
    )
    assert court.post("court_cases", form, record_id=case).status_code == 302
    redeliver(app, "court.recommendation.received")
    assert notices(app, subject_type="court_case", subject_id=case) == [
        ("court.judicial_recommendation", "accountability", court.unit("东宝区公安局"))
    ]


def test_a_missed_defence_deadline_draws_one_supervision_from_the_court_rule(app, court):
    case = court.case("东宝区公安局", "(2024)鄂0802行初1号", D(2024, 9, 2), complaint_copy_received_on=D(2024, 9, 6))
    with app.app_context(), unscoped():
        (deadline,) = deadlines_of(db.session.get(LitigationCase, case))
        assert deadline.due_date == D(2024, 9, 23)  # 9-21 is a Saturday: rolled to Monday
        report = scan(D(2024, 9, 24))
        db.session.commit()
        assert report.missed == 1
        deliver_pending()
    expected = [("court.defence_missed", "supervision", court.unit("东宝区公安局"))]
    assert notices(app, subject_type="court_case", subject_id=case) == expected
    redeliver(app, "core.deadline.missed")
    assert notices(app, subject_type="court_case", subject_id=case) == expected  # the core's generic rule stood back


def test_a_late_defence_marks_the_deadline_missed_and_supervises(app, court):
    form = court.case_form(
        "东宝区公安局", "(2024)鄂0802行初1号", D(2024, 9, 2), complaint_copy_received_on=D(2024, 9, 6)
    )
    case = court.created("court_cases", LitigationCase, form)
    form["defence_filed_on"] = D(2024, 9, 25)
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert [k for k, _kind, _u in notices(app, subject_type="court_case", subject_id=case)] == ["court.defence_missed"]
    with app.app_context(), unscoped():
        payload = db.session.execute(
            select(OutboxEvent.payload).where(OutboxEvent.name == "court.case.defence_filed")
        ).scalar_one()
    assert payload["on_time"] is False


def test_held_event_payload_names_who_appeared(app, court):
    clerk = court.staff("东宝区公安局", "张科长")
    _case, hearing = _held_case(court)
    court.held(hearing, delegate=clerk, lawyers="律师甲")
    with app.app_context(), unscoped():
        event = db.session.execute(select(OutboxEvent).where(OutboxEvent.name == "court.hearing.held")).scalar_one()
        assert (event.subject_type, event.subject_id) == (CourtHearing.__tablename__, hearing)
        payload = event.payload
    assert payload["appearance"] == "delegate_unapproved"
    assert payload["delegate"] == "张科长" and payload["delegation_approved"] is False
    assert payload["defendant_unit"] == "东宝区公安局" and payload["held_on"] == "2024-04-10"


def test_the_case_page_shows_hearings_deadlines_notices_timeline_and_history(app, court):
    case = court.case("东宝区公安局", "(2024)鄂0802行初1号", D(2024, 3, 1), complaint_copy_received_on=D(2024, 3, 4))
    hearing = court.hearing(case, D(2024, 4, 10))
    court.held(hearing, lawyers="某律师事务所律师甲")
    page = court.client.get(f"/admin/court_cases/details/?id={case}").get_data(as_text=True)
    for panel in ("panel-court_timeline", "panel-court_hearings", "panel-deadlines", "panel-attachments"):
        assert f'id="{panel}"' in page, panel
    hearings = page[page.index('id="court-hearings"') :]
    assert "仅委托律师出庭" in hearings[: hearings.index("</table>")]
    assert "通报批评" in hearings[: hearings.index("</table>")]
    timeline = page[page.index('id="court-timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert "法院立案" in timeline and "通报批评：" in timeline
    assert 'id="panel-history"' in page  # the audit trail (core.history)
