"""The review: the copy and the reply (arts 48, 54, 70), conversion (55), mediation, suspension (39), extension (62)."""

from __future__ import annotations

import datetime as dt

from core.extensions import db
from core.i18n import say
from core.refusals import Refusal, require_choice
from plugins.admin_review import deadlines
from plugins.admin_review.checks import not_before, require_date, require_text
from plugins.admin_review.models import AdministrativeReviewCase, Suspension
from plugins.admin_review.operations.machine import TRANSITIONS, apply_transition, begin_act, check_source
from plugins.admin_review.vocabulary import CaseState, Procedure, SuspensionGround


def send_copy(case: AdministrativeReviewCase, on: dt.date, received_on: dt.date | None = None) -> None:
    """Send the application copy to the respondent (art 48: 7 working days; art 54: 3)."""
    transition = begin_act(case, "send_copy", on, "发送日期", case.accepted_on, "受理日期")
    received = received_on or on
    not_before(received, on, "received_on", "被申请人收到日期", "发送日期")
    case.copy_sent_on, case.copy_received_on = on, received
    apply_transition(case, transition, on, respondent_id=case.respondent_id, received_on=received)
    deadlines.copy_sent(case)


def receive_reply(case: AdministrativeReviewCase, on: dt.date, posted_on: dt.date | None = None) -> None:
    """The respondent's written reply and evidence arrived.

    A reply posted before the period expired is on time (民诉法 art 85 ¶4, through art 88 ¶1): it
    is judged by `posted_on` (交邮日期), and undoes "no reply" (art 70) if that was recorded meanwhile.
    """
    transition = begin_act(case, "receive_reply", on, "答复日期", case.copy_received_on, "被申请人收到副本日期")
    if posted_on is not None:
        require_date(posted_on, "posted_on", "交邮日期")
        not_before(on, posted_on, "on", "答复日期", "交邮日期")
        not_before(posted_on, case.copy_received_on, "posted_on", "交邮日期", "被申请人收到副本日期")
    note = ""
    if case.state == CaseState.UNDER_REVIEW:
        period = deadlines.reply_deadline(case)
        if case.reply_received_on or not case.reply_missed:
            raise Refusal("on", say("「答复日期」已收到答复"))
        if posted_on is None or period is None or posted_on > period.due_date:
            raise Refusal(
                "posted_on",
                say(
                    "「交邮日期」答复期限已届满（第七十条）；只有在期限届满前交邮的答复才不算过期"
                    "（《民事诉讼法》第八十五条第四款）"
                ),
            )
        case.reply_missed = False
        note = f"答复于{posted_on.isoformat()}交邮，在答复期限内，不算过期（《民事诉讼法》第八十五条第四款）"
    case.reply_received_on, case.reply_posted_on = on, posted_on
    apply_transition(case, transition, on, note=note, respondent_id=case.respondent_id)
    deadlines.reply_received(case)


def record_reply_missed(case: AdministrativeReviewCase, on: dt.date) -> None:
    """The reply period lapsed: the act is deemed without evidence (art 70). Done by the system."""
    transition = TRANSITIONS["reply_missed"]
    if CaseState(case.state) not in transition.sources:
        return
    case.reply_missed = True
    apply_transition(
        case,
        transition,
        on,
        note="被申请人逾期未答复，视为该行政行为没有证据、依据（第七十条）",
        respondent_id=case.respondent_id,
    )


def convert(case: AdministrativeReviewCase, on: dt.date, approved_by: str) -> None:
    """Simplified → ordinary procedure, approved by the head of the review office (art 55)."""
    transition = TRANSITIONS["convert"]
    check_source(case, transition)
    if case.procedure != Procedure.SIMPLIFIED:
        raise Refusal("procedure", say("「程序」本案已适用普通程序，无需转换"))
    require_date(on, "on", "转换日期")
    not_before(on, case.accepted_on, "on", "转换日期", "受理日期")
    case.conversion_approved_by = require_text(approved_by, "approved_by", "批准人（行政复议机构负责人）")
    case.procedure, case.converted_on = Procedure.ORDINARY, on
    apply_transition(case, transition, on, approved_by=case.conversion_approved_by)
    deadlines.converted_to_ordinary(case)


