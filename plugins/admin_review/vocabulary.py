"""The words of 行政复议: states, procedures, decision types, categories — each with its Chinese label.

Stored values are short English keys; the labels are what users see and what the register
workbook carries. Articles are those of 行政复议法 (2023 revision).
"""

from __future__ import annotations

import enum


class CaseState(enum.StrEnum):
    """Where a case stands in its life cycle (see `operations.TRANSITIONS`)."""

    RECEIVED = "received"  # 收到申请，受理审查中 (art 30)
    CORRECTION = "correction"  # 已通知补正 (art 31)
    ABANDONED = "abandoned"  # 逾期不补正，视为放弃 (art 31 ¶2)
    NOT_ACCEPTED = "not_accepted"  # 不予受理 (art 30 ¶2)
    ACCEPTED = "accepted"  # 已受理（含视为受理，art 30 ¶3）
    COPY_SENT = "copy_sent"  # 申请书副本已发送被申请人 (art 48 / 54)
    UNDER_REVIEW = "under_review"  # 审理中：已答复，或答复期限届满 (art 70)
    MEDIATING = "mediating"  # 调解中 (art 73)
    SUSPENDED = "suspended"  # 中止 (art 39)
    DECIDED = "decided"  # 已作出决定（含调解书）
    TERMINATED = "terminated"  # 终止 (art 41, 74)
    SERVED = "served"  # 决定书已送达，发生法律效力 (art 75 ¶2)
    PERFORMANCE_CHECKED = "performance_checked"  # 履行情况已核查 (art 77)
    CLOSED = "closed"  # 已回访，结案归档（本地制度）


STATE_LABELS = {
    CaseState.RECEIVED: "受理审查中",
    CaseState.CORRECTION: "补正中",
    CaseState.ABANDONED: "视为放弃",
    CaseState.NOT_ACCEPTED: "不予受理",
    CaseState.ACCEPTED: "已受理",
    CaseState.COPY_SENT: "已发送答复通知",
    CaseState.UNDER_REVIEW: "审理中",
    CaseState.MEDIATING: "调解中",
    CaseState.SUSPENDED: "中止",
    CaseState.DECIDED: "已决定",
    CaseState.TERMINATED: "已终止",
    CaseState.SERVED: "已送达",
    CaseState.PERFORMANCE_CHECKED: "已核查履行",
    CaseState.CLOSED: "已回访结案",
}

#: States of a case the review body has accepted and not yet concluded (its decision period runs).
OPEN_REVIEW_STATES = frozenset(
    {CaseState.ACCEPTED, CaseState.COPY_SENT, CaseState.UNDER_REVIEW, CaseState.MEDIATING, CaseState.SUSPENDED}
)
#: States of a concluded case (a decision, a 调解书 or a termination).
CONCLUDED_STATES = frozenset(
    {CaseState.DECIDED, CaseState.TERMINATED, CaseState.SERVED, CaseState.PERFORMANCE_CHECKED, CaseState.CLOSED}
)


class Procedure(enum.StrEnum):
    """普通程序 or 简易程序 (arts 53–55)."""

    ORDINARY = "ordinary"
    SIMPLIFIED = "simplified"


PROCEDURE_LABELS = {Procedure.ORDINARY: "普通程序", Procedure.SIMPLIFIED: "简易程序"}


class SimplifiedGround(enum.StrEnum):
    """Why a case may be heard in simplified procedure (art 53)."""

    ON_THE_SPOT = "on_the_spot"  # ¶1 (一) 当场作出
    WARNING = "warning"  # ¶1 (二) 警告或者通报批评
    SMALL_AMOUNT = "small_amount"  # ¶1 (三) 款额三千元以下
    INFORMATION = "information"  # ¶1 (四) 政府信息公开
    CONSENT = "consent"  # ¶2 当事人各方同意


SIMPLIFIED_GROUND_LABELS = {
    SimplifiedGround.ON_THE_SPOT: "当场作出的行政行为（第五十三条第一款第一项）",
    SimplifiedGround.WARNING: "警告或者通报批评（第五十三条第一款第二项）",
    SimplifiedGround.SMALL_AMOUNT: "涉及款额三千元以下（第五十三条第一款第三项）",
    SimplifiedGround.INFORMATION: "政府信息公开案件（第五十三条第一款第四项）",
    SimplifiedGround.CONSENT: "当事人各方同意（第五十三条第二款）",
}


class Channel(enum.StrEnum):
    """How the application arrived (art 22, 32)."""

    IN_PERSON = "in_person"
    MAIL = "mail"
    ONLINE = "online"
    ORAL = "oral"
    FORWARDED = "forwarded"


CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面递交",
    Channel.MAIL: "邮寄",
    Channel.ONLINE: "互联网渠道",
    Channel.ORAL: "口头申请",
    Channel.FORWARDED: "经作出机关转送",
}


class PartyKind(enum.StrEnum):
    """A natural person or an organisation."""

    PERSON = "person"
    ORGANISATION = "organisation"


PARTY_KIND_LABELS = {PartyKind.PERSON: "自然人", PartyKind.ORGANISATION: "法人或其他组织"}


class PartyRole(enum.StrEnum):
    """What an extra party of a case is (the first applicant is kept on the case itself)."""

    CO_APPLICANT = "co_applicant"
    THIRD_PARTY = "third_party"


PARTY_ROLE_LABELS = {PartyRole.CO_APPLICANT: "共同申请人", PartyRole.THIRD_PARTY: "第三人"}


class ActType(enum.StrEnum):
    """The kind of administrative act contested."""

    PENALTY = "penalty"
    COMPULSION = "compulsion"
    LICENSING = "licensing"
    CONFIRMATION = "confirmation"
    EXPROPRIATION = "expropriation"
    NON_PERFORMANCE = "non_performance"
    INFORMATION = "information"
    AGREEMENT = "agreement"
    WORK_INJURY = "work_injury"
    OTHER = "other"


ACT_TYPE_LABELS = {
    ActType.PENALTY: "行政处罚",
    ActType.COMPULSION: "行政强制",
    ActType.LICENSING: "行政许可",
    ActType.CONFIRMATION: "行政确认",
    ActType.EXPROPRIATION: "征收征用",
    ActType.NON_PERFORMANCE: "不履行法定职责",
    ActType.INFORMATION: "政府信息公开",
    ActType.AGREEMENT: "行政协议",
    ActType.WORK_INJURY: "工伤认定",
    ActType.OTHER: "其他",
}


class Category(enum.StrEnum):
    """The dispute's field; land and forest-right disputes need an on-site investigation (local practice)."""

    LAND = "land"
    FOREST = "forest"
    HOUSING = "housing"
    PUBLIC_SECURITY = "public_security"
    MARKET = "market"
    LABOUR = "labour"
    ENVIRONMENT = "environment"
    INFORMATION = "information"
    OTHER = "other"


CATEGORY_LABELS = {
    Category.LAND: "土地",
    Category.FOREST: "林权",
    Category.HOUSING: "房屋征收与城建",
    Category.PUBLIC_SECURITY: "公安",
    Category.MARKET: "市场监管",
    Category.LABOUR: "人力资源和社会保障",
    Category.ENVIRONMENT: "生态环境",
    Category.INFORMATION: "政府信息公开",
    Category.OTHER: "其他",
}


class DecisionType(enum.StrEnum):
    """How a case ends (arts 33, 41, 63–69, 73, 74)."""

    UPHOLD = "uphold"  # 维持 art 68
    VARY = "vary"  # 变更 art 63
    REVOKE = "revoke"  # 撤销 art 64
    PARTIAL_REVOKE = "partial_revoke"  # 部分撤销 art 64
    CONFIRM_ILLEGAL = "confirm_illegal"  # 确认违法 art 65
    ORDER_PERFORMANCE = "order_performance"  # 责令履行 art 66
    CONFIRM_INVALID = "confirm_invalid"  # 确认无效 art 67
    DISMISS_REQUEST = "dismiss_request"  # 驳回复议请求 art 69
    DISMISS_APPLICATION = "dismiss_application"  # 驳回申请 art 33
    MEDIATION = "mediation"  # 调解书 art 73
    TERMINATION = "termination"  # 终止 art 41 (和解撤回 art 74)


DECISION_LABELS = {
    DecisionType.UPHOLD: "维持",
    DecisionType.VARY: "变更",
    DecisionType.REVOKE: "撤销",
    DecisionType.PARTIAL_REVOKE: "部分撤销",
    DecisionType.CONFIRM_ILLEGAL: "确认违法",
    DecisionType.ORDER_PERFORMANCE: "责令履行",
    DecisionType.CONFIRM_INVALID: "确认无效",
    DecisionType.DISMISS_REQUEST: "驳回复议请求",
    DecisionType.DISMISS_APPLICATION: "驳回申请",
    DecisionType.MEDIATION: "调解书",
    DecisionType.TERMINATION: "终止",
}

