"""Which deadlines a court record opens and closes; the core counts and watches them.

- Defence and evidence: 15 days from receiving the complaint copy (行诉法 art 67 ¶1), counted
  as 民诉法 art 85 says (the core calendar: start day not counted, last day rolled past rest days).
- Appearance report (应诉报告, local practice): filed within ``FAZHI_COURT_REPORT_WORKING_DAYS``
  (`plugins.court.settings`) working days of the court's notice to appear (default 1; the notice comes at least 3 days
  before the hearing, 规定 art 5 ¶2, so the legal office can still approve a delegation).
- Appeal decision: 15 days from service of a first-instance judgment, 10 of a ruling (行诉法 art 85).

A corrected start date restarts the deadline (`open_deadline` records it as reopened); a start
date removed cancels it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, select

from core.deadlines import (
    Deadline,
    cancel_deadline,
    is_late,
    live_deadline,
    meet_deadline,
    open_deadline,
    overdue_subject_ids,
)
from core.i18n import say
from plugins.court.settings import SETTINGS

PLUGIN_KEY = "court"
DEFENCE = "defence"
REPORT = "appearance_report"
APPEAL = "appeal_decision"
#: The deadline `kind` of a record unless it was cancelled (the core's query, under the name used here).
running = live_deadline


def _track(subject: Any, kind: str, start: dt.date | None, reason: str, **period: Any) -> Deadline | None:
    """Open (or restart) the deadline `kind` from `start`; with no start, cancel it."""
    if start is None:
        cancel_deadline(subject, kind, reason=reason)
        return None
    return open_deadline(subject, plugin_key=PLUGIN_KEY, kind=kind, start=start, **period)


def _due(deadline: Deadline | None) -> dt.date | None:
    return deadline.due_date if deadline is not None else None


def track_defence(case: Any) -> dt.date | None:
    """Open (or move) the defence deadline from the complaint copy's receipt; returns its due date."""
    deadline = _track(
        case,
        DEFENCE,
        case.complaint_copy_received_on,
        "收到起诉状副本日期已删除",
        label="答辩举证期限",
        basis="《行政诉讼法》第六十七条第一款",
        calendar_days=15,
        responsible_unit_id=case.defendant_unit_id,
    )
    if deadline is not None and case.defence_filed_on:
        meet_deadline(case, DEFENCE, on=case.defence_filed_on)
    return _due(deadline)


def defence_filed(case: Any) -> bool | None:
    """Close the defence deadline (a late filing marks it missed); True when in time, None without one."""
    deadline = running(case, DEFENCE)
    if deadline is None:
        return None
    meet_deadline(case, DEFENCE, on=case.defence_filed_on)
    return case.defence_filed_on <= deadline.due_date


def appealable(case: Any) -> bool:
    """Whether the case's decision can be appealed: a first-instance judgment, or a first-instance ruling
    on 不予立案, 驳回起诉 or 管辖异议 (行诉法 art 85; 行诉解释 art 101 ¶2)."""
    from plugins.court.vocabulary import APPEALABLE_RULING_MATTERS, Instance, RulingKind

    if case.instance != Instance.FIRST:
        return False
    if case.ruling_kind == RulingKind.JUDGMENT:
        return True
    return case.ruling_kind == RulingKind.RULING and case.ruling_matter in APPEALABLE_RULING_MATTERS


def appeal_due_text(case: Any) -> str:
    """The appeal deadline as shown on the case: its date, "unknown" without the service date, or none."""
    if not appealable(case):
        return say(
            "不适用（仅一审判决及不予立案、驳回起诉、管辖异议裁定可以上诉："
            "《行政诉讼法》第八十五条、《行诉解释》第一百零一条第二款）"
        )
    if case.served_on is None:
        # 行诉法 art 85: the period runs from service, never from the judgment date.
        return say("未知：上诉期限自裁判文书送达之日起计算（《行政诉讼法》第八十五条），请录入送达日期")
    deadline = running(case, APPEAL)
    return deadline.due_date_display if deadline is not None else ""


def track_appeal(case: Any) -> dt.date | None:
    """Open the appeal-decision deadline of an appealable judgment (15 days) or ruling (10) from its service.

    行诉法 art 85 counts from service (送达之日): without a service date there is no deadline yet
    (shown as unknown, `appeal_due_text`), never one counted from the judgment date.
    """
    from plugins.court.vocabulary import RulingKind

    start = case.served_on if appealable(case) else None
    deadline = _track(
        case,
        APPEAL,
        start,
        "裁判信息更正：不再需要上诉决定",
        label="上诉决定期限",
        basis="《行政诉讼法》第八十五条",
        calendar_days=15 if case.ruling_kind == RulingKind.JUDGMENT else 10,
        responsible_unit_id=case.defendant_unit_id,
    )
    if deadline is not None and case.appeal_decided_on:
        meet_deadline(case, APPEAL, on=case.appeal_decided_on)
    return _due(deadline)


def appeal_decided(case: Any) -> None:
    """Close the appeal-decision deadline."""
    if running(case, APPEAL) is not None:
        meet_deadline(case, APPEAL, on=case.appeal_decided_on)


def report_working_days() -> int:
    """The local rule's number of working days for the appearance report (configurable)."""
    return SETTINGS.get("REPORT_WORKING_DAYS")


def track_report(hearing: Any) -> dt.date | None:
    """Open (or move, or cancel) the appearance-report deadline of a hearing awaiting its report."""
    from plugins.court.vocabulary import HearingStatus

    if hearing.report is not None:
        return _due(running(hearing, REPORT))
    scheduled = hearing.status in (HearingStatus.SCHEDULED, HearingStatus.HELD)
    days = report_working_days()
    deadline = _track(
        hearing,
        REPORT,
        hearing.notice_received_on if scheduled else None,
        "开庭延期或取消",
        label="应诉报告报送期限",
        basis=f"应诉报告制度（本地规定）：收到出庭通知书后{days}个工作日内、开庭前报送",
        working_days=days,
        responsible_unit_id=hearing.case.defendant_unit_id,
    )
    return _due(deadline)


def report_filed(report: Any) -> bool:
    """Close the report deadline; True when the report came in time and before the hearing."""
    hearing = report.hearing
    deadline = running(hearing, REPORT)
    before_hearing = report.filed_on < hearing.held_on
    if deadline is None:
        return before_hearing
    meet_deadline(hearing, REPORT, on=report.filed_on)
    return before_hearing and report.filed_on <= deadline.due_date


def overdue_case_ids() -> Any:
    """A SELECT of the ids of cases with a deadline (their own or a hearing's) missed or past due."""
    from plugins.court.models import CourtHearing, LitigationCase

    own = overdue_subject_ids(PLUGIN_KEY, LitigationCase.__tablename__)
    of_hearings = (
        select(CourtHearing.case_id)
        .join(
            Deadline,
            and_(Deadline.subject_type == CourtHearing.__tablename__, Deadline.subject_id == CourtHearing.id),
        )
        .where(Deadline.plugin_key == PLUGIN_KEY, is_late())
    )
    return own.union(of_hearings)
