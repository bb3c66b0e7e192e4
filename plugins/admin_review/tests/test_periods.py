"""Whole cases through the HTTP admin, on real dates: each statutory period, and the notices it brings, once.

Expected dates were counted by hand on the State Council's holiday notices (国办发明电): National
Day 2024 (10-01…10-07 off, Sunday 09-29 and Saturday 10-12 worked), Spring Festival 2025
(01-28…02-04 off, Sunday 01-26 and Saturday 02-08 worked), Dragon Boat 2024 (06-10 off).
"""

from __future__ import annotations

import datetime as dt

D = dt.date

SUPERVISION_BODY = ("admin_review.deadline_missed", "supervision", "东宝区司法局")


def test_acceptance_review_across_national_day_with_a_make_up_working_day(desk):
    case_id = desk.register("2024-09-27")  # a Friday
    # 5 working days (art 30, art 88 ¶2): Sun 09-29 (worked), Mon 09-30, then 10-08, 10-09, 10-10.
    assert desk.deadlines(case_id)["acceptance_review"] == (D(2024, 10, 10), "open", False)
    page = desk.page(case_id)
    assert "受理审查期限" in page and "《行政复议法》第三十条" in page and "2024-10-10" in page
    assert "已受理" in desk.act(case_id, "accept", on="2024-10-08")
    periods = desk.deadlines(case_id)
    assert periods["acceptance_review"][1] == "met"
    # Copy to the respondent in 7 working days (art 48): Sat 10-12 is a working day → 10-16.
    assert periods["copy_to_respondent"][0] == D(2024, 10, 16)
    # Decision in 60 days (art 62 ¶1): 12-07 is a Saturday → Monday 12-09 (民诉法 art 85 ¶3).
    assert periods["decision"][0] == D(2024, 12, 9)
    desk.scan("2024-10-11")
    assert desk.notices(case_id) == []  # nothing was late


def test_deemed_acceptance_when_the_review_period_lapses(desk):
    case_id = desk.register("2024-09-27")
    desk.scan("2024-10-09")  # 1 working day left: a warning to the staff in charge, nothing else
    assert desk.notices(case_id) == [("admin_review.deadline_approaching", "warning", "东宝区司法局")]
    assert desk.case(case_id).state == "received"
    desk.scan("2024-10-11")  # the day after the last day
    case = desk.case(case_id)
    # Art 30 ¶3: accepted as of the day the review period ended.
    assert (case.state, case.accepted_on, case.deemed_accepted) == ("accepted", D(2024, 10, 10), True)
    periods = desk.deadlines(case_id)
    assert periods["acceptance_review"][1] == "missed"
    assert periods["copy_to_respondent"][0] == D(2024, 10, 18)
    assert periods["decision"][0] == D(2024, 12, 9)
    assert desk.notices(case_id) == [
        ("admin_review.deadline_approaching", "warning", "东宝区司法局"),
        SUPERVISION_BODY,
    ]
    desk.scan("2024-10-12")  # scanning and delivering again changes nothing
    assert len(desk.notices(case_id)) == 2
    page = desk.page(case_id)
    assert "视为受理" in page and "审查期限届满未作出不予受理决定" in page


def test_decision_period_ending_in_the_spring_festival_rolls_to_the_first_working_day(desk):
    case_id = desk.register("2024-11-27")
    desk.act(case_id, "accept", on="2024-11-29")
    # 60 days end on Tuesday 2025-01-28, the first day of the holiday → Wednesday 02-05.
    assert desk.deadlines(case_id)["decision"][0] == D(2025, 2, 5)
    desk.act(case_id, "send_copy", on="2024-12-02")
    desk.act(case_id, "receive_reply", on="2024-12-10")
    # From Friday 01-24, 3 working days ahead reach 02-05 (Sunday 01-26 is worked): a warning.
    desk.scan("2025-01-24")
    assert desk.notices(case_id) == [("admin_review.deadline_approaching", "warning", "东宝区司法局")]
    desk.scan("2025-02-05")  # the last day itself is not late
    assert len(desk.notices(case_id)) == 1
    desk.scan("2025-02-06")
    assert desk.notices(case_id)[1:] == [SUPERVISION_BODY]
    assert desk.deadlines(case_id)["decision"][1] == "missed"
    listing = desk.client.get("/admin/admin_review_cases/?figure=overdue").get_data(as_text=True)
    assert f"/details/?id={case_id}" in listing


