"""Every change of a court record: the checks it must pass, the deadlines it moves, the events it publishes.

The admin views call `prepare_*` inside Flask-Admin's `on_model_change` (before anything is
flushed): it checks the input — refusing it with a `CourtInputError` that names the field, so the
transaction rolls back and nothing saved before is touched — and puts the record in its agency's
region. After the core's scope check the view calls `*_saved`, which opens or closes deadlines
(`plugins.court.deadlines`) and publishes the events documented in docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from wtforms.validators import ValidationError

from core import clock
from core.attachments import AttachmentError, attachments_of, store_attachment
from core.audit import record_event
from core.events import publish
from core.extensions import db
from core.models import Unit, User
from plugins.court import deadlines
from plugins.court.models import AppearanceReport, CourtHearing, LitigationCase, UnitHead, UnitStaff
from plugins.court.vocabulary import (
    ABSENCE_REASON_LABELS,
    CASE_LABELS,
    HEARING_LABELS,
    REPORT_LABELS,
    AbsenceReason,
    AppealDecision,
    CaseResult,
    HearingStatus,
    Instance,
    ReportDecision,
    RulingKind,
)

#: The description an attached power of attorney carries (行诉解释 art 131 ¶2).
POWER_OF_ATTORNEY = "授权委托书（加盖行政机关印章）"


class CourtInputError(ValidationError):
    """Input the rules refuse; the message starts with the label of the field at fault."""

    def __init__(self, field_label: str, message: str) -> None:
        super().__init__(f"{field_label}：{message}")
        self.field_label = field_label


def today() -> dt.date:
    """Today where the offices are (`core.clock`: Asia/Shanghai, or ``FAZHI_TODAY`` when pinned)."""
    return clock.today()


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


def heads_of(unit: Unit, on: dt.date | None = None) -> list[UnitHead]:
    """The unit's list of heads (规定 art 2), those in office on `on` when given."""
    heads = db.session.execute(select(UnitHead).where(UnitHead.unit_id == unit.id).order_by(UnitHead.id)).scalars()
    return [h for h in heads if on is None or h.in_office_on(on)]


def _check_head(label: str, head: UnitHead | None, unit: Unit, on: dt.date) -> None:
    if head is None:
        return
    if head.unit_id != unit.id or not head.in_office_on(on):
        names = "、".join(h.name for h in heads_of(unit, on)) or "（名单为空）"
        raise CourtInputError(
            label,
            f"{head.name}不在{unit.name}{on.isoformat()}的负责人名单中（《最高人民法院关于行政机关负责人出庭应诉"
            f"若干问题的规定》第二条）；名单：{names}",
        )


def _check_delegate(label: str, delegate: UnitStaff | None, unit: Unit) -> None:
    if delegate is None:
        return
    if delegate.unit_id != unit.id or not delegate.active:
        raise CourtInputError(
            label,
            f"{delegate.name}不是{unit.name}的工作人员，不能受委托出庭（《行政诉讼法》第三条第三款、"
            "《行诉解释》第一百三十条）",
        )


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


def _label(column: str) -> str:
    return CASE_LABELS[column]


def check_case(case: LitigationCase) -> None:
    """Refuse a case whose fields do not fit together (raises `CourtInputError` naming the field)."""
    if case.defendant_unit is None:
        raise CourtInputError(_label("defendant_unit"), "请选择被告行政机关")
    if case.filed_on is None:
        raise CourtInputError(_label("filed_on"), "不能为空")
    later_than_filing = ("complaint_copy_received_on", "defence_filed_on", "judged_on", "recommendation_received_on")
    for column in later_than_filing:
        value = getattr(case, column)
        if value is not None and value < case.filed_on:
            raise CourtInputError(_label(column), f"{value.isoformat()}早于立案日期{case.filed_on.isoformat()}")
    if case.defence_filed_on and case.complaint_copy_received_on is None:
        raise CourtInputError(_label("complaint_copy_received_on"), "已填写答辩日期，请先填写收到起诉状副本的日期")
    if case.decided_on_papers and case.instance != Instance.APPEAL:
        raise CourtInputError(_label("decided_on_papers"), "只有二审案件可以不开庭审理（《行政诉讼法》第八十六条）")
    for held in case.held_hearings:
        if held.held_on < case.filed_on:
            raise CourtInputError(_label("filed_on"), f"晚于已登记的开庭日期{held.held_on.isoformat()}")
    _check_ruling(case)
    _check_appeal(case)


