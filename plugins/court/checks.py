"""The checks a court record must pass before it is saved: each refusal names the field at fault.

Called by `operations` (the admin's saves) and by the register import (on unsaved records, so a
whole file is checked before anything is written). A refusal is a `core.refusals.Refusal`, a WTForms
`ValidationError`: Flask-Admin shows it and rolls the transaction back, so nothing saved is lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect, select

from core import clock
from core.attachments import attachments_of
from core.extensions import db
from core.i18n import say
from core.models import Unit, User
from core.refusals import Refusal
from plugins.court.models import AppearanceReport, CourtHearing, LitigationCase, UnitHead, UnitStaff
from plugins.court.vocabulary import (
    CASE_LABELS,
    HEARING_LABELS,
    REPORT_LABELS,
    AbsenceReason,
    CaseResult,
    HearingStatus,
    Instance,
    RulingKind,
    StaffStatus,
)

#: The description an attached power of attorney carries (行诉解释 art 131 ¶2).
POWER_OF_ATTORNEY = "授权委托书（加盖行政机关印章）"


def today() -> dt.date:
    """Today where the offices are (`core.clock`: Asia/Shanghai, or ``FAZHI_TODAY`` when pinned)."""
    return clock.today()


def heads_of(unit: Unit, on: dt.date | None = None) -> list[UnitHead]:
    """The unit's list of heads (规定 art 2), those in office on `on` when given."""
    heads = db.session.execute(select(UnitHead).where(UnitHead.unit_id == unit.id).order_by(UnitHead.id)).scalars()
    return [h for h in heads if on is None or h.in_office_on(on)]


def _check_head(label: str, head: UnitHead | None, unit: Unit, on: dt.date) -> None:
    if head is None:
        return
    if head.unit_id != unit.id or not head.in_office_on(on):
        names = "、".join(h.name for h in heads_of(unit, on)) or say("（名单为空）")
        raise Refusal(
            None,
            say(
                "%(name)s不在%(unit)s%(day)s的负责人名单中（《最高人民法院关于行政机关负责人出庭应诉"
                "若干问题的规定》第二条）；名单：%(names)s",
                name=head.name,
                unit=unit.name,
                day=on.isoformat(),
                names=names,
            ),
            label=label,
        )


def _function(unit: Unit) -> str:
    """What an agency does, without its place: 东宝区公安局 and 市公安局 are both "公安局"."""
    name, place = unit.name, unit.region.name if unit.region is not None else ""
    if place and name.startswith(place):
        return name[len(place) :]
    if place and name.startswith(place[-1]):  # 市公安局 of 荆门市
        return name[1:]
    return name


def _is_government(unit: Unit) -> bool:
    return unit.name.endswith("人民政府")


def _below(region: Any, above: Any) -> bool:
    """Whether `region` lies under `above` in the region tree."""
    seen = region.parent if region is not None else None
    while seen is not None:
        if seen.id == above.id:
            return True
        seen = seen.parent
    return False


def delegate_standing(delegate: UnitStaff, unit: Unit) -> str | None:
    """Why `delegate` may appear for the defendant `unit` as its 相应的工作人员, or None.

    - its own staff, or staff of an organisation it entrusted kept on its roster (行诉解释 art 130 ¶1;
      规定 art 10 ¶2);
    - staff of a lower-level agency of the same line (规定 art 10 ¶2: "下级行政机关的工作人员");
    - for a people's government defendant, staff of its 法制工作机构 (the legal office of its region)
      or of the agency that handled the act (行诉解释 art 130 ¶2).
    """
    other = delegate.unit
    if not delegate.active or other is None:
        return None
    if other.id == unit.id:
        if delegate.status == StaffStatus.ENTRUSTED_ORGANISATION:
            return "受委托组织的工作人员（规定第十条第二款）"
        return "本机关工作人员（《行诉解释》第一百三十条第一款）"
    if _is_government(unit) and other.region_id == unit.region_id:
        if other.is_legal_office:
            return "人民政府法制工作机构的工作人员（《行诉解释》第一百三十条第二款）"
        return "被诉行政行为具体承办机关的工作人员（《行诉解释》第一百三十条第二款）"
    if _function(other) == _function(unit) and _below(other.region, unit.region):
        return "下级行政机关的工作人员（规定第十条第二款）"
    return None


def _check_delegate(label: str, delegate: UnitStaff | None, unit: Unit) -> None:
    if delegate is None:
        return
    if delegate_standing(delegate, unit) is None:
        raise Refusal(
            None,
            say(
                "%(name)s不是%(unit)s的工作人员，也不能视为其相应的工作人员，不能受委托出庭：可以委托本机关工作人员、"
                "受委托组织或下级行政机关的工作人员（规定第十条第二款），被告为人民政府的，还可以委托其法制工作机构或"
                "具体承办机关的工作人员（《行政诉讼法》第三条第三款、《行诉解释》第一百三十条）",
                name=delegate.name,
                unit=unit.name,
            ),
            label=label,
        )


def _label(column: str) -> str:
    return say(CASE_LABELS[column])


