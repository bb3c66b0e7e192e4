"""The words of 政府法律顾问: kinds, states and outcomes the records use, and their Chinese labels.

Stored as text (enum values); shown in Chinese. One module, so the port onto the kit's labelled
choices is mechanical. Matter kinds are the consultation protocol's (`core.consultations.MATTER_KINDS`).
"""

from __future__ import annotations

import enum

from core.consultations import MATTER_KINDS


class MemberKind(enum.StrEnum):
    """Who a member of the counsel team is (中办发〔2016〕30号: the legal office's staff at the core,
    public-duty lawyers, outside lawyers and legal experts)."""

    STAFF = "staff"
    PUBLIC_LAWYER = "public_lawyer"
    LAWYER = "lawyer"
    EXPERT = "expert"


MEMBER_KIND_LABELS = {
    MemberKind.STAFF: "机关法制工作人员",
    MemberKind.PUBLIC_LAWYER: "公职律师",
    MemberKind.LAWYER: "律师",
    MemberKind.EXPERT: "法学专家",
}
#: Kinds that practise under a licence (律师执业证 / 公职律师证): the licence number is required.
LICENSED_KINDS = frozenset({MemberKind.PUBLIC_LAWYER, MemberKind.LAWYER})


class MemberStatus(enum.StrEnum):
    """A member's standing on the roster."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    DISMISSED = "dismissed"


MEMBER_STATUS_LABELS = {
    MemberStatus.ACTIVE: "在册",
    MemberStatus.SUSPENDED: "暂停",
    MemberStatus.DISMISSED: "解聘",
}


class Degree(enum.StrEnum):
    """Highest degree; `LAW_DEGREES` count in the staff indicator (source report: 法学本科以上学历)."""

    LAW_DOCTOR = "law_doctor"
    LAW_MASTER = "law_master"
    LAW_BACHELOR = "law_bachelor"
    OTHER_BACHELOR = "other_bachelor"
    OTHER = "other"


DEGREE_LABELS = {
    Degree.LAW_DOCTOR: "法学博士",
    Degree.LAW_MASTER: "法学硕士",
    Degree.LAW_BACHELOR: "法学学士",
    Degree.OTHER_BACHELOR: "其他专业本科",
    Degree.OTHER: "其他",
}
LAW_DEGREES = frozenset({Degree.LAW_DOCTOR, Degree.LAW_MASTER, Degree.LAW_BACHELOR})


class MatterKind(enum.StrEnum):
    """What counsel are asked about (the opinion log's kinds; the consultation protocol's too)."""

    MAJOR_DECISION = "major_decision"
    NORMATIVE_DOCUMENT = "normative_document"
    CONTRACT = "contract"
    LITIGATION = "litigation"
    OTHER = "other"


assert tuple(MatterKind) == MATTER_KINDS, "the opinion log's kinds are the consultation protocol's"

MATTER_KIND_LABELS = {
    MatterKind.MAJOR_DECISION: "重大行政决策",
    MatterKind.NORMATIVE_DOCUMENT: "规范性文件",
    MatterKind.CONTRACT: "合同",
    MatterKind.LITIGATION: "诉讼/复议",
    MatterKind.OTHER: "其他",
}


class MatterState(enum.StrEnum):
    """Where a matter stands (`operations.machine.TRANSITIONS`)."""

    OPEN = "open"
    ANSWERED = "answered"
    SUBMITTED = "submitted"
    CLOSED = "closed"


MATTER_STATE_LABELS = {
    MatterState.OPEN: "待出具意见",
    MatterState.ANSWERED: "已出具意见",
    MatterState.SUBMITTED: "已提交集体讨论",
    MatterState.CLOSED: "已办结",
}


class ReviewResult(enum.StrEnum):
    """The legality review's conclusion on a decision draft (条例 arts 25, 27)."""

    LAWFUL = "lawful"
    LAWFUL_IF_AMENDED = "lawful_if_amended"
    UNLAWFUL = "unlawful"


REVIEW_RESULT_LABELS = {
    ReviewResult.LAWFUL: "合法",
    ReviewResult.LAWFUL_IF_AMENDED: "修改后合法",
    ReviewResult.UNLAWFUL: "不合法",
}


class Adoption(enum.StrEnum):
    """Whether the agency adopted counsel's opinion."""

    ADOPTED = "adopted"
    PARTLY = "partly"
    NOT_ADOPTED = "not_adopted"


ADOPTION_LABELS = {
    Adoption.ADOPTED: "采纳",
    Adoption.PARTLY: "部分采纳",
    Adoption.NOT_ADOPTED: "未采纳",
}


class EvaluationOutcome(enum.StrEnum):
    """What follows a yearly evaluation of an engaged counsel."""

    RENEW = "renew"
    NOT_RENEWED = "not_renewed"
    DISMISS = "dismiss"


EVALUATION_OUTCOME_LABELS = {
    EvaluationOutcome.RENEW: "续聘",
    EvaluationOutcome.NOT_RENEWED: "不再续聘",
    EvaluationOutcome.DISMISS: "解聘",
}


def choices(labels: dict) -> list[tuple[str, str]]:
    """Select choices (value, label) of an enum → label map."""
    return [(str(member), label) for member, label in labels.items()]


def label_of(labels: dict, value: object) -> str:
    """The Chinese label of a stored value ('' for none)."""
    if value is None or value == "":
        return ""
    return {str(k): v for k, v in labels.items()}.get(str(value), str(value))
