"""Every change of a court record: the checks it must pass, the deadlines it moves, the events it publishes.

The admin views call `prepare_*` inside Flask-Admin's `on_model_change` (before anything is
flushed): it runs the checks of `plugins.court.checks` — a refusal is a `CourtInputError` naming
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
from plugins.court import deadlines
from plugins.court.checks import (
    POWER_OF_ATTORNEY,
    CourtInputError,
    can_decide,
    check_case,
    check_hearing,
    check_report,
    today,
)
from plugins.court.models import AppearanceReport, CourtHearing, LitigationCase, UnitHead, UnitStaff
from plugins.court.vocabulary import (
    ABSENCE_REASON_LABELS,
    HEARING_LABELS,
    REPORT_LABELS,
    AbsenceReason,
    HearingStatus,
    ReportDecision,
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


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
        raise CourtInputError("所属单位", "请选择单位")
    if not (person.name or "").strip():
        raise CourtInputError("姓名", "不能为空")
    term = (person.in_office_from, person.in_office_until) if isinstance(person, UnitHead) else (None, None)
    if term[0] and term[1] and term[1] < term[0]:
        raise CourtInputError("任职截止日期", "早于任职起始日期")
    person.region_id = person.unit.region_id


# -- cases ----------------------------------------------------------------------------------------

_CASE_COLUMNS = (
    "defendant_unit_id",
    "filed_on",
    "complaint_copy_received_on",
    "defence_filed_on",
    "ruling_kind",
    "ruling_matter",
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


def _case_payload(case: LitigationCase, **extra: Any) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "case_number": case.case_number,
        "court": case.court,
        "instance": case.instance,
        "defendant_unit_id": case.defendant_unit_id,
        "defendant_unit": case.defendant_unit.name,
        **extra,
    }


def case_saved(case: LitigationCase, changes: Changes, *, is_created: bool) -> None:
    """Move the case's deadlines and publish its events after a save (inside the transaction)."""
    db.session.flush()
    region = case.region_id
    if is_created:
        publish(
            "court.case.filed",
            region_id=region,
            subject=case,
            payload=_case_payload(case, filed_on=_iso(case.filed_on), plaintiffs=case.plaintiffs),
        )
    if "complaint_copy_received_on" in changes:
        due = deadlines.track_defence(case)
        if changes.newly_set("complaint_copy_received_on"):
            publish(
                "court.case.complaint_received",
                region_id=region,
                subject=case,
                payload=_case_payload(case, received_on=_iso(case.complaint_copy_received_on), defence_due=_iso(due)),
            )
    if changes.newly_set("defence_filed_on"):
        on_time = deadlines.defence_filed(case)
        publish(
            "court.case.defence_filed",
            region_id=region,
            subject=case,
            payload=_case_payload(case, filed_on=_iso(case.defence_filed_on), on_time=on_time),
        )
    if {"judged_on", "ruling_kind", "ruling_matter", "served_on"} & set(changes.values):
        due = deadlines.track_appeal(case)
        if changes.newly_set("judged_on"):
            publish(
                "court.case.judged",
                region_id=region,
                subject=case,
                payload=_case_payload(
                    case,
                    ruling_kind=case.ruling_kind,
                    judged_on=_iso(case.judged_on),
                    result=case.result,
                    appeal_due=_iso(due),
                ),
            )
    if changes.newly_set("appeal_decision"):
        deadlines.appeal_decided(case)
        publish(
            "court.case.appeal_decided",
            region_id=region,
            subject=case,
            payload=_case_payload(case, decision=case.appeal_decision, decided_on=_iso(case.appeal_decided_on)),
        )
    if changes.newly_set("recommendation_received_on"):
        publish(
            "court.recommendation.received",
            region_id=region,
            subject=case,
            payload=_case_payload(
                case,
                received_on=_iso(case.recommendation_received_on),
                summary=(case.recommendation_summary or "")[:500],
            ),
        )


# -- hearings -------------------------------------------------------------------------------------

_HEARING_COLUMNS = ("held_on", "notice_received_on", "status", "head_id", "delegate_id", "lawyers", "head_spoke")
_ATTENDANCE = ("head_id", "delegate_id", "lawyers", "head_spoke", "court_rejected_reason")


def prepare_hearing(hearing: CourtHearing, power_of_attorney: Any = None) -> Changes:
    """Check a hearing before it is saved; `power_of_attorney` is an uploaded file (or None)."""
    with db.session.no_autoflush:
        check_hearing(hearing, power_of_attorney)
        hearing.region_id = hearing.case.region_id
        return Changes.of(hearing, (*_HEARING_COLUMNS, "court_rejected_reason", "late_notice_criticism"))


