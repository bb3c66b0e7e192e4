"""Which statutory periods a case opens and closes — every call to `core.deadlines` is here.

Periods of 三日、五日、七日、十日 in 行政复议法 are working days (art 88 ¶2); the 30- and 60-day
periods are counted by 民诉法 art 85 (art 88 ¶1). The core calendar does both; this module only
says which period, from which day, on which article.

Every deadline belongs to the case itself, so the case page lists them all (the core's
"期限" panel) and every ``core.deadline.*`` event names the case. Periods of a hearing, a
suspension or a 意见书 carry that record's id in their kind ("hearing_notice:12"); `family`
strips it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from core import deadlines as core_deadlines
from core.extensions import db
from core.models import Unit
from core.tenancy import unscoped
from core.workcalendar import WorkCalendar
from plugins.admin_review.settings import setting

PLUGIN_KEY = "admin_review"
LAW = "《行政复议法》"


@dataclass(frozen=True)
class Period:
    """A kind of deadline: its Chinese label, its basis, and its length (one of the three)."""

    kind: str
    label: str
    basis: str
    working_days: int | None = None
    calendar_days: int | None = None
    #: Whose duty the period is: "body" (the review body), "respondent", "addressee", "applicant".
    owner: str = "body"


ACCEPTANCE_REVIEW = Period("acceptance_review", "受理审查期限", f"{LAW}第三十条", working_days=5)
ACCEPTANCE_REVIEW_AFTER_CORRECTION = Period(
    "acceptance_review_2", "补正后受理审查期限", f"{LAW}第三十一条第三款、第三十条", working_days=5
)
CORRECTION = Period("correction", "补正期限（申请人）", f"{LAW}第三十一条第二款", working_days=10, owner="applicant")
COPY = Period("copy_to_respondent", "发送答复通知期限", f"{LAW}第四十八条", working_days=7)
COPY_SIMPLIFIED = Period(
    "copy_to_respondent_s", "发送答复通知期限（简易程序）", f"{LAW}第五十四条第一款", working_days=3
)
REPLY = Period("reply", "被申请人答复期限", f"{LAW}第四十八条", working_days=10, owner="respondent")
REPLY_SIMPLIFIED = Period(
    "reply_s", "被申请人答复期限（简易程序）", f"{LAW}第五十四条第一款", working_days=5, owner="respondent"
)
DECISION = Period("decision", "复议决定期限", f"{LAW}第六十二条第一款", calendar_days=60)
DECISION_SIMPLIFIED = Period("decision_s", "复议决定期限（简易程序）", f"{LAW}第六十二条第二款", calendar_days=30)
HEARING_NOTICE = Period("hearing_notice", "听证书面通知期限（听证五日前）", f"{LAW}第五十一条第一款", working_days=5)
SUSPENSION_LIMIT = Period("suspension_limit", "中止满六十日终止期限", f"{LAW}第四十一条第一款第五项", calendar_days=60)
OPINION_REPORT = Period(
    "opinion_report", "意见书纠正情况报送期限", f"{LAW}第七十六条", calendar_days=60, owner="addressee"
)
PERFORMANCE = Period("performance", "履行复议决定期限", f"{LAW}第六十四条、第六十六条、第七十七条", owner="respondent")
HEAD_NOTICE = Period("head_notice", "行政首长告知期限", "本地制度：行政复议行政首长告知")
FOLLOW_UP = Period("follow_up", "案件回访期限", "本地制度：行政复议案件回访")

PERIODS = {
    p.kind: p
    for p in (
        ACCEPTANCE_REVIEW,
        ACCEPTANCE_REVIEW_AFTER_CORRECTION,
        CORRECTION,
        COPY,
        COPY_SIMPLIFIED,
        REPLY,
        REPLY_SIMPLIFIED,
        DECISION,
        DECISION_SIMPLIFIED,
        HEARING_NOTICE,
        SUSPENSION_LIMIT,
        OPINION_REPORT,
        PERFORMANCE,
        HEAD_NOTICE,
        FOLLOW_UP,
    )
}
ACCEPTANCE_KINDS = frozenset({ACCEPTANCE_REVIEW.kind, ACCEPTANCE_REVIEW_AFTER_CORRECTION.kind})
REPLY_KINDS = frozenset({REPLY.kind, REPLY_SIMPLIFIED.kind})
COPY_KINDS = frozenset({COPY.kind, COPY_SIMPLIFIED.kind})
DECISION_KINDS = frozenset({DECISION.kind, DECISION_SIMPLIFIED.kind})
#: The review body's own periods: warned when near, supervised when missed.
BODY_KINDS = frozenset(p.kind for p in PERIODS.values() if p.owner == "body")


def family(kind: str) -> str:
    """The period a deadline kind belongs to ("hearing_notice:12" → "hearing_notice")."""
    return (kind or "").split(":", 1)[0]


def of_record(period: Period, record: Any) -> str:
    """The kind of a period of one hearing, suspension or 意见书 of the case ("hearing_notice:12")."""
    return f"{period.kind}:{record.id}"


def review_office_id(region_id: int) -> int | None:
    """The 行政复议机构 of a review body: the legal office (司法局) of the case's region."""
    with unscoped():
        return db.session.execute(
            select(Unit.id).where(Unit.region_id == region_id, Unit.is_legal_office.is_(True)).order_by(Unit.id)
        ).scalar()


