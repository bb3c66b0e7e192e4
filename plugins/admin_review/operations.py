"""Every state change of a case, the checks that refuse impossible ones, and the event each publishes.

A transition is an explicit act with a date (the day it happened) and a user (the acting user,
or the system for deemed acceptance); it moves the case between the states of
`vocabulary.CaseState` along `TRANSITIONS` only, records a timeline step (`CaseStep`), opens or
closes the statutory periods (`deadlines`), and publishes ``admin_review.<entity>.<verb>``. A
refused transition raises `CaseError` naming the field at fault, before anything is changed.
The caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.audit import current_actor
from core.events import publish
from core.extensions import db
from core.tenancy import unscoped
from plugins.admin_review import deadlines
from plugins.admin_review.checks import (
    DATE_ORDER,
    CaseError,
    assign_number,
    check_consistency,
    check_file,
    not_before,
    require_date,
    require_text,
)
from plugins.admin_review.models import AdministrativeReviewCase, CaseStep, Hearing, Opinion, Suspension
from plugins.admin_review.settings import setting
from plugins.admin_review.vocabulary import (
    CATEGORY_LABELS,
    CONCLUDED_STATES,
    CORRECTION_DECISIONS,
    DECISION_LABELS,
    OPEN_REVIEW_STATES,
    REDO_DECISIONS,
    STATE_LABELS,
    CaseState,
    Category,
    DecisionType,
    Procedure,
    SuspensionGround,
    TerminationGround,
)

S = CaseState


@dataclass(frozen=True)
class Transition:
    """An act on a case: from which states, to which state, and the event it publishes."""

    key: str
    label: str
    sources: frozenset[CaseState]
    #: None: the state does not change (an act recorded on the case).
    target: CaseState | None
    event: str


def _t(key: str, label: str, sources: set[CaseState], target: CaseState | None, event: str) -> Transition:
    return Transition(key, label, frozenset(sources), target, f"admin_review.{event}")


REVIEWING = set(OPEN_REVIEW_STATES - {S.SUSPENDED})
TRANSITIONS = {
    t.key: t
    for t in (
        _t("receive", "收到申请", set(), S.RECEIVED, "case.received"),
        _t("request_correction", "通知补正", {S.RECEIVED}, S.CORRECTION, "case.correction_requested"),
        _t("supplement", "收到补正材料", {S.CORRECTION}, S.RECEIVED, "case.supplemented"),
        _t("abandon", "视为放弃申请", {S.CORRECTION}, S.ABANDONED, "case.abandoned"),
        _t("accept", "受理", {S.RECEIVED}, S.ACCEPTED, "case.accepted"),
        _t("deem_accepted", "视为受理", {S.RECEIVED}, S.ACCEPTED, "case.accepted"),
        _t("refuse", "不予受理", {S.RECEIVED}, S.NOT_ACCEPTED, "case.refused"),
        _t("send_copy", "发送答复通知", {S.ACCEPTED}, S.COPY_SENT, "case.copy_sent"),
        _t("receive_reply", "收到答复", {S.COPY_SENT}, S.UNDER_REVIEW, "case.replied"),
        _t("reply_missed", "答复期限届满未答复", {S.COPY_SENT}, S.UNDER_REVIEW, "case.reply_missed"),
        _t("convert", "转为普通程序", REVIEWING, None, "case.converted"),
        _t("investigate", "现场调查", REVIEWING, None, "case.investigated"),
        _t(
            "start_mediation",
            "开始调解",
            {S.ACCEPTED, S.COPY_SENT, S.UNDER_REVIEW},
            S.MEDIATING,
            "case.mediation_started",
        ),
        _t("end_mediation", "调解未成", {S.MEDIATING}, S.UNDER_REVIEW, "case.mediation_failed"),
        _t("suspend", "中止审理", REVIEWING, S.SUSPENDED, "case.suspended"),
        _t("resume", "恢复审理", {S.SUSPENDED}, None, "case.resumed"),
        _t("extend", "延长审理期限", REVIEWING | {S.SUSPENDED}, None, "case.extended"),
        _t("decide", "作出决定", REVIEWING, S.DECIDED, "case.decided"),
        _t("terminate", "终止审理", set(OPEN_REVIEW_STATES), S.TERMINATED, "case.terminated"),
        _t("serve", "送达", {S.DECIDED, S.TERMINATED}, S.SERVED, "case.served"),
        _t("notify_head", "行政首长告知", {S.DECIDED, S.SERVED, S.PERFORMANCE_CHECKED}, None, "case.head_notified"),
        _t("check_performance", "核查履行情况", {S.SERVED}, S.PERFORMANCE_CHECKED, "case.performance_checked"),
        _t("visit", "回访", {S.SERVED, S.PERFORMANCE_CHECKED}, S.CLOSED, "case.visited"),
        _t("schedule_hearing", "安排听证", REVIEWING, None, "hearing.scheduled"),
        _t("issue_opinion", "制发意见书", REVIEWING | CONCLUDED_STATES, None, "opinion.issued"),
    )
}
#: Hearing and 意见书 acts (on their own records).
HEARING_EVENTS = {"notify": "hearing.notified", "hold": "hearing.held", "cancel": "hearing.cancelled"}


# -- helpers -----------------------------------------------------------------------------------------


def _check_source(case: AdministrativeReviewCase, transition: Transition) -> None:
    if transition.sources and CaseState(case.state) not in transition.sources:
        allowed = "、".join(STATE_LABELS[s] for s in sorted(transition.sources, key=list(CaseState).index))
        raise CaseError(
            f"「状态」案件当前为“{case.state_label}”，不能{transition.label}（仅在{allowed}时可以）", "state"
        )


def _apply(case: AdministrativeReviewCase, transition: Transition, on: dt.date, note: str = "", **payload: Any) -> None:
    """Move the case, record the step, publish the event (checks are done by the caller)."""
    before = str(case.state)
    if transition.target is not None:
        case.state = transition.target
        case.state_since = on
    actor = current_actor()
    step = CaseStep(
        case=case,
        region_id=case.region_id,
        action=transition.key,
        label=transition.label,
        on=on,
        from_state=before,
        to_state=str(case.state),
        user_id=getattr(actor, "id", None),
        username=getattr(actor, "username", "") or "",
        note=note[:255],
    )
    db.session.add(step)
    publish(
        transition.event,
        region_id=case.region_id,
        subject=case,
        payload={
            "case_id": case.id,
            "case_number": case.case_number,
            "state": str(case.state),
            "previous_state": before,
            "on": on.isoformat(),
            **payload,
        },
    )


# -- receipt and acceptance ----------------------------------------------------------------------------


def register_case(case: AdministrativeReviewCase) -> AdministrativeReviewCase:
    """Register a received application: number, state, the acceptance review period (art 30)."""
    with db.session.no_autoflush:  # the row is written once, with its number
        check_file(case)
        if case.procedure != Procedure.SIMPLIFIED:
            case.simplified_ground = None
        if case.region_id is None and case.region is not None:
            case.region_id = case.region.id
        assign_number(case)
    if case not in db.session:
        db.session.add(case)
    db.session.flush()
    case.state = S.RECEIVED
    _apply(case, TRANSITIONS["receive"], case.received_on, channel=str(case.channel))
    deadlines.open_acceptance_review(case)
    return case


def import_case(case: AdministrativeReviewCase) -> AdministrativeReviewCase:
    """Save a case taken whole from a register: checked, numbered as given, its running periods opened."""
    check_consistency(case)
    dates = [getattr(case, field) for field, _label, _before in DATE_ORDER] + [case.received_on]
    case.state_since = max(d for d in dates if d is not None)
    db.session.add(case)
    db.session.flush()
    db.session.add(
        CaseStep(
            case=case,
            region_id=case.region_id,
            action="import",
            label="从登记表导入",
            on=case.state_since,
            from_state="",
            to_state=str(case.state),
            user_id=getattr(current_actor(), "id", None),
            username=getattr(current_actor(), "username", "") or "",
        )
    )
    publish(
        "admin_review.case.imported",
        region_id=case.region_id,
        subject=case,
        payload={
            "case_id": case.id,
            "case_number": case.case_number,
            "state": str(case.state),
            "on": case.state_since.isoformat(),
        },
    )
    deadlines.open_for_imported(case)
    return case


def request_correction(
    case: AdministrativeReviewCase, on: dt.date, items: str, served_on: dt.date | None = None
) -> None:
    """One 补正 notice listing everything missing, within five working days of receipt (art 31 ¶1)."""
    transition = TRANSITIONS["request_correction"]
    _check_source(case, transition)
    require_date(on, "on", "补正通知日期")
    not_before(on, case.received_on, "on", "补正通知日期", "收到日期")
    if case.correction_notice_on is not None:
        raise CaseError(
            "「补正通知日期」补正通知应当一次性载明需要补正的事项，已经通知过一次（第三十一条第一款）", "on"
        )
    due = deadlines.acceptance_due(case)
    if due is not None and on > due:
        raise CaseError(
            f"「补正通知日期」应在收到申请之日起五个工作日内（{due.isoformat()}前）发出（第三十一条第一款）", "on"
        )
    case.correction_items = require_text(items, "items", "补正事项")
    served = served_on or on
    not_before(served, on, "served_on", "申请人收到补正通知日期", "补正通知日期")
    case.correction_notice_on, case.correction_served_on = on, served
    _apply(case, transition, on, note=case.correction_items)
    deadlines.open_correction(case)


def supplement(case: AdministrativeReviewCase, on: dt.date) -> None:
    """The materials arrived: a new five-day acceptance review (art 31 ¶3)."""
    transition = TRANSITIONS["supplement"]
    _check_source(case, transition)
    require_date(on, "on", "收到补正材料日期")
    not_before(on, case.correction_served_on, "on", "收到补正材料日期", "申请人收到补正通知日期")
    case.supplemented_on = on
    _apply(case, transition, on)
    deadlines.reopen_acceptance_review(case)


def abandon(case: AdministrativeReviewCase, on: dt.date, *, system: bool = False) -> None:
    """No materials within the period: the application is deemed abandoned (art 31 ¶2)."""
    transition = TRANSITIONS["abandon"]
    _check_source(case, transition)
    if not system:
        require_date(on, "on", "视为放弃日期")
    not_before(on, case.correction_served_on, "on", "视为放弃日期", "申请人收到补正通知日期")
    case.abandoned_on = on
    _apply(case, transition, on)
    deadlines.close_correction_abandoned(case)


def accept(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Accept the application (art 30 ¶1); the copy and decision periods start (arts 48, 62)."""
    transition = TRANSITIONS["accept"]
    _check_source(case, transition)
    require_date(on, "on", "受理日期")
    not_before(on, case.supplemented_on or case.received_on, "on", "受理日期", "收到申请（补正材料）日期")
    case.accepted_on, case.deemed_accepted = on, False
    deadlines.close_acceptance(case, on)
    _apply(case, transition, on, deemed=False, procedure=str(case.procedure))
    deadlines.open_review(case)


