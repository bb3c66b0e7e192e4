"""The words of 政府法律顾问: kinds, states and outcomes the records use, and their Chinese labels.

Stored as text (enum values); shown in Chinese. Each a `core.choices.LabelledEnum`: forms,
formatters, filters, registers and exports take their choices and labels from it. Matter kinds
are the consultation protocol's (`core.consultations.MATTER_KINDS`).
"""

from __future__ import annotations

from core.choices import LabelledEnum
from core.consultations import MATTER_KINDS


class MemberKind(LabelledEnum):
    """Who a member of the counsel team is (中办发〔2016〕30号: the legal office's staff at the core,
    public-duty lawyers, outside lawyers and legal experts)."""

    STAFF = "staff", "机关法制工作人员"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"
    LAWYER = "lawyer", "律师"
    EXPERT = "expert", "法学专家"


#: Kinds that practise under a licence (律师执业证 / 公职律师证): the licence number is required.
LICENSED_KINDS = frozenset({MemberKind.PUBLIC_LAWYER, MemberKind.LAWYER})


class MemberStatus(LabelledEnum):
    """A member's standing on the roster."""

    ACTIVE = "active", "在册"
    SUSPENDED = "suspended", "暂停"
    DISMISSED = "dismissed", "解聘"


class Degree(LabelledEnum):
    """Highest degree; `LAW_DEGREES` count in the staff indicator (source report: 法学本科以上学历)."""

    LAW_DOCTOR = "law_doctor", "法学博士"
    LAW_MASTER = "law_master", "法学硕士"
    LAW_BACHELOR = "law_bachelor", "法学学士"
    OTHER_BACHELOR = "other_bachelor", "其他专业本科"
    OTHER = "other", "其他"


LAW_DEGREES = frozenset({Degree.LAW_DOCTOR, Degree.LAW_MASTER, Degree.LAW_BACHELOR})


class MatterKind(LabelledEnum):
    """What counsel are asked about (the opinion log's kinds; the consultation protocol's too)."""

    MAJOR_DECISION = "major_decision", "重大行政决策"
    NORMATIVE_DOCUMENT = "normative_document", "规范性文件"
    CONTRACT = "contract", "合同"
    LITIGATION = "litigation", "诉讼/复议"
    OTHER = "other", "其他"


assert tuple(MatterKind) == MATTER_KINDS, "the opinion log's kinds are the consultation protocol's"


class MatterState(LabelledEnum):
    """Where a matter stands (`operations.machine.TRANSITIONS`)."""

    OPEN = "open", "待出具意见"
    ANSWERED = "answered", "已出具意见"
    SUBMITTED = "submitted", "已提交集体讨论"
    CLOSED = "closed", "已办结"


class ReviewResult(LabelledEnum):
    """The legality review's conclusion on a decision draft (条例 arts 25, 27)."""

    LAWFUL = "lawful", "合法"
    LAWFUL_IF_AMENDED = "lawful_if_amended", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"


class Adoption(LabelledEnum):
    """Whether the agency adopted counsel's opinion."""

    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class EvaluationOutcome(LabelledEnum):
    """What follows a yearly evaluation of an engaged counsel."""

    RENEW = "renew", "续聘"
    NOT_RENEWED = "not_renewed", "不再续聘"
    DISMISS = "dismiss", "解聘"
