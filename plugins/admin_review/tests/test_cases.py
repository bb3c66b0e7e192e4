"""A case from receipt to the follow-up visit, hearings and 意见书, and the acts refused as impossible."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.tenancy import unscoped

D = dt.date


def _hearing_id(desk, case_id: int) -> int:
    from plugins.admin_review.models import Hearing

    with desk.app.app_context(), unscoped():
        return db.session.execute(select(Hearing.id).where(Hearing.case_id == case_id)).scalars().all()[-1]


def test_a_land_case_from_receipt_to_the_follow_up_visit(desk):
    case_id = desk.register(
        "2024-03-04", category="land", act_type="expropriation", major_complex="y", applicant_name="李四"
    )
    number = desk.case(case_id).case_number
    assert number == "东宝行复〔2024〕1号"
    desk.act(case_id, "request_correction", on="2024-03-05", served_on="2024-03-05", items="土地权属证明")
    assert desk.deadlines(case_id)["correction"][0] == D(2024, 3, 19)  # 10 working days (art 31 ¶2)
    desk.act(case_id, "supplement", on="2024-03-12")
    assert desk.deadlines(case_id)["acceptance_review_2"][0] == D(2024, 3, 19)  # a new 5-day review (art 31 ¶3)
    desk.act(case_id, "accept", on="2024-03-14")
    desk.act(case_id, "send_copy", on="2024-03-15")
    desk.act(case_id, "receive_reply", on="2024-03-22")
    # A land dispute needs the on-site investigation, a major case a hearing, before the decision.
    refused = desk.act(case_id, "decide", on="2024-04-10", decision_type="revoke")
    assert "「现场调查」土地纠纷案件须先到现场调查核实并记录" in refused
    desk.act(case_id, "investigate", on="2024-03-26", record="到现场勘验，制作笔录")
    refused = desk.act(case_id, "decide", on="2024-04-10", decision_type="revoke")
    assert "「听证」重大、疑难、复杂案件应当组织听证" in refused
    # The hearing: panel of one presiding officer and two hearing officers; notice 5 working days ahead.
    one_officer = desk.act(
        case_id,
        "schedule_hearing",
        on="2024-03-27",
        scheduled_for="2024-04-12",
        place="听证室",
        matters="征收补偿",
        presiding_officer="赵主持",
        hearing_officers="钱听证",
        clerk="孙记录",
    )
    assert "「听证员」应有两名以上行政复议人员任听证员" in one_officer
    desk.act(
        case_id,
        "schedule_hearing",
        on="2024-03-27",
        scheduled_for="2024-04-12",
        place="听证室",
        matters="征收补偿",
        presiding_officer="赵主持",
        hearing_officers="钱听证、李听证",
        clerk="孙记录",
    )
    hearing_id = _hearing_id(desk, case_id)
    # 04-04 to 04-06 is Qingming and Sunday 04-07 is worked: from 04-08, five working days end 04-15,
    # after the hearing; from 04-07 they end on 04-12.
    late = desk.hearing_act(case_id, hearing_id, "notify", on="2024-04-08")
    assert "「听证通知日期」应于听证五个工作日前书面通知当事人（最迟2024-04-07" in late
    assert desk.deadlines(case_id)[f"hearing_notice:{hearing_id}"][0] == D(2024, 4, 7)
    desk.hearing_act(case_id, hearing_id, "notify", on="2024-04-01")
    desk.hearing_act(
        case_id,
        hearing_id,
        "hold",
        on="2024-04-12",
        head_attended="y",
        head_name="东宝区公安局局长",
        record="双方陈述意见",
    )
    assert "已作出决定" in desk.act(
        case_id,
        "decide",
        on="2024-04-20",
        decision_type="revoke",
        number="东宝行复决〔2024〕1号",
        redo_ordered="y",
        performance_days="30",
    )
    desk.act(case_id, "serve", on="2024-04-22")
    periods = desk.deadlines(case_id)
    assert periods["decision"][1] == "met"
    assert periods["head_notice"][0] == D(2024, 5, 6)  # 15 days from the decision (local practice): 05-05 is a holiday
    assert periods["performance"][0] == D(2024, 5, 22)  # the decision's own 30 days from service
    assert periods["follow_up"][0] == D(2024, 7, 22)  # 90 days from service (local practice)
    desk.act(case_id, "notify_head", on="2024-04-25", record="书面告知东宝区公安局局长")
    # The follow-up visit waits for the performance check when the respondent must redo the act.
    assert "须先核查履行情况" in desk.act(case_id, "visit", on="2024-05-10", record="回访")
    desk.act(case_id, "check_performance", on="2024-05-20", performed="y", note="已重新作出决定")
    desk.act(case_id, "visit", on="2024-06-20", record="电话回访，申请人满意")
    case = desk.case(case_id)
    assert case.state == "closed"
    desk.scan("2024-12-31")
    assert desk.notices(case_id) == []  # every period was kept
    page = desk.page(case_id)
    for step in (
        "收到申请",
        "通知补正",
        "收到补正材料",
        "受理",
        "发送答复通知",
        "收到答复",
        "现场调查",
        "安排听证",
        "作出决定",
        "送达",
        "行政首长告知",
        "核查履行情况",
        "回访",
    ):
        assert f"<td>{step}</td>" in page, step
    assert "dongbao_staff" in page and "已回访结案" in page
    assert "听证书面通知期限（2024-04-12听证前五个工作日）" in page and "《行政复议法》第五十一条第一款" in page


def test_the_respondents_head_absent_without_explanation_is_a_criticism_candidate(desk):
    case_id = desk.register("2024-05-06")
    desk.act(case_id, "accept", on="2024-05-07")
    desk.act(case_id, "send_copy", on="2024-05-08")
    for day in ("2024-06-20", "2024-07-01"):
        desk.act(
            case_id,
            "schedule_hearing",
            on="2024-05-20",
            scheduled_for=day,
            place="听证室",
            matters="事实",
            presiding_officer="赵",
            hearing_officers="钱、孙",
            clerk="李",
        )
    from plugins.admin_review.models import Hearing

    with desk.app.app_context(), unscoped():
        first, second = db.session.execute(select(Hearing.id).where(Hearing.case_id == case_id)).scalars().all()
    desk.hearing_act(case_id, first, "notify", on="2024-06-03")
    # Not attended, but explained in writing and delegated: no notice (art 51 ¶3).
    desk.hearing_act(
        case_id,
        first,
        "hold",
        on="2024-06-20",
        delegate_name="王科长",
        absence_explanation="局长参加全省会议，书面说明并委托王科长参加",
    )
    desk.hearing_act(case_id, second, "notify", on="2024-06-21")
    desk.hearing_act(case_id, second, "hold", on="2024-07-01", delegate_name="王科长")  # no explanation
    desk.deliver()
    assert desk.notices(case_id) == [("admin_review.head_absent", "criticism", "东宝区公安局")]
    desk.deliver()
    assert len(desk.notices(case_id)) == 1


def test_an_opinion_letter_report_missed_is_supervised(desk):
    case_id = desk.register("2024-05-06")
    desk.act(case_id, "accept", on="2024-05-07")
    desk.act(case_id, "send_copy", on="2024-05-08")
    desk.act(case_id, "receive_reply", on="2024-05-15")
    desk.act(case_id, "decide", on="2024-05-20", decision_type="uphold")
    _region, unit = desk.ids(respondent="东宝区自然资源局")
    desk.act(
        case_id,
        "issue_opinion",
        issued_on="2024-05-20",
        received_on="2024-05-21",
        addressee=unit,
        number="东宝行复意〔2024〕1号",
        content="规范征收程序",
    )
    kinds = desk.deadlines(case_id)
    (kind,) = [k for k in kinds if k.startswith("opinion_report:")]
    assert kinds[kind][0] == D(2024, 7, 22)  # 60 days from receipt: 07-20 is a Saturday
    desk.scan("2024-07-23")
    assert desk.notices(case_id) == [("admin_review.opinion_report_missed", "supervision", "东宝区自然资源局")]


def test_mediation_and_settlement_end_a_case(desk):
    mediated = desk.register("2024-05-06")
    desk.act(mediated, "accept", on="2024-05-07")
    refused = desk.act(mediated, "decide", on="2024-05-20", decision_type="mediation")
    assert "「决定类型」制作调解书须先开始调解" in refused
    desk.act(mediated, "start_mediation", on="2024-05-10")
    desk.act(mediated, "decide", on="2024-05-20", decision_type="mediation", number="东宝行复调〔2024〕1号")
    assert desk.case(mediated).decision_type == "mediation"
    settled = desk.register("2024-05-06")
    desk.act(settled, "accept", on="2024-05-07")
    desk.act(settled, "terminate", on="2024-05-15", ground="settled", note="双方和解，申请人撤回申请")
    case = desk.case(settled)
    assert (case.state, case.decision_type, case.termination_ground) == ("terminated", "termination", "settled")
    assert desk.deadlines(settled)["decision"][1] == "met"
    assert desk.deadlines(settled)["copy_to_respondent"][1] == "cancelled"


def test_not_accepted_with_reasons_and_the_competent_organ(desk):
    case_id = desk.register("2024-09-27")
    assert "「不予受理理由」必填" in desk.act(case_id, "refuse", on="2024-09-30", reason="")
    desk.act(case_id, "refuse", on="2024-09-30", reason="不属于本机关管辖", competent_organ="荆门市人民政府")
    case = desk.case(case_id)
    assert (case.state, case.competent_organ) == ("not_accepted", "荆门市人民政府")
    assert desk.deadlines(case_id)["acceptance_review"][1] == "met"
    assert "「状态」案件当前为“不予受理”，不能受理" in desk.act(case_id, "accept", on="2024-10-08")


def test_a_decision_dated_before_acceptance_is_refused_and_nothing_changes(desk):
    case_id = desk.register("2024-09-27")
    desk.act(case_id, "accept", on="2024-10-08")
    before = desk.case(case_id)
    steps = _steps(desk, case_id)
    message = desk.act(case_id, "decide", on="2024-10-01", decision_type="uphold")
    assert "未作出决定：「决定日期」（2024-10-01）不能早于受理日期（2024-10-08）" in message
    after = desk.case(case_id)
    assert (after.state, after.decision_type, after.decided_on) == (before.state, None, None)
    assert _steps(desk, case_id) == steps
    assert desk.deadlines(case_id)["decision"][1] == "open"
    for bad, text in (
        (dict(on="2024-10-40", decision_type="uphold"), "「决定日期」日期格式不正确"),
        (dict(on="", decision_type="uphold"), "「决定日期」必填"),
        (dict(on="2099-01-01", decision_type="uphold"), "「决定日期」不能晚于今天"),
        (dict(on="2024-10-20", decision_type="maybe"), "「决定类型」请从列表中选择"),
        (dict(on="2024-10-20", decision_type="uphold", redo_ordered="y"), "「责令重作或履行」“维持”决定不能责令重作"),
    ):
        assert text in desk.act(case_id, "decide", **bad), text
    assert desk.case(case_id).state == "accepted"


def test_a_ground_or_decision_type_the_law_does_not_list_is_refused_in_its_words(desk):
    """The command line and the registers reach the operations without the form's select."""
    from core.refusals import Refusal
    from plugins.admin_review import operations
    from plugins.admin_review.models import AdministrativeReviewCase

    case_id = desk.register("2024-09-27")
    desk.act(case_id, "accept", on="2024-10-08")
    on = D(2024, 10, 20)
    with desk.app.app_context(), unscoped():
        case = db.session.get(AdministrativeReviewCase, case_id)
        for act, given, field, text in (
            (operations.decide, {"decision_type": "maybe"}, "decision_type", "「决定类型」请选择决定类型"),
            (operations.terminate, {"ground": "bored"}, "ground", "「终止情形」请选择第四十一条规定的情形"),
            (operations.suspend, {"ground": ""}, "ground", "「中止情形」请选择第三十九条第一款规定的情形"),
        ):
            with pytest.raises(Refusal) as refused:
                act(case, on, **given)
            assert (refused.value.field, str(refused.value)) == (field, text)
        assert (case.state, case.decision_type) == ("accepted", None)


