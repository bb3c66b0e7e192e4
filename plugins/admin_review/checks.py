"""The checks that refuse impossible input, each naming the field at fault; and the case numbers (案号).

Used by the acts of `operations`, the admin forms and the register import alike, so the same
message reaches the user whichever way the data came in.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.i18n import say, translate
from core.refusals import Refusal, not_before, require_date, require_text
from core.tenancy import unscoped
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.settings import setting
from plugins.admin_review.vocabulary import CONCLUDED_STATES, OPEN_REVIEW_STATES, CaseState, DecisionType, Procedure


def today() -> dt.date:
    """The offices' date (core clock: Asia/Shanghai, or FAZHI_TODAY when pinned)."""
    return clock.today()


def check_file(case: AdministrativeReviewCase) -> None:
    """The case file's own consistency (used on registration, edits and imports)."""
    require_date(case.received_on, "received_on", "收到日期")
    require_text(case.applicant_name, "applicant_name", "申请人")
    if case.respondent_id is None and getattr(case, "respondent", None) is None:
        raise Refusal("respondent", say("「被申请人」必填"))
    if case.act_date is not None and case.act_date > case.received_on:
        raise Refusal("act_date", say("「行政行为日期」不能晚于收到日期"))
    from plugins.admin_review.application_period import check_known_dates

    check_known_dates(case)
    if case.procedure == Procedure.SIMPLIFIED and not case.simplified_ground:
        raise Refusal("simplified_ground", say("「简易程序适用情形」适用简易程序须写明第五十三条的情形"))


# -- the case number ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")


def body_abbreviation(region: Any) -> str:
    """The review body's short name in case numbers (东宝区 → 东宝), unless configured otherwise."""
    configured = setting("BODY_ABBREVIATIONS") or {}
    if region.name in configured:
        return configured[region.name]
    for suffix in ("管理区", "新区", "区", "市", "县"):
        if region.name.endswith(suffix) and len(region.name) > len(suffix) + 1:
            return region.name[: -len(suffix)]
    return region.name


def number_parts(case_number: str) -> tuple[int | None, int | None]:
    """(year, sequence) read from a number like 东宝行复〔2024〕12号, or (None, None)."""
    match = _NUMBER.search(case_number or "")
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def check_case_number(region_id: int, year: int, number: str, exclude_id: int | None = None) -> None:
    """Refuse a case number already used by the same review body in the same year."""
    with unscoped(), db.session.no_autoflush:
        query = select(AdministrativeReviewCase.id).where(
            AdministrativeReviewCase.region_id == region_id,
            AdministrativeReviewCase.case_year == year,
            AdministrativeReviewCase.case_number == number,
        )
        if exclude_id is not None:
            query = query.where(AdministrativeReviewCase.id != exclude_id)
        if db.session.execute(query).first():
            raise Refusal(
                "case_number",
                say("「案号」%(number)s 已被本复议机关%(year)s年度的案件使用，请换一个案号", number=number, year=year),
            )


def assign_number(case: AdministrativeReviewCase) -> None:
    """Give the case its number: the one entered (checked), or the next of its body and year."""
    from core.models import Region

    if case.case_number and case.case_number.strip():
        case.case_number = case.case_number.strip()
        year, seq = number_parts(case.case_number)
        case.case_year = year or case.received_on.year
        case.case_seq = seq
    else:
        case.case_year = case.received_on.year
        with unscoped(), db.session.no_autoflush:
            last = db.session.execute(
                select(func.max(AdministrativeReviewCase.case_seq)).where(
                    AdministrativeReviewCase.region_id == case.region_id,
                    AdministrativeReviewCase.case_year == case.case_year,
                )
            ).scalar()
            region = db.session.get(Region, case.region_id)
        case.case_seq = (last or 0) + 1
        case.case_number = setting("CASE_NUMBER_FORMAT").format(
            body=body_abbreviation(region), year=case.case_year, seq=case.case_seq
        )
    check_case_number(case.region_id, case.case_year, case.case_number, case.id)


# -- a whole record (imported cases) ---------------------------------------------------------------

