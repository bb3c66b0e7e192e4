"""Periods that move — suspension, extension, late entries — through the HTTP admin (issue 13).

Every expected date is worked out by hand below on the State Council's notices and written out in
docs/periods.md, line by line: 国庆节 2024 (10-01…10-07 off, Sunday 09-29 and Saturday 10-12 worked).
A period's end is start + length + days suspended (+ extension), rolled over once (民诉法 art 85 ¶3
through 行政复议法 art 88 ¶1).
"""

from __future__ import annotations

import datetime as dt

D = dt.date


def _accepted(desk, received: str, accepted: str) -> int:
    case_id = desk.register(received)
    assert "已受理" in desk.act(case_id, "accept", on=accepted)
    return case_id


def test_art_39_suspension_is_added_to_the_period_not_to_the_rolled_over_date(desk):
    """行政复议法 art 39 ¶2, art 62 ¶1, art 88 ¶1; 民诉法 art 85 ¶3: one roll-over, on the final day."""
    case_id = _accepted(desk, "2024-07-31", "2024-08-02")
    # 2024-08-02 + 60 = Tuesday 10-01, 国庆节 → rolled to Tuesday 10-08.
    assert desk.deadlines(case_id)["decision"][0] == D(2024, 10, 8)
    desk.act(case_id, "send_copy", on="2024-08-05")
    desk.act(case_id, "suspend", on="2024-08-12", ground="8", reason="等待另案判决")
    desk.act(case_id, "resume", on="2024-08-23")
    # 11 days suspended (08-12 … 08-22): 08-02 + 60 + 11 = Saturday 10-12, a make-up working day
    # (调休上班) → the period ends on it. Counting from the rolled-over 10-08 would give 10-19 → 10-21.
    assert desk.deadlines(case_id)["decision"][:2] == (D(2024, 10, 12), "open")
    assert "2024-10-12" in desk.page(case_id)


def test_art_88_working_day_period_resumes_with_its_remaining_working_days(desk):
    """行政复议法 art 48, art 88 ¶2 (working days), art 39: the reply period counts working days after resumption."""
    case_id = _accepted(desk, "2024-09-18", "2024-09-20")
    desk.act(case_id, "send_copy", on="2024-09-20", received_on="2024-09-23")
    # 10 working days from Monday 09-23: 24, 25, 26, 27, Sun 29 (worked), 30, 10-08, 09, 10, 11.
    assert desk.deadlines(case_id)["reply"][0] == D(2024, 10, 11)
    desk.act(case_id, "suspend", on="2024-09-26", ground="5", reason="被申请人因不可抗力不能参加")
    desk.act(case_id, "resume", on="2024-10-10")
    # Counted before the suspension: 09-24, 09-25 (2). From 10-10: 10 (3), 11 (4), Sat 12 worked (5),
    # 14 (6), 15 (7), 16 (8), 17 (9), 18 (10). Adding 14 calendar days to 10-11 would give 10-25.
    assert desk.deadlines(case_id)["reply"][:2] == (D(2024, 10, 18), "open")


def test_art_62_extension_extends_the_period_itself(desk):
    """行政复议法 art 62 ¶1: 60 + at most 30 days from acceptance, rolled over once; no second extension."""
    case_id = _accepted(desk, "2024-07-31", "2024-08-02")
    desk.act(case_id, "send_copy", on="2024-08-05")
    assert desk.deadlines(case_id)["decision"][0] == D(2024, 10, 8)  # 10-01 rolled over
    assert "已延长审理期限" in desk.act(
        case_id, "extend", on="2024-09-30", days=30, reason="案情复杂", approved_by="王主任"
    )
    # 08-02 + 60 + 30 = Thursday 10-31, a working day (not 10-08 + 30 = 11-07).
    assert desk.deadlines(case_id)["decision"][:2] == (D(2024, 10, 31), "extended")
    refused = desk.act(case_id, "extend", on="2024-10-09", days=1, reason="仍复杂", approved_by="王主任")
    assert "不能再次延长" in refused and "第六十二条第一款" in refused
    assert desk.deadlines(case_id)["decision"][0] == D(2024, 10, 31)


