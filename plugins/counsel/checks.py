"""The refusals of 政府法律顾问: each names the field at fault and says why, in Chinese.

Used by the operations, the admin forms and the register import alike, so the same message reaches
the user whichever way the data came in. `Refusal(field, message)` is the kit's refusal shape: the
admin shows it on the form (nothing saved), the register reports it under the column.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from core import clock
from core.i18n import joined, say, translate
from core.refusals import Refusal
from plugins.counsel.models import CounselMember, Engagement, Matter
from plugins.counsel.vocabulary import LICENSED_KINDS, MatterKind, MemberKind, MemberStatus, ReviewResult

#: 律师执业证号 / 公职律师证号: 17 digits (执业机构所在地代码、类别、年份、序号).
LICENCE_NUMBER = re.compile(r"^\d{17}$")

#: The articles a gate refusal cites.
GATE_BASIS = "《重大行政决策程序暂行条例》第二十五条、第二十八条"

LABELS = {
    "kind": "类别",
    "name": "姓名",
    "user": "对应用户（机关法制工作人员）",
    "unit": "所在单位",
    "firm": "执业机构／工作单位",
    "legal_qualification": "法律职业资格",
    "licence_number": "执业证号",
    "practice_years": "执业年限",
    "degree": "学历学位",
    "expertise": "专业领域",
    "status": "状态",
    "status_reason": "状态变更原因",
    "status_since": "状态变更日期",
    "member": "法律顾问",
    "contract_number": "合同编号",
    "starts_on": "聘期开始",
    "ends_on": "聘期结束",
    "scope": "服务范围",
    "fee": "年度费用（元）",
    "renewal_of": "续聘自",
    "terminated_on": "解除日期",
    "termination_reason": "解除原因",
    "title": "事项名称",
    "question": "咨询问题",
    "received_on": "收到日期",
    "due_on": "出具意见期限",
    "state": "状态",
    "opinion": "法律意见",
    "opinion_on": "出具日期",
    "counsel": "出具意见的法律顾问",
    "review_result": "合法性审查结论",
    "adoption": "采纳情况",
    "adoption_reason": "未采纳（部分采纳）理由",
    "exploratory": "探索性改革决策事项",
    "legal_risk": "明示的法律风险",
    "submitted_on": "提交集体讨论日期",
    "closed_on": "办结日期",
    "region": "所属区划",
    "requester": "来源模块",
    "year": "年度",
    "rating": "服务单位评价（0–100）",
    "adjustment": "调整分",
    "adjustment_reason": "调整理由",
    "outcome": "评价结果",
    "outcome_reason": "续聘／解聘说明",
}


def refusal(field: str | None, message: str) -> Refusal:
    """The core's `Refusal` of `field`, with the field's Chinese label (`LABELS`) in front of `message`."""
    return Refusal(field, message, label=LABELS.get(field or "") or None)


def today() -> dt.date:
    """The offices' date (core clock: Asia/Shanghai, or FAZHI_TODAY when pinned)."""
    return clock.today()


def require(value: Any, field: str) -> Any:
    """Refuse an empty required value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise refusal(field, "必填")
    return value


def not_future(value: dt.date, field: str) -> dt.date:
    """Refuse a date after today (an act is recorded when it happened)."""
    if value > today():
        raise refusal(field, say("不能晚于今天（%(day)s）", day=value.isoformat()))
    return value


def visible(region_id: int | None, scope: frozenset[int] | None, field: str, what: str) -> None:
    """Refuse a record placed outside the user's regions (e.g. an agency of another county)."""
    if scope is not None and region_id not in scope:
        raise refusal(field, say("%(what)s不在本辖区内，不能在此登记", what=what))


# -- roster --------------------------------------------------------------------------------------------


def check_member(member: CounselMember) -> None:
    """A roster entry: kind, name (staff: from their user), licence shape, status with its reason."""
    kind = require(member.kind, "kind")
    if kind not in {str(k) for k in MemberKind}:
        raise refusal("kind", say("应为%(choices)s之一", choices=joined(k.label for k in MemberKind)))
    if kind == MemberKind.STAFF and member.user is None and member.user_id is None:
        raise refusal("user", "机关法制工作人员须从本系统用户中选择，不另建人员名单")
    require(member.name, "name")
    number = (member.licence_number or "").strip()
    if kind in LICENSED_KINDS and not number:
        raise refusal("licence_number", say("%(kind)s须填写执业证号", kind=MemberKind(kind).label))
    if number and not LICENCE_NUMBER.match(number):
        raise refusal("licence_number", say("应为17位数字（现为“%(number)s”）", number=number))
    member.licence_number = number
    if member.practice_years is not None and member.practice_years < 0:
        raise refusal("practice_years", "不能为负数")
    if member.status and member.status != MemberStatus.ACTIVE and not (member.status_reason or "").strip():
        raise refusal("status_reason", "暂停或解聘须写明原因")


# -- engagements ---------------------------------------------------------------------------------------