def test_suspension_and_resumption_move_the_decision_period_by_the_days_suspended(desk):
    case_id = desk.register("2024-02-27")
    desk.act(case_id, "accept", on="2024-03-01")
    desk.act(case_id, "send_copy", on="2024-03-04")
    assert desk.deadlines(case_id)["decision"][0] == D(2024, 4, 30)
    assert "已中止审理" in desk.act(case_id, "suspend", on="2024-03-11", ground="8", reason="等待另案判决")
    assert desk.case(case_id).state == "suspended"
    periods = desk.deadlines(case_id)
    assert periods["decision"][1] == "suspended" and periods["reply"][1] == "suspended"
    desk.scan("2024-05-10")  # a suspended period is never late
    assert desk.notices(case_id) == []
    desk.act(case_id, "resume", on="2024-03-31")
    case = desk.case(case_id)
    assert case.state == "copy_sent"  # back where it stood
    # 20 days suspended: 04-30 + 20 = Monday 05-20.
    assert desk.deadlines(case_id)["decision"][:2] == (D(2024, 5, 20), "open")
    page = desk.page(case_id)
    assert "中止" in page and "2024-03-11" in page and "2024-05-20" in page
    desk.act(case_id, "receive_reply", on="2024-04-01")
    desk.scan("2024-05-15")  # warned for the moved date, once
    desk.scan("2024-05-16")
    assert desk.notices(case_id) == [("admin_review.deadline_approaching", "warning", "东宝区司法局")]


def test_extension_approved_once_within_thirty_days(desk):
    case_id = desk.register("2024-02-27")
    desk.act(case_id, "accept", on="2024-03-01")
    desk.act(case_id, "send_copy", on="2024-03-04")
    desk.act(case_id, "receive_reply", on="2024-03-12")
    before = desk.deadlines(case_id)["decision"]
    refused = [
        (dict(days=31, reason="案情复杂", approved_by="王主任"), "「延长天数」延长期限最多不得超过三十日"),
        (dict(days=30, reason="案情复杂", approved_by=""), "「批准人（行政复议机构负责人）」必填"),
        (dict(days=30, reason="", approved_by="王主任"), "「延期理由（情况复杂的具体情形）」必填"),
    ]
    for data, message in refused:
        assert message in desk.act(case_id, "extend", on="2024-04-20", **data)
        assert desk.case(case_id).extension_days is None and desk.deadlines(case_id)["decision"] == before
    assert "已延长审理期限" in desk.act(
        case_id, "extend", on="2024-04-20", days=30, reason="案情复杂", approved_by="王主任"
    )
    case = desk.case(case_id)
    assert (case.extension_days, case.extension_approved_by) == (30, "王主任")
    assert desk.deadlines(case_id)["decision"][:2] == (D(2024, 5, 30), "extended")
    second = desk.act(case_id, "extend", on="2024-05-01", days=5, reason="仍复杂", approved_by="王主任")
    assert "「延长天数」本案已于2024-04-20延长过一次，不能再次延长" in second
    assert desk.deadlines(case_id)["decision"][0] == D(2024, 5, 30)
    page = desk.page(case_id)
    assert "延长 30 日" in page and "王主任" in page
    desk.scan("2024-04-26")  # the original last day (04-30) is no longer near: no warning
    assert desk.notices(case_id) == []
    desk.scan("2024-05-27")
    desk.scan("2024-05-28")
    assert desk.notices(case_id) == [("admin_review.deadline_approaching", "warning", "东宝区司法局")]
    desk.act(case_id, "decide", on="2024-05-30", decision_type="dismiss_request")
    desk.scan("2024-06-30")
    assert len(desk.notices(case_id)) == 1  # decided on the extended last day: in time
    assert desk.deadlines(case_id)["decision"][1] == "met"


def test_extension_after_the_period_lapsed_is_refused(desk):
    case_id = desk.register("2024-02-27")
    desk.act(case_id, "accept", on="2024-03-01")
    message = desk.act(case_id, "extend", on="2024-05-02", days=10, reason="复杂", approved_by="王主任")
    assert "「延期日期」审理期限已于2024-04-30届满" in message


def test_simplified_procedure_periods_and_conversion(desk):
    case_id = desk.register("2024-06-03", procedure="simplified", simplified_ground="on_the_spot")
    desk.act(case_id, "accept", on="2024-06-05")
    periods = desk.deadlines(case_id)
    # Art 54: copy within 3 working days (06-10 is the Dragon Boat holiday); art 62 ¶2: 30 days.
    assert periods["copy_to_respondent_s"][0] == D(2024, 6, 11)
    assert periods["decision_s"][0] == D(2024, 7, 5)
    assert "《行政复议法》第五十四条第一款" in desk.page(case_id)
    desk.act(case_id, "send_copy", on="2024-06-11")
    assert desk.deadlines(case_id)["reply_s"][0] == D(2024, 6, 18)  # 5 working days
    refused = desk.act(case_id, "extend", on="2024-06-20", days=10, reason="复杂", approved_by="王主任")
    assert "「程序」简易程序案件应在三十日内作出决定，不能延长" in refused
    # Art 55: converted to ordinary procedure with the approval of the office's head.
    assert "「批准人（行政复议机构负责人）」必填" in desk.act(case_id, "convert", on="2024-06-14", approved_by="")
    desk.act(case_id, "convert", on="2024-06-14", approved_by="王主任")
    periods = desk.deadlines(case_id)
    assert periods["decision_s"][1] == "cancelled" and periods["reply_s"][1] == "cancelled"
    assert periods["decision"][0] == D(2024, 8, 5)  # 60 days from acceptance: Sunday 08-04 → 08-05
    assert periods["reply"][0] == D(2024, 6, 25)  # 10 working days from receipt of the copy
    assert desk.case(case_id).procedure == "ordinary"