def test_art_62_extension_after_a_suspension_counts_both_once(desk):
    """行政复议法 arts 39, 62 ¶1: start + 60 + suspended days + extension, then one roll-over."""
    case_id = _accepted(desk, "2024-07-31", "2024-08-02")
    desk.act(case_id, "send_copy", on="2024-08-05")
    desk.act(case_id, "suspend", on="2024-08-12", ground="8", reason="等待另案判决")
    desk.act(case_id, "resume", on="2024-08-23")
    desk.act(case_id, "extend", on="2024-10-08", days=20, reason="案情复杂", approved_by="王主任")
    # 08-02 + 60 + 11 + 20 = Friday 11-01, a working day.
    assert desk.deadlines(case_id)["decision"][:2] == (D(2024, 11, 1), "extended")


def test_art_30_deemed_acceptance_binds_a_late_accept(desk):
    """行政复议法 art 30 ¶3: the review period expired without a refusal → accepted on its last day."""
    case_id = desk.register("2024-09-27")
    # 5 working days (art 88 ¶2): Sun 09-29 (worked), 09-30, 10-08, 10-09, 10-10.
    assert desk.deadlines(case_id)["acceptance_review"][0] == D(2024, 10, 10)
    message = desk.act(case_id, "accept", on="2024-10-21")  # entered eleven days late
    assert "视为于2024-10-10受理" in message and "逾期录入" in message
    case = desk.case(case_id)
    assert (case.state, case.accepted_on, case.deemed_accepted) == ("accepted", D(2024, 10, 10), True)
    periods = desk.deadlines(case_id)
    assert periods["acceptance_review"][1] == "missed"  # the entry is recorded as late
    # The decision period runs from 10-10, not from the entry: 10-10 + 60 = Monday 12-09 (art 62 ¶1);
    # the copy in 7 working days (art 48): 10-11, Sat 10-12 (worked), 14, 15, 16, 17, 18.
    assert (periods["decision"][0], periods["copy_to_respondent"][0]) == (D(2024, 12, 9), D(2024, 10, 18))
    assert "逾期录入" in desk.page(case_id)


def test_art_30_no_deemed_acceptance_on_a_provisional_date_until_the_year_is_confirmed(desk, app, login_as):
    """行政复议法 art 30 ¶3, art 88 ¶2; issue 13 item 11: no legal effect on a provisional last day."""
    app.config["FAZHI_TODAY"] = "2027-02-20"
    case_id = desk.register("2027-02-01")  # Monday; 2027 has no State Council notice yet
    # Days off fixed by the 放假办法 (春节 from 除夕: 02-05 … 02-08): 02 (1), 03 (2), 04 (3), 09 (4), 10 (5).
    assert desk.deadlines(case_id)["acceptance_review"] == (D(2027, 2, 10), "open", True)
    desk.scan("2027-02-11")
    assert desk.case(case_id).state == "received"  # lapsed on a provisional date: nothing deemed
    # The (pretend) notice: 春节 02-05 … 02-11 off, Saturday 02-13 worked in lieu.
    admin = login_as("admin")
    for day in ("2027-02-09", "2027-02-10", "2027-02-11"):
        admin.post_form("/admin/calendar_days/new/", {"date": day, "name": "春节"})
    admin.post_form("/admin/calendar_days/new/", {"date": "2027-02-13", "is_working_day": "y", "name": "春节调休"})
    desk.deliver()
    assert desk.case(case_id).state == "received"  # still provisional: the year is not complete
    admin.post_form("/admin/calendar_years/new/", {"year": "2027", "complete": "y", "announced_by": "国办发明电"})
    desk.deliver()
    # Confirmed: 02 (1), 03 (2), 04 (3), 05–11 off, Fri 12 (4), Sat 13 worked (5) → 02-13, lapsed.
    assert desk.deadlines(case_id)["acceptance_review"] == (D(2027, 2, 13), "missed", False)
    case = desk.case(case_id)
    assert (case.state, case.accepted_on, case.deemed_accepted) == ("accepted", D(2027, 2, 13), True)


