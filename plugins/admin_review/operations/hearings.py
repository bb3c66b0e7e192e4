"""Hearings (arts 50, 51) and 行政复议意见书 (art 76): records of their own, their events about the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.events import publish
from core.extensions import db
from core.i18n import say
from core.refusals import Refusal
from plugins.admin_review import deadlines
from plugins.admin_review import events as ev
from plugins.admin_review.checks import not_before, require_date, require_text
from plugins.admin_review.models import AdministrativeReviewCase, Hearing, Opinion
from plugins.admin_review.operations.machine import TRANSITIONS, apply_transition, begin_act, check_source

#: The events of the acts on a hearing (each about the hearing's case).


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
    transition = begin_act(case, "schedule_hearing", on, "安排日期", case.accepted_on, "受理日期")
    if scheduled_for is None:
        raise Refusal("scheduled_for", say("「听证日期」必填"))
    not_before(scheduled_for, on, "scheduled_for", "听证日期", "安排日期")
    latest = deadlines.latest_hearing_notice_day(scheduled_for)
    if latest < on:
        raise Refusal(
            "scheduled_for",
            say(
                "「听证日期」须留出五个工作日书面通知当事人：%(date)s的听证最迟应在"
                "%(latest)s通知（第五十一条第一款），请推后听证日期",
                date=scheduled_for.isoformat(),
                latest=latest.isoformat(),
            ),
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
        raise Refusal(
            "hearing_officers", say("「听证员」应有两名以上行政复议人员任听证员（第五十条第三款），以“、”分隔")
        )
    db.session.add(hearing)
    db.session.flush()
    apply_transition(
        case,
        transition,
        on,
        note=f"听证日期 {scheduled_for.isoformat()}",
        hearing_id=hearing.id,
        scheduled_for=scheduled_for,
    )
    deadlines.open_hearing_notice(case, hearing)
    return hearing


def _publish_hearing(hearing: Hearing, event: type[ev.HearingEvent], on: dt.date, **fields: Any) -> None:
    case = hearing.case
    data = event(
        hearing_id=hearing.id,
        case_id=case.id,
        case_number=case.case_number,
        respondent_id=case.respondent_id,
        on=on,
        **fields,
    )
    publish(data, region_id=hearing.region_id, subject=case)


def _check_hearing_open(hearing: Hearing) -> None:
    if hearing.status != "scheduled":
        raise Refusal("status", say("「听证状态」该听证已举行或已取消"))


def notify_hearing(hearing: Hearing, on: dt.date) -> None:
    """The written notice of time, place and matters, at least five working days before (art 51 ¶1)."""
    _check_hearing_open(hearing)
    require_date(on, "on", "听证通知日期")
    if not deadlines.hearing_notice_in_time(on, hearing.scheduled_for):
        latest = deadlines.latest_hearing_notice_day(hearing.scheduled_for)
        raise Refusal(
            "on",
            say(
                "「听证通知日期」应于听证五个工作日前书面通知当事人（最迟%(latest)s，第五十一条第一款）；请改期听证",
                latest=latest.isoformat(),
            ),
        )
    hearing.notified_on = on
    _publish_hearing(hearing, ev.HearingNotified, on)
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
        raise Refusal("notified_on", say("「听证通知日期」尚未书面通知当事人，不能举行听证（第五十一条第一款）"))
    not_before(on, hearing.scheduled_for, "on", "举行日期", "通知的听证日期")
    if head_attended and not (head_name or "").strip():
        raise Refusal("head_name", say("「负责人姓名」被申请人负责人参加听证的，须填写其姓名"))
    hearing.status, hearing.held_on = "held", on
    hearing.respondent_head_attended = bool(head_attended)
    hearing.respondent_head_name = (head_name or "").strip()
    hearing.delegate_name = (delegate_name or "").strip()
    hearing.absence_explanation = (absence_explanation or "").strip()
    hearing.record = (record or "").strip()
    _publish_hearing(
        hearing,
        ev.HearingHeld,
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
    _publish_hearing(hearing, ev.HearingCancelled, on, reason=hearing.record)
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
    check_source(case, transition)
    if addressee is None:
        raise Refusal("addressee", say("「送达单位」必填"))
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
    apply_transition(
        case, transition, issued_on, note=f"致{addressee.name}", opinion_id=opinion.id, addressee_id=addressee.id
    )
    deadlines.open_opinion_report(case, opinion)
    return opinion


def report_opinion(opinion: Opinion, on: dt.date, report: str) -> None:
    """The addressee reported its correction (art 76)."""
    if opinion.reported_on is not None:
        raise Refusal("on", say("「报送日期」已记录过纠正情况"))
    require_date(on, "on", "报送日期")
    not_before(on, opinion.received_on, "on", "报送日期", "意见书收到日期")
    opinion.reported_on, opinion.report = on, require_text(report, "report", "纠正情况")
    publish(
        ev.OpinionReported(opinion_id=opinion.id, case_id=opinion.case_id, addressee_id=opinion.addressee_id, on=on),
        region_id=opinion.region_id,
        subject=opinion.case,
    )
    deadlines.opinion_reported(opinion.case, opinion)
