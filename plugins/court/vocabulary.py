"""The words of 出庭应诉: the kinds, states and outcomes the records use, and their Chinese labels.

Stored as text (enum values); shown in Chinese. The articles each encodes are named where they come from.
"""

from __future__ import annotations

from core.choices import LabelledEnum


class HeadRank(LabelledEnum):
    """Which kind of head (规定 art 2 ¶1)."""

    CHIEF = "chief", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    DEPUTY_IN_CHARGE = "deputy_in_charge", "参与分管的副职级别负责人"
    OTHER_IN_CHARGE = "other_in_charge", "其他参与分管的负责人"


class StaffStatus(LabelledEnum):
    """Why a person is the agency's staff (行诉解释 art 130 ¶1; 规定 art 10 ¶2)."""

    CIVIL_SERVANT = "civil_servant", "行政编制工作人员"
    PUBLIC_DUTY = "public_duty", "其他依法履行公职的人员"
    #: Staff of an organisation the agency entrusted with the power (规定 art 10 ¶2), on its roster.
    ENTRUSTED_ORGANISATION = "entrusted_org", "受委托行使行政职权的组织的工作人员（规定第十条第二款）"


class Instance(LabelledEnum):
    """The level of the proceedings (规定 art 1: the duty applies in every one)."""

    FIRST = "first", "一审"
    APPEAL = "appeal", "二审"
    RETRIAL = "retrial", "再审"


class RulingKind(LabelledEnum):
    """The kind of the court's decision: the appeal period depends on it (行诉法 art 85)."""

    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"
    MEDIATION = "mediation", "调解书"


class RulingMatter(LabelledEnum):
    """What a ruling (裁定) decides (行诉解释 art 101 ¶1): only three can be appealed (¶2)."""

    REFUSE_FILING = "refuse_filing", "不予立案（可上诉）"
    DISMISS = "dismiss", "驳回起诉（可上诉）"
    JURISDICTION = "jurisdiction", "管辖异议（可上诉）"
    OTHER = "other", "其他事项（不得上诉）"


#: 行诉解释 art 101 ¶2: "对第一、二、三项裁定，当事人可以上诉。"
APPEALABLE_RULING_MATTERS = frozenset({RulingMatter.REFUSE_FILING, RulingMatter.DISMISS, RulingMatter.JURISDICTION})


class CaseResult(LabelledEnum):
    """The result for the defendant agency."""

    WON = "won", "胜诉"
    LOST = "lost", "败诉"
    WITHDRAWN = "withdrawn", "原告撤诉"
    MEDIATED = "mediated", "调解结案"


class AppealDecision(LabelledEnum):
    """What the agency decided after a first-instance judgment or ruling."""

    APPEAL = "appeal", "提起上诉"
    NO_APPEAL = "no_appeal", "不上诉"


class HearingStatus(LabelledEnum):
    """Where a hearing stands; only a held hearing counts in the appearance rate."""

    SCHEDULED = "scheduled", "已排期"
    HELD = "held", "已开庭"
    POSTPONED = "postponed", "延期开庭"
    CANCELLED = "cancelled", "取消开庭"


class AbsenceReason(LabelledEnum):
    """The reasons a head may be unable to appear (规定 art 8)."""

    FORCE_MAJEURE = "force_majeure", "不可抗力"
    ACCIDENT = "accident", "意外事件"
    IRREPLACEABLE_DUTY = "irreplaceable_duty", "需要履行他人不能代替的公务"
    OTHER = "other", "无法出庭的其他正当事由"


class ReportDecision(LabelledEnum):
    """The legal office's decision on an appearance report (委托准许, local practice)."""

    PENDING = "pending", "待审核"
    APPROVED = "approved", "准许委托"
    REJECTED = "rejected", "不予准许"
    NOT_NEEDED = "not_needed", "负责人出庭，无需审批"


class Appearance(LabelledEnum):
    """Who appeared for the agency at a held hearing, as the rules judge it."""

    #: A head on the unit's list appeared (counts in the appearance rate).
    HEAD = "head", "负责人出庭"
    #: The head could not appear for a reason the legal office approved; an agency staff member appeared.
    DELEGATE_APPROVED = "delegate_approved", "经准许委托工作人员出庭"
    #: Agency staff appeared, but the delegation was not approved (or no valid reason was given).
    DELEGATE_UNAPPROVED = "delegate_unapproved", "委托工作人员出庭（未经准许）"
    #: Only a lawyer appeared: no appearance (行诉解释 art 128 ¶2, art 132).
    LAWYER_ONLY = "lawyer_only", "仅委托律师出庭"
    #: Nobody appeared for the agency.
    ABSENT = "absent", "无人出庭"


