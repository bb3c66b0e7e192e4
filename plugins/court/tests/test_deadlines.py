"""Deadlines through the core calendar: defence (art 67), appearance report (local), appeal decision (art 85)."""

from __future__ import annotations

import datetime as dt

from core.deadlines import deadlines_of
from core.extensions import db
from core.tenancy import unscoped
from plugins.court.models import CourtHearing, LitigationCase

D = dt.date


def deadlines(app, model, record_id) -> dict[str, tuple[dt.date, str, str]]:
    """{kind: (due date, state, basis)} of a record."""
    with app.app_context(), unscoped():
        record = db.session.get(model, record_id)
        return {d.kind: (d.due_date, str(d.state), d.basis) for d in deadlines_of(record)}


def test_the_defence_deadline_crosses_the_national_day_holidays(app, court):
    # Received Friday 2024-09-20; day 15 is Saturday 2024-10-05, inside the 10-01…10-07 holidays:
    # the period ends on the first working day after them, Tuesday 2024-10-08 (民诉法 art 85 ¶3).
    case = court.case("东宝区公安局", "(2024)鄂0802行初1号", D(2024, 9, 10), complaint_copy_received_on=D(2024, 9, 20))
    due, state, basis = deadlines(app, LitigationCase, case)["defence"]
    assert (due, state) == (D(2024, 10, 8), "open")
    assert basis == "《行政诉讼法》第六十七条第一款"
    page = court.client.get(f"/admin/court_cases/details/?id={case}").get_data(as_text=True)
    assert "2024-10-08" in page and "答辩举证期限" in page


def test_the_defence_deadline_of_2025_ends_after_the_eight_day_holiday(app, court):
    # 2025: National Day and Mid-Autumn together, 10-01…10-08. Received 2025-09-16 → day 15 is 10-01 → 10-09.
    case = court.case("东宝区公安局", "(2025)鄂0802行初1号", D(2025, 9, 10), complaint_copy_received_on=D(2025, 9, 16))
    assert deadlines(app, LitigationCase, case)["defence"][0] == D(2025, 10, 9)


def test_a_corrected_receipt_date_moves_the_deadline_and_filing_meets_it(app, court):
    form = court.case_form(
        "东宝区公安局", "(2024)鄂0802行初2号", D(2024, 9, 10), complaint_copy_received_on=D(2024, 9, 20)
    )
    case = court.created("court_cases", LitigationCase, form)
    form["complaint_copy_received_on"] = D(2024, 9, 23)
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert deadlines(app, LitigationCase, case)["defence"][:2] == (D(2024, 10, 8), "open")  # 10-08 still
    form["complaint_copy_received_on"] = D(2024, 10, 9)
    court.post("court_cases", form, record_id=case)
    assert deadlines(app, LitigationCase, case)["defence"][:2] == (D(2024, 10, 24), "open")
    form["defence_filed_on"] = D(2024, 10, 21)
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert deadlines(app, LitigationCase, case)["defence"][:2] == (D(2024, 10, 24), "met")


def test_the_appeal_decision_runs_15_days_after_a_judgment_and_10_after_a_ruling(app, court):
    head = court.head("东宝区公安局", "王局长")
    form = court.case_form("东宝区公安局", "(2024)鄂0802行初3号", D(2024, 6, 1))
    case = court.created("court_cases", LitigationCase, form)
    court.held(court.hearing(case, D(2024, 8, 1)), head=head)
    form.update(ruling_kind="judgment", judged_on=D(2024, 9, 13), served_on=D(2024, 9, 20), result="lost")
    assert court.post("court_cases", form, record_id=case).status_code == 302
    due, state, basis = deadlines(app, LitigationCase, case)["appeal_decision"]
    assert (due, state, basis) == (D(2024, 10, 8), "open", "《行政诉讼法》第八十五条")
    # A ruling served 2024-09-18: day 10 is Saturday 09-28, and Sunday 09-29 is a make-up working day.
    form.update(ruling_kind="ruling", ruling_matter="dismiss", served_on=D(2024, 9, 18), result="won")
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert deadlines(app, LitigationCase, case)["appeal_decision"][:2] == (D(2024, 9, 29), "open")
    form.update(appeal_decision="no_appeal", appeal_decided_on=D(2024, 9, 26))
    assert court.post("court_cases", form, record_id=case).status_code == 302
    assert deadlines(app, LitigationCase, case)["appeal_decision"][:2] == (D(2024, 9, 29), "met")


def test_no_appeal_decision_for_a_second_instance_judgment(app, court):
    form = court.case_form(
        "东宝区公安局",
        "(2024)鄂08行终1号",
        D(2024, 6, 1),
        instance="appeal",
        decided_on_papers=True,
        ruling_kind="judgment",
        judged_on=D(2024, 9, 13),
        result="won",
    )
    case = court.created("court_cases", LitigationCase, form)
    assert "appeal_decision" not in deadlines(app, LitigationCase, case)


def test_the_appearance_report_is_due_a_working_day_after_the_courts_notice(app, court):
    # Notice received Friday 2024-09-27; the next working day is Sunday 09-29 (调休上班).
    case = court.case("东宝区公安局", "(2024)鄂0802行初4号", D(2024, 9, 1))
    hearing = court.hearing(case, D(2024, 10, 10), notice_received_on=D(2024, 9, 27))
    due, state, basis = deadlines(app, CourtHearing, hearing)["appearance_report"]
    assert (due, state) == (D(2024, 9, 29), "open") and "应诉报告制度" in basis
    head = court.head("东宝区公安局", "王局长")
    court.report(hearing, D(2024, 9, 29), planned_head=head)
    assert deadlines(app, CourtHearing, hearing)["appearance_report"][1] == "met"
    page = court.client.get(f"/admin/court_cases/details/?id={case}").get_data(as_text=True)
    assert "2024-09-29" in page


def test_a_postponed_hearing_cancels_its_report_deadline(app, court):
    case = court.case("东宝区公安局", "(2024)鄂0802行初5号", D(2024, 9, 1))
    hearing = court.hearing(case, D(2024, 10, 10), notice_received_on=D(2024, 9, 27))
    form = court.hearing_form(case, D(2024, 10, 10), notice_received_on=D(2024, 9, 27), status="postponed")
    assert court.post("court_hearings", form, record_id=hearing).status_code == 302
    assert deadlines(app, CourtHearing, hearing)["appearance_report"][1] == "cancelled"