def deem_accepted(case: AdministrativeReviewCase, on: dt.date) -> None:
    """The review period lapsed without a refusal: accepted as of its last day (art 30 ¶3). Done by the system."""
    transition = TRANSITIONS["deem_accepted"]
    if CaseState(case.state) not in transition.sources:
        return  # decided meanwhile (a late entry of an act done in time): nothing to deem
    case.accepted_on, case.deemed_accepted = on, True
    _apply(
        case,
        transition,
        on,
        note="审查期限届满未作出不予受理决定，视为受理（第三十条第三款）",
        deemed=True,
        procedure=str(case.procedure),
    )
    deadlines.open_review(case)


def refuse(case: AdministrativeReviewCase, on: dt.date, reason: str, competent_organ: str = "") -> None:
    """不予受理 within the review period, with reasons and, outside jurisdiction, the competent body (art 30 ¶2)."""
    transition = TRANSITIONS["refuse"]
    _check_source(case, transition)
    require_date(on, "on", "不予受理日期")
    not_before(on, case.supplemented_on or case.received_on, "on", "不予受理日期", "收到申请（补正材料）日期")
    due = deadlines.acceptance_due(case)
    if due is not None and on > due:
        raise CaseError(
            f"「不予受理日期」审查期限已于{due.isoformat()}届满，申请视为受理，不能再决定不予受理（第三十条第三款）",
            "on",
        )
    case.not_accepted_reason = require_text(reason, "reason", "不予受理理由")
    case.competent_organ = (competent_organ or "").strip()
    case.not_accepted_on = on
    deadlines.close_acceptance(case, on)
    _apply(case, transition, on, note=case.not_accepted_reason, competent_organ=case.competent_organ)