def test_art_30_a_recount_that_reopens_the_period_undoes_the_deemed_acceptance(desk, app, login_as):
    """行政复议法 art 30 ¶3; issue 13 item 11: the effect no longer holds → undone, with a timeline step."""
    case_id = desk.register("2024-09-27")
    desk.scan("2024-10-11")
    assert desk.case(case_id).deemed_accepted  # accepted as of 10-10
    app.config["FAZHI_TODAY"] = "2024-10-11"
    # An admin corrects the calendar: 10-10 was a day off after all. The review now ends Fri 10-11.
    login_as("admin").post_form("/admin/calendar_days/new/", {"date": "2024-10-10", "name": "更正"})
    desk.deliver()
    case = desk.case(case_id)
    assert (case.state, case.accepted_on, case.deemed_accepted) == ("received", None, False)
    periods = desk.deadlines(case_id)
    assert periods["acceptance_review"][:2] == (D(2024, 10, 11), "open")
    assert periods["decision"][1] == "cancelled"
    assert "撤销视为受理" in desk.page(case_id)


def test_art_31_correction_runs_from_receipt_and_can_be_extended(desk):
    """行政复议法 art 31 ¶2, art 88 ¶2: ten working days from receipt of the 补正 notice; extendable."""
    case_id = desk.register("2024-09-23")
    message = desk.act(case_id, "request_correction", on="2024-09-24", items="身份证明")
    assert "收到补正通知的日期未知" in message  # the notice date is not assumed
    assert "correction" not in desk.deadlines(case_id)
    desk.act(case_id, "correction_received", on="2024-09-27")
    # From Friday 09-27: Sun 29 (worked, 1), 30 (2), 10-08 (3), 09, 10, 11 (6), Sat 12 (worked, 7), 14, 15, 16 (10).
    assert desk.deadlines(case_id)["correction"][:2] == (D(2024, 10, 16), "open")
    assert "已延长补正期限" in desk.act(
        case_id, "extend_correction", on="2024-10-15", days=5, reason="申请人住院", approved_by="王主任"
    )
    # Five more working days: 17, 18, 21, 22, 23.
    assert desk.deadlines(case_id)["correction"][:2] == (D(2024, 10, 23), "extended")
    desk.scan("2024-10-24")  # lapsed without excuse: deemed abandoned on the last day
    case = desk.case(case_id)
    assert (case.state, case.abandoned_on) == ("abandoned", D(2024, 10, 23))


def test_minsu_art_85_4_materials_posted_in_time_are_on_time(desk):
    """民事诉讼法 art 85 ¶4 (through 行政复议法 art 88 ¶1): posted before expiry is not late."""
    case_id = desk.register("2024-09-23")
    desk.act(case_id, "request_correction", on="2024-09-24", served_on="2024-09-27", items="身份证明")
    desk.scan("2024-10-17")  # the period ended 10-16: deemed abandoned
    assert desk.case(case_id).state == "abandoned"
    late = desk.act(case_id, "supplement", on="2024-10-21", posted_on="2024-10-17")
    assert "只有在补正期限届满前交邮" in late
    desk.act(case_id, "supplement", on="2024-10-21", posted_on="2024-10-16")  # posted on the last day
    case = desk.case(case_id)
    assert (case.state, case.supplement_posted_on, case.abandoned_on) == ("received", D(2024, 10, 16), None)
    # The new 5-working-day review runs from receipt of the materials (art 31 ¶3): 22, 23, 24, 25, 28.
    assert desk.deadlines(case_id)["acceptance_review_2"][0] == D(2024, 10, 28)

    reply_case = _accepted(desk, "2024-09-18", "2024-09-20")
    desk.act(reply_case, "send_copy", on="2024-09-20", received_on="2024-09-23")  # reply due 10-11
    desk.scan("2024-10-12")
    assert desk.case(reply_case).reply_missed  # art 70, as things stood
    refused = desk.act(reply_case, "receive_reply", on="2024-10-15", posted_on="2024-10-12")
    assert "只有在期限届满前交邮的答复才不算过期" in refused
    desk.act(reply_case, "receive_reply", on="2024-10-15", posted_on="2024-10-11")
    case = desk.case(reply_case)
    assert (case.reply_missed, case.reply_posted_on) == (False, D(2024, 10, 11))
    assert desk.deadlines(reply_case)["reply"][1] == "met"


