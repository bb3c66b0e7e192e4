"""Submission lead time, review and filing periods on the working-day calendar; 督办 notices once each."""

from __future__ import annotations

import datetime as dt


def test_review_period_counts_working_days_over_national_day_and_draws_one_supervision_notice(desk):
    # Friday 2024-09-27; Sunday 09-29 is a make-up working day, 10-01..10-07 the National Day holiday.
    cid = desk.submit("2024-09-27", planned_signing_on="2024-10-08")
    assert desk.deadlines(cid)["review:1"] == (dt.date(2024, 10, 10), "open")
    # 2024-09-27 + 5 working days is 10-10, later than the planned signing on 10-08: recorded as late.
    contract = desk.contract(cid)
    assert contract.late_submission is True
    assert "未按期报送审查" in desk.page(cid)
    desk.scan("2024-10-10")  # the last day itself: not yet missed
    assert desk.notices(cid) == [("core.deadline_approaching", "warning", "东宝区司法局")]
    desk.scan("2024-10-11")
    desk.scan("2024-10-12")
    supervision = [n for n in desk.notices(cid) if n[1] == "supervision"]
    assert supervision == [("contracts.review_missed", "supervision", "东宝区司法局")]
    # The review done late afterwards is recorded as missed, without a second notice.
    desk.act(cid, "start_review", on="2024-10-11")
    desk.act(cid, "approve", on="2024-10-14")
    desk.deliver()
    assert desk.deadlines(cid)["review:1"][1] == "missed"
    assert [n for n in desk.notices(cid) if n[1] == "supervision"] == supervision


def test_submission_in_time_is_not_late(desk):
    cid = desk.submit("2024-09-02", planned_signing_on="2024-09-09")
    assert desk.contract(cid).late_submission is False


def test_filing_period_of_five_working_days_and_its_notice_to_the_department(desk):
    cid = desk.approved("2024-09-02")
    desk.act(cid, "sign", on="2024-09-06")  # a Friday
    assert desk.deadlines(cid)["filing"] == (dt.date(2024, 9, 13), "open")
    desk.scan("2024-09-14")
    desk.scan("2024-09-16")
    assert [n for n in desk.notices(cid) if n[1] == "supervision"] == [
        ("contracts.filing_missed", "supervision", "东宝区住房和城乡建设局")
    ]
    assert "已报送备案" in desk.act(cid, "file", on="2024-09-20")
    desk.deliver()
    contract = desk.contract(cid)
    assert contract.filed_late is True and str(contract.state) == "filed"
    assert "逾期备案" in desk.page(cid)
    assert len([n for n in desk.notices(cid) if n[1] == "supervision"]) == 1


def test_filing_in_time_draws_no_notice(desk):
    cid = desk.approved("2024-09-02")
    desk.act(cid, "sign", on="2024-09-06")
    desk.act(cid, "file", on="2024-09-13")
    desk.scan("2024-09-30")
    assert desk.deadlines(cid)["filing"] == (dt.date(2024, 9, 13), "met")
    assert not [n for n in desk.notices(cid) if n[1] == "supervision"]