def _check_ruling(case: LitigationCase) -> None:
    parts = {"ruling_kind": case.ruling_kind, "judged_on": case.judged_on, "result": case.result}
    if not any(parts.values()):
        if case.served_on:
            raise CourtInputError(_label("judged_on"), "已填写送达日期，请填写裁判日期")
        return
    for column, value in parts.items():
        if not value:
            raise CourtInputError(_label(column), "登记裁判结果时必须填写")
    if case.result == CaseResult.MEDIATED and case.ruling_kind != RulingKind.MEDIATION:
        raise CourtInputError(_label("ruling_kind"), "调解结案的文书应为调解书")
    if case.ruling_kind == RulingKind.MEDIATION and case.result != CaseResult.MEDIATED:
        raise CourtInputError(_label("result"), "调解书结案的结果应为“调解结案”")
    if case.result == CaseResult.WITHDRAWN and case.ruling_kind != RulingKind.RULING:
        raise CourtInputError(_label("ruling_kind"), "准许撤诉应以裁定作出")
    if case.served_on and case.served_on < case.judged_on:
        raise CourtInputError(_label("served_on"), f"早于裁判日期{case.judged_on.isoformat()}")
    if case.ruling_kind == RulingKind.JUDGMENT and not case.decided_on_papers:
        # A judgment follows a hearing (行诉法 arts 54, 58, 86): a case that needs one cannot be
        # judged before it was heard.
        heard = [h for h in case.held_hearings if h.held_on <= case.judged_on]
        if not heard:
            raise CourtInputError(
                _label("judged_on"),
                f"{case.judged_on.isoformat()}之前本案没有已开庭的记录；判决须在开庭审理之后"
                "（二审不开庭审理的，请勾选“不开庭审理”）",
            )
    for hearing in case.held_hearings:
        if hearing.held_on > case.judged_on:
            raise CourtInputError(_label("judged_on"), f"早于已登记的开庭日期{hearing.held_on.isoformat()}")


def _check_appeal(case: LitigationCase) -> None:
    if not case.appeal_decision and not case.appeal_decided_on:
        return
    if case.instance != Instance.FIRST or case.ruling_kind not in (RulingKind.JUDGMENT, RulingKind.RULING):
        raise CourtInputError(
            _label("appeal_decision"), "只有一审判决、裁定才需要作出是否上诉的决定（《行政诉讼法》第八十五条）"
        )
    if not case.appeal_decision or not case.appeal_decided_on:
        missing = "appeal_decision" if not case.appeal_decision else "appeal_decided_on"
        raise CourtInputError(_label(missing), "上诉决定和决定日期须同时填写")
    start = case.served_on or case.judged_on
    if case.appeal_decided_on < start:
        raise CourtInputError(_label("appeal_decided_on"), f"早于裁判文书送达日期{start.isoformat()}")


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
    if {"judged_on", "ruling_kind", "served_on"} & set(changes.values):
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


def has_power_of_attorney(hearing: CourtHearing) -> bool:
    """Whether the sealed power of attorney is on file: recorded, or its scan attached (行诉解释 art 131 ¶2)."""
    if hearing.power_of_attorney_filed:
        return True
    if hearing.id is None:
        return False
    return any(a.description == POWER_OF_ATTORNEY for a in attachments_of(hearing))


def check_hearing(hearing: CourtHearing, power_of_attorney: Any = None) -> None:
    """Refuse a hearing at odds with its case or the agency's lists (raises `CourtInputError`)."""
    case = hearing.case
    label = HEARING_LABELS.__getitem__
    if case is None:
        raise CourtInputError(label("case"), "请选择案件")
    if hearing.held_on is None:
        raise CourtInputError(label("held_on"), "不能为空")
    if hearing.held_on < case.filed_on:
        raise CourtInputError(
            label("held_on"), f"{hearing.held_on.isoformat()}早于本案立案日期{case.filed_on.isoformat()}"
        )
    if case.judged_on and hearing.held_on > case.judged_on and hearing.status != HearingStatus.CANCELLED:
        raise CourtInputError(label("held_on"), f"晚于本案裁判日期{case.judged_on.isoformat()}")
    if hearing.notice_received_on and hearing.notice_received_on > hearing.held_on:
        raise CourtInputError(label("notice_received_on"), "晚于开庭日期")
    unit = case.defendant_unit
    _check_head(label("head"), hearing.head, unit, hearing.held_on)
    _check_delegate(label("delegate"), hearing.delegate, unit)
    if not hearing.is_held:
        recorded = [c for c in ("head", "delegate") if getattr(hearing, c) is not None]
        if recorded or (hearing.lawyers or "").strip() or hearing.head_spoke:
            raise CourtInputError(label("status"), "登记出庭人员前，请把状态设为“已开庭”")
        return
    if hearing.held_on > today():
        raise CourtInputError(label("held_on"), f"{hearing.held_on.isoformat()}尚未到来，不能登记为已开庭")
    if hearing.head_spoke and hearing.head is None:
        raise CourtInputError(label("head_spoke"), "负责人未出庭，不能登记当庭发言")
    if hearing.delegate is not None and power_of_attorney is None and not has_power_of_attorney(hearing):
        raise CourtInputError(
            label("power_of_attorney"),
            "委托工作人员出庭的，应提交加盖行政机关印章的授权委托书（《行诉解释》第一百三十一条），请上传扫描件",
        )


