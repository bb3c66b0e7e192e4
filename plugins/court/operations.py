"""Every change of a court record: the checks it must pass, the deadlines it moves, the events it publishes.

The admin views call `prepare_*` inside Flask-Admin's `on_model_change` (before anything is
flushed): it runs the checks of `plugins.court.checks` — a refusal is a `core.refusals.Refusal` naming
the field, so the transaction rolls back and nothing saved before is touched — and puts the record
in its agency's region. After the core's scope check the view calls `*_saved`, which opens or closes deadlines
(`plugins.court.deadlines`) and publishes the events documented in docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect

from core.attachments import AttachmentError, store_attachment
from core.audit import record_event
from core.events import publish
from core.extensions import db
from core.models import User
from core.refusals import Refusal
from plugins.court import deadlines
from plugins.court import events as ev
from plugins.court.checks import (
    POWER_OF_ATTORNEY,
    can_decide,
    check_case,
    check_hearing,
    check_report,
    today,
)
from plugins.court.models import AppearanceReport, CourtHearing, LitigationCase, UnitHead, UnitStaff
from plugins.court.vocabulary import (
    HEARING_LABELS,
    REPORT_LABELS,
    AbsenceReason,
    HearingStatus,
    ReportDecision,
)

# -- what changed ---------------------------------------------------------------------------------


@dataclass
class Changes:
    """The columns a save changes: {column: (old, new)}; for a new record every set column."""

    values: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, record: Any, columns: tuple[str, ...]) -> Changes:
        state = inspect(record)
        values: dict[str, tuple[Any, Any]] = {}
        for name in columns:
            history = state.attrs[name].history
            new = getattr(record, name)
            if state.pending or state.transient:
                old = None
            elif history.added or history.deleted:
                # SQLAlchemy leaves a None it replaced out of `deleted`.
                old = history.deleted[0] if history.deleted else None
            else:
                old = new
            if old != new:
                values[name] = (old, new)
        return cls(values)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def newly_set(self, name: str) -> bool:
        """The column went from empty to a value."""
        return name in self.values and self.values[name][0] is None and self.values[name][1] is not None

    def corrected(self, name: str) -> bool:
        """The column went from one value to another."""
        return name in self.values and self.values[name][0] is not None and self.values[name][1] is not None


# -- heads and staff ------------------------------------------------------------------------------


def prepare_person(person: UnitHead | UnitStaff) -> None:
    """A head or staff member belongs to its agency's region; a head's term must make sense."""
    if person.unit is None:
        raise Refusal("unit", "请选择单位", label="所属单位")
    if not (person.name or "").strip():
        raise Refusal("name", "不能为空", label="姓名")
    term = (person.in_office_from, person.in_office_until) if isinstance(person, UnitHead) else (None, None)
    if term[0] and term[1] and term[1] < term[0]:
        raise Refusal("in_office_until", "早于任职起始日期", label="任职截止日期")
    person.region_id = person.unit.region_id


# -- cases ----------------------------------------------------------------------------------------

_CASE_COLUMNS = (
    "defendant_unit_id",
    "filed_on",
    "complaint_copy_received_on",
    "defence_filed_on",
    "ruling_kind",
    "judged_on",
    "served_on",
    "result",
    "appeal_decision",
    "appeal_decided_on",
    "recommendation_received_on",
)


def prepare_case(case: LitigationCase) -> Changes:
    """Check a case before it is saved and put it in its defendant's region; returns what changes."""
    with db.session.no_autoflush:
        check_case(case)
        case.region_id = case.defendant_unit.region_id
        return Changes.of(case, _CASE_COLUMNS)


def _case_event(event: type[ev.CaseEvent], case: LitigationCase, **fields: Any) -> ev.CaseEvent:
    return event(
        case_id=case.id,
        case_number=case.case_number,
        court=case.court,
        instance=case.instance,
        defendant_unit_id=case.defendant_unit_id,
        defendant_unit=case.defendant_unit.name,
        **fields,
    )


def case_saved(case: LitigationCase, changes: Changes, *, is_created: bool) -> None:
    """Move the case's deadlines and publish its events after a save (inside the transaction)."""
    db.session.flush()
    region = case.region_id
    if is_created:
        publish(
            _case_event(ev.CaseFiled, case, filed_on=case.filed_on, plaintiffs=case.plaintiffs),
            region_id=region,
            subject=case,
        )
    if "complaint_copy_received_on" in changes:
        due = deadlines.track_defence(case)
        if changes.newly_set("complaint_copy_received_on"):
            received = case.complaint_copy_received_on
            publish(
                _case_event(ev.ComplaintReceived, case, received_on=received, defence_due=due),
                region_id=region,
                subject=case,
            )
    if changes.newly_set("defence_filed_on"):
        on_time = deadlines.defence_filed(case)
        publish(
            _case_event(ev.DefenceFiled, case, filed_on=case.defence_filed_on, on_time=on_time),
            region_id=region,
            subject=case,
        )
    if {"judged_on", "ruling_kind", "served_on"} & set(changes.values):
        due = deadlines.track_appeal(case)
        if changes.newly_set("judged_on"):
            publish(
                _case_event(
                    ev.CaseJudged,
                    case,
                    ruling_kind=case.ruling_kind,
                    judged_on=case.judged_on,
                    result=case.result,
                    appeal_due=due,
                ),
                region_id=region,
                subject=case,
            )
    if changes.newly_set("appeal_decision"):
        deadlines.appeal_decided(case)
        publish(
            _case_event(ev.AppealDecided, case, decision=case.appeal_decision, decided_on=case.appeal_decided_on),
            region_id=region,
            subject=case,
        )
    if changes.newly_set("recommendation_received_on"):
        publish(
            _case_event(
                ev.RecommendationReceived,
                case,
                received_on=case.recommendation_received_on,
                summary=(case.recommendation_summary or "")[:500],
            ),
            region_id=region,
            subject=case,
        )


