"""The words of 政府合同管理: kinds, states, severities… each with its Chinese label.

Stored values are short English keys; the labels are what users see and what the registers
carry. Each is a `core.choices.LabelledEnum` (``X.labels()``, ``X.formatter()``, ``X.choices()``). The
review's four aspects are those DOMAIN.md names (party eligibility, procedure, terms, risk to
public assets and funds).
"""

from __future__ import annotations

from core.choices import LabelledEnum


class ContractKind(LabelledEnum):
    """What a government contract is about."""

    LAND_TRANSFER = "land_transfer", "国有土地使用权出让"
    PPP = "ppp", "政府和社会资本合作（PPP）"
    CONCESSION = "concession", "特许经营"
    PROCUREMENT = "procurement", "政府采购"
    CONSTRUCTION = "construction", "建设工程"
    LEASE = "lease", "国有资产租赁"
    LOAN = "loan", "借款"
    GUARANTEE = "guarantee", "担保"
    COOPERATION = "cooperation", "合作协议"
    OTHER = "other", "其他"


class CounterpartyKind(LabelledEnum):
    """Who the other side is; all but natural persons carry a unified social credit code."""

    ENTERPRISE = "enterprise", "企业"
    INSTITUTION = "institution", "事业单位"
    AGENCY = "agency", "机关"
    SOCIAL = "social", "社会组织"
    PERSON = "person", "自然人"
    FOREIGN = "foreign", "境外组织"


#: Kinds registered in China under GB 32100-2015 (the code is required and checked).
CODED_COUNTERPARTIES = frozenset(
    {CounterpartyKind.ENTERPRISE, CounterpartyKind.INSTITUTION, CounterpartyKind.AGENCY, CounterpartyKind.SOCIAL}
)


class FundingSource(LabelledEnum):
    """Where the money for the contract comes from."""

    FISCAL = "fiscal", "财政资金"
    BOND = "bond", "政府债券"
    SELF = "self", "单位自有资金"
    SOCIAL_CAPITAL = "social_capital", "社会资本"
    LOAN = "loan", "银行贷款"
    INCOME = "income", "政府收入类（出让、租金）"
    NONE = "none", "不涉及资金"


class ContractState(LabelledEnum):
    """Where a contract stands (see `operations.machine.TRANSITIONS`)."""

    SUBMITTED = "submitted", "已报送审查"
    UNDER_REVIEW = "under_review", "审查中"
    OPINIONS_RETURNED = "opinions_returned", "已出具审查意见"
    REVISED = "revised", "已修改重新报送"
    APPROVED = "approved", "审查同意签订"
    NOT_APPROVED = "not_approved", "审查不同意签订"
    SIGNED = "signed", "已签订"
    FILED = "filed", "已备案"
    PERFORMING = "performing", "履行中"
    COMPLETED = "completed", "履行完毕"
    TERMINATED = "terminated", "已解除（终止）"


#: States of a contract under the legal office's review (its review period runs).
IN_REVIEW = frozenset({ContractState.SUBMITTED, ContractState.UNDER_REVIEW, ContractState.REVISED})
#: States after signing: the contract is in force (changes, milestones, checks apply).
IN_FORCE = frozenset({ContractState.SIGNED, ContractState.FILED, ContractState.PERFORMING})
#: States of a signed contract, whatever became of it.
SIGNED_STATES = IN_FORCE | {ContractState.COMPLETED, ContractState.TERMINATED}


class Aspect(LabelledEnum):
    """What an opinion is about: the four things the office reviews."""

    ELIGIBILITY = "eligibility", "主体资格"
    PROCEDURE = "procedure", "订立程序"
    TERMS = "terms", "条款完备性和合法性"
    RISK = "risk", "国有资产和财政资金风险"
    OTHER = "other", "其他"


class Severity(LabelledEnum):
    """How serious an issue is; a major issue goes to a consultation with counsel."""

    GENERAL = "general", "一般"
    IMPORTANT = "important", "重要"
    MAJOR = "major", "重大"


class ConsultationChannel(LabelledEnum):
    """How counsel was consulted: through the counsel module's events, or recorded by hand."""

    COUNSEL_MODULE = "counsel_module", "法律顾问模块"
    BY_HAND = "by_hand", "手工登记"


class ConsultationState(LabelledEnum):
    """A consultation: asked, then answered (through the module, or recorded by hand at once)."""

    REQUESTED = "requested", "已提请"
    ANSWERED = "answered", "已出具意见"


class MilestoneKind(LabelledEnum):
    """A performance milestone."""

    PAYMENT = "payment", "付款"
    DELIVERY = "delivery", "交付"
    ACCEPTANCE = "acceptance", "验收"
    OTHER = "other", "其他"


class ChangeKind(LabelledEnum):
    """A change reported after signing; a termination ends the contract."""

    AMENDMENT = "amendment", "变更"
    SUPPLEMENT = "supplement", "补充协议"
    TERMINATION = "termination", "解除（终止）"


class BorrowMode(LabelledEnum):
    """Reading in the archive room, or lending the file out."""

    ON_SITE = "on_site", "现场查阅"
    LEND = "lend", "借出"


class BorrowState(LabelledEnum):
    """A borrowing request's life: requested → approved / refused; approved → lent → returned."""

    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    LENT = "lent", "已借出（查阅中）"
    RETURNED = "returned", "已归还"