def prepare_hearing(hearing: CourtHearing, power_of_attorney: Any = None) -> Changes:
    """Check a hearing before it is saved; `power_of_attorney` is an uploaded file (or None)."""
    with db.session.no_autoflush:
        check_hearing(hearing, power_of_attorney)
        hearing.region_id = hearing.case.region_id
        return Changes.of(hearing, (*_HEARING_COLUMNS, "court_rejected_reason"))


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
    if status == HearingStatus.HELD and old_status != HearingStatus.HELD:
        publish("court.hearing.held", region_id=region, subject=hearing, payload=hearing_payload(hearing))
    elif status == HearingStatus.HELD and any(c in changes for c in _ATTENDANCE):
        publish("court.hearing.corrected", region_id=region, subject=hearing, payload=hearing_payload(hearing))
    elif status == HearingStatus.POSTPONED and old_status != status:
        publish("court.hearing.postponed", region_id=region, subject=hearing, payload=hearing_payload(hearing))
    elif status == HearingStatus.CANCELLED and old_status != status:
        publish("court.hearing.cancelled", region_id=region, subject=hearing, payload=hearing_payload(hearing))


# -- appearance reports ---------------------------------------------------------------------------


def check_report(report: AppearanceReport) -> None:
    """Refuse an appearance report naming the wrong people or lacking the reason (raises `CourtInputError`)."""
    label = REPORT_LABELS.__getitem__
    hearing = report.hearing
    if hearing is None:
        raise CourtInputError(label("hearing"), "请选择开庭")
    if report.filed_on is None:
        raise CourtInputError(label("filed_on"), "不能为空")
    if report.filed_on > hearing.held_on:
        raise CourtInputError(label("filed_on"), f"应诉报告应在开庭（{hearing.held_on.isoformat()}）前报送")
    if hearing.is_held and inspect(report).pending:
        raise CourtInputError(label("hearing"), "该次庭审已经开庭，不能再报送应诉报告")
    unit = hearing.case.defendant_unit
    if report.planned_head is None and report.planned_delegate is None:
        raise CourtInputError(label("planned_head"), "请填写拟出庭的负责人，或拟委托出庭的工作人员")
    _check_head(label("planned_head"), report.planned_head, unit, hearing.held_on)
    _check_delegate(label("planned_delegate"), report.planned_delegate, unit)
    if report.planned_head is None:
        # The head cannot appear: the reason must be one of 规定 art 8, explained in writing.
        if report.absence_reason not in set(AbsenceReason):
            raise CourtInputError(label("absence_reason"), "负责人不能出庭的，须选择理由（规定第八条）")
        if not (report.absence_explanation or "").strip():
            raise CourtInputError(label("absence_explanation"), "负责人不能出庭的，须提交书面情况说明（规定第九条）")


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


def can_decide(user: User) -> bool:
    """Whether `user` may approve delegations: staff of a legal office (委托准许 is its job) or admins."""
    if not user.can_write:
        return False
    if user.is_region_admin:
        return True
    return bool(user.unit and user.unit.is_legal_office)


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
    "POWER_OF_ATTORNEY",
    "AppealDecision",
    "Changes",
    "CourtInputError",
    "can_decide",
    "case_saved",
    "decide_report",
    "hearing_saved",
    "prepare_case",
    "prepare_hearing",
    "prepare_person",
    "prepare_report",
    "report_saved",
    "today",
]