# -- review ------------------------------------------------------------------------------------------


def send_copy(case: AdministrativeReviewCase, on: dt.date, received_on: dt.date | None = None) -> None:
    """Send the application copy to the respondent (art 48: 7 working days; art 54: 3)."""
    transition = TRANSITIONS["send_copy"]
    _check_source(case, transition)
    require_date(on, "on", "发送日期")
    not_before(on, case.accepted_on, "on", "发送日期", "受理日期")
    received = received_on or on
    not_before(received, on, "received_on", "被申请人收到日期", "发送日期")
    case.copy_sent_on, case.copy_received_on = on, received
    _apply(case, transition, on, respondent_id=case.respondent_id, received_on=received.isoformat())
    deadlines.copy_sent(case)


def receive_reply(case: AdministrativeReviewCase, on: dt.date) -> None:
    """The respondent's written reply and evidence arrived."""
    transition = TRANSITIONS["receive_reply"]
    _check_source(case, transition)
    require_date(on, "on", "答复日期")
    not_before(on, case.copy_received_on, "on", "答复日期", "被申请人收到副本日期")
    case.reply_received_on = on
    _apply(case, transition, on, respondent_id=case.respondent_id)
    deadlines.reply_received(case)


def record_reply_missed(case: AdministrativeReviewCase, on: dt.date) -> None:
    """The reply period lapsed: the act is deemed without evidence (art 70). Done by the system."""
    transition = TRANSITIONS["reply_missed"]
    if CaseState(case.state) not in transition.sources:
        return
    case.reply_missed = True
    _apply(
        case,
        transition,
        on,
        note="被申请人逾期未答复，视为该行政行为没有证据、依据（第七十条）",
        respondent_id=case.respondent_id,
    )