#: The dates of a case in the order they must follow: (field, label, the field it cannot precede).
DATE_ORDER = (
    ("act_date", "行政行为日期", None),
    ("correction_notice_on", "补正通知日期", "received_on"),
    ("correction_served_on", "补正通知收到日期", "correction_notice_on"),
    ("supplemented_on", "补正日期", "correction_served_on"),
    ("abandoned_on", "视为放弃日期", "correction_served_on"),
    ("accepted_on", "受理日期", "received_on"),
    ("not_accepted_on", "不予受理日期", "received_on"),
    ("copy_sent_on", "答复通知发送日期", "accepted_on"),
    ("copy_received_on", "被申请人收到日期", "copy_sent_on"),
    ("reply_received_on", "答复日期", "copy_received_on"),
    ("converted_on", "转普通程序日期", "accepted_on"),
    ("extended_on", "延期日期", "accepted_on"),
    ("onsite_investigated_on", "现场调查日期", "accepted_on"),
    ("mediation_started_on", "调解开始日期", "accepted_on"),
    ("decided_on", "决定日期", "accepted_on"),
    ("served_on", "送达日期", "decided_on"),
    ("head_notified_on", "行政首长告知日期", "decided_on"),
    ("performance_checked_on", "履行核查日期", "served_on"),
    ("visited_on", "回访日期", "served_on"),
)
_DATE_LABELS = {field: label for field, label, _before in DATE_ORDER} | {"received_on": "收到日期"}

#: For each state, the fields a case in it must have.
REQUIRED_BY_STATE: dict[CaseState, tuple[str, ...]] = {
    CaseState.CORRECTION: ("correction_notice_on",),
    CaseState.ABANDONED: ("correction_notice_on", "abandoned_on"),
    CaseState.NOT_ACCEPTED: ("not_accepted_on",),
    CaseState.COPY_SENT: ("accepted_on", "copy_sent_on"),
    CaseState.DECIDED: ("accepted_on", "decision_type", "decided_on"),
    CaseState.TERMINATED: ("accepted_on", "decision_type", "decided_on", "termination_ground"),
    CaseState.SERVED: ("accepted_on", "decision_type", "decided_on", "served_on"),
    CaseState.PERFORMANCE_CHECKED: (
        "accepted_on",
        "decision_type",
        "decided_on",
        "served_on",
        "performance_checked_on",
    ),
    CaseState.CLOSED: ("accepted_on", "decision_type", "decided_on", "served_on", "visited_on"),
}
_FIELD_LABELS = _DATE_LABELS | {"decision_type": "决定类型", "termination_ground": "终止情形"}


def check_consistency(case: AdministrativeReviewCase) -> None:
    """A case entered whole (an import): its dates in order and the facts its state needs."""
    check_file(case)
    for field, label, before in DATE_ORDER:
        value = getattr(case, field)
        if value is None:
            continue
        if value > today():
            raise Refusal(field, say("「%(label)s」不能晚于今天（%(date)s）", label=say(label), date=value.isoformat()))
        if before is not None:
            not_before(value, getattr(case, before), field, label, _DATE_LABELS[before])
    state = CaseState(case.state)
    required = REQUIRED_BY_STATE.get(state, ("accepted_on",) if state in OPEN_REVIEW_STATES else ())
    for field in required:
        if getattr(case, field) in (None, ""):
            raise Refusal(
                field,
                say(
                    "「%(label)s」状态为“%(state)s”的案件必须填写",
                    label=say(_FIELD_LABELS[field]),
                    state=translate(CaseState(state).label),
                ),
            )
    concluded = state in CONCLUDED_STATES
    if case.decision_type and not concluded:
        raise Refusal(
            "decision_type",
            say(
                "「决定类型」状态为“%(state)s”的案件尚未审结，不应填写决定类型", state=translate(CaseState(state).label)
            ),
        )
    if state == CaseState.TERMINATED and case.decision_type != DecisionType.TERMINATION:
        raise Refusal("decision_type", say("「决定类型」终止的案件决定类型应为“终止”"))
    if case.extension_days is not None:
        if case.procedure == Procedure.SIMPLIFIED:
            raise Refusal("extension_days", say("「延长天数」简易程序案件不能延长审理期限（第六十二条第二款）"))
        if not 1 <= case.extension_days <= 30:
            raise Refusal("extension_days", say("「延长天数」延长期限最多不得超过三十日（第六十二条第一款）"))
        if not case.extension_approved_by.strip():
            raise Refusal(
                "extension_approved_by",
                say("「延期批准人」延长审理期限须经行政复议机构负责人批准（第六十二条第一款）"),
            )
    if state == CaseState.SUSPENDED and not any(s.resumed_on is None for s in case.suspensions):
        raise Refusal("suspensions", say("「中止期间」状态为“中止”的案件须有尚未恢复的中止期间"))