def _open(
    subject: Any,
    period: Period,
    start: dt.date,
    *,
    responsible_unit_id: int | None,
    staff_id: int | None,
    label: str | None = None,
    kind: str | None = None,
    **length: int,
) -> Any:
    lengths = length or {
        k: v for k, v in (("working_days", period.working_days), ("calendar_days", period.calendar_days)) if v
    }
    return core_deadlines.open_deadline(
        subject,
        plugin_key=PLUGIN_KEY,
        kind=kind or period.kind,
        label=label or period.label,
        basis=period.basis,
        start=start,
        responsible_unit_id=responsible_unit_id,
        staff_user_id=staff_id,
        **lengths,
    )


def _body(case: Any) -> dict[str, Any]:
    return {"responsible_unit_id": review_office_id(case.region_id), "staff_id": case.staff_id}


# -- acceptance ------------------------------------------------------------------------------------


def open_acceptance_review(case: Any) -> Any:
    """Five working days from receipt to accept, refuse, or ask for 补正 (arts 30, 31)."""
    return _open(case, ACCEPTANCE_REVIEW, case.received_on, **_body(case))


def open_correction(case: Any) -> Any:
    """The applicant's ten working days from receiving the 补正 notice (art 31 ¶2)."""
    _close_acceptance(case, case.correction_notice_on)
    return _open(case, CORRECTION, case.correction_served_on, responsible_unit_id=None, staff_id=case.staff_id)


def reopen_acceptance_review(case: Any) -> Any:
    """After the materials arrive, a new five-working-day review (art 31 ¶3 → art 30)."""
    core_deadlines.meet_deadline(case, CORRECTION.kind, on=case.supplemented_on)
    return _open(case, ACCEPTANCE_REVIEW_AFTER_CORRECTION, case.supplemented_on, **_body(case))


def close_correction_abandoned(case: Any) -> None:
    """The applicant did not supplement: the correction period is over (it was missed, or closed here)."""
    core_deadlines.cancel_deadline(case, CORRECTION.kind, reason="逾期未补正，视为放弃（第三十一条第二款）")


def _close_acceptance(case: Any, on: dt.date) -> None:
    for kind in ACCEPTANCE_KINDS:
        core_deadlines.meet_deadline(case, kind, on=on)


def close_acceptance(case: Any, on: dt.date) -> None:
    """The review body decided within the review period (accepted or refused)."""
    _close_acceptance(case, on)


def acceptance_due(case: Any) -> dt.date | None:
    """The last day of the open acceptance review, if one is open."""
    for deadline in pending(case):
        if deadline.kind in ACCEPTANCE_KINDS:
            return deadline.due_date
    return None


# -- review ----------------------------------------------------------------------------------------


