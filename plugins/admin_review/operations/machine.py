"""The state machine of a case: its transitions, and the one function that applies them.

A transition is an explicit act with a date (the day it happened) and a user (the acting user,
or the system for deemed acceptance); it moves the case between the states of
`vocabulary.CaseState` along `TRANSITIONS` only, records a timeline step (`CaseStep`) and
publishes the act's event class (`plugins.admin_review.events`) about the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import machine
from core.events import publish
from core.extensions import db
from core.machine import Transition, transition_table
from core.machine import transition as act
from core.tenancy import unscoped
from plugins.admin_review import events as ev
from plugins.admin_review.models import AdministrativeReviewCase, CaseStep
from plugins.admin_review.vocabulary import CONCLUDED_STATES, OPEN_REVIEW_STATES, CaseState

S = CaseState

REVIEWING = set(OPEN_REVIEW_STATES - {S.SUSPENDED})
TRANSITIONS = transition_table(
    act("receive", "收到申请", set(), S.RECEIVED, ev.CaseReceived),
    act("request_correction", "通知补正", {S.RECEIVED}, S.CORRECTION, ev.CaseCorrectionRequested),
    # From ABANDONED only for materials posted before the period expired (民诉法 art 85 ¶4).
    act("supplement", "收到补正材料", {S.CORRECTION, S.ABANDONED}, S.RECEIVED, ev.CaseSupplemented),
    act("correction_received", "录入申请人收到补正通知日期", {S.CORRECTION}, None, ev.CaseCorrectionReceived),
    act("extend_correction", "延长补正期限", {S.CORRECTION}, None, ev.CaseCorrectionExtended),
    act("abandon", "视为放弃申请", {S.CORRECTION}, S.ABANDONED, ev.CaseAbandoned),
    act("accept", "受理", {S.RECEIVED}, S.ACCEPTED, ev.CaseAccepted),
    act("deem_accepted", "视为受理", {S.RECEIVED}, S.ACCEPTED, ev.CaseAccepted),
    act("refuse", "不予受理", {S.RECEIVED}, S.NOT_ACCEPTED, ev.CaseRefused),
    act("send_copy", "发送答复通知", {S.ACCEPTED}, S.COPY_SENT, ev.CaseCopySent),
    # From UNDER_REVIEW only for a reply posted in time after the period was taken as missed.
    act("receive_reply", "收到答复", {S.COPY_SENT, S.UNDER_REVIEW}, S.UNDER_REVIEW, ev.CaseReplied),
    act("reply_missed", "答复期限届满未答复", {S.COPY_SENT}, S.UNDER_REVIEW, ev.CaseReplyMissed),
    act("convert", "转为普通程序", REVIEWING, None, ev.CaseConverted),
    act("investigate", "现场调查", REVIEWING, None, ev.CaseInvestigated),
    act("start_mediation", "开始调解", {S.ACCEPTED, S.COPY_SENT, S.UNDER_REVIEW}, S.MEDIATING, ev.CaseMediationStarted),
    act("end_mediation", "调解未成", {S.MEDIATING}, S.UNDER_REVIEW, ev.CaseMediationFailed),
    act("suspend", "中止审理", REVIEWING, S.SUSPENDED, ev.CaseSuspended),
    act("resume", "恢复审理", {S.SUSPENDED}, None, ev.CaseResumed),
    act("extend", "延长审理期限", REVIEWING | {S.SUSPENDED}, None, ev.CaseExtended),
    act("decide", "作出决定", REVIEWING, S.DECIDED, ev.CaseDecided),
    act("terminate", "终止审理", set(OPEN_REVIEW_STATES), S.TERMINATED, ev.CaseTerminated),
    act("serve", "送达", {S.DECIDED, S.TERMINATED}, S.SERVED, ev.CaseServed),
    act("notify_head", "行政首长告知", {S.DECIDED, S.SERVED, S.PERFORMANCE_CHECKED}, None, ev.CaseHeadNotified),
    act("check_performance", "核查履行情况", {S.SERVED}, S.PERFORMANCE_CHECKED, ev.CasePerformanceChecked),
    act("visit", "回访", {S.SERVED, S.PERFORMANCE_CHECKED}, S.CLOSED, ev.CaseVisited),
    act("schedule_hearing", "安排听证", REVIEWING, None, ev.HearingScheduled),
    # A calendar recount moved a lapsed period: the legal effect it had is undone or moved.
    act("recount", "按新日历重算期限", set(), None, ev.CaseRecounted),
    act("issue_opinion", "制发意见书", REVIEWING | CONCLUDED_STATES, None, ev.OpinionIssued),
)


# -- helpers -----------------------------------------------------------------------------------------


def check_source(case: AdministrativeReviewCase, transition: Transition) -> None:
    """Refuse the act when the case is not in one of the states it may start from."""
    machine.check_source(CaseState(case.state), transition, "案件")


def begin_act(
    case: AdministrativeReviewCase,
    name: str,
    on: dt.date,
    label: str,
    after: dt.date | None = None,
    after_label: str = "",
) -> Transition:
    """The transition of act `name`, refused as `core.machine.begin_dated_act` says."""
    return machine.begin_dated_act(CaseState(case.state), TRANSITIONS[name], "案件", on, label, after, after_label)


def apply_transition(
    case: AdministrativeReviewCase, transition: Transition, on: dt.date, note: str = "", **fields: Any
) -> None:
    """Move the case, record the step, publish the event (checks are done by the caller)."""
    before = machine.advance(case, transition, on, CaseStep(case=case), note)
    data = transition.event(  # type: ignore[misc]  # every act of a case publishes one
        case_id=case.id, case_number=case.case_number, state=str(case.state), previous_state=before, on=on, **fields
    )
    publish(data, region_id=case.region_id, subject=case)


def load_case(case_id: int) -> AdministrativeReviewCase | None:
    """A case by id, unscoped (for event handlers, which run as the system)."""
    with unscoped():
        return db.session.get(AdministrativeReviewCase, case_id)