def test_a_case_number_used_in_the_same_body_and_year_is_refused(desk, login_as):
    desk.register("2024-03-04", case_number="东宝行复〔2024〕7号")
    response = desk.post_new("2024-05-06", case_number="东宝行复〔2024〕7号", applicant_name="王五")
    assert response.status_code == 200
    assert "「案号」东宝行复〔2024〕7号 已被本复议机关2024年度的案件使用" in response.get_data(as_text=True)
    from plugins.admin_review.models import AdministrativeReviewCase

    with desk.app.app_context(), unscoped():
        assert db.session.scalar(select(func.count(AdministrativeReviewCase.id))) == 1
    # The next automatic number follows the highest of the year; another body may use the same number.
    assert desk.case(desk.register("2024-05-06")).case_number == "东宝行复〔2024〕8号"
    from plugins.admin_review.tests.conftest import Desk

    other = Desk(desk.app, login_as("duodao_staff"))
    response = other.post_new("2024-05-06", "420804", "掇刀区公安局", case_number="东宝行复〔2024〕7号")
    assert response.status_code == 302


def test_impossible_transitions_are_refused_naming_the_state(desk):
    case_id = desk.register("2024-09-27")
    assert "「状态」案件当前为“受理审查中”，不能作出决定" in desk.act(
        case_id, "decide", on="2024-10-08", decision_type="uphold"
    )
    assert "不能送达" in desk.act(case_id, "serve", on="2024-10-08")
    assert "不能恢复审理" in desk.act(case_id, "resume", on="2024-10-08")
    desk.act(case_id, "accept", on="2024-10-08")
    assert "「受理日期」" not in desk.act(case_id, "send_copy", on="2024-10-09")
    assert "「答复日期」（2024-10-08）不能早于被申请人收到副本日期" in desk.act(
        case_id, "receive_reply", on="2024-10-08"
    )
    # Acts that are not open in a state are not offered on the case page either.
    page = desk.page(case_id)
    assert 'id="act-receive_reply"' in page and 'id="act-accept"' not in page