def investigate(case: AdministrativeReviewCase, on: dt.date, record: str) -> None:
    """Record the on-site investigation (local practice for land and forest-right disputes)."""
    transition = begin_act(case, "investigate", on, "现场调查日期", case.accepted_on, "受理日期")
    case.onsite_investigated_on = on
    case.onsite_record = require_text(record, "record", "现场调查记录")
    apply_transition(case, transition, on, note=case.onsite_record)


def start_mediation(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Mediation begins (art 5, 73)."""
    transition = begin_act(case, "start_mediation", on, "调解开始日期", case.accepted_on, "受理日期")
    case.mediation_started_on = on
    apply_transition(case, transition, on)


def end_mediation(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Mediation failed: the review goes on (art 73 ¶2)."""
    transition = begin_act(case, "end_mediation", on, "调解结束日期", case.mediation_started_on, "调解开始日期")
    apply_transition(case, transition, on)


def suspend(case: AdministrativeReviewCase, on: dt.date, ground: str, reason: str = "") -> Suspension:
    """Suspend the review (art 39): the open periods stop; the parties are told in writing."""
    transition = begin_act(case, "suspend", on, "中止日期", case.accepted_on, "受理日期")
    ground = require_choice(
        ground, SuspensionGround, "ground", "中止情形", message=say("「中止情形」请选择第三十九条第一款规定的情形")
    )
    suspension = Suspension(
        case=case,
        region_id=case.region_id,
        suspended_on=on,
        ground=str(ground),
        reason=(reason or "").strip(),
        resume_state=str(case.state),
    )
    db.session.add(suspension)
    apply_transition(case, transition, on, note=suspension.reason, ground=str(ground))
    deadlines.suspend(case, suspension)
    return suspension


def resume(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Resume the review (art 39 ¶2): the periods restart, moved by the suspended days."""
    transition = TRANSITIONS["resume"]
    check_source(case, transition)
    suspension = case.open_suspension()
    if suspension is None:
        raise Refusal("on", say("「中止日期」找不到未恢复的中止记录"))
    require_date(on, "on", "恢复日期")
    not_before(on, suspension.suspended_on, "on", "恢复日期", "中止日期")
    suspension.resumed_on = on
    case.state, case.state_since = CaseState(suspension.resume_state), on
    apply_transition(case, transition, on, suspended_days=(on - suspension.suspended_on).days)
    deadlines.resume(case, suspension)


def extend(case: AdministrativeReviewCase, on: dt.date, days: int | None, reason: str, approved_by: str) -> None:
    """The one extension of at most 30 days, approved by the head of the review office (art 62 ¶1)."""
    transition = TRANSITIONS["extend"]
    check_source(case, transition)
    if case.procedure == Procedure.SIMPLIFIED:
        raise Refusal("procedure", say("「程序」简易程序案件应在三十日内作出决定，不能延长（第六十二条第二款）"))
    if case.extension_days is not None:
        raise Refusal(
            "days",
            say(
                "「延长天数」本案已于%(date)s延长过一次，不能再次延长（第六十二条第一款）",
                date=case.extended_on.isoformat(),
            ),
        )
    require_date(on, "on", "延期日期")
    not_before(on, case.accepted_on, "on", "延期日期", "受理日期")
    if days is None or days < 1:
        raise Refusal("days", say("「延长天数」必填，且应为正整数"))
    if days > 30:
        raise Refusal(
            "days", say("「延长天数」延长期限最多不得超过三十日（填写了%(days)s日，第六十二条第一款）", days=days)
        )
    approved = require_text(approved_by, "approved_by", "批准人（行政复议机构负责人）")
    reason = require_text(reason, "reason", "延期理由（情况复杂的具体情形）")
    current = deadlines.decision_deadline(case)
    if current is not None and on > current.due_date:
        raise Refusal(
            "on",
            say(
                "「延期日期」审理期限已于%(due)s届满，不能在届满后延长（第六十二条第一款）",
                due=current.due_date.isoformat(),
            ),
        )
    case.extension_days, case.extended_on = days, on
    case.extension_approved_by, case.extension_reason = approved, reason
    deadlines.extend(case, days, reason, approved)
    apply_transition(case, transition, on, note=reason, days=days, approved_by=approved)