def check_engagement(engagement: Engagement, scope: frozenset[int] | None) -> None:
    """An engagement: an agency of the user's regions, an active member, a term in order, a fee ≥ 0."""
    unit = require(engagement.unit, "unit")
    visible(unit.region_id, scope, "unit", say("聘请单位“%(name)s”", name=unit.name))
    member = require(engagement.member, "member")
    if member.status == MemberStatus.DISMISSED and engagement.id is None:
        raise refusal("member", say("%(name)s已被解聘，不能再聘请", name=member.name))
    starts, ends = require(engagement.starts_on, "starts_on"), require(engagement.ends_on, "ends_on")
    if ends < starts:
        message = say("%(ends)s早于聘期开始日期%(starts)s", ends=ends.isoformat(), starts=starts.isoformat())
        raise refusal("ends_on", message)
    fee = engagement.fee if engagement.fee is not None else Decimal(0)
    if Decimal(fee) < 0:
        raise refusal("fee", say("不能为负数（%(fee)s）", fee=fee))
    if engagement.terminated_on is not None:
        if not starts <= engagement.terminated_on <= ends:
            message = say("应在聘期内（%(starts)s至%(ends)s）", starts=starts.isoformat(), ends=ends.isoformat())
            raise refusal("terminated_on", message)
        not_future(engagement.terminated_on, "terminated_on")
        require(engagement.termination_reason, "termination_reason")
    renewed = engagement.renewal_of
    if renewed is not None and (renewed.unit_id != unit.id or renewed.member_id != member.id):
        raise refusal("renewal_of", "续聘的原合同应为同一单位聘请同一法律顾问")


# -- the opinion log -----------------------------------------------------------------------------------


def check_matter(matter: Matter, scope: frozenset[int] | None) -> None:
    """A logged request: an agency of the user's regions, a kind, a title, a receipt date not in the future."""
    unit = require(matter.unit, "unit")
    visible(unit.region_id, scope, "unit", say("请求单位“%(name)s”", name=unit.name))
    kind = require(matter.kind, "kind")
    if kind not in {str(k) for k in MatterKind}:
        raise refusal("kind", say("应为%(choices)s之一", choices=joined(k.label for k in MatterKind)))
    require(matter.title, "title")
    not_future(require(matter.received_on, "received_on"), "received_on")


def check_opinion(
    matter: Matter, *, opinion: str, given_on: dt.date, counsel: list[CounselMember], review_result: str | None
) -> None:
    """An opinion: text, date (after the request, not in the future), at least one counsel; a review's conclusion."""
    require(opinion, "opinion")
    not_future(require(given_on, "opinion_on"), "opinion_on")
    if given_on < matter.received_on:
        received = matter.received_on.isoformat()
        message = say("%(given)s早于收到请求的日期%(received)s", given=given_on.isoformat(), received=received)
        raise refusal("opinion_on", message)
    if not counsel:
        raise refusal("counsel", "至少选择一名法律顾问（条例第二十八条：组织法律顾问、公职律师提出法律意见）")
    idle = [m.name for m in counsel if m.status != MemberStatus.ACTIVE]
    if idle:
        raise refusal("counsel", say("%(names)s不在册（暂停或解聘），不能出具意见", names=joined(idle)))
    if matter.kind == MatterKind.MAJOR_DECISION and review_result not in {str(r) for r in ReviewResult}:
        raise refusal("review_result", "重大行政决策须写明合法性审查结论（条例第二十五条、第二十七条）")


def check_adoption(matter: Matter, adoption: str, reason: str, on: dt.date | None = None) -> None:
    """Adopted / partly / not: a reason is required unless fully adopted."""
    if adoption not in ("adopted", "partly", "not_adopted"):
        raise refusal("adoption", "请选择采纳、部分采纳或未采纳")
    if adoption != "adopted" and not (reason or "").strip():
        raise refusal("adoption_reason", "部分采纳或未采纳的，须写明理由")


def check_gate(matter: Matter, *, on: dt.date, exploratory: bool, legal_risk: str) -> None:
    """The legality-review gate before collective discussion (条例 arts 25, 28).

    A major decision goes to discussion only after a legality review in which counsel were heard
    (an opinion on record, by at least one counsel, not finding the draft unlawful), or — a reform
    the State has no clear rule on — with its legal risk stated (art 25 ¶2).
    """
    if matter.kind != MatterKind.MAJOR_DECISION:
        raise refusal("kind", "只有重大行政决策事项需要提交集体讨论")
    not_future(require(on, "submitted_on"), "submitted_on")
    if exploratory:
        if not (legal_risk or "").strip():
            raise refusal("legal_risk", "探索性改革决策事项须明示法律风险后方可提交（条例第二十五条第二款）")
        return
    if not matter.opinion_on or not matter.counsel:
        raise refusal(
            "state",
            say(
                "该重大行政决策尚未经合法性审查、无法律顾问意见，不得提交决策机关讨论（%(basis)s）",
                basis=translate(GATE_BASIS),
            ),
        )
    if matter.review_result == ReviewResult.UNLAWFUL:
        raise refusal(
            "review_result",
            say("合法性审查结论为“不合法”，不得提交决策机关讨论（%(basis)s）", basis=translate(GATE_BASIS)),
        )
    if on < matter.opinion_on:
        raise refusal(
            "submitted_on",
            say("%(on)s早于合法性审查意见日期%(opinion)s", on=on.isoformat(), opinion=matter.opinion_on.isoformat()),
        )


def check_evaluation_adjustment(points: Decimal, reason: str) -> None:
    """An adjustment keeps the score within 0–100 and has a reason."""
    if not (reason or "").strip():
        raise refusal("adjustment_reason", "调整评价分数须写明理由")
    if abs(points) > 100:
        raise refusal("adjustment", "调整分应在 -100 至 100 之间")