def _hearing_label(column: str) -> str:
    return say(HEARING_LABELS[column])


def _report_label(column: str) -> str:
    return say(REPORT_LABELS[column])


def check_case(case: LitigationCase) -> None:
    """Refuse a case whose fields do not fit together (raises `Refusal` naming the field)."""
    if case.defendant_unit is None:
        raise Refusal("defendant_unit", say("请选择被告行政机关"), label=_label("defendant_unit"))
    if case.filed_on is None:
        raise Refusal("filed_on", say("不能为空"), label=_label("filed_on"))
    later_than_filing = ("complaint_copy_received_on", "defence_filed_on", "judged_on", "recommendation_received_on")
    for column in later_than_filing:
        value = getattr(case, column)
        if value is not None and value < case.filed_on:
            raise Refusal(
                column,
                say("%(day)s早于立案日期%(filed)s", day=value.isoformat(), filed=case.filed_on.isoformat()),
                label=_label(column),
            )
    if case.defence_filed_on and case.complaint_copy_received_on is None:
        raise Refusal(
            "complaint_copy_received_on",
            say("已填写答辩日期，请先填写收到起诉状副本的日期"),
            label=_label("complaint_copy_received_on"),
        )
    if case.decided_on_papers and case.instance != Instance.APPEAL:
        raise Refusal(
            "decided_on_papers",
            say("只有二审案件可以不开庭审理（《行政诉讼法》第八十六条）"),
            label=_label("decided_on_papers"),
        )
    for held in case.held_hearings:
        if held.held_on < case.filed_on:
            raise Refusal(
                "filed_on", say("晚于已登记的开庭日期%(day)s", day=held.held_on.isoformat()), label=_label("filed_on")
            )
    _check_ruling(case)
    _check_appeal(case)


def _check_ruling(case: LitigationCase) -> None:
    parts = {"ruling_kind": case.ruling_kind, "judged_on": case.judged_on, "result": case.result}
    if not any(parts.values()):
        if case.served_on:
            raise Refusal("judged_on", say("已填写送达日期，请填写裁判日期"), label=_label("judged_on"))
        return
    for column, value in parts.items():
        if not value:
            raise Refusal(column, say("登记裁判结果时必须填写"), label=_label(column))
    if case.result == CaseResult.MEDIATED and case.ruling_kind != RulingKind.MEDIATION:
        raise Refusal("ruling_kind", say("调解结案的文书应为调解书"), label=_label("ruling_kind"))
    if case.ruling_kind == RulingKind.MEDIATION and case.result != CaseResult.MEDIATED:
        raise Refusal("result", say("调解书结案的结果应为“调解结案”"), label=_label("result"))
    if case.result == CaseResult.WITHDRAWN and case.ruling_kind != RulingKind.RULING:
        raise Refusal("ruling_kind", say("准许撤诉应以裁定作出"), label=_label("ruling_kind"))
    if case.ruling_kind != RulingKind.RULING and case.ruling_matter:
        raise Refusal(
            "ruling_matter", say("只有裁定需要填写裁定事项（《行诉解释》第一百零一条）"), label=_label("ruling_matter")
        )
    if case.served_on and case.served_on < case.judged_on:
        raise Refusal(
            "served_on", say("早于裁判日期%(day)s", day=case.judged_on.isoformat()), label=_label("served_on")
        )
    if case.ruling_kind == RulingKind.JUDGMENT and not case.decided_on_papers:
        # A judgment follows a hearing (行诉法 arts 54, 58, 86): a case that needs one cannot be
        # judged before it was heard.
        heard = [h for h in case.held_hearings if h.held_on <= case.judged_on]
        if not heard:
            raise Refusal(
                "judged_on",
                say(
                    "%(day)s之前本案没有已开庭的记录；判决须在开庭审理之后（二审不开庭审理的，请勾选“不开庭审理”）",
                    day=case.judged_on.isoformat(),
                ),
                label=_label("judged_on"),
            )
    for hearing in case.held_hearings:
        if hearing.held_on > case.judged_on:
            raise Refusal(
                "judged_on",
                say("早于已登记的开庭日期%(day)s", day=hearing.held_on.isoformat()),
                label=_label("judged_on"),
            )


def _check_appeal(case: LitigationCase) -> None:
    if not case.appeal_decision and not case.appeal_decided_on:
        return
    from plugins.court.deadlines import appealable

    if not appealable(case):
        raise Refusal(
            "appeal_decision",
            say(
                "只有一审判决和不予立案、驳回起诉、管辖异议裁定才可以上诉，才需要作出是否上诉的决定"
                "（《行政诉讼法》第八十五条、《行诉解释》第一百零一条第二款）"
            ),
            label=_label("appeal_decision"),
        )
    if not case.appeal_decision or not case.appeal_decided_on:
        missing = "appeal_decision" if not case.appeal_decision else "appeal_decided_on"
        raise Refusal(missing, say("上诉决定和决定日期须同时填写"), label=_label(missing))
    if case.served_on is None:
        raise Refusal(
            "served_on",
            say("上诉期限自裁判文书送达之日起计算（《行政诉讼法》第八十五条），请先填写送达日期"),
            label=_label("served_on"),
        )
    if case.appeal_decided_on < case.served_on:
        raise Refusal(
            "appeal_decided_on",
            say("早于裁判文书送达日期%(day)s", day=case.served_on.isoformat()),
            label=_label("appeal_decided_on"),
        )