# -- hearings -------------------------------------------------------------------------------------

_HEARING_COLUMNS = ("held_on", "notice_received_on", "status", "head_id", "delegate_id", "lawyers", "head_spoke")
_ATTENDANCE = ("head_id", "delegate_id", "lawyers", "head_spoke", "court_rejected_reason")


def prepare_hearing(hearing: CourtHearing, power_of_attorney: Any = None) -> Changes:
    """Check a hearing before it is saved; `power_of_attorney` is an uploaded file (or None)."""
    with db.session.no_autoflush:
        check_hearing(hearing, power_of_attorney)
        hearing.region_id = hearing.case.region_id
        return Changes.of(hearing, (*_HEARING_COLUMNS, "court_rejected_reason"))


def hearing_event(event: type[ev.HearingEvent], hearing: CourtHearing) -> ev.HearingEvent:
    """The `court.hearing.*` event `event` about `hearing` as it is now."""
    case = hearing.case
    appearance = hearing.appearance
    return event(
        hearing_id=hearing.id,
        case_id=case.id,
        case_number=case.case_number,
        court=case.court,
        defendant_unit_id=case.defendant_unit_id,
        defendant_unit=case.defendant_unit.name,
        held_on=hearing.held_on,
        status=hearing.status,
        head_required=hearing.head_required,
        appearance=appearance,
        head_id=hearing.head_id,
        head=hearing.head.name if hearing.head else None,
        delegate_id=hearing.delegate_id,
        delegate=hearing.delegate.name if hearing.delegate else None,
        lawyers=hearing.lawyers,
        head_spoke=hearing.head_spoke,
        delegation_approved=hearing.delegation_approved,
        absence_excused=hearing.absence_excused if appearance and appearance.value != "head" else None,
    )


def hearing_saved(hearing: CourtHearing, changes: Changes, *, is_created: bool, power_of_attorney: Any = None) -> None:
    """Keep the uploaded power of attorney, move the report deadline, publish the hearing's events."""
    db.session.flush()
    if power_of_attorney is not None:
        try:
            store_attachment(
                hearing,
                power_of_attorney.filename,
                power_of_attorney.read(),
                user=None,
                description=POWER_OF_ATTORNEY,
            )
        except AttachmentError as exc:
            raise Refusal("power_of_attorney", str(exc), label=HEARING_LABELS["power_of_attorney"]) from exc
        hearing.power_of_attorney_filed = True
    region = hearing.region_id
    status = HearingStatus(hearing.status)
    unchanged = None if is_created else hearing.status
    old_status = changes.values["status"][0] if "status" in changes else unchanged
    if is_created or "held_on" in changes or "notice_received_on" in changes or "status" in changes:
        deadlines.track_report(hearing)
    if is_created and status == HearingStatus.SCHEDULED:
        publish(hearing_event(ev.HearingScheduled, hearing), region_id=region, subject=hearing)
    if status == HearingStatus.HELD and old_status != HearingStatus.HELD:
        publish(hearing_event(ev.HearingHeld, hearing), region_id=region, subject=hearing)
    elif status == HearingStatus.HELD and any(c in changes for c in _ATTENDANCE):
        publish(hearing_event(ev.HearingCorrected, hearing), region_id=region, subject=hearing)
    elif status == HearingStatus.POSTPONED and old_status != status:
        publish(hearing_event(ev.HearingPostponed, hearing), region_id=region, subject=hearing)
    elif status == HearingStatus.CANCELLED and old_status != status:
        publish(hearing_event(ev.HearingCancelled, hearing), region_id=region, subject=hearing)


# -- appearance reports ---------------------------------------------------------------------------


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
    label = REPORT_LABELS.__getitem__
    if not can_decide(user):
        raise Refusal("decision", "只有法制机构工作人员或管理员可以审批委托", label=label("decision"))
    if report.decision != ReportDecision.PENDING:
        raise Refusal("decision", f"该报告已是“{report.decision_label}”，不能再审批", label=label("decision"))
    if report.hearing.is_held:
        raise Refusal("decision", "已经开庭，委托准许须在开庭前作出", label=label("decision"))
    if approve:
        if report.absence_reason not in set(AbsenceReason):
            raise Refusal("absence_reason", "没有规定第八条所列理由，不能准许委托", label=label("absence_reason"))
        if not report.explanation_sealed:
            raise Refusal(
                "explanation_sealed",
                "情况说明未加盖行政机关印章或由主要负责人签字认可，不能准许（规定第九条第一款）",
                label=label("explanation_sealed"),
            )
    elif not note.strip():
        raise Refusal("decision_note", "不予准许的，请写明理由", label=label("decision_note"))
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


__all__ = [
    "Changes",
    "case_saved",
    "decide_report",
    "hearing_event",
    "hearing_saved",
    "prepare_case",
    "prepare_hearing",
    "prepare_person",
    "prepare_report",
    "report_saved",
]