def open_review(case: Any) -> None:
    """On acceptance: the copy to the respondent and the decision period (arts 48, 54, 62)."""
    simplified = case.simplified
    _open(case, COPY_SIMPLIFIED if simplified else COPY, case.accepted_on, **_body(case))
    _open(case, DECISION_SIMPLIFIED if simplified else DECISION, case.accepted_on, **_body(case))


def copy_sent(case: Any) -> None:
    """The copy went out; the respondent's reply period runs from its receipt (arts 48, 54)."""
    for kind in COPY_KINDS:
        core_deadlines.meet_deadline(case, kind, on=case.copy_sent_on)
    period = REPLY_SIMPLIFIED if case.simplified else REPLY
    _open(case, period, case.copy_received_on, responsible_unit_id=case.respondent_id, staff_id=case.staff_id)


def reply_received(case: Any) -> None:
    """The respondent replied."""
    for kind in REPLY_KINDS:
        core_deadlines.meet_deadline(case, kind, on=case.reply_received_on)


def converted_to_ordinary(case: Any, suspended_days: int) -> None:
    """Simplified → ordinary (art 55): the ordinary periods replace the simplified ones still open.

    The decision period becomes 60 days from acceptance; days already suspended are added back,
    since a suspension stops the clock whichever procedure applies.
    """
    kinds = {d.kind for d in pending(case)}
    reason = "转为普通程序审理（第五十五条）"
    if COPY_SIMPLIFIED.kind in kinds:
        core_deadlines.cancel_deadline(case, COPY_SIMPLIFIED.kind, reason=reason)
        _open(case, COPY, case.accepted_on, **_body(case))
    if REPLY_SIMPLIFIED.kind in kinds:
        core_deadlines.cancel_deadline(case, REPLY_SIMPLIFIED.kind, reason=reason)
        _open(case, REPLY, case.copy_received_on, responsible_unit_id=case.respondent_id, staff_id=case.staff_id)
    if DECISION_SIMPLIFIED.kind in kinds:
        core_deadlines.cancel_deadline(case, DECISION_SIMPLIFIED.kind, reason=reason)
        _open(case, DECISION, case.accepted_on, calendar_days=DECISION.calendar_days + suspended_days, **_body(case))


def decision_deadline(case: Any) -> Any | None:
    """The case's open (or suspended) decision deadline."""
    return next((d for d in pending(case) if d.kind in DECISION_KINDS), None)


def _proceeding(deadline: Any) -> bool:
    return deadline.kind in DECISION_KINDS | COPY_KINDS | REPLY_KINDS


def suspend(case: Any, suspension: Any) -> None:
    """Stop the clock of the proceeding's running periods (art 39); art 41 ¶1 (5) for some grounds."""
    for deadline in deadlines_of(case):
        if _proceeding(deadline) and str(deadline.state) in core_deadlines.RUNNING_STATES:
            core_deadlines.suspend_deadline(case, deadline.kind, on=suspension.suspended_on, reason=suspension.reason)
    from plugins.admin_review.vocabulary import TERMINATING_SUSPENSION_GROUNDS

    if suspension.ground in TERMINATING_SUSPENSION_GROUNDS:
        kind = of_record(SUSPENSION_LIMIT, suspension)
        _open(case, SUSPENSION_LIMIT, suspension.suspended_on, kind=kind, **_body(case))


def resume(case: Any, suspension: Any) -> None:
    """Restart the stopped periods; their due dates move by the suspended days (core)."""
    for deadline in deadlines_of(case):
        if _proceeding(deadline) and str(deadline.state) == "suspended":
            core_deadlines.resume_deadline(case, deadline.kind, on=suspension.resumed_on)
    core_deadlines.meet_deadline(case, of_record(SUSPENSION_LIMIT, suspension), on=suspension.resumed_on)


def extend(case: Any, days: int, reason: str, approved_by: str) -> Any:
    """The one extension of the decision period (art 62 ¶1), approval recorded by the core."""
    return core_deadlines.extend_deadline(
        case, DECISION.kind, calendar_days=days, reason=reason, approved_by=approved_by
    )


