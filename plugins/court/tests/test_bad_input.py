"""Bad input is refused with a message naming the field, and nothing saved before is lost."""

from __future__ import annotations

import datetime as dt

from plugins.court.models import AppearanceReport, CourtHearing, LitigationCase
from plugins.court.tests.conftest import flashes

D = dt.date


def _refused(response, field: str) -> str:
    assert response.status_code == 200, "the form must be shown again, not saved"
    messages = [m for m in flashes(response) if m.startswith(field)]
    assert messages, flashes(response)
    return messages[0]


def test_hearing_before_the_case_was_filed_is_refused(court):
    case = court.case("东宝区公安局", "(2024)鄂0802行初1号", D(2024, 3, 1))
    before = court.count(CourtHearing)
    response = court.post("court_hearings", court.hearing_form(case, D(2024, 2, 20)))
    message = _refused(response, "开庭日期")
    assert "早于本案立案日期2024-03-01" in message
    assert court.count(CourtHearing) == before
    # The form comes back with what was typed.
    assert 'value="2024-02-20"' in response.get_data(as_text=True)


def test_moving_a_saved_hearing_before_the_filing_keeps_the_saved_one(court):
    case = court.case("东宝区公安局", "(2024)鄂0802行初2号", D(2024, 3, 1))
    hearing = court.hearing(case, D(2024, 4, 10))
    response = court.post("court_hearings", court.hearing_form(case, D(2024, 1, 5)), record_id=hearing)
    _refused(response, "开庭日期")
    assert court.get(CourtHearing, hearing, "held_on") == (D(2024, 4, 10),)


def test_a_delegate_who_is_not_the_agencys_staff_is_refused(court):
    court.head("东宝区公安局", "王局长")
    outsider = court.staff("东宝区住房和城乡建设局", "别单位的人")
    case = court.case("东宝区公安局", "(2024)鄂0802行初3号", D(2024, 3, 1))
    hearing = court.hearing(case, D(2024, 4, 10))
    response = court.hold(hearing, delegate=outsider)
    message = _refused(response, "委托出庭工作人员")
    assert "不是东宝区公安局的工作人员" in message
    assert court.get(CourtHearing, hearing, "status", "delegate_id") == ("scheduled", None)


def test_a_head_not_on_the_units_list_is_refused(court):
    court.head("东宝区公安局", "王局长")
    other_units_head = court.head("东宝区住房和城乡建设局", "李局长")
    case = court.case("东宝区公安局", "(2024)鄂0802行初4号", D(2024, 3, 1))
    hearing = court.hearing(case, D(2024, 4, 10))
    response = court.hold(hearing, head=other_units_head)
    message = _refused(response, "出庭负责人")
    assert "李局长不在东宝区公安局2024-04-10的负责人名单中" in message and "王局长" in message
    assert court.get(CourtHearing, hearing, "status", "head_id") == ("scheduled", None)


def test_a_head_out_of_office_on_the_hearing_day_is_refused(court):
    former = court.head("东宝区公安局", "赵前局长", in_office_from=D(2015, 1, 1), in_office_until=D(2023, 12, 31))
    case = court.case("东宝区公安局", "(2024)鄂0802行初5号", D(2024, 3, 1))
    hearing = court.hearing(case, D(2024, 4, 10))
    _refused(court.hold(hearing, head=former), "出庭负责人")


def test_a_planned_head_not_on_the_list_is_refused_in_the_report(court):
    stranger = court.head("东宝区住房和城乡建设局", "李局长")
    case = court.case("东宝区公安局", "(2024)鄂0802行初6号", D(2024, 3, 1))
    hearing = court.hearing(case, D(2024, 4, 10))
    before = court.count(AppearanceReport)
    response = court.post("court_reports", {"hearing": hearing, "filed_on": D(2024, 4, 4), "planned_head": stranger})
    _refused(response, "拟出庭负责人")
    assert court.count(AppearanceReport) == before


def test_a_judgment_before_any_hearing_is_refused(court):
    case = court.case("东宝区公安局", "(2024)鄂0802行初7号", D(2024, 3, 1))
    court.hearing(case, D(2024, 6, 10))  # scheduled, not yet held
    form = court.case_form(
        "东宝区公安局",
        "(2024)鄂0802行初7号",
        D(2024, 3, 1),
        ruling_kind="judgment",
        judged_on=D(2024, 5, 20),
        result="won",
    )
    response = court.post("court_cases", form, record_id=case)
    message = _refused(response, "裁判日期")
    assert "没有已开庭的记录" in message
    assert court.get(LitigationCase, case, "judged_on", "result") == (None, None)


def test_a_judgment_dated_before_the_only_held_hearing_is_refused(court):
    head = court.head("东宝区公安局", "王局长")
    case = court.case("东宝区公安局", "(2024)鄂0802行初8号", D(2024, 3, 1))
    court.held(court.hearing(case, D(2024, 5, 10)), head=head)
    form = court.case_form(
        "东宝区公安局",
        "(2024)鄂0802行初8号",
        D(2024, 3, 1),
        ruling_kind="judgment",
        judged_on=D(2024, 5, 1),
        result="won",
    )
    _refused(court.post("court_cases", form, record_id=case), "裁判日期")
    form["judged_on"] = D(2024, 5, 20)
    assert court.post("court_cases", form, record_id=case).status_code == 302


def test_an_appeal_decided_on_the_papers_needs_no_hearing(court):
    form = court.case_form(
        "东宝区公安局",
        "(2024)鄂08行终9号",
        D(2024, 3, 1),
        instance="appeal",
        decided_on_papers=True,
        ruling_kind="judgment",
        judged_on=D(2024, 5, 1),
        result="won",
    )
    assert court.post("court_cases", form).status_code == 302
    first = court.case_form("东宝区公安局", "(2024)鄂0802行初10号", D(2024, 3, 1), decided_on_papers=True)
    _refused(court.post("court_cases", first), "不开庭审理")


def test_a_delegate_without_a_power_of_attorney_is_refused(court):
    clerk = court.staff("东宝区公安局", "张科长")
    case = court.case("东宝区公安局", "(2024)鄂0802行初11号", D(2024, 3, 1))
    hearing = court.hearing(case, D(2024, 4, 10))
    message = _refused(court.hold(hearing, delegate=clerk, power_of_attorney=False), "授权委托书")
    assert "第一百三十一条" in message


def test_a_hearing_in_the_future_cannot_be_recorded_as_held(court):
    from plugins.court.checks import today

    head = court.head("东宝区公安局", "王局长")
    case = court.case("东宝区公安局", "(2026)鄂0802行初12号", today() - dt.timedelta(days=30))
    hearing = court.hearing(case, today() + dt.timedelta(days=5))
    _refused(court.hold(hearing, head=head), "开庭日期")


def test_dates_out_of_order_on_the_case_name_their_field(court):
    _refused(
        court.post(
            "court_cases",
            court.case_form(
                "东宝区公安局", "(2024)鄂0802行初13号", D(2024, 3, 1), complaint_copy_received_on=D(2024, 2, 1)
            ),
        ),
        "收到起诉状副本日期",
    )
    _refused(
        court.post(
            "court_cases",
            court.case_form("东宝区公安局", "(2024)鄂0802行初14号", D(2024, 3, 1), defence_filed_on=D(2024, 3, 9)),
        ),
        "收到起诉状副本日期",
    )
    assert court.count(LitigationCase) == 0
