"""Notice rules: which event issues which accountability notice of 行政复议, to whom, on what basis.

- a review-body period near its end → 预警 to the staff in charge (their unit);
- a review-body period missed → 督办 to the review office (行政复议机构) of the case's region;
- the respondent's reply period missed → 督办 to the respondent (the act is deemed without evidence, art 70);
- a 意见书 correction report missed → 督办 to its addressee (arts 76, 77);
- a decision not performed in its time limit → 督办 to the respondent (art 77);
- the respondent's head absent from a hearing without explanation and delegate → 通报批评 (art 51 ¶3).

The core applies them once per (rule, dedupe key); deadline rules dedupe on the deadline's id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from core.deadlines.events import DeadlineApproaching, DeadlineEvent
from core.events import Event
from core.extensions import db
from core.models import User
from core.notices import NoticeKind, NoticeRule
from core.notices.due import deadline_key, deadline_of, due_date, due_text, missed_deadline_rule
from core.tenancy import unscoped
from plugins.admin_review import deadlines
from plugins.admin_review.events import HearingHeld
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.settings import setting

PLUGIN_KEY = deadlines.PLUGIN_KEY


def case_of(event: Event) -> AdministrativeReviewCase | None:
    """The case an event is about (every event and deadline of the plugin names the case)."""
    if event.subject_type != AdministrativeReviewCase.__tablename__ or event.subject_id is None:
        return None
    with unscoped():
        return db.session.get(AdministrativeReviewCase, event.subject_id)


def _ours(kinds: frozenset[str]) -> Callable[[Event], bool]:
    return deadline_of(PLUGIN_KEY, kinds, family=deadlines.family)


def _number(event: Event) -> str:
    case = case_of(event)
    return case.case_number if case else "行政复议案件"


def _staff_unit(event: Event[DeadlineEvent]) -> int | None:
    """The unit of the staff in charge; the review office when nobody is in charge."""
    staff_id = event.data.staff_user_id
    if staff_id:
        with unscoped():
            staff = db.session.get(User, staff_id)
        if staff is not None and staff.unit_id:
            return staff.unit_id
    return event.data.responsible_unit_id or deadlines.review_office_id(event.region_id)


def _review_office(event: Event) -> int | None:
    return deadlines.review_office_id(event.region_id) if event.region_id else None


def _rectify_days() -> int:
    return setting("RECTIFY_DAYS")


def _head_absent_title(event: Event[HearingHeld]) -> str:
    return f"{event.data.case_number}：被申请人负责人未参加听证，且未说明理由并委托工作人员参加"


def notice_rules() -> list[NoticeRule]:
    """The plugin's rules (returned by the `register_notice_rules` hook)."""
    rectify = _rectify_days()

    def missed(key: str, kinds: Iterable[str], **rule: Any) -> NoticeRule:
        # Every 督办 of the plugin's periods allows the same time to put it right.
        return missed_deadline_rule(key, PLUGIN_KEY, kinds, rectify_days=rectify, family=deadlines.family, **rule)

    return [
        NoticeRule(
            key="admin_review.deadline_approaching",
            event=DeadlineApproaching,
            kind=NoticeKind.WARNING,
            target_unit=_staff_unit,
            basis=lambda e: e.data.basis,
            title=lambda e: f"{_number(e)}：{e.data.label}将于{due_text(e)}届满",
            applies=_ours(deadlines.BODY_KINDS),
            rectify_by=due_date,
            # One warning per due date: an extended or resumed period may be warned about again.
            dedupe=lambda e: f"{deadline_key(e)}:{e.data.due_date}",
        ),
        missed(
            "admin_review.deadline_missed",
            deadlines.BODY_KINDS,
            title=lambda e: f"{_number(e)}：{e.data.label}已于{due_text(e)}届满，未按期办理",
            basis=lambda e: e.data.basis,
            target_unit=_review_office,
        ),
        missed(
            "admin_review.reply_missed",
            deadlines.REPLY_KINDS,
            title=lambda e: (
                f"{_number(e)}：被申请人逾期未提出书面答复、提交证据，视为该行政行为没有证据、依据（第七十条）"
            ),
            basis=lambda e: f"{e.data.basis}；《行政复议法》第七十条",
        ),
        missed(
            "admin_review.opinion_report_missed",
            {deadlines.OPINION_REPORT.kind},
            title=lambda e: f"{_number(e)}：未在收到行政复议意见书之日起六十日内报送纠正情况",
            basis="《行政复议法》第七十六条、第七十七条",
        ),
        missed(
            "admin_review.performance_missed",
            {deadlines.PERFORMANCE.kind},
            title=lambda e: f"{_number(e)}：被申请人未在期限内履行行政复议决定，责令限期履行",
            basis="《行政复议法》第七十七条第二款",
        ),
        NoticeRule(
            key="admin_review.head_absent",
            event=HearingHeld,
            kind=NoticeKind.CRITICISM,
            target_unit=lambda e: e.data.respondent_id,
            basis="《行政复议法》第五十一条第三款",
            title=_head_absent_title,
            applies=lambda e: e.data.head_absent_without_explanation,
            rectify_days=rectify,
            dedupe=lambda e: f"hearing:{e.data.hearing_id}",
        ),
    ]