#: The outcomes where neither a head nor an approved delegate appeared: 通报批评.
NO_APPEARANCE = frozenset({Appearance.DELEGATE_UNAPPROVED, Appearance.LAWYER_ONLY, Appearance.ABSENT})


# -- field labels (the admin's column labels; the checks name fields with them) -----------------------

UNIT_HEAD_LABELS = {
    "unit": "所属单位",
    "unit_id": "所属单位",
    "name": "姓名",
    "position": "职务",
    "rank": "负责人类别",
    "in_office_from": "任职起始日期",
    "in_office_until": "任职截止日期",
    "note": "备注",
    "region": "所属区划",
}
UNIT_STAFF_LABELS = {
    "unit": "所属单位",
    "unit_id": "所属单位",
    "name": "姓名",
    "position": "职务",
    "status": "人员身份",
    "active": "在职",
    "region": "所属区划",
}
#: A case's fields about its judgment, in order: the register fills them after the hearings (a
#: judgment needs its hearing first), the forms show them after the rest of the case.
RULING_FIELDS = (
    "ruling_kind",
    "ruling_matter",
    "judged_on",
    "served_on",
    "result",
    "ruling_summary",
    "appeal_decision",
    "appeal_decided_on",
    "recommendation_received_on",
    "recommendation_summary",
)
CASE_LABELS = {
    "court": "审理法院",
    "case_number": "案号",
    "plaintiffs": "原告",
    "defendant_unit": "被告行政机关",
    "defendant_unit_id": "被告行政机关",
    "contested_act": "被诉行政行为",
    "cause": "案由",
    "instance": "审级",
    "previous_case": "原审案件",
    "filed_on": "立案日期",
    "complaint_copy_received_on": "收到起诉状副本日期",
    "defence_filed_on": "提交答辩状及证据日期",
    "decided_on_papers": "不开庭审理",
    "ruling_kind": "裁判文书类型",
    "ruling_matter": "裁定事项",
    "appeal_due": "上诉期限",
    "judged_on": "裁判日期",
    "served_on": "裁判文书送达日期",
    "result": "裁判结果",
    "ruling_summary": "裁判主要内容",
    "appeal_decision": "上诉决定",
    "appeal_decided_on": "上诉决定日期",
    "recommendation_received_on": "收到司法建议日期",
    "recommendation_summary": "司法建议内容",
    "note": "备注",
    "region": "所属区划",
    "hearings": "开庭",
}
HEARING_LABELS = {
    "case": "案件",
    "held_on": "开庭日期",
    "notice_received_on": "收到出庭通知书日期",
    "head_required": "法院通知负责人出庭",
    "status": "状态",
    "head": "出庭负责人",
    "head_spoke": "负责人当庭发言",
    "delegate": "委托出庭工作人员",
    "lawyers": "出庭律师",
    "court_rejected_reason": "法院认定不出庭理由不成立",
    "late_notice_criticism": "通知迟于开庭三日前送达，仍予通报（经办人决定）",
    "notice_timing": "出庭通知书送达",
    "power_of_attorney": "授权委托书",
    "power_of_attorney_filed": "已提交加盖印章的授权委托书",
    "note": "备注",
    "region": "所属区划",
    "appearance": "出庭情况",
}
REPORT_LABELS = {
    "hearing": "开庭",
    "filed_on": "报送日期",
    "planned_head": "拟出庭负责人",
    "planned_delegate": "拟委托出庭工作人员",
    "absence_reason": "负责人不能出庭的理由",
    "absence_explanation": "情况说明",
    "explanation_sealed": "情况说明已加盖印章或经主要负责人签字",
    "decision": "委托准许",
    "decided_on": "审批日期",
    "decided_by": "审批人",
    "decision_note": "审批意见",
    "region": "所属区划",
}
MEETING_LABELS = {
    "held_on": "日期",
    "title": "名称",
    "convened_by": "召集单位",
    "participants": "参加单位和人员",
    "summary": "会议纪要",
    "region": "所属区划",
}
OBSERVATION_LABELS = {
    "held_on": "日期",
    "title": "名称",
    "court": "法院",
    "case": "观摩案件",
    "organiser": "组织单位",
    "participants": "参加人员",
    "attendee_count": "观摩人数",
    "summary": "观摩情况",
    "region": "所属区划",
}
