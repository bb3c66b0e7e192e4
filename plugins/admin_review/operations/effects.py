"""The legal effects of a lapsed period, and their recount (issue 13 items 4, 11).

A lapsed period changes the case by law, without anybody acting: deemed acceptance (art 30 ¶3),
deemed abandonment (art 31 ¶2), the respondent's reply missing (art 70). Such an effect never
fires on a provisional last day (a year without the State Council's notice): it waits for the
recount that confirms the date. A recount that moves the last day moves the effect with it, or
undoes it when the period runs again; the case's timeline gets a step, the case's update is
audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.deadlines import DeadlineState
from plugins.admin_review import deadlines
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.operations.acceptance import abandon, deem_accepted
from plugins.admin_review.operations.machine import TRANSITIONS, S, apply_transition
from plugins.admin_review.operations.review import record_reply_missed
from plugins.admin_review.vocabulary import CaseState

#: The periods whose lapse has an effect by law.
LAPSE_KINDS = deadlines.ACCEPTANCE_KINDS | deadlines.REPLY_KINDS | {deadlines.CORRECTION.kind}


def lapse(case: AdministrativeReviewCase, kind: str, due: dt.date) -> None:
    """Apply the effect of the period `kind` that lapsed on `due` (a confirmed date)."""
    if kind in deadlines.ACCEPTANCE_KINDS:
        deem_accepted(case, due)
    elif kind in deadlines.REPLY_KINDS:
        record_reply_missed(case, due)
    elif case.state == CaseState.CORRECTION:
        abandon(case, due, system=True)


def _has_effect(case: AdministrativeReviewCase, kind: str) -> bool:
    if kind in deadlines.ACCEPTANCE_KINDS:
        return bool(case.deemed_accepted) and case.accepted_on is not None
    if kind in deadlines.REPLY_KINDS:
        return bool(case.reply_missed)
    return case.state == CaseState.ABANDONED


def recount(case: AdministrativeReviewCase, kind: str, deadline: Any) -> str:
    """After a recount of the period `kind`: apply, move or undo its effect; returns what was done.

    - still provisional: nothing (the effect waits for the confirmed calendar);
    - lapsed (missed, never acted on) and no effect yet: apply it;
    - lapsed on another day than the effect's: deemed acceptance moves to the new last day, and the
      review periods are counted from it;
    - running again (its new last day is today or later): the effect is undone while nothing was
      done on the case since; otherwise a person must decide (the step says so).
    """
    if deadline.provisional:
        return ""
    lapsed = deadline.state == DeadlineState.MISSED.value and deadline.met_on is None
    due = deadline.due_date
    if not _has_effect(case, kind):
        if lapsed:
            lapse(case, kind, due)
            return "applied"
        return ""
    if lapsed:
        if kind in deadlines.ACCEPTANCE_KINDS and case.accepted_on != due and case.state == CaseState.ACCEPTED:
            old = case.accepted_on
            case.accepted_on = due
            _step(
                case,
                f"工作日历更新后审查期限届满日为{due.isoformat()}，视为受理日期由{old.isoformat()}改为该日（第三十条第三款）",
            )
            deadlines.open_review(case)
            return "moved"
        return ""
    return _undo(case, kind, due)


def _undo(case: AdministrativeReviewCase, kind: str, due: dt.date) -> str:
    reason = f"工作日历更新后该期限于{due.isoformat()}届满，尚未届满"
    if kind in deadlines.ACCEPTANCE_KINDS and case.state == CaseState.ACCEPTED:
        case.accepted_on, case.deemed_accepted, case.state = None, False, S.RECEIVED
        deadlines.review_undone(case, reason)
        _step(case, f"{reason}，撤销视为受理（第三十条第三款），恢复受理审查")
        return "undone"
    if kind in deadlines.REPLY_KINDS and case.state == CaseState.UNDER_REVIEW and not case.reply_received_on:
        case.reply_missed, case.state = False, S.COPY_SENT
        _step(case, f"{reason}，撤销“逾期未答复”（第七十条），继续等待答复")
        return "undone"
    if kind == deadlines.CORRECTION.kind and case.state == CaseState.ABANDONED:
        case.abandoned_on, case.state = None, S.CORRECTION
        _step(case, f"{reason}，撤销视为放弃（第三十一条第二款），继续等待补正")
        return "undone"
    _step(case, f"{reason}；案件已继续办理，原已发生的法律后果是否撤销，请经办人确认")
    return "ask"


def _step(case: AdministrativeReviewCase, note: str) -> None:
    from core import clock

    apply_transition(case, TRANSITIONS["recount"], clock.today(), note=note)
