"""Which deadlines a court record opens and closes; the core computes and watches them.

- Defence and evidence: 15 days from receiving the complaint copy (行诉法 art 67 ¶1), counted
  as 民诉法 art 85 says (the core calendar: start day not counted, rolled past rest days).
- Appearance report (应诉报告, local practice): filed within `COURT_REPORT_WORKING_DAYS`
  working days of the court's notice to appear (default 1; the notice comes at least 3 days
  before the hearing, 规定 art 5 ¶2, so the legal office can still approve a delegation).
- Appeal decision: 15 days from service of a first-instance judgment, 10 of a ruling (行诉法 art 85).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app

try:
    from core.deadlines import cancel_deadline, deadlines_of, meet_deadline, open_deadline
except ImportError:  # TEMPORARY until branch deadlines-notices is merged: no deadlines yet

    def deadlines_of(subject: Any) -> list[Any]:
        return []

    def open_deadline(subject: Any, **kwargs: Any) -> Any:
        return None

    def meet_deadline(subject: Any, kind: str, on: Any) -> Any:
        return None

    def cancel_deadline(subject: Any, kind: str, reason: str) -> Any:
        return None


def overdue_case_ids() -> Any:
    """TEMPORARY: ids of cases with a deadline past due (needs core.deadlines)."""
    from sqlalchemy import select

    from plugins.court.models import LitigationCase

    return select(LitigationCase.id).where(LitigationCase.id < 0)


PLUGIN_KEY = "court"
DEFENCE = "defence"
REPORT = "appearance_report"
APPEAL = "appeal_decision"
#: Default of the local rule on appearance reports (working days after the court's notice).
DEFAULT_REPORT_WORKING_DAYS = 1


def _find(subject: Any, kind: str) -> Any:
    for deadline in deadlines_of(subject):
        if deadline.kind == kind and str(getattr(deadline.state, "value", deadline.state)) != "cancelled":
            return deadline
    return None


def _reopen(subject: Any, kind: str, start: dt.date | None, reason: str, **period: Any) -> Any:
    """Open the deadline `kind` from `start`, replacing one opened from another start; None cancels it."""
    existing = _find(subject, kind)
    if existing is not None and start is not None and existing.start == start:
        return existing
    if existing is not None:
        cancel_deadline(subject, kind, reason=reason)
    if start is None:
        return None
    return open_deadline(subject, plugin_key=PLUGIN_KEY, kind=kind, start=start, **period)


def _due(deadline: Any) -> dt.date | None:
    return deadline.due_date if deadline is not None else None


def track_defence(case: Any) -> dt.date | None:
    """Open (or move) the defence deadline from the complaint copy's receipt; returns its due date."""
    deadline = _reopen(
        case,
        DEFENCE,
        case.complaint_copy_received_on,
        "更正收到起诉状副本日期",
        label="答辩举证期限",
        basis="《行政诉讼法》第六十七条第一款",
        calendar_days=15,
        responsible_unit_id=case.defendant_unit_id,
    )
    if deadline is not None and case.defence_filed_on:
        meet_deadline(case, DEFENCE, on=case.defence_filed_on)
    return _due(deadline)


def defence_filed(case: Any) -> bool | None:
    """Close the defence deadline; True when filed in time (None when no deadline was open)."""
    deadline = _find(case, DEFENCE)
    if deadline is None:
        return None
    meet_deadline(case, DEFENCE, on=case.defence_filed_on)
    return case.defence_filed_on <= deadline.due_date


def track_appeal(case: Any) -> dt.date | None:
    """Open the appeal-decision deadline after a first-instance judgment (15 days) or ruling (10)."""
    from plugins.court.models import Instance, RulingKind

    appealable = case.instance == Instance.FIRST and case.ruling_kind in (RulingKind.JUDGMENT, RulingKind.RULING)
    start = (case.served_on or case.judged_on) if appealable else None
    days = 15 if case.ruling_kind == RulingKind.JUDGMENT else 10
    deadline = _reopen(
        case,
        APPEAL,
        start,
        "更正裁判信息",
        label="上诉决定期限",
        basis="《行政诉讼法》第八十五条",
        calendar_days=days,
        responsible_unit_id=case.defendant_unit_id,
    )
    if deadline is not None and deadline.calendar_days != days:  # judgment ⇄ ruling corrected
        cancel_deadline(case, APPEAL, reason="更正裁判文书类型")
        deadline = open_deadline(
            case,
            plugin_key=PLUGIN_KEY,
            kind=APPEAL,
            label="上诉决定期限",
            basis="《行政诉讼法》第八十五条",
            start=start,
            calendar_days=days,
            responsible_unit_id=case.defendant_unit_id,
        )
    if deadline is not None and case.appeal_decided_on:
        meet_deadline(case, APPEAL, on=case.appeal_decided_on)
    return _due(deadline)


def appeal_decided(case: Any) -> None:
    """Close the appeal-decision deadline."""
    if _find(case, APPEAL) is not None:
        meet_deadline(case, APPEAL, on=case.appeal_decided_on)


def report_working_days() -> int:
    """The local rule's number of working days for the appearance report (configurable)."""
    return int(current_app.config.get("COURT_REPORT_WORKING_DAYS", DEFAULT_REPORT_WORKING_DAYS))


def track_report(hearing: Any) -> dt.date | None:
    """Open (or move, or cancel) the appearance-report deadline of a scheduled hearing."""
    from plugins.court.models import HearingStatus

    scheduled = hearing.status in (HearingStatus.SCHEDULED, HearingStatus.HELD)
    start = hearing.notice_received_on if scheduled and hearing.report is None else None
    existing = _find(hearing, REPORT)
    if existing is not None and str(getattr(existing.state, "value", existing.state)) == "met":
        return existing.due_date
    days = report_working_days()
    deadline = _reopen(
        hearing,
        REPORT,
        start,
        "开庭安排变更",
        label="应诉报告报送期限",
        basis=f"应诉报告制度（本地规定）：收到出庭通知书后{days}个工作日内、开庭前报送",
        working_days=days,
        responsible_unit_id=hearing.case.defendant_unit_id,
    )
    return _due(deadline)


def report_filed(report: Any) -> bool:
    """Close the report deadline; True when the report came in time and before the hearing."""
    hearing = report.hearing
    deadline = _find(hearing, REPORT)
    if deadline is None:
        return report.filed_on < hearing.held_on
    meet_deadline(hearing, REPORT, on=report.filed_on)
    return report.filed_on <= deadline.due_date and report.filed_on < hearing.held_on
