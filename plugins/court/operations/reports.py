"""Appearance reports (应诉报告): saved, then approved or returned by the person who decides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.audit import record_event
from core.events import publish
from core.extensions import db
from core.i18n import say
from core.models import User
from core.refusals import Refusal
from plugins.court import deadlines
from plugins.court import events as ev
from plugins.court.checks import can_decide, check_report, today
from plugins.court.models import AppearanceReport
from plugins.court.operations.changes import Changes
from plugins.court.vocabulary import REPORT_LABELS, AbsenceReason, ReportDecision


def prepare_report(report: AppearanceReport) -> Changes:
    """Check an appearance report before it is saved; a head appearing needs no approval."""
    with db.session.no_autoflush:
        check_report(report)
        report.region_id = report.hearing.region_id
        if report.planned_head is not None:
            report.decision = ReportDecision.NOT_NEEDED.value
        elif report.decision in (None, ReportDecision.NOT_NEEDED.value):
            report.decision = ReportDecision.PENDING.value
        return Changes.of(report, ("filed_on", "planned_head_id", "planned_delegate_id", "absence_reason"))


def report_saved(report: AppearanceReport, changes: Changes, *, is_created: bool) -> None:
    """Close the report deadline and publish `court.report.filed` for a new report."""
    db.session.flush()
    if not is_created:
        return
    on_time = deadlines.report_filed(report)
    data = _report_event(
        ev.ReportFiled,
        report,
        filed_on=report.filed_on,
        on_time=on_time,
        planned_head=report.planned_head.name if report.planned_head else None,
        planned_delegate=report.planned_delegate.name if report.planned_delegate else None,
        absence_reason=report.absence_reason,
        decision=report.decision,
    )
    publish(data, region_id=report.region_id, subject=report)


def _report_event(event: type[ev.ReportEvent], report: AppearanceReport, **fields: Any) -> ev.ReportEvent:
    hearing = report.hearing
    case = hearing.case
    return event(
        report_id=report.id,
        hearing_id=hearing.id,
        case_id=case.id,
        case_number=case.case_number,
        defendant_unit_id=case.defendant_unit_id,
        defendant_unit=case.defendant_unit.name,
        held_on=hearing.held_on,
        **fields,
    )


def decide_report(report: AppearanceReport, *, approve: bool, note: str, user: User, on: dt.date | None = None) -> None:
    """The legal office approves (委托准许) or refuses a delegation; the caller commits."""

    def label(column: str) -> str:
        return say(REPORT_LABELS[column])

    if not can_decide(user):
        raise Refusal("decision", say("只有法制机构工作人员或管理员可以审批委托"), label=label("decision"))
    if report.decision != ReportDecision.PENDING:
        raise Refusal(
            "decision",
            say("该报告已是“%(decision)s”，不能再审批", decision=report.decision_label),
            label=label("decision"),
        )
    if report.hearing.is_held:
        raise Refusal("decision", say("已经开庭，委托准许须在开庭前作出"), label=label("decision"))
    if approve:
        if report.absence_reason not in set(AbsenceReason):
            raise Refusal("absence_reason", say("没有规定第八条所列理由，不能准许委托"), label=label("absence_reason"))
        if not report.explanation_sealed:
            raise Refusal(
                "explanation_sealed",
                say("情况说明未加盖行政机关印章或由主要负责人签字认可，不能准许（规定第九条第一款）"),
                label=label("explanation_sealed"),
            )
    elif not note.strip():
        raise Refusal("decision_note", say("不予准许的，请写明理由"), label=label("decision_note"))
    report.decision = (ReportDecision.APPROVED if approve else ReportDecision.REJECTED).value
    report.decided_on = on or today()
    report.decided_by_id = user.id
    report.decision_note = note.strip()[:255]
    db.session.flush()
    record_event(
        "court_report_decision",
        region_id=report.region_id,
        subject_type=AppearanceReport.__tablename__,
        subject_id=report.id,
        summary=f"{report}：{report.decision_label}",
        changes={"decision": [ReportDecision.PENDING.value, report.decision], "note": report.decision_note},
    )
    reason = report.absence_reason
    data = _report_event(
        ev.ReportDecided,
        report,
        approved=approve,
        absence_reason=reason,
        absence_reason_label=AbsenceReason.label_of(reason) if reason else "",
        decided_on=report.decided_on,
        note=report.decision_note,
    )
    publish(data, region_id=report.region_id, subject=report)
