"""The words of 行政复议: states, procedures, decision types, categories — each with its Chinese label.

Stored values are short English keys; the labels are what users see and what the register
workbook carries. Articles are those of 行政复议法 (2023 revision).
"""

from __future__ import annotations

from core.choices import LabelledEnum


class CaseState(LabelledEnum):
    """Where a case stands in its life cycle (see `operations.TRANSITIONS`)."""

    RECEIVED = "received", "受理审查中"  # 收到申请，受理审查中 (art 30)
    CORRECTION = "correction", "补正中"  # 已通知补正 (art 31)
    ABANDONED = "abandoned", "视为放弃"  # 逾期不补正，视为放弃 (art 31 ¶2)
    NOT_ACCEPTED = "not_accepted", "不予受理"  # 不予受理 (art 30 ¶2)
    ACCEPTED = "accepted", "已受理"  # 已受理（含视为受理，art 30 ¶3）
    COPY_SENT = "copy_sent", "已发送答复通知"  # 申请书副本已发送被申请人 (art 48 / 54)
    UNDER_REVIEW = "under_review", "审理中"  # 审理中：已答复，或答复期限届满 (art 70)
    MEDIATING = "mediating", "调解中"  # 调解中 (art 73)
    SUSPENDED = "suspended", "中止"  # 中止 (art 39)
    DECIDED = "decided", "已决定"  # 已作出决定（含调解书）
    TERMINATED = "terminated", "已终止"  # 终止 (art 41, 74)
    SERVED = "served", "已送达"  # 决定书已送达，发生法律效力 (art 75 ¶2)
    PERFORMANCE_CHECKED = "performance_checked", "已核查履行"  # 履行情况已核查 (art 77)
    CLOSED = "closed", "已回访结案"  # 已回访，结案归档（本地制度）


#: States of a case the review body has accepted and not yet concluded (its decision period runs).
OPEN_REVIEW_STATES = frozenset(
    {CaseState.ACCEPTED, CaseState.COPY_SENT, CaseState.UNDER_REVIEW, CaseState.MEDIATING, CaseState.SUSPENDED}
)
#: States of a concluded case (a decision, a 调解书 or a termination).
CONCLUDED_STATES = frozenset(
    {CaseState.DECIDED, CaseState.TERMINATED, CaseState.SERVED, CaseState.PERFORMANCE_CHECKED, CaseState.CLOSED}
)


class Procedure(LabelledEnum):
    """普通程序 or 简易程序 (arts 53–55)."""

    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序"


class SimplifiedGround(LabelledEnum):
    """Why a case may be heard in simplified procedure (art 53)."""

    ON_THE_SPOT = "on_the_spot", "当场作出的行政行为（第五十三条第一款第一项）"  # ¶1 (一) 当场作出
    WARNING = "warning", "警告或者通报批评（第五十三条第一款第二项）"  # ¶1 (二) 警告或者通报批评
    SMALL_AMOUNT = "small_amount", "涉及款额三千元以下（第五十三条第一款第三项）"  # ¶1 (三) 款额三千元以下
    INFORMATION = "information", "政府信息公开案件（第五十三条第一款第四项）"  # ¶1 (四) 政府信息公开
    CONSENT = "consent", "当事人各方同意（第五十三条第二款）"  # ¶2 当事人各方同意


class Channel(LabelledEnum):
    """How the application arrived (art 22, 32)."""

    IN_PERSON = "in_person", "当面递交"
    MAIL = "mail", "邮寄"
    ONLINE = "online", "互联网渠道"
    ORAL = "oral", "口头申请"
    FORWARDED = "forwarded", "经作出机关转送"


class PartyKind(LabelledEnum):
    """A natural person or an organisation."""

    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class PartyRole(LabelledEnum):
    """What an extra party of a case is (the first applicant is kept on the case itself)."""

    CO_APPLICANT = "co_applicant", "共同申请人"
    THIRD_PARTY = "third_party", "第三人"