def test_simplified_case_decided_in_time_brings_no_notice(desk):
    case_id = desk.register(
        "2024-06-03", procedure="simplified", simplified_ground="information", category="information"
    )
    desk.act(case_id, "accept", on="2024-06-04")
    desk.act(case_id, "send_copy", on="2024-06-05")
    desk.act(case_id, "receive_reply", on="2024-06-12")
    desk.act(case_id, "decide", on="2024-06-28", decision_type="uphold", number="东宝行复决〔2024〕1号")
    desk.scan("2024-08-01")
    assert desk.notices(case_id) == []
    assert desk.deadlines(case_id)["decision_s"][1] == "met"


def test_respondent_missing_its_reply_is_supervised_and_deemed_without_evidence(desk):
    case_id = desk.register("2024-09-02")
    desk.act(case_id, "accept", on="2024-09-04")
    desk.act(case_id, "send_copy", on="2024-09-05", received_on="2024-09-06")
    # 10 working days from 09-06: 09-09…09-13, 09-14 (Saturday, worked for Mid-Autumn), 09-18, 09-19, 09-20, 09-23.
    assert desk.deadlines(case_id)["reply"][0] == D(2024, 9, 23)
    desk.scan("2024-09-24")
    case = desk.case(case_id)
    assert (case.state, case.reply_missed) == ("under_review", True)
    assert desk.notices(case_id) == [("admin_review.reply_missed", "supervision", "东宝区公安局")]
    assert "被申请人逾期未答复（第七十条）" in desk.page(case_id)


def test_provisional_deadlines_are_shown_as_such(desk, app):
    app.config["FAZHI_TODAY"] = "2030-03-01"  # a year the calendar has no official data for
    case_id = desk.register("2030-01-10")
    assert desk.deadlines(case_id)["acceptance_review"] == (D(2030, 1, 17), "open", True)
    desk.act(case_id, "accept", on="2030-01-15")
    page = desk.page(case_id)
    assert page.count("暂定") >= 3  # acceptance review, copy, decision
    assert "2030-03-18" in page


def test_sixty_days_suspended_for_a_death_call_for_termination(desk):
    """行政复议法 art 41 (5), cited as one paragraph ("第四十一条第五项"): 60 days of suspension on art 39 ¶1 (1)."""
    case_id = desk.register("2024-02-27")
    desk.act(case_id, "accept", on="2024-03-01")
    desk.act(case_id, "send_copy", on="2024-03-04")
    desk.act(case_id, "receive_reply", on="2024-03-08")
    desk.act(case_id, "suspend", on="2024-03-11", ground="1", reason="申请人死亡，近亲属尚未确定是否参加")
    (kind,) = [k for k in desk.deadlines(case_id) if k.startswith("suspension_limit:")]
    # Art 41 (5) (art 41 has one paragraph): 60 days from 03-11 is Friday 05-10.
    assert desk.deadlines(case_id)[kind][:2] == (D(2024, 5, 10), "open")
    assert "《行政复议法》第四十一条第五项" in desk.page(case_id)
    desk.scan("2024-05-08")
    desk.scan("2024-05-11")
    assert desk.notices(case_id) == [
        ("admin_review.deadline_approaching", "warning", "东宝区司法局"),
        SUPERVISION_BODY,
    ]
    desk.act(case_id, "terminate", on="2024-05-13", ground="suspended_60_days")
    case = desk.case(case_id)
    assert (case.state, case.termination_ground) == ("terminated", "suspended_60_days")
    assert desk.deadlines(case_id)["decision"][1] == "met"  # still suspended when the case ended


def test_the_hearing_notice_is_due_on_a_working_day(app):
    from plugins.admin_review.deadlines import hearing_notice_in_time, latest_hearing_notice_day

    with app.app_context():
        # Friday 2024-06-21: a notice on Sunday 06-16 would do, but the last working day is Friday 06-14.
        assert latest_hearing_notice_day(D(2024, 6, 21)) == D(2024, 6, 14)
        assert hearing_notice_in_time(D(2024, 6, 14), D(2024, 6, 21))
        assert not hearing_notice_in_time(D(2024, 6, 17), D(2024, 6, 21))
        # Tuesday 2024-10-08, after National Day: from Wednesday 09-25 the five are 09-26, 09-27,
        # Sunday 09-29 (worked), 09-30 and 10-08.
        assert latest_hearing_notice_day(D(2024, 10, 8)) == D(2024, 9, 25)
