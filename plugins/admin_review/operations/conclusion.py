"""The end of a case: decision or 调解书 (arts 63–69, 33, 73), termination (41, 74), service, and after."""

from __future__ import annotations

import datetime as dt

from core.i18n import say, translate
from core.refusals import Refusal, require_choice
from plugins.admin_review import deadlines
from plugins.admin_review.checks import not_before, require_date, require_text
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.operations.machine import TRANSITIONS, S, apply_transition, begin_act, check_source
from plugins.admin_review.settings import setting
from plugins.admin_review.vocabulary import (
    CORRECTION_DECISIONS,
    REDO_DECISIONS,
    Category,
    DecisionType,
    TerminationGround,
)


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
    check_source(case, transition)
    kind = require_choice(
        decision_type, DecisionType, "decision_type", "决定类型", message=say("「决定类型」请选择决定类型")
    )
    if kind == DecisionType.TERMINATION:
        raise Refusal("decision_type", say("「决定类型」终止审理请用“终止”操作并写明第四十一条的情形"))
    require_date(on, "on", "决定日期")
    not_before(on, case.accepted_on, "on", "决定日期", "受理日期")
    not_before(on, case.copy_sent_on, "on", "决定日期", "发送答复通知日期")
    if kind == DecisionType.MEDIATION and case.state != S.MEDIATING:
        raise Refusal("decision_type", say("「决定类型」制作调解书须先开始调解（第七十三条）"))
    substantive = kind not in (DecisionType.DISMISS_APPLICATION, DecisionType.MEDIATION)
    if substantive and str(case.category) in setting("ONSITE_CATEGORIES") and not case.onsite_investigated_on:
        label = Category.label_of(case.category)
        raise Refusal(
            "onsite_investigated_on",
            say("「现场调查」%(category)s纠纷案件须先到现场调查核实并记录（本地制度）", category=translate(label)),
        )
    if substantive and case.major_complex and not any(h.status == "held" for h in case.hearings):
        raise Refusal("hearing", say("「听证」重大、疑难、复杂案件应当组织听证后再作决定（第五十条第一款）"))
    if redo_ordered and kind not in REDO_DECISIONS:
        raise Refusal(
            "redo_ordered",
            say(
                "「责令重作或履行」“%(decision)s”决定不能责令重作或履行（第六十四条、第六十六条）",
                decision=translate(DecisionType(kind).label),
            ),
        )
    if kind == DecisionType.ORDER_PERFORMANCE:
        redo_ordered = True
    if redo_ordered:
        performance_days = performance_days or setting("DEFAULT_PERFORMANCE_DAYS")
        if performance_days < 1:
            raise Refusal("performance_days", say("「履行期限（日）」应为正整数"))
    case.decision_type, case.decided_on = kind, on
    case.decision_number, case.decision_summary = (number or "").strip(), (summary or "").strip()
    case.redo_ordered, case.performance_days = bool(redo_ordered), performance_days if redo_ordered else None
    apply_transition(
        case,
        transition,
        on,
        note=DecisionType(kind).label,
        decision_type=str(kind),
        correction=kind in CORRECTION_DECISIONS,
        redo_ordered=case.redo_ordered,
        respondent_id=case.respondent_id,
    )
    deadlines.concluded(case, on)


def terminate(case: AdministrativeReviewCase, on: dt.date, ground: str, note: str = "") -> None:
    """End the review without a decision on the merits (art 41; after 和解, art 74)."""
    transition = TRANSITIONS["terminate"]
    check_source(case, transition)
    ground = require_choice(
        ground, TerminationGround, "ground", "终止情形", message=say("「终止情形」请选择第四十一条规定的情形")
    )
    require_date(on, "on", "终止日期")
    not_before(on, case.accepted_on, "on", "终止日期", "受理日期")
    suspension = case.open_suspension()
    if suspension is not None:
        suspension.resumed_on = on  # the suspension ends with the case
    case.decision_type, case.decided_on = DecisionType.TERMINATION, on
    case.termination_ground, case.decision_summary = str(ground), (note or "").strip()
    apply_transition(
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
    transition = begin_act(case, "serve", on, "送达日期", case.decided_on, "决定日期")
    case.served_on = on
    apply_transition(case, transition, on)
    deadlines.served(case)


def notify_head(case: AdministrativeReviewCase, on: dt.date, record: str) -> None:
    """行政首长告知: the respondent's head is told of the outcome (local practice)."""
    transition = begin_act(case, "notify_head", on, "告知日期", case.decided_on, "决定日期")
    case.head_notified_on = on
    case.head_notice_record = require_text(record, "record", "告知情况（告知对象、方式）")[:255]
    apply_transition(case, transition, on, note=case.head_notice_record)
    deadlines.head_notified(case)


def check_performance(case: AdministrativeReviewCase, on: dt.date, performed: bool, note: str = "") -> None:
    """The review body checked whether the respondent performed the decision (art 77)."""
    transition = begin_act(case, "check_performance", on, "核查日期", case.served_on, "送达日期")
    case.performance_checked_on, case.performed = on, bool(performed)
    case.performance_note = (note or "").strip()[:255]
    apply_transition(case, transition, on, note=case.performance_note, performed=case.performed)
    deadlines.performance_checked(case)


def visit(case: AdministrativeReviewCase, on: dt.date, record: str) -> None:
    """The follow-up visit (回访, local practice) closes the case."""
    transition = TRANSITIONS["visit"]
    check_source(case, transition)
    if case.redo_ordered and case.state == S.SERVED:
        raise Refusal("state", say("「状态」责令重作或履行的案件须先核查履行情况，再回访结案（第七十七条）"))
    require_date(on, "on", "回访日期")
    not_before(on, case.served_on, "on", "回访日期", "送达日期")
    case.visited_on = on
    case.visit_record = require_text(record, "record", "回访情况")
    apply_transition(case, transition, on, note=case.visit_record)
    deadlines.visited(case)
