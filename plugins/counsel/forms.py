"""The small forms of the matter and evaluation pages: one per act, declared as data and read into
the operation's keyword arguments (a refusal names the field, as everywhere)."""

from __future__ import annotations

from sqlalchemy import select

from core import tenancy
from core.admin.acts import ActForm, Field
from core.extensions import db
from core.i18n import say, translate
from core.refusals import Refusal
from plugins.counsel.models import CounselMember
from plugins.counsel.vocabulary import Adoption, EvaluationOutcome, MemberStatus, ReviewResult

MATTER_FORMS: dict[str, ActForm] = {
    "give_opinion": ActForm(
        "出具法律意见",
        (
            Field("on", "出具日期"),
            Field("counsel", "出具意见的法律顾问（可多选）", "members", multiple=True),
            Field(
                "review_result",
                "合法性审查结论（重大行政决策）",
                "select",
                required=False,
                choices=ReviewResult.choices(optional=True, blank="（不适用）"),
            ),
            Field("opinion", "法律意见", "textarea"),
        ),
    ),
    "record_adoption": ActForm(
        "登记采纳情况",
        (
            Field("adoption", "采纳情况", "select", choices=tuple(Adoption.choices())),
            Field("reason", "未采纳（部分采纳）理由", "textarea", required=False),
        ),
    ),
    "submit": ActForm(
        "提交集体讨论",
        (
            Field("on", "提交日期"),
            Field("exploratory", "探索性改革决策事项（条例第二十五条第二款）", "bool", required=False),
            Field("legal_risk", "明示的法律风险", "textarea", required=False),
        ),
    ),
    "close": ActForm("办结", (Field("on", "办结日期"),)),
}

EVALUATION_FORMS: dict[str, ActForm] = {
    "recompute": ActForm("重新计算", (Field("rating", "服务单位评价（0–100）", "int", required=False),)),
    "adjust": ActForm(
        "调整分数", (Field("points", "调整分（可为负数）", "decimal"), Field("reason", "调整理由", "textarea"))
    ),
    "decide_outcome": ActForm(
        "续聘／解聘",
        (
            Field("outcome", "评价结果", "select", choices=tuple(EvaluationOutcome.choices())),
            Field("reason", "说明", "textarea", required=False),
        ),
    ),
}


def member_options(scope: frozenset[int] | None) -> list[tuple[str, str]]:
    """Active roster members the user may see, for the counsel check boxes."""
    query = select(CounselMember).where(CounselMember.status == MemberStatus.ACTIVE).order_by(CounselMember.id)
    criterion = tenancy.scope_filter(CounselMember, scope)
    if criterion is not None:
        query = query.where(criterion)
    return [(str(m.id), str(m)) for m in db.session.execute(query).scalars()]


def read_members(field: Field, ticked: list[str], scope: frozenset[int] | None) -> list[CounselMember]:
    """The counsel ticked in a ``members`` field, each one the user may see."""
    ids = [int(v) for v in ticked if v.isdigit()]
    if not ids:
        return []
    query = select(CounselMember).where(CounselMember.id.in_(ids)).order_by(CounselMember.id)
    criterion = tenancy.scope_filter(CounselMember, scope)
    if criterion is not None:
        query = query.where(criterion)
    found = list(db.session.execute(query).scalars())
    if len(found) != len(set(ids)):
        raise Refusal(field.name, say("「%(label)s」包含本辖区以外或不存在的法律顾问", label=translate(field.label)))
    return found


#: The plugin's own field kinds, read beside the core's.
READERS = {"members": read_members}