def concluded(case: Any, on: dt.date) -> None:
    """The case is decided or terminated: the decision period is met, what else runs is moot."""
    for deadline in pending(case):
        kind = family(deadline.kind)
        if deadline.kind in DECISION_KINDS:
            core_deadlines.meet_deadline(case, deadline.kind, on=on)
        elif deadline.kind in COPY_KINDS | REPLY_KINDS or kind in (HEARING_NOTICE.kind, SUSPENSION_LIMIT.kind):
            core_deadlines.cancel_deadline(case, deadline.kind, reason="案件已审结")
    if _head_notice_needed(case):
        _open(case, HEAD_NOTICE, on, calendar_days=setting("HEAD_NOTICE_DAYS"), **_body(case))


def _head_notice_needed(case: Any) -> bool:
    decisions = setting("HEAD_NOTICE_DECISIONS")
    return decisions == "all" or str(case.decision_type) in decisions


def head_notified(case: Any) -> None:
    """行政首长告知 done (local practice)."""
    core_deadlines.meet_deadline(case, HEAD_NOTICE.kind, on=case.head_notified_on)


def served(case: Any) -> None:
    """The decision was served: performance within its time limit (art 77) and the follow-up visit."""
    if case.redo_ordered and case.performance_days:
        _open_performance(case)
    _open_follow_up(case)


def _open_performance(case: Any) -> None:
    _open(
        case,
        PERFORMANCE,
        case.served_on,
        responsible_unit_id=case.respondent_id,
        staff_id=case.staff_id,
        label=f"履行复议决定期限（{case.performance_days}日）",
        calendar_days=case.performance_days,
    )


def _open_follow_up(case: Any) -> None:
    days = setting("FOLLOW_UP_DAYS")
    if days:
        _open(case, FOLLOW_UP, case.served_on, calendar_days=days, **_body(case))


def performance_checked(case: Any) -> None:
    """The review body checked performance."""
    core_deadlines.meet_deadline(case, PERFORMANCE.kind, on=case.performance_checked_on)


def visited(case: Any) -> None:
    """The follow-up visit took place."""
    core_deadlines.meet_deadline(case, FOLLOW_UP.kind, on=case.visited_on)


# -- imported cases ----------------------------------------------------------------------------------


def open_for_imported(case: Any) -> None:
    """The periods still running for a case imported in the middle (or at the end) of its life."""
    from plugins.admin_review.vocabulary import CONCLUDED_STATES, OPEN_REVIEW_STATES, CaseState

    state = CaseState(case.state)
    if state == CaseState.RECEIVED:
        if case.supplemented_on:
            _open(case, ACCEPTANCE_REVIEW_AFTER_CORRECTION, case.supplemented_on, **_body(case))
        else:
            open_acceptance_review(case)
    elif state == CaseState.CORRECTION:
        served = case.correction_served_on or case.correction_notice_on
        _open(case, CORRECTION, served, responsible_unit_id=None, staff_id=case.staff_id)
    elif state in OPEN_REVIEW_STATES:
        _open_imported_review(case)
    elif state in CONCLUDED_STATES:
        if _head_notice_needed(case) and not case.head_notified_on:
            days = setting("HEAD_NOTICE_DAYS")
            _open(case, HEAD_NOTICE, case.decided_on, calendar_days=days, **_body(case))
        if case.served_on:
            if not case.visited_on:
                _open_follow_up(case)
            if case.redo_ordered and case.performance_days and not case.performance_checked_on:
                _open_performance(case)


def _open_imported_review(case: Any) -> None:
    simplified = case.simplified
    if not case.copy_sent_on:
        _open(case, COPY_SIMPLIFIED if simplified else COPY, case.accepted_on, **_body(case))
    elif not case.reply_received_on and not case.reply_missed:
        period = REPLY_SIMPLIFIED if simplified else REPLY
        received = case.copy_received_on or case.copy_sent_on
        _open(case, period, received, responsible_unit_id=case.respondent_id, staff_id=case.staff_id)
    period = DECISION_SIMPLIFIED if simplified else DECISION
    resumed = sum((s.resumed_on - s.suspended_on).days for s in case.suspensions if s.resumed_on)
    _open(case, period, case.accepted_on, calendar_days=period.calendar_days + resumed, **_body(case))
    if case.extension_days:
        extend(case, case.extension_days, case.extension_reason or "（导入）", case.extension_approved_by)
    current = case.open_suspension()
    if current is not None:
        for deadline in deadlines_of(case):
            if _proceeding(deadline) and str(deadline.state) in core_deadlines.RUNNING_STATES:
                core_deadlines.suspend_deadline(case, deadline.kind, on=current.suspended_on, reason=current.reason)


