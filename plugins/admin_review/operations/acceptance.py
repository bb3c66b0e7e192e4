"""Receipt, 补正 and acceptance (arts 30, 31): the first five working days of a case."""

from __future__ import annotations

import datetime as dt

from core.events import publish
from core.extensions import db
from core.i18n import say
from core.machine import record_step
from core.refusals import Refusal
from plugins.admin_review import deadlines
from plugins.admin_review.application_period import ApplicationPeriod, application_period
from plugins.admin_review.checks import (
    DATE_ORDER,
    assign_number,
    check_consistency,
    check_file,
    not_before,
    require_date,
    require_text,
)
from plugins.admin_review.events import CaseImported
from plugins.admin_review.models import AdministrativeReviewCase, CaseStep
from plugins.admin_review.operations.machine import TRANSITIONS, S, apply_transition, begin_act, check_source
from plugins.admin_review.vocabulary import CaseState, Procedure


def application_verdict(case: AdministrativeReviewCase) -> ApplicationPeriod:
    """Whether the application came within its period (arts 20, 21), on the core calendar."""
    from core.deadlines.operations import current_calendar

    return application_period(case, current_calendar())


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
    apply_transition(case, TRANSITIONS["receive"], case.received_on, channel=str(case.channel))
    deadlines.open_acceptance_review(case)
    return case


def import_case(case: AdministrativeReviewCase) -> AdministrativeReviewCase:
    """Save a case taken whole from a register: checked, numbered as given, its running periods opened."""
    check_consistency(case)
    dates = [getattr(case, field) for field, _label, _before in DATE_ORDER] + [case.received_on]
    case.state_since = max(d for d in dates if d is not None)
    db.session.add(case)
    db.session.flush()
    record_step(CaseStep(case=case), case, action="import", label="从登记表导入", on=case.state_since, before="")
    publish(
        CaseImported(case_id=case.id, case_number=case.case_number, state=str(case.state), on=case.state_since),
        region_id=case.region_id,
        subject=case,
    )
    deadlines.open_for_imported(case)
    return case


def _within_acceptance_review(case: AdministrativeReviewCase, on: dt.date, message: str) -> None:
    """Refuse an act dated after the five working days of the acceptance review (arts 30, 31):
    `message` says which act, with ``%(due)s`` for the period's last day."""
    due = deadlines.acceptance_due(case)
    if due is not None and on > due:
        raise Refusal("on", say(message, due=due.isoformat()))


def request_correction(
    case: AdministrativeReviewCase, on: dt.date, items: str, served_on: dt.date | None = None
) -> str:
    """One 补正 notice listing everything missing, within five working days of receipt (art 31 ¶1)."""
    transition = begin_act(case, "request_correction", on, "补正通知日期", case.received_on, "收到日期")
    if case.correction_notice_on is not None:
        raise Refusal(
            "on", say("「补正通知日期」补正通知应当一次性载明需要补正的事项，已经通知过一次（第三十一条第一款）")
        )
    _within_acceptance_review(
        case, on, "「补正通知日期」应在收到申请之日起五个工作日内（%(due)s前）发出（第三十一条第一款）"
    )
    case.correction_items = require_text(items, "items", "补正事项")
    if served_on is not None:
        require_date(served_on, "served_on", "申请人收到补正通知日期")
        not_before(served_on, on, "served_on", "申请人收到补正通知日期", "补正通知日期")
    case.correction_notice_on, case.correction_served_on = on, served_on
    apply_transition(case, transition, on, note=case.correction_items)
    deadlines.open_correction(case)
    if served_on is None:
        # Art 31 ¶2: the applicant's ten days run from receipt; the notice date is not assumed.
        return say(UNKNOWN_RECEIPT)
    return ""


#: Shown while the applicant's receipt of the 补正 notice is not known (art 31 ¶2).
UNKNOWN_RECEIPT = "申请人收到补正通知的日期未知：补正期限自收到之日起计算（第三十一条第二款），请录入收到日期"


def correction_received(case: AdministrativeReviewCase, on: dt.date) -> None:
    """Record the day the applicant received the 补正 notice: the ten working days run from it (art 31 ¶2)."""
    transition = begin_act(
        case, "correction_received", on, "申请人收到补正通知日期", case.correction_notice_on, "补正通知日期"
    )
    case.correction_served_on = on
    apply_transition(case, transition, on)
    deadlines.open_correction(case)


def extend_correction(
    case: AdministrativeReviewCase, on: dt.date, days: int | None, reason: str, approved_by: str
) -> None:
    """Extend the applicant's 补正 period for good reason (art 31 ¶2: "可以延长合理的补正期限")."""
    transition = begin_act(case, "extend_correction", on, "延长日期")
    if case.correction_served_on is None:
        raise Refusal("on", say(UNKNOWN_RECEIPT))
    if days is None or days < 1:
        raise Refusal("days", say("「延长工作日数」必填，且应为正整数"))
    reason = require_text(reason, "reason", "正当理由")
    approved = require_text(approved_by, "approved_by", "批准人")
    deadlines.extend_correction(case, days, reason, approved)
    apply_transition(case, transition, on, note=reason, days=days, approved_by=approved)