def has_power_of_attorney(hearing: CourtHearing) -> bool:
    """Whether the sealed power of attorney is on file: recorded, or its scan attached (行诉解释 art 131 ¶2)."""
    if hearing.power_of_attorney_filed:
        return True
    if hearing.id is None:
        return False
    return any(a.description == POWER_OF_ATTORNEY for a in attachments_of(hearing))


def check_hearing(hearing: CourtHearing, power_of_attorney: Any = None) -> None:
    """Refuse a hearing at odds with its case or the agency's lists (raises `Refusal`)."""
    case = hearing.case
    label = _hearing_label
    if case is None:
        raise Refusal("case", say("请选择案件"), label=label("case"))
    if hearing.held_on is None:
        raise Refusal("held_on", say("不能为空"), label=label("held_on"))
    if hearing.held_on < case.filed_on:
        raise Refusal(
            "held_on",
            say("%(day)s早于本案立案日期%(filed)s", day=hearing.held_on.isoformat(), filed=case.filed_on.isoformat()),
            label=label("held_on"),
        )
    if case.judged_on and hearing.held_on > case.judged_on and hearing.status != HearingStatus.CANCELLED:
        raise Refusal("held_on", say("晚于本案裁判日期%(day)s", day=case.judged_on.isoformat()), label=label("held_on"))
    if hearing.notice_received_on and hearing.notice_received_on > hearing.held_on:
        raise Refusal("notice_received_on", say("晚于开庭日期"), label=label("notice_received_on"))
    unit = case.defendant_unit
    _check_head(label("head"), hearing.head, unit, hearing.held_on)
    _check_delegate(label("delegate"), hearing.delegate, unit)
    if not hearing.is_held:
        recorded = [c for c in ("head", "delegate") if getattr(hearing, c) is not None]
        if recorded or (hearing.lawyers or "").strip() or hearing.head_spoke:
            raise Refusal("status", say("登记出庭人员前，请把状态设为“已开庭”"), label=label("status"))
        return
    if hearing.held_on > today():
        raise Refusal(
            "held_on", say("%(day)s尚未到来，不能登记为已开庭", day=hearing.held_on.isoformat()), label=label("held_on")
        )
    if hearing.head_spoke and hearing.head is None:
        raise Refusal("head_spoke", say("负责人未出庭，不能登记当庭发言"), label=label("head_spoke"))
    if hearing.delegate is not None and power_of_attorney is None and not has_power_of_attorney(hearing):
        raise Refusal(
            "power_of_attorney",
            say("委托工作人员出庭的，应提交加盖行政机关印章的授权委托书（《行诉解释》第一百三十一条），请上传扫描件"),
            label=label("power_of_attorney"),
        )


def check_report(report: AppearanceReport) -> None:
    """Refuse an appearance report naming the wrong people or lacking the reason (raises `Refusal`)."""
    label = _report_label
    hearing = report.hearing
    if hearing is None:
        raise Refusal("hearing", say("请选择开庭"), label=label("hearing"))
    if report.filed_on is None:
        raise Refusal("filed_on", say("不能为空"), label=label("filed_on"))
    if report.filed_on > hearing.held_on:
        raise Refusal(
            "filed_on",
            say("应诉报告应在开庭（%(day)s）前报送", day=hearing.held_on.isoformat()),
            label=label("filed_on"),
        )
    if hearing.is_held and inspect(report).pending:
        raise Refusal("hearing", say("该次庭审已经开庭，不能再报送应诉报告"), label=label("hearing"))
    unit = hearing.case.defendant_unit
    if report.planned_head is None and report.planned_delegate is None:
        raise Refusal("planned_head", say("请填写拟出庭的负责人，或拟委托出庭的工作人员"), label=label("planned_head"))
    _check_head(label("planned_head"), report.planned_head, unit, hearing.held_on)
    _check_delegate(label("planned_delegate"), report.planned_delegate, unit)
    if report.planned_head is None:
        # The head cannot appear: the reason must be one of 规定 art 8, explained in writing.
        if report.absence_reason not in set(AbsenceReason):
            raise Refusal(
                "absence_reason", say("负责人不能出庭的，须选择理由（规定第八条）"), label=label("absence_reason")
            )
        if not (report.absence_explanation or "").strip():
            raise Refusal(
                "absence_explanation",
                say("负责人不能出庭的，须提交书面情况说明（规定第九条）"),
                label=label("absence_explanation"),
            )


def can_decide(user: User) -> bool:
    """Whether `user` may approve delegations: staff of a legal office (委托准许 is its job) or admins."""
    if not user.can_write:
        return False
    if user.is_region_admin:
        return True
    return bool(user.unit and user.unit.is_legal_office)
