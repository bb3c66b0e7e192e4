"""The state machine of a case: its transitions, and the one function that applies them.

A transition is an explicit act with a date (the day it happened) and a user (the acting user,
or the system for deemed acceptance); it moves the case between the states of
`vocabulary.CaseState` along `TRANSITIONS` only, records a timeline step (`CaseStep`) and
publishes the act's event class (`plugins.admin_review.events`) about the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.audit import current_actor
from core.events import publish
from core.extensions import db
from core.refusals import require_state
from core.tenancy import unscoped
from plugins.admin_review import events as ev
from plugins.admin_review.models import AdministrativeReviewCase, CaseStep
from plugins.admin_review.vocabulary import CONCLUDED_STATES, OPEN_REVIEW_STATES, CaseState

S = CaseState


@dataclass(frozen=True)
class Transition:
    """An act on a case: from which states, to which state, and the event it publishes."""

    key: str
    label: str
    sources: frozenset[CaseState]
    #: None: the state does not change (an act recorded on the case).
    target: CaseState | None
    #: The event class the act publishes (plugins/admin_review/events.py).
    event: type[ev.CaseEvent]


def _t(
    key: str, label: str, sources: set[CaseState], target: CaseState | None, event: type[ev.CaseEvent]
) -> Transition:
    return Transition(key, label, frozenset(sources), target, event)


REVIEWING = set(OPEN_REVIEW_STATES - {S.SUSPENDED})
TRANSITIONS = {
    t.key: t
    for t in (
        _t("receive", "收到申请", set(), S.RECEIVED, ev.CaseReceived),
        _t("request_correction", "通知补正", {S.RECEIVED}, S.CORRECTION, ev.CaseCorrectionRequested),
        # From ABANDONED only for materials posted before the period expired (民诉法 art 85 ¶4).
        _t("supplement", "收到补正材料", {S.CORRECTION, S.ABANDONED}, S.RECEIVED, ev.CaseSupplemented),
        _t("correction_received", "录入申请人收到补正通知日期", {S.CORRECTION}, None, ev.CaseCorrectionReceived),
        _t("extend_correction", "延长补正期限", {S.CORRECTION}, None, ev.CaseCorrectionExtended),
        _t("abandon", "视为放弃申请", {S.CORRECTION}, S.ABANDONED, ev.CaseAbandoned),
        _t("accept", "受理", {S.RECEIVED}, S.ACCEPTED, ev.CaseAccepted),
        _t("deem_accepted", "视为受理", {S.RECEIVED}, S.ACCEPTED, ev.CaseAccepted),
        _t("refuse", "不予受理", {S.RECEIVED}, S.NOT_ACCEPTED, ev.CaseRefused),
        _t("send_copy", "发送答复通知", {S.ACCEPTED}, S.COPY_SENT, ev.CaseCopySent),
        # From UNDER_REVIEW only for a reply posted in time after the period was taken as missed.
        _t("receive_reply", "收到答复", {S.COPY_SENT, S.UNDER_REVIEW}, S.UNDER_REVIEW, ev.CaseReplied),
        _t("reply_missed", "答复期限届满未答复", {S.COPY_SENT}, S.UNDER_REVIEW, ev.CaseReplyMissed),
        _t("convert", "转为普通程序", REVIEWING, None, ev.CaseConverted),
        _t("investigate", "现场调查", REVIEWING, None, ev.CaseInvestigated),
        _t(
            "start_mediation",
            "开始调解",
            {S.ACCEPTED, S.COPY_SENT, S.UNDER_REVIEW},
            S.MEDIATING,
            ev.CaseMediationStarted,
        ),
        _t("end_mediation", "调解未成", {S.MEDIATING}, S.UNDER_REVIEW, ev.CaseMediationFailed),
        _t("suspend", "中止审理", REVIEWING, S.SUSPENDED, ev.CaseSuspended),
        _t("resume", "恢复审理", {S.SUSPENDED}, None, ev.CaseResumed),
        _t("extend", "延长审理期限", REVIEWING | {S.SUSPENDED}, None, ev.CaseExtended),
        _t("decide", "作出决定", REVIEWING, S.DECIDED, ev.CaseDecided),
        _t("terminate", "终止审理", set(OPEN_REVIEW_STATES), S.TERMINATED, ev.CaseTerminated),
        _t("serve", "送达", {S.DECIDED, S.TERMINATED}, S.SERVED, ev.CaseServed),
        _t("notify_head", "行政首长告知", {S.DECIDED, S.SERVED, S.PERFORMANCE_CHECKED}, None, ev.CaseHeadNotified),
        _t("check_performance", "核查履行情况", {S.SERVED}, S.PERFORMANCE_CHECKED, ev.CasePerformanceChecked),
        _t("visit", "回访", {S.SERVED, S.PERFORMANCE_CHECKED}, S.CLOSED, ev.CaseVisited),
        _t("schedule_hearing", "安排听证", REVIEWING, None, ev.HearingScheduled),
        # A calendar recount moved a lapsed period: the legal effect it had is undone or moved.
        _t("recount", "按新日历重算期限", set(), None, ev.CaseRecounted),
        _t("issue_opinion", "制发意见书", REVIEWING | CONCLUDED_STATES, None, ev.OpinionIssued),
    )
}


# -- helpers -----------------------------------------------------------------------------------------


def check_source(case: AdministrativeReviewCase, transition: Transition) -> None:
    """Refuse the act when the case is not in one of the states it may start from."""
    require_state(CaseState(case.state), transition.sources, transition.label, "案件")


def apply_transition(
    case: AdministrativeReviewCase, transition: Transition, on: dt.date, note: str = "", **fields: Any
) -> None:
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
    data = transition.event(
        case_id=case.id, case_number=case.case_number, state=str(case.state), previous_state=before, on=on, **fields
    )
    publish(data, region_id=case.region_id, subject=case)


def load_case(case_id: int) -> AdministrativeReviewCase | None:
    """A case by id, unscoped (for event handlers, which run as the system)."""
    with unscoped():
        return db.session.get(AdministrativeReviewCase, case_id)