class ActType(LabelledEnum):
    """The kind of administrative act contested."""

    PENALTY = "penalty", "行政处罚"
    COMPULSION = "compulsion", "行政强制"
    LICENSING = "licensing", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    EXPROPRIATION = "expropriation", "征收征用"
    NON_PERFORMANCE = "non_performance", "不履行法定职责"
    INFORMATION = "information", "政府信息公开"
    AGREEMENT = "agreement", "行政协议"
    WORK_INJURY = "work_injury", "工伤认定"
    OTHER = "other", "其他"


class Category(LabelledEnum):
    """The dispute's field; land and forest-right disputes need an on-site investigation (local practice)."""

    LAND = "land", "土地"
    FOREST = "forest", "林权"
    HOUSING = "housing", "房屋征收与城建"
    PUBLIC_SECURITY = "public_security", "公安"
    MARKET = "market", "市场监管"
    LABOUR = "labour", "人力资源和社会保障"
    ENVIRONMENT = "environment", "生态环境"
    INFORMATION = "information", "政府信息公开"
    OTHER = "other", "其他"


class DecisionType(LabelledEnum):
    """How a case ends (arts 33, 41, 63–69, 73, 74)."""

    UPHOLD = "uphold", "维持"  # 维持 art 68
    VARY = "vary", "变更"  # 变更 art 63
    REVOKE = "revoke", "撤销"  # 撤销 art 64
    PARTIAL_REVOKE = "partial_revoke", "部分撤销"  # 部分撤销 art 64
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法"  # 确认违法 art 65
    ORDER_PERFORMANCE = "order_performance", "责令履行"  # 责令履行 art 66
    CONFIRM_INVALID = "confirm_invalid", "确认无效"  # 确认无效 art 67
    DISMISS_REQUEST = "dismiss_request", "驳回复议请求"  # 驳回复议请求 art 69
    DISMISS_APPLICATION = "dismiss_application", "驳回申请"  # 驳回申请 art 33
    MEDIATION = "mediation", "调解书"  # 调解书 art 73
    TERMINATION = "termination", "终止"  # 终止 art 41 (和解撤回 art 74)


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


class SuspensionGround(LabelledEnum):
    """The items of art 39 ¶1."""

    DEATH = "1", "申请人死亡，近亲属尚未确定是否参加（第三十九条第一款第一项）"
    INCAPACITY = "2", "申请人丧失行为能力，尚未确定法定代理人（第一款第二项）"
    MISSING = "3", "申请人下落不明（第一款第三项）"
    DISSOLVED = "4", "申请人组织终止，尚未确定承受人（第一款第四项）"
    FORCE_MAJEURE = "5", "不可抗力或者其他正当理由不能参加（第一款第五项）"
    MEDIATION = "6", "调解、和解，双方同意中止（第一款第六项）"
    INTERPRETATION = "7", "法律适用问题需有权机关解释或者确认（第一款第七项）"
    OTHER_CASE = "8", "需以其他案件审理结果为依据（第一款第八项）"
    NORM_REVIEW = "9", "规范性文件或依据附带审查（第一款第九项）"
    OTHER = "10", "其他需要中止的情形（第一款第十项）"


#: Grounds after which 60 days of suspension end the case (art 41 ¶1 (5)).
TERMINATING_SUSPENSION_GROUNDS = frozenset(
    {SuspensionGround.DEATH, SuspensionGround.INCAPACITY, SuspensionGround.DISSOLVED}
)


class TerminationGround(LabelledEnum):
    """The items of art 41 ¶1, with 和解 (art 74) apart."""

    WITHDRAWN = "withdrawn", "申请人撤回申请，准予撤回（第四十一条第一款第一项）"
    SETTLED = "settled", "和解后撤回申请（第七十四条）"
    NO_SUCCESSOR_PERSON = "no_successor_person", "申请人死亡，无近亲属或近亲属放弃（第一款第二项）"
    NO_SUCCESSOR_ORGANISATION = "no_successor_organisation", "组织终止，无承受人或承受人放弃（第一款第三项）"
    CRIMINAL = "criminal", "因同一违法行为被采取刑事强制措施（第一款第四项）"
    SUSPENDED_60_DAYS = "suspended_60_days", "中止满六十日原因仍未消除（第一款第五项）"