def supplement(case: AdministrativeReviewCase, on: dt.date, posted_on: dt.date | None = None) -> None:
    """The materials arrived: a new five-day acceptance review (art 31 ¶3).

    Materials posted before the 补正 period expired are on time (民诉法 art 85 ¶4, through art 88
    ¶1): timeliness is judged by `posted_on` (交邮日期).
    """
    transition = begin_act(
        case, "supplement", on, "收到补正材料日期", case.correction_served_on, "申请人收到补正通知日期"
    )
    if posted_on is not None:
        require_date(posted_on, "posted_on", "交邮日期")
        not_before(on, posted_on, "on", "收到补正材料日期", "交邮日期")
    if case.state == CaseState.ABANDONED:
        period = deadlines.correction_due(case)
        if posted_on is None or period is None or posted_on > period.due_date:
            raise Refusal(
                "posted_on",
                say(
                    "「交邮日期」申请已视为放弃；只有在补正期限届满前交邮的材料才不算过期（《民事诉讼法》第八十五条第四款）"
                ),
            )
        case.abandoned_on = None
    case.supplemented_on, case.supplement_posted_on = on, posted_on
    apply_transition(case, transition, on)
    deadlines.reopen_acceptance_review(case)


def abandon(case: AdministrativeReviewCase, on: dt.date, *, system: bool = False) -> None:
    """No materials within the period: the application is deemed abandoned (art 31 ¶2)."""
    transition = TRANSITIONS["abandon"]
    check_source(case, transition)
    if not system:
        require_date(on, "on", "视为放弃日期")
    not_before(on, case.correction_served_on, "on", "视为放弃日期", "申请人收到补正通知日期")
    case.abandoned_on = on
    apply_transition(case, transition, on)
    deadlines.close_correction_abandoned(case)


def accept(case: AdministrativeReviewCase, on: dt.date) -> str:
    """Accept the application (art 30 ¶1); the copy and decision periods start (arts 48, 62).

    When the review period had already expired without a refusal the case was accepted by law on
    its last day (art 30 ¶3): that day binds, whatever day the acceptance is entered, so the
    decision period runs from it and the entry is recorded as late. Returns that notice for the
    user ("" when accepted in time). A provisional last day does not bind (issue 13 item 11).
    """
    transition = begin_act(
        case, "accept", on, "受理日期", case.supplemented_on or case.received_on, "收到申请（补正材料）日期"
    )
    review = deadlines.acceptance_deadline(case)
    deemed = review is not None and on > review.due_date and not review.provisional
    accepted_on = review.due_date if deemed and review is not None else on
    case.accepted_on, case.deemed_accepted = accepted_on, deemed
    deadlines.close_acceptance(case, on)
    note = shown = ""
    if deemed:
        # The step keeps the Chinese note (a record); the user is told in their language.
        late = (
            "审查期限已于%(due)s届满，未作出不予受理决定，依第三十条第三款视为于"
            "%(due)s受理；%(entered)s录入的受理为逾期录入，审理期限自"
            "%(due)s起算"
        )
        values = {"due": accepted_on.isoformat(), "entered": on.isoformat()}
        note, shown = late % values, say(late, **values)
    apply_transition(
        case,
        transition,
        accepted_on,
        note=note,
        deemed=deemed,
        procedure=str(case.procedure),
        entered_on=on,
    )
    deadlines.open_review(case)
    return shown


def deem_accepted(case: AdministrativeReviewCase, on: dt.date) -> None:
    """The review period lapsed without a refusal: accepted as of its last day (art 30 ¶3). Done by the system."""
    transition = TRANSITIONS["deem_accepted"]
    if CaseState(case.state) not in transition.sources:
        return  # decided meanwhile (a late entry of an act done in time): nothing to deem
    case.accepted_on, case.deemed_accepted = on, True
    apply_transition(
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
    transition = begin_act(
        case, "refuse", on, "不予受理日期", case.supplemented_on or case.received_on, "收到申请（补正材料）日期"
    )
    _within_acceptance_review(
        case, on, "「不予受理日期」审查期限已于%(due)s届满，申请视为受理，不能再决定不予受理（第三十条第三款）"
    )
    case.not_accepted_reason = require_text(reason, "reason", "不予受理理由")
    case.competent_organ = (competent_organ or "").strip()
    case.not_accepted_on = on
    deadlines.close_acceptance(case, on)
    apply_transition(case, transition, on, note=case.not_accepted_reason, competent_organ=case.competent_organ)