DECISION_ARTICLES = {
    DecisionType.UPHOLD: "第六十八条",
    DecisionType.VARY: "第六十三条",
    DecisionType.REVOKE: "第六十四条",
    DecisionType.PARTIAL_REVOKE: "第六十四条",
    DecisionType.CONFIRM_ILLEGAL: "第六十五条",
    DecisionType.ORDER_PERFORMANCE: "第六十六条",
    DecisionType.CONFIRM_INVALID: "第六十七条",
    DecisionType.DISMISS_REQUEST: "第六十九条",
    DecisionType.DISMISS_APPLICATION: "第三十三条",
    DecisionType.MEDIATION: "第七十三条",
    DecisionType.TERMINATION: "第四十一条",
}

#: The decisions that correct the respondent (纠错, DOMAIN.md: 撤销+变更+确认违法+确认无效+责令履行).
CORRECTION_DECISIONS = frozenset(
    {
        DecisionType.VARY,
        DecisionType.REVOKE,
        DecisionType.PARTIAL_REVOKE,
        DecisionType.CONFIRM_ILLEGAL,
        DecisionType.CONFIRM_INVALID,
        DecisionType.ORDER_PERFORMANCE,
    }
)
#: Decisions that may order the respondent to redo the act or to act within a time limit (arts 64, 66).
REDO_DECISIONS = frozenset({DecisionType.REVOKE, DecisionType.PARTIAL_REVOKE, DecisionType.ORDER_PERFORMANCE})


class SuspensionGround(enum.StrEnum):
    """The items of art 39 ¶1."""

    DEATH = "1"
    INCAPACITY = "2"
    MISSING = "3"
    DISSOLVED = "4"
    FORCE_MAJEURE = "5"
    MEDIATION = "6"
    INTERPRETATION = "7"
    OTHER_CASE = "8"
    NORM_REVIEW = "9"
    OTHER = "10"


SUSPENSION_GROUND_LABELS = {
    SuspensionGround.DEATH: "申请人死亡，近亲属尚未确定是否参加（第三十九条第一款第一项）",
    SuspensionGround.INCAPACITY: "申请人丧失行为能力，尚未确定法定代理人（第四十一条第二项）",
    SuspensionGround.MISSING: "申请人下落不明（第四十一条第三项）",
    SuspensionGround.DISSOLVED: "申请人组织终止，尚未确定承受人（第四十一条第四项）",
    SuspensionGround.FORCE_MAJEURE: "不可抗力或者其他正当理由不能参加（第四十一条第五项）",
    SuspensionGround.MEDIATION: "调解、和解，双方同意中止（第一款第六项）",
    SuspensionGround.INTERPRETATION: "法律适用问题需有权机关解释或者确认（第一款第七项）",
    SuspensionGround.OTHER_CASE: "需以其他案件审理结果为依据（第一款第八项）",
    SuspensionGround.NORM_REVIEW: "规范性文件或依据附带审查（第一款第九项）",
    SuspensionGround.OTHER: "其他需要中止的情形（第一款第十项）",
}
#: Grounds after which 60 days of suspension end the case (art 41 (5)).
TERMINATING_SUSPENSION_GROUNDS = frozenset(
    {SuspensionGround.DEATH, SuspensionGround.INCAPACITY, SuspensionGround.DISSOLVED}
)


class TerminationGround(enum.StrEnum):
    """The items of art 41 (one paragraph), with 和解 (art 74) apart."""

    WITHDRAWN = "withdrawn"
    SETTLED = "settled"
    NO_SUCCESSOR_PERSON = "no_successor_person"
    NO_SUCCESSOR_ORGANISATION = "no_successor_organisation"
    CRIMINAL = "criminal"
    SUSPENDED_60_DAYS = "suspended_60_days"


TERMINATION_GROUND_LABELS = {
    TerminationGround.WITHDRAWN: "申请人撤回申请，准予撤回（第四十一条第一项）",
    TerminationGround.SETTLED: "和解后撤回申请（第七十四条）",
    TerminationGround.NO_SUCCESSOR_PERSON: "申请人死亡，无近亲属或近亲属放弃（第四十一条第二项）",
    TerminationGround.NO_SUCCESSOR_ORGANISATION: "组织终止，无承受人或承受人放弃（第四十一条第三项）",
    TerminationGround.CRIMINAL: "因同一违法行为被采取刑事强制措施（第四十一条第四项）",
    TerminationGround.SUSPENDED_60_DAYS: "中止满六十日原因仍未消除（第四十一条第五项）",
}


def choices(labels: dict) -> list[tuple[str, str]]:
    """(value, label) pairs for a select field or a register column."""
    return [(str(value), label) for value, label in labels.items()]