def test_arts_20_21_application_period_shown_at_registration_and_acceptance(desk):
    """行政复议法 art 20 ¶1, ¶3, art 21, art 30 ¶1 (4): the application period, counted as 民诉法 art 85."""
    # Knew of the act on 2024-08-02: 60 days end Tuesday 10-01 (国庆节) → Tuesday 10-08.
    timely = desk.register("2024-10-08", known_on="2024-08-02", act_date="2024-08-01")
    assert "在法定申请期限内" in desk.page(timely) and "2024-10-08" in desk.page(timely)
    response = desk.post_new("2024-10-09", known_on="2024-08-02", act_date="2024-08-01")
    flashed = desk.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "超过法定申请期限" in flashed
    late = desk.register("2024-10-09", known_on="2024-08-02", act_date="2024-08-01")
    assert "第三十条第一款第四项" in desk.act(late, "accept", on="2024-10-10")
    # Not told of the right (art 20 ¶3): 60 days from learning it (2024-02-20 → Saturday 04-20 → Monday
    # 04-22), but at most one year from knowing of the act (2023-03-01 → Friday 2024-03-01).
    capped = desk.register("2024-03-04", known_on="2023-03-01", right_not_told="y", right_known_on="2024-02-20")
    assert "超过法定申请期限" in desk.page(capped) and "2024-03-01" in desk.page(capped)
    # Art 21: five years from the act of 2019-01-01 end on 2024-01-01 (元旦) → 01-02; received 01-03.
    barred = desk.register("2024-01-03", known_on="2023-12-20", act_date="2019-01-01")
    assert "第二十一条" in desk.page(barred)


def test_art_20_2_an_obstacle_stops_the_application_period_once(desk):
    """行政复议法 art 20 ¶2: "因不可抗力或者其他正当理由耽误法定申请期限的，申请期限自障碍消除之日起继续计算"."""
    # Knew of the act on 2024-08-02; a flood held the applicant up from 09-10 until 09-21: the 11 days
    # 09-10 … 09-20 do not count. 08-02 + 60 + 11 = Saturday 10-12, a make-up working day: not rolled.
    # (Adding the 11 days to the already rolled-over 10-08 would give Saturday 10-19, a rest day → 10-21.)
    flood = {"obstacle_from": "2024-09-10", "obstacle_until": "2024-09-21", "obstacle_reason": "洪灾封路"}
    timely = desk.register("2024-10-12", known_on="2024-08-02", act_date="2024-08-01", **flood)
    page = desk.page(timely)
    assert "在法定申请期限内" in page and "2024-10-12" in page and "第二十条第二款" in page and "洪灾封路" in page
    late = desk.register("2024-10-14", known_on="2024-08-02", act_date="2024-08-01", **flood)
    assert "超过法定申请期限" in desk.page(late)

    def refused(**fields):
        response = desk.post_new("2024-10-12", known_on="2024-08-02", act_date="2024-08-01", **fields)
        assert response.status_code == 200  # the form again, with its error; nothing saved
        return response.get_data(as_text=True)

    before = desk.count_cases()
    assert "须同时填写发生日期和消除日期" in refused(obstacle_until="2024-09-21", obstacle_reason="洪灾")
    assert "应晚于「障碍发生之日」" in refused(
        obstacle_from="2024-09-21", obstacle_until="2024-09-10", obstacle_reason="洪灾"
    )
    assert "「耽误申请期限的理由」必填" in refused(obstacle_from="2024-09-10", obstacle_until="2024-09-21")
    assert "申请期限此前尚未开始计算" in refused(
        obstacle_from="2024-07-01", obstacle_until="2024-09-21", obstacle_reason="洪灾"
    )
    assert desk.count_cases() == before


def test_art_62_shorter_statutory_decision_period_per_act_type(desk, app):
    """行政复议法 art 62 ¶1 proviso: "法律规定的行政复议期限少于六十日的除外" — configurable per act type."""
    app.config["FAZHI_ADMIN_REVIEW_DECISION_DAYS_BY_ACT_TYPE"] = {"penalty": 30}
    case_id = _accepted(desk, "2024-09-04", "2024-09-06")
    # 2024-09-06 + 30 = Sunday 10-06, inside 国庆节 → Tuesday 10-08.
    assert desk.deadlines(case_id)["decision"][0] == D(2024, 10, 8)
    assert "第六十二条第一款但书" in desk.page(case_id)