def hearing_payload(hearing: CourtHearing) -> dict[str, Any]:
    """What `court.hearing.*` events carry: the facts the notice rules and indicators need."""
    case = hearing.case
    appearance = hearing.appearance
    return {
        "hearing_id": hearing.id,
        "case_id": case.id,
        "case_number": case.case_number,
        "court": case.court,
        "defendant_unit_id": case.defendant_unit_id,
        "defendant_unit": case.defendant_unit.name,
        "held_on": _iso(hearing.held_on),
        "status": hearing.status,
        "head_required": hearing.head_required,
        "appearance": appearance.value if appearance else None,
        "head_id": hearing.head_id,
        "head": hearing.head.name if hearing.head else None,
        "delegate_id": hearing.delegate_id,
        "delegate": hearing.delegate.name if hearing.delegate else None,
        "lawyers": hearing.lawyers,
        "head_spoke": hearing.head_spoke,
        "delegation_approved": hearing.delegation_approved,
        "notice_late": hearing.notice_late,
        "late_notice_criticism": hearing.late_notice_criticism,
        "absence_excused": hearing.absence_excused if appearance and appearance.value != "head" else None,
    }


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
            raise CourtInputError(HEARING_LABELS["power_of_attorney"], str(exc)) from exc
        hearing.power_of_attorney_filed = True
    region = hearing.region_id
    status = HearingStatus(hearing.status)
    unchanged = None if is_created else hearing.status
    old_status = changes.values["status"][0] if "status" in changes else unchanged
    if is_created or "held_on" in changes or "notice_received_on" in changes or "status" in changes:
        deadlines.track_report(hearing)
    if is_created and status == HearingStatus.SCHEDULED:
        publish("court.hearing.scheduled", region_id=region, subject=hearing, payload=hearing_payload(hearing))
    decided_late = "late_notice_criticism" in changes and hearing.late_notice_criticism
    if status == HearingStatus.HELD and (old_status != HearingStatus.HELD or decided_late):
        # Held — or a person decided that an absence after a late notice is criticised after all
        # (规定 art 5 ¶2): the notice rules judge the hearing (again; each notice is issued once).
        publish("court.hearing.held", region_id=region, subject=hearing, payload=hearing_payload(hearing))
    elif status == HearingStatus.HELD and any(c in changes for c in _ATTENDANCE):
        publish("court.hearing.corrected", region_id=region, subject=hearing, payload=hearing_payload(hearing))
    elif status == HearingStatus.POSTPONED and old_status != status:
        publish("court.hearing.postponed", region_id=region, subject=hearing, payload=hearing_payload(hearing))
    elif status == HearingStatus.CANCELLED and old_status != status:
        publish("court.hearing.cancelled", region_id=region, subject=hearing, payload=hearing_payload(hearing))


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
    publish(
        "court.report.filed",
        region_id=report.region_id,
        subject=report,
        payload={
            "report_id": report.id,
            **{k: v for k, v in hearing_payload(report.hearing).items() if k in _REPORT_CONTEXT},
            "filed_on": _iso(report.filed_on),
            "on_time": on_time,
            "planned_head": report.planned_head.name if report.planned_head else None,
            "planned_delegate": report.planned_delegate.name if report.planned_delegate else None,
            "absence_reason": report.absence_reason,
            "decision": report.decision,
        },
    )


_REPORT_CONTEXT = ("hearing_id", "case_id", "case_number", "defendant_unit_id", "defendant_unit", "held_on")


def decide_report(report: AppearanceReport, *, approve: bool, note: str, user: User, on: dt.date | None = None) -> None:
    """The legal office approves (委托准许) or refuses a delegation; the caller commits."""
    label = REPORT_LABELS.__getitem__
    if not can_decide(user):
        raise CourtInputError(label("decision"), "只有法制机构工作人员或管理员可以审批委托")
    if report.decision != ReportDecision.PENDING:
        raise CourtInputError(label("decision"), f"该报告已是“{report.decision_label}”，不能再审批")
    if report.hearing.is_held:
        raise CourtInputError(label("decision"), "已经开庭，委托准许须在开庭前作出")
    if approve:
        if report.absence_reason not in set(AbsenceReason):
            raise CourtInputError(label("absence_reason"), "没有规定第八条所列理由，不能准许委托")
        if not report.explanation_sealed:
            raise CourtInputError(
                label("explanation_sealed"),
                "情况说明未加盖行政机关印章或由主要负责人签字认可，不能准许（规定第九条第一款）",
            )
    elif not note.strip():
        raise CourtInputError(label("decision_note"), "不予准许的，请写明理由")
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
    publish(
        "court.report.decided",
        region_id=report.region_id,
        subject=report,
        payload={
            "report_id": report.id,
            **{k: v for k, v in hearing_payload(report.hearing).items() if k in _REPORT_CONTEXT},
            "approved": approve,
            "absence_reason": report.absence_reason,
            "absence_reason_label": ABSENCE_REASON_LABELS.get(AbsenceReason(report.absence_reason), "")
            if report.absence_reason
            else "",
            "decided_on": _iso(report.decided_on),
            "note": report.decision_note,
        },
    )


__all__ = [
    "Changes",
    "case_saved",
    "decide_report",
    "hearing_payload",
    "hearing_saved",
    "prepare_case",
    "prepare_hearing",
    "prepare_person",
    "prepare_report",
    "report_saved",
]