def convert(case: AdministrativeReviewCase, on: dt.date, approved_by: str) -> None:
    """Simplified → ordinary procedure, approved by the head of the review office (art 55)."""
    transition = TRANSITIONS["convert"]
    _check_source(case, transition)
    if case.procedure != Procedure.SIMPLIFIED:
        raise CaseError("「程序」本案已适用普通程序，无需转换", "procedure")
    require_date(on, "on", "转换日期")
    not_before(on, case.accepted_on, "on", "转换日期", "受理日期")
    case.conversion_approved_by = require_text(approved_by, "approved_by", "批准人（行政复议机构负责人）")
    case.procedure, case.converted_on = Procedure.ORDINARY, on
    _apply(case, transition, on, approved_by=case.conversion_approved_by)
    deadlines.converted_to_ordinary(case, _suspended_days(case))


def _suspended_days(case: AdministrativeReviewCase) -> int:
    return sum((s.resumed_on - s.suspended_on).days for s in case.suspensions if s.resumed_on)


def investigate(case: AdministrativeReviewCase, on: dt.date, record: str) -> None:
    """Record the on-site investigation (local practice for land and forest-right disputes)."""
    transition = TRANSITIONS["investigate"]
    _check_source(case, transition)
    require_date(on, "on", "现场调查日期")
    not_before(on, case.accepted_on, "on", "现场调查日期", "受理日期")
    case.onsite_investigated_on = on
    case.onsite_record = require_text(record, "record", "现场调查记录")
    _apply(case, transition, on, note=case.onsite_record)