def test_viewers_see_the_case_but_cannot_act(desk, login_as):
    case_id = desk.register("2024-09-27")
    leader = login_as("leader")
    page = leader.get(f"/admin/admin_review_cases/details/?id={case_id}").get_data(as_text=True)
    assert "东宝行复〔2024〕1号" in page and 'id="case-acts"' not in page
    assert (
        leader.post_form(f"/admin/admin_review_cases/act/accept/?id={case_id}", {"on": "2024-10-08"}).status_code == 403
    )
    foreign = login_as("duodao_staff")
    assert foreign.get(f"/admin/admin_review_cases/details/?id={case_id}").status_code == 404
    assert (
        foreign.post_form(f"/admin/admin_review_cases/act/accept/?id={case_id}", {"on": "2024-10-08"}).status_code
        == 404
    )
    assert desk.case(case_id).state == "received"


def _steps(desk, case_id: int) -> list[str]:
    from plugins.admin_review.models import CaseStep

    with desk.app.app_context(), unscoped():
        return list(db.session.execute(select(CaseStep.action).where(CaseStep.case_id == case_id)).scalars())


def test_editing_the_file_keeps_the_dates_that_started_the_periods(desk):
    first = desk.register("2024-03-04")
    case_id = desk.register("2024-03-05")
    form = desk.client.get(f"/admin/admin_review_cases/edit/?id={case_id}").get_data(as_text=True)
    assert 'name="applicant_name"' in form and 'name="received_on"' not in form and 'name="procedure"' not in form
    region, unit = desk.ids()
    data = {
        "region": str(region),
        "case_number": desk.case(first).case_number,
        "channel": "mail",
        "applicant_name": "张三丰",
        "applicant_kind": "person",
        "respondent": str(unit),
        "act_type": "penalty",
        "category": "other",
    }
    taken = desk.client.post_form(f"/admin/admin_review_cases/edit/?id={case_id}", data)
    assert "「案号」东宝行复〔2024〕1号 已被本复议机关2024年度的案件使用" in taken.get_data(as_text=True)
    data["case_number"] = "东宝行复〔2024〕9号"
    assert desk.client.post_form(f"/admin/admin_review_cases/edit/?id={case_id}", data).status_code == 302
    case = desk.case(case_id)
    assert (case.applicant_name, case.case_number, case.received_on) == ("张三丰", "东宝行复〔2024〕9号", D(2024, 3, 5))


def test_further_applicants_and_third_parties_are_entered_with_the_case(desk):
    case_id = desk.register(
        "2024-03-04",
        **{
            "parties-0-role": "third_party",
            "parties-0-kind": "organisation",
            "parties-0-name": "荆门某置业有限公司",
            "parties-0-contact": "0724-1234567",
            "parties-1-role": "co_applicant",
            "parties-1-kind": "person",
            "parties-1-name": "李四",
            "parties-1-contact": "",
        },
    )
    from plugins.admin_review.models import Party

    with desk.app.app_context(), unscoped():
        parties = db.session.execute(select(Party).where(Party.case_id == case_id).order_by(Party.id)).scalars().all()
        assert [(p.role, p.name, p.region.name) for p in parties] == [
            ("third_party", "荆门某置业有限公司", "东宝区"),
            ("co_applicant", "李四", "东宝区"),
        ]
    page = desk.page(case_id)
    assert "第三人" in page and "荆门某置业有限公司" in page and "共同申请人" in page
