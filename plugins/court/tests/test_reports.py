"""Appearance reports (应诉报告) and the legal office's approval of a delegation (委托准许)."""

from __future__ import annotations

import datetime as dt

from plugins.court.models import AppearanceReport, CourtHearing
from plugins.court.tests.conftest import Court, flashes
from plugins.court.vocabulary import Appearance

D = dt.date


def _hearing(court: Court) -> tuple[int, int]:
    clerk = court.staff("东宝区公安局", "张科长")
    case = court.case("东宝区公安局", "(2024)鄂0802行初1号", D(2024, 3, 1))
    return court.hearing(case, D(2024, 4, 10)), clerk


def _delegation(court: Court, hearing: int, clerk: int, **extra) -> int:
    data = {
        "planned_delegate": clerk,
        "absence_reason": "irreplaceable_duty",
        "absence_explanation": "局长当日须参加省政府专题会议",
        "explanation_sealed": True,
        **extra,
    }
    return court.report(hearing, D(2024, 4, 4), **data)


def test_a_report_naming_the_head_needs_no_approval(court):
    head = court.head("东宝区公安局", "王局长")
    hearing, _clerk = _hearing(court)
    report = court.report(hearing, D(2024, 4, 4), planned_head=head)
    assert court.get(AppearanceReport, report, "decision") == ("not_needed",)


def test_a_delegation_needs_a_reason_of_article_8_and_an_explanation(court):
    hearing, clerk = _hearing(court)
    response = court.post("court_reports", {"hearing": hearing, "filed_on": D(2024, 4, 4), "planned_delegate": clerk})
    assert response.status_code == 200
    assert any(m.startswith("负责人不能出庭的理由") for m in flashes(response))
    response = court.post(
        "court_reports",
        {"hearing": hearing, "filed_on": D(2024, 4, 4), "planned_delegate": clerk, "absence_reason": "accident"},
    )
    assert any(m.startswith("情况说明") for m in flashes(response))
    assert court.count(AppearanceReport) == 0


def test_a_report_after_the_hearing_is_refused(court):
    hearing, clerk = _hearing(court)
    response = court.post(
        "court_reports",
        {
            "hearing": hearing,
            "filed_on": D(2024, 4, 11),
            "planned_delegate": clerk,
            "absence_reason": "accident",
            "absence_explanation": "车祸",
        },
    )
    assert any(m.startswith("报送日期") for m in flashes(response))


def test_the_legal_office_approves_a_sealed_delegation(court):
    hearing, clerk = _hearing(court)
    report = _delegation(court, hearing, clerk)
    assert court.get(AppearanceReport, report, "decision") == ("pending",)
    page = court.client.get(f"/admin/court_reports/details/?id={report}").get_data(as_text=True)
    assert 'data-decision="pending"' in page and "准许委托" in page
    assert court.decide(report, "approve").status_code == 302
    decision, decided_by = court.get(AppearanceReport, report, "decision", "decided_by_id")
    assert decision == "approved" and decided_by is not None
    court.held(hearing, delegate=clerk)
    assert court.get(CourtHearing, hearing, "appearance", "absence_excused") == (Appearance.DELEGATE_APPROVED, True)
    # Decided once: a second decision is refused.
    court.decide(report, "reject", "改变主意")
    assert court.get(AppearanceReport, report, "decision") == ("approved",)


def test_an_unsealed_explanation_cannot_be_approved(court):
    hearing, clerk = _hearing(court)
    report = _delegation(court, hearing, clerk, explanation_sealed=False)
    response = court.decide(report, "approve")
    message = " ".join(flashes(court.client.get(response.headers["Location"])))
    assert "情况说明已加盖印章或经主要负责人签字" in message and "第九条" in message
    assert court.get(AppearanceReport, report, "decision") == ("pending",)


def test_a_refusal_needs_a_reason_and_leaves_the_delegate_unapproved(court):
    hearing, clerk = _hearing(court)
    report = _delegation(court, hearing, clerk)
    court.decide(report, "reject", "")
    assert court.get(AppearanceReport, report, "decision") == ("pending",)
    court.decide(report, "reject", "参加会议不属于他人不能代替的公务")
    assert court.get(AppearanceReport, report, "decision") == ("rejected",)
    court.held(hearing, delegate=clerk)
    assert court.get(CourtHearing, hearing, "appearance") == (Appearance.DELEGATE_UNAPPROVED,)


def test_only_the_legal_office_may_approve(app, login_as, court):
    hearing, clerk = _hearing(court)
    report = _delegation(court, hearing, clerk)
    # A city staff member of 市司法局 may; a viewer may not.
    viewer = Court(app, login_as("leader"))
    assert viewer.decide(report, "approve").status_code == 403
    assert court.get(AppearanceReport, report, "decision") == ("pending",)


def test_a_sealed_power_of_attorney_is_kept_with_the_hearing(court):
    hearing, clerk = _hearing(court)
    report = _delegation(court, hearing, clerk)
    court.decide(report, "approve")
    court.held(hearing, delegate=clerk)
    page = court.client.get(f"/admin/court_hearings/details/?id={hearing}").get_data(as_text=True)
    assert "授权委托书.pdf" in page and "已上传" in page