# -- hearings and opinions -------------------------------------------------------------------------


def current_calendar() -> WorkCalendar:
    """The core's working-day calendar of this app context."""
    from core.deadlines.operations import current_calendar as core_calendar

    return core_calendar()


def latest_hearing_notice_day(scheduled_for: dt.date) -> dt.date:
    """The last working day a written notice can go out and leave five working days before the hearing (art 51 ¶1).

    A working day, so that the deadline's own last day is not rolled over past it: sent on the
    Sunday before a Friday hearing the notice would still be in time, sent on the Monday it would not.
    """
    calendar = current_calendar()
    day = scheduled_for - dt.timedelta(days=1)
    while calendar.add_working_days(day, 5).date > scheduled_for or not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def hearing_notice_in_time(notified_on: dt.date, scheduled_for: dt.date) -> bool:
    """Whether a notice sent on `notified_on` leaves five working days before the hearing."""
    return current_calendar().add_working_days(notified_on, 5).date <= scheduled_for


def open_hearing_notice(case: Any, hearing: Any) -> Any:
    """The day by which the parties must be notified in writing of a scheduled hearing (art 51 ¶1)."""
    latest = latest_hearing_notice_day(hearing.scheduled_for)
    # The period runs backwards from the hearing: its last day is opened directly (0 working days).
    label = f"听证书面通知期限（{hearing.scheduled_for.isoformat()}听证前五个工作日）"
    return _open(
        case,
        HEARING_NOTICE,
        latest,
        kind=of_record(HEARING_NOTICE, hearing),
        label=label,
        working_days=0,
        **_body(case),
    )


def hearing_notified(case: Any, hearing: Any) -> None:
    """The written notice went out."""
    core_deadlines.meet_deadline(case, of_record(HEARING_NOTICE, hearing), on=hearing.notified_on)


def hearing_cancelled(case: Any, hearing: Any) -> None:
    """No hearing, no notice."""
    core_deadlines.cancel_deadline(case, of_record(HEARING_NOTICE, hearing), reason="听证取消")


def open_opinion_report(case: Any, opinion: Any) -> Any:
    """The addressee's 60 days from receipt to report its correction (art 76)."""
    return _open(
        case,
        OPINION_REPORT,
        opinion.received_on,
        kind=of_record(OPINION_REPORT, opinion),
        label=f"意见书纠正情况报送期限（{opinion.addressee.name}）",
        responsible_unit_id=opinion.addressee_id,
        staff_id=case.staff_id,
    )


def opinion_reported(case: Any, opinion: Any) -> None:
    """The addressee reported."""
    core_deadlines.meet_deadline(case, of_record(OPINION_REPORT, opinion), on=opinion.reported_on)


# -- reading ---------------------------------------------------------------------------------------


def deadlines_of(case: Any) -> list[Any]:
    """Every deadline of a case (any state), soonest due first."""
    return list(core_deadlines.deadlines_of(case))


def pending(case: Any) -> list[Any]:
    """The deadlines whose act is still to be done: running, suspended, or missed and not yet done."""
    return [
        d
        for d in deadlines_of(case)
        if str(d.state) in core_deadlines.ACTIVE_STATES or (str(d.state) == "missed" and d.met_on is None)
    ]


def overdue_case_ids_select(today: dt.date) -> Select:
    """Ids of cases with a review-body period missed, or running past its due date (超期)."""
    return core_deadlines.overdue_subject_ids(PLUGIN_KEY, "admin_review_case", today=today, kind_prefixes=BODY_KINDS)