def start_mediation(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Mediation begins (art 5, 73)."""
    transition = TRANSITIONS["start_mediation"]
    _check_source(case, transition)
    require_date(on, "on", "调解开始日期")
    not_before(on, case.accepted_on, "on", "调解开始日期", "受理日期")
    case.mediation_started_on = on
    _apply(case, transition, on)


def end_mediation(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Mediation failed: the review goes on (art 73 ¶2)."""
    transition = TRANSITIONS["end_mediation"]
    _check_source(case, transition)
    require_date(on, "on", "调解结束日期")
    not_before(on, case.mediation_started_on, "on", "调解结束日期", "调解开始日期")
    _apply(case, transition, on)


def suspend(case: AdministrativeReviewCase, on: dt.date, ground: str, reason: str = "") -> Suspension:
    """Suspend the review (art 39): the open periods stop; the parties are told in writing."""
    transition = TRANSITIONS["suspend"]
    _check_source(case, transition)
    require_date(on, "on", "中止日期")
    not_before(on, case.accepted_on, "on", "中止日期", "受理日期")
    try:
        ground = SuspensionGround(ground)
    except ValueError:
        raise CaseError("「中止情形」请选择第三十九条第一款规定的情形", "ground") from None
    suspension = Suspension(
        case=case,
        region_id=case.region_id,
        suspended_on=on,
        ground=str(ground),
        reason=(reason or "").strip(),
        resume_state=str(case.state),
    )
    db.session.add(suspension)
    _apply(case, transition, on, note=suspension.reason, ground=str(ground))
    deadlines.suspend(case, suspension)
    return suspension


def resume(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Resume the review (art 39 ¶2): the periods restart, moved by the suspended days."""
    transition = TRANSITIONS["resume"]
    _check_source(case, transition)
    suspension = case.open_suspension()
    if suspension is None:
        raise CaseError("「中止日期」找不到未恢复的中止记录", "on")
    require_date(on, "on", "恢复日期")
    not_before(on, suspension.suspended_on, "on", "恢复日期", "中止日期")
    suspension.resumed_on = on
    case.state, case.state_since = CaseState(suspension.resume_state), on
    _apply(case, transition, on, suspended_days=(on - suspension.suspended_on).days)
    deadlines.resume(case, suspension)


def extend(case: AdministrativeReviewCase, on: dt.date, days: int | None, reason: str, approved_by: str) -> None:
    """The one extension of at most 30 days, approved by the head of the review office (art 62 ¶1)."""
    transition = TRANSITIONS["extend"]
    _check_source(case, transition)
    if case.procedure == Procedure.SIMPLIFIED:
        raise CaseError("「程序」简易程序案件应在三十日内作出决定，不能延长（第六十二条第二款）", "procedure")
    if case.extension_days is not None:
        raise CaseError(
            f"「延长天数」本案已于{case.extended_on.isoformat()}延长过一次，不能再次延长（第六十二条第一款）", "days"
        )
    require_date(on, "on", "延期日期")
    not_before(on, case.accepted_on, "on", "延期日期", "受理日期")
    if days is None or days < 1:
        raise CaseError("「延长天数」必填，且应为正整数", "days")
    if days > 30:
        raise CaseError(f"「延长天数」延长期限最多不得超过三十日（填写了{days}日，第六十二条第一款）", "days")
    approved = require_text(approved_by, "approved_by", "批准人（行政复议机构负责人）")
    reason = require_text(reason, "reason", "延期理由（情况复杂的具体情形）")
    current = deadlines.decision_deadline(case)
    if current is not None and on > current.due_date:
        raise CaseError(
            f"「延期日期」审理期限已于{current.due_date.isoformat()}届满，不能在届满后延长（第六十二条第一款）", "on"
        )
    case.extension_days, case.extended_on = days, on
    case.extension_approved_by, case.extension_reason = approved, reason
    deadlines.extend(case, days, reason, approved)
    _apply(case, transition, on, note=reason, days=days, approved_by=approved)


def decide(
    case: AdministrativeReviewCase,
    on: dt.date,
    decision_type: str,
    number: str = "",
    summary: str = "",
    redo_ordered: bool = False,
    performance_days: int | None = None,
) -> None:
    """The 行政复议决定 (arts 63–69, 33) or 调解书 (art 73), within the decision period."""
    transition = TRANSITIONS["decide"]
    _check_source(case, transition)
    try:
        kind = DecisionType(decision_type)
    except ValueError:
        raise CaseError("「决定类型」请选择决定类型", "decision_type") from None
    if kind == DecisionType.TERMINATION:
        raise CaseError("「决定类型」终止审理请用“终止”操作并写明第四十一条的情形", "decision_type")
    require_date(on, "on", "决定日期")
    not_before(on, case.accepted_on, "on", "决定日期", "受理日期")
    not_before(on, case.copy_sent_on, "on", "决定日期", "发送答复通知日期")
    if kind == DecisionType.MEDIATION and case.state != S.MEDIATING:
        raise CaseError("「决定类型」制作调解书须先开始调解（第七十三条）", "decision_type")
    substantive = kind not in (DecisionType.DISMISS_APPLICATION, DecisionType.MEDIATION)
    if (
        substantive
        and str(case.category) in setting("FAZHI_ADMIN_REVIEW_ONSITE_CATEGORIES")
        and not case.onsite_investigated_on
    ):
        label = CATEGORY_LABELS.get(Category(case.category), case.category)
        raise CaseError(f"「现场调查」{label}纠纷案件须先到现场调查核实并记录（本地制度）", "onsite_investigated_on")
    if substantive and case.major_complex and not any(h.status == "held" for h in case.hearings):
        raise CaseError("「听证」重大、疑难、复杂案件应当组织听证后再作决定（第五十条第一款）", "hearing")
    if redo_ordered and kind not in REDO_DECISIONS:
        raise CaseError(
            f"「责令重作或履行」“{DECISION_LABELS[kind]}”决定不能责令重作或履行（第六十四条、第六十六条）",
            "redo_ordered",
        )
    if kind == DecisionType.ORDER_PERFORMANCE:
        redo_ordered = True
    if redo_ordered:
        performance_days = performance_days or setting("FAZHI_ADMIN_REVIEW_DEFAULT_PERFORMANCE_DAYS")
        if performance_days < 1:
            raise CaseError("「履行期限（日）」应为正整数", "performance_days")
    case.decision_type, case.decided_on = kind, on
    case.decision_number, case.decision_summary = (number or "").strip(), (summary or "").strip()
    case.redo_ordered, case.performance_days = bool(redo_ordered), performance_days if redo_ordered else None
    _apply(
        case,
        transition,
        on,
        note=DECISION_LABELS[kind],
        decision_type=str(kind),
        correction=kind in CORRECTION_DECISIONS,
        redo_ordered=case.redo_ordered,
        respondent_id=case.respondent_id,
    )
    deadlines.concluded(case, on)


def terminate(case: AdministrativeReviewCase, on: dt.date, ground: str, note: str = "") -> None:
    """End the review without a decision on the merits (art 41; after 和解, art 74)."""
    transition = TRANSITIONS["terminate"]
    _check_source(case, transition)
    try:
        ground = TerminationGround(ground)
    except ValueError:
        raise CaseError("「终止情形」请选择第四十一条规定的情形", "ground") from None
    require_date(on, "on", "终止日期")
    not_before(on, case.accepted_on, "on", "终止日期", "受理日期")
    suspension = case.open_suspension()
    if suspension is not None:
        suspension.resumed_on = on  # the suspension ends with the case
    case.decision_type, case.decided_on = DecisionType.TERMINATION, on
    case.termination_ground, case.decision_summary = str(ground), (note or "").strip()
    _apply(
        case,
        transition,
        on,
        note=note,
        ground=str(ground),
        decision_type=str(DecisionType.TERMINATION),
        correction=False,
        respondent_id=case.respondent_id,
    )
    deadlines.concluded(case, on)


def serve(case: AdministrativeReviewCase, on: dt.date) -> None:
    """The decision (调解书) is served and takes effect (art 75 ¶2)."""
    transition = TRANSITIONS["serve"]
    _check_source(case, transition)
    require_date(on, "on", "送达日期")
    not_before(on, case.decided_on, "on", "送达日期", "决定日期")
    case.served_on = on
    _apply(case, transition, on)
    deadlines.served(case)


def notify_head(case: AdministrativeReviewCase, on: dt.date, record: str) -> None:
    """行政首长告知: the respondent's head is told of the outcome (local practice)."""
    transition = TRANSITIONS["notify_head"]
    _check_source(case, transition)
    require_date(on, "on", "告知日期")
    not_before(on, case.decided_on, "on", "告知日期", "决定日期")
    case.head_notified_on = on
    case.head_notice_record = require_text(record, "record", "告知情况（告知对象、方式）")[:255]
    _apply(case, transition, on, note=case.head_notice_record)
    deadlines.head_notified(case)


def check_performance(case: AdministrativeReviewCase, on: dt.date, performed: bool, note: str = "") -> None:
    """The review body checked whether the respondent performed the decision (art 77)."""
    transition = TRANSITIONS["check_performance"]
    _check_source(case, transition)
    require_date(on, "on", "核查日期")
    not_before(on, case.served_on, "on", "核查日期", "送达日期")
    case.performance_checked_on, case.performed = on, bool(performed)
    case.performance_note = (note or "").strip()[:255]
    _apply(case, transition, on, note=case.performance_note, performed=case.performed)
    deadlines.performance_checked(case)


def visit(case: AdministrativeReviewCase, on: dt.date, record: str) -> None:
    """The follow-up visit (回访, local practice) closes the case."""
    transition = TRANSITIONS["visit"]
    _check_source(case, transition)
    if case.redo_ordered and case.state == S.SERVED:
        raise CaseError("「状态」责令重作或履行的案件须先核查履行情况，再回访结案（第七十七条）", "state")
    require_date(on, "on", "回访日期")
    not_before(on, case.served_on, "on", "回访日期", "送达日期")
    case.visited_on = on
    case.visit_record = require_text(record, "record", "回访情况")
    _apply(case, transition, on, note=case.visit_record)
    deadlines.visited(case)


# -- hearings ----------------------------------------------------------------------------------------


def schedule_hearing(
    case: AdministrativeReviewCase,
    on: dt.date,
    scheduled_for: dt.date,
    place: str,
    matters: str,
    presiding_officer: str,
    hearing_officers: str,
    clerk: str,
) -> Hearing:
    """Plan a hearing with its panel (art 50 ¶3); the written notice is due five working days before (art 51)."""
    transition = TRANSITIONS["schedule_hearing"]
    _check_source(case, transition)
    require_date(on, "on", "安排日期")
    not_before(on, case.accepted_on, "on", "安排日期", "受理日期")
    if scheduled_for is None:
        raise CaseError("「听证日期」必填", "scheduled_for")
    not_before(scheduled_for, on, "scheduled_for", "听证日期", "安排日期")
    latest = deadlines.latest_hearing_notice_day(scheduled_for)
    if latest < on:
        raise CaseError(
            f"「听证日期」须留出五个工作日书面通知当事人：{scheduled_for.isoformat()}的听证最迟应在"
            f"{latest.isoformat()}通知（第五十一条第一款），请推后听证日期",
            "scheduled_for",
        )
    hearing = Hearing(
        case=case,
        region_id=case.region_id,
        scheduled_for=scheduled_for,
        place=(place or "").strip(),
        matters=(matters or "").strip(),
        presiding_officer=require_text(presiding_officer, "presiding_officer", "主持人"),
        hearing_officers=(hearing_officers or "").strip(),
        clerk=require_text(clerk, "clerk", "记录员"),
    )
    if len(hearing.officers) < 2:
        raise CaseError("「听证员」应有两名以上行政复议人员任听证员（第五十条第三款），以“、”分隔", "hearing_officers")
    db.session.add(hearing)
    db.session.flush()
    _apply(
        case,
        transition,
        on,
        note=f"听证日期 {scheduled_for.isoformat()}",
        hearing_id=hearing.id,
        scheduled_for=scheduled_for.isoformat(),
    )
    deadlines.open_hearing_notice(case, hearing)
    return hearing


def _publish_hearing(hearing: Hearing, verb: str, on: dt.date, **payload: Any) -> None:
    case = hearing.case
    publish(
        f"admin_review.{HEARING_EVENTS[verb]}",
        region_id=hearing.region_id,
        subject=case,
        payload={
            "hearing_id": hearing.id,
            "case_id": case.id,
            "case_number": case.case_number,
            "respondent_id": case.respondent_id,
            "on": on.isoformat(),
            **payload,
        },
    )


def _check_hearing_open(hearing: Hearing) -> None:
    if hearing.status != "scheduled":
        raise CaseError("「听证状态」该听证已举行或已取消", "status")


def notify_hearing(hearing: Hearing, on: dt.date) -> None:
    """The written notice of time, place and matters, at least five working days before (art 51 ¶1)."""
    _check_hearing_open(hearing)
    require_date(on, "on", "听证通知日期")
    if not deadlines.hearing_notice_in_time(on, hearing.scheduled_for):
        latest = deadlines.latest_hearing_notice_day(hearing.scheduled_for)
        raise CaseError(
            f"「听证通知日期」应于听证五个工作日前书面通知当事人（最迟{latest.isoformat()}，第五十一条第一款）；"
            "请改期听证",
            "on",
        )
    hearing.notified_on = on
    _publish_hearing(hearing, "notify", on)
    deadlines.hearing_notified(hearing.case, hearing)


def hold_hearing(
    hearing: Hearing,
    on: dt.date,
    head_attended: bool,
    head_name: str = "",
    delegate_name: str = "",
    absence_explanation: str = "",
    record: str = "",
) -> None:
    """The hearing took place; who attended for the respondent (art 51 ¶3)."""
    _check_hearing_open(hearing)
    require_date(on, "on", "举行日期")
    if hearing.notified_on is None:
        raise CaseError("「听证通知日期」尚未书面通知当事人，不能举行听证（第五十一条第一款）", "notified_on")
    not_before(on, hearing.scheduled_for, "on", "举行日期", "通知的听证日期")
    if head_attended and not (head_name or "").strip():
        raise CaseError("「负责人姓名」被申请人负责人参加听证的，须填写其姓名", "head_name")
    hearing.status, hearing.held_on = "held", on
    hearing.respondent_head_attended = bool(head_attended)
    hearing.respondent_head_name = (head_name or "").strip()
    hearing.delegate_name = (delegate_name or "").strip()
    hearing.absence_explanation = (absence_explanation or "").strip()
    hearing.record = (record or "").strip()
    _publish_hearing(
        hearing,
        "hold",
        on,
        head_attended=hearing.respondent_head_attended,
        delegate_name=hearing.delegate_name,
        explained=bool(hearing.absence_explanation),
        head_absent_without_explanation=hearing.head_absent_without_explanation,
    )


def cancel_hearing(hearing: Hearing, on: dt.date, reason: str) -> None:
    """The hearing will not take place."""
    _check_hearing_open(hearing)
    require_date(on, "on", "取消日期")
    hearing.status = "cancelled"
    hearing.record = require_text(reason, "reason", "取消理由")
    _publish_hearing(hearing, "cancel", on, reason=hearing.record)
    deadlines.hearing_cancelled(hearing.case, hearing)


# -- 意见书 -------------------------------------------------------------------------------------------


def issue_opinion(
    case: AdministrativeReviewCase,
    addressee: Any,
    issued_on: dt.date,
    received_on: dt.date | None,
    number: str,
    content: str,
) -> Opinion:
    """A 行政复议意见书 to an agency whose act was unlawful or improper (art 76)."""
    transition = TRANSITIONS["issue_opinion"]
    _check_source(case, transition)
    if addressee is None:
        raise CaseError("「送达单位」必填", "addressee")
    require_date(issued_on, "issued_on", "制发日期")
    not_before(issued_on, case.accepted_on, "issued_on", "制发日期", "受理日期")
    received = received_on or issued_on
    not_before(received, issued_on, "received_on", "收到日期", "制发日期")
    opinion = Opinion(
        case=case,
        region_id=case.region_id,
        addressee_id=addressee.id,
        addressee=addressee,
        issued_on=issued_on,
        received_on=received,
        number=(number or "").strip(),
        content=require_text(content, "content", "意见书内容"),
    )
    db.session.add(opinion)
    db.session.flush()
    _apply(case, transition, issued_on, note=f"致{addressee.name}", opinion_id=opinion.id, addressee_id=addressee.id)
    deadlines.open_opinion_report(case, opinion)
    return opinion


def report_opinion(opinion: Opinion, on: dt.date, report: str) -> None:
    """The addressee reported its correction (art 76)."""
    if opinion.reported_on is not None:
        raise CaseError("「报送日期」已记录过纠正情况", "on")
    require_date(on, "on", "报送日期")
    not_before(on, opinion.received_on, "on", "报送日期", "意见书收到日期")
    opinion.reported_on, opinion.report = on, require_text(report, "report", "纠正情况")
    publish(
        "admin_review.opinion.reported",
        region_id=opinion.region_id,
        subject=opinion.case,
        payload={
            "opinion_id": opinion.id,
            "case_id": opinion.case_id,
            "addressee_id": opinion.addressee_id,
            "on": on.isoformat(),
        },
    )
    deadlines.opinion_reported(opinion.case, opinion)


def load_case(case_id: int) -> AdministrativeReviewCase | None:
    """A case by id, unscoped (for event handlers, which run as the system)."""
    with unscoped():
        return db.session.get(AdministrativeReviewCase, case_id)
