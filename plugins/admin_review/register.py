"""行政复议案件登记表: the case register as an Excel workbook, exported and imported by the core.

One row per case with every field of the case file and its life cycle; further applicants and
third parties by name ("、"), suspensions as "2024-03-01至2024-03-10（第5项）：理由" joined by "；".
Hearings, 意见书 and the timeline are records of their own and are not in the register.
An imported row is checked like a case entered by hand (`checks.check_consistency`) and saved
by `operations.import_case`, which opens the periods still running for its state.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from core.choices import LabelledEnum
from core.extensions import db
from core.i18n import say
from core.models import User
from core.registers import CellError, Column, ImportContext, Register, is_blank, parse_date
from plugins.admin_review import checks, operations
from plugins.admin_review.models import AdministrativeReviewCase, Party, Suspension
from plugins.admin_review.vocabulary import (
    ActType,
    CaseState,
    Category,
    Channel,
    DecisionType,
    PartyKind,
    PartyRole,
    Procedure,
    SimplifiedGround,
    SuspensionGround,
    TerminationGround,
)

_SUSPENSION = re.compile(r"^(\S+?)至(\S*?)（第(\d+)项）(?:：(.*))?$", re.S)


def _staff(raw: Any, ctx: ImportContext) -> User | None:
    """承办人 by login name, "姓名（登录名）" as exported, or a unique full name."""
    if is_blank(raw):
        return None
    text = str(raw).strip()
    match = re.search(r"（([^（）]+)）$", text)
    username = match.group(1) if match else text
    query = select(User).where(or_(User.username == username, User.full_name == text))
    found = db.session.execute(ctx.scoped(query, User)).scalars().all()
    exact = [u for u in found if u.username == username] or found
    if len(exact) != 1:
        raise CellError(
            say("找不到本辖区内的用户“%(name)s”", name=text)
            if not exact
            else say("姓名“%(name)s”不唯一，请填写登录名", name=text)
        )
    return exact[0]


def _names(raw: Any, ctx: ImportContext) -> list[str]:
    if is_blank(raw):
        return []
    return [n.strip() for n in re.split(r"[、,，;；]", str(raw)) if n.strip()]


def _performed(raw: Any, ctx: ImportContext) -> bool | None:
    if is_blank(raw):
        return None
    return Column("performed", "已履行", kind="bool").read(raw, ctx)


def _suspensions(raw: Any, ctx: ImportContext) -> list[dict[str, Any]]:
    if is_blank(raw):
        return []
    periods = []
    for part in (p.strip() for p in str(raw).split("；")):
        if not part:
            continue
        match = _SUSPENSION.match(part)
        if match is None or match.group(3) not in SuspensionGround.labels():
            raise CellError(
                say("格式应为“2024-03-01至2024-03-10（第5项）：理由”，多段以“；”分隔（“%(part)s”）", part=part)
            )
        start = parse_date(match.group(1))
        end = parse_date(match.group(2)) if match.group(2) else None
        if end is not None and end < start:
            raise CellError(say("恢复日期早于中止日期（“%(part)s”）", part=part))
        periods.append(
            {"suspended_on": start, "resumed_on": end, "ground": match.group(3), "reason": match.group(4) or ""}
        )
    return periods


def _export_suspensions(case: AdministrativeReviewCase) -> str:
    parts = []
    for s in case.suspensions:
        end = s.resumed_on.isoformat() if s.resumed_on else ""
        parts.append(f"{s.suspended_on.isoformat()}至{end}（第{s.ground}项）" + (f"：{s.reason}" if s.reason else ""))
    return "；".join(parts)


def _party_names(role: PartyRole) -> Any:
    return lambda case: "、".join(p.name for p in case.parties if p.role == role) or None


def _text(key: str, header: str, width: int = 16, **kwargs: Any) -> Column:
    return Column(key, header, width=width, **kwargs)


def _date(key: str, header: str, **kwargs: Any) -> Column:
    return Column(key, header, kind="date", width=12, **kwargs)


def _choice(key: str, header: str, choices: type[LabelledEnum], **kwargs: Any) -> Column:
    return Column(key, header, kind="choice", choices=choices, width=14, **kwargs)


COLUMNS = (
    _text("case_number", "案号", 22, required=True, max_length=64),
    Column("region", "复议机关", kind="region", width=12),
    _date("received_on", "收到日期", required=True),
    _choice("channel", "申请方式", Channel),
    _text("applicant_name", "申请人", required=True, max_length=128),
    _choice("applicant_kind", "申请人类别", PartyKind),
    _text("applicant_contact", "申请人联系方式", max_length=128),
    _text("agent_name", "委托代理人", max_length=64),
    _text("agent_contact", "代理人联系方式", max_length=128),
    Column("co_applicants", "其他申请人", parse=_names, export=_party_names(PartyRole.CO_APPLICANT), width=16),
    Column("third_parties", "第三人", parse=_names, export=_party_names(PartyRole.THIRD_PARTY), width=16),
    Column("respondent", "被申请人", kind="unit", required=True, width=22),
    _choice("act_type", "行政行为类别", ActType),
    _text("act_number", "行政行为文号", 20, max_length=128),
    _date("act_date", "行政行为日期"),
    _date("known_on", "知道或者应当知道行政行为之日"),
    Column("right_not_told", "未告知申请权利和期限", kind="bool", width=8),
    _date("right_known_on", "知道申请权利和期限之日"),
    Column("real_property", "因不动产提出申请", kind="bool", width=8),
    Column("application_days", "法律规定的申请期限（日）", kind="int", width=8),
    _date("obstacle_from", "障碍发生之日"),
    _date("obstacle_until", "障碍消除之日"),
    _text("obstacle_reason", "耽误申请期限的理由", 20, max_length=255),
    _text("request", "行政复议请求", 30),
    _choice("category", "案件类别", Category),
    Column("major_complex", "重大疑难复杂", kind="bool", width=8),
    _choice("procedure", "审理程序", Procedure),
    _choice("simplified_ground", "简易程序适用情形", SimplifiedGround),
    Column("staff", "承办人", parse=_staff, export=lambda c: str(c.staff) if c.staff else None, width=18),
    _choice("state", "状态", CaseState, required=True),
    _date("correction_notice_on", "补正通知日期"),
    _date("correction_served_on", "补正通知收到日期"),
    _text("correction_items", "补正事项", 20),
    _date("supplemented_on", "补正日期"),
    _date("supplement_posted_on", "补正材料交邮日期"),
    _date("abandoned_on", "视为放弃日期"),
    _date("accepted_on", "受理日期"),
    Column("deemed_accepted", "视为受理", kind="bool", width=8),
    _date("not_accepted_on", "不予受理日期"),
    _text("not_accepted_reason", "不予受理理由", 20),
    _text("competent_organ", "有管辖权的复议机关", max_length=128),
    _date("copy_sent_on", "答复通知发送日期"),
    _date("copy_received_on", "被申请人收到日期"),
    _date("reply_received_on", "答复日期"),
    _date("reply_posted_on", "答复交邮日期"),
    Column("reply_missed", "逾期未答复", kind="bool", width=8),
    _date("converted_on", "转普通程序日期"),
    _text("conversion_approved_by", "转换批准人", max_length=64),
    Column(
        "suspensions",
        "中止期间",
        parse=_suspensions,
        export=_export_suspensions,
        width=30,
        note="如 2024-03-01至2024-03-10（第5项）：理由；尚未恢复的不填结束日期；多段以“；”分隔",
    ),
    Column("extension_days", "延长天数", kind="int", width=8),
    _date("extended_on", "延期日期"),
    _text("extension_approved_by", "延期批准人", max_length=64),
    _text("extension_reason", "延期理由", 20),
    _date("onsite_investigated_on", "现场调查日期"),
    _text("onsite_record", "现场调查记录", 20),
    _date("mediation_started_on", "调解开始日期"),
    _choice("decision_type", "决定类型", DecisionType),
    _date("decided_on", "决定日期"),
    _text("decision_number", "决定书文号", 20, max_length=64),
    _text("decision_summary", "决定要点", 20),
    Column("redo_ordered", "责令重作或履行", kind="bool", width=8),
    Column("performance_days", "履行期限（日）", kind="int", width=8),
    _choice("termination_ground", "终止情形", TerminationGround),
    _date("served_on", "送达日期"),
    _date("head_notified_on", "行政首长告知日期"),
    _text("head_notice_record", "行政首长告知情况", 20, max_length=255),
    _date("performance_checked_on", "履行核查日期"),
    Column(
        "performed",
        "已履行",
        parse=_performed,
        export=lambda c: None if c.performed is None else c.performed,
        kind="bool",
        width=8,
    ),
    _text("performance_note", "履行情况", 20, max_length=255),
    _date("visited_on", "回访日期"),
    _text("visit_record", "回访情况", 20),
    _text("note", "备注", 20),
)
#: Columns copied onto the case as they are.
_PLAIN = tuple(
    c.key
    for c in COLUMNS
    if c.key not in {"region", "respondent", "staff", "co_applicants", "third_parties", "suspensions", "case_number"}
)


class CaseRegister(Register):
    """行政复议案件登记表."""

    key = "admin_review_cases"
    title = "行政复议案件登记表"
    model = AdministrativeReviewCase
    columns = COLUMNS
    year_filter = True

    def query(self, args: dict[str, str]) -> Select:
        """Cases by review body, year and number; ``year`` limits to the cases received that year."""
        case = AdministrativeReviewCase
        query = (
            select(case)
            .options(
                joinedload(case.region),
                joinedload(case.respondent),
                joinedload(case.staff),
                selectinload(case.parties),
                selectinload(case.suspensions),
            )
            .order_by(
                AdministrativeReviewCase.region_id,
                AdministrativeReviewCase.case_year,
                AdministrativeReviewCase.case_seq,
                AdministrativeReviewCase.case_number,
            )
        )
        year = args.get("year", "")
        if year.isdigit():
            query = query.where(AdministrativeReviewCase.case_year == int(year))
        return query

    def build(self, values: dict[str, Any]) -> AdministrativeReviewCase:
        """An unsaved case from a read row."""
        region = values.get("region")
        case = AdministrativeReviewCase(region_id=region.id, case_number=values["case_number"])
        self.fill(case, values, _PLAIN)
        case.respondent = values["respondent"]
        case.respondent_id = values["respondent"].id
        staff = values.get("staff")
        case.staff_id = staff.id if staff else None
        for role, key in ((PartyRole.CO_APPLICANT, "co_applicants"), (PartyRole.THIRD_PARTY, "third_parties")):
            for name in values.get(key) or []:
                case.parties.append(Party(region_id=region.id, role=role, name=name))
        for period in values.get("suspensions") or []:
            case.suspensions.append(Suspension(region_id=region.id, resume_state="under_review", **period))
        year, seq = checks.number_parts(case.case_number)
        case.case_year, case.case_seq = year or case.received_on.year, seq
        return case

    def check(self, values: dict[str, Any], ctx: ImportContext) -> None:
        """The row as a whole: a consistent case, a number not used before (in the file or the body)."""
        if values.get("region") is None:
            values["region"] = ctx.region(None)
        case = self.build(values)
        checks.check_consistency(case)
        checks.check_case_number(case.region_id, case.case_year, case.case_number)
        ctx.claim(f"{case.region_id}:{case.case_year}:{case.case_number}", "case_number", "案号")

    def save(self, values: dict[str, Any], ctx: ImportContext) -> AdministrativeReviewCase:
        """Create the case with its history as recorded, and the periods still running."""
        return operations.import_case(self.build(values))
