"""The words of 政府合同管理: kinds, states, severities… each with its Chinese label.

Stored values are short English keys; the labels are what users see and what the registers
carry. The review's four aspects are those DOMAIN.md names (party eligibility, procedure,
terms, risk to public assets and funds).
"""

from __future__ import annotations

import enum


class ContractKind(enum.StrEnum):
    """What a government contract is about."""

    LAND_TRANSFER = "land_transfer"
    PPP = "ppp"
    CONCESSION = "concession"
    PROCUREMENT = "procurement"
    CONSTRUCTION = "construction"
    LEASE = "lease"
    LOAN = "loan"
    GUARANTEE = "guarantee"
    COOPERATION = "cooperation"
    OTHER = "other"


KIND_LABELS = {
    ContractKind.LAND_TRANSFER: "国有土地使用权出让",
    ContractKind.PPP: "政府和社会资本合作（PPP）",
    ContractKind.CONCESSION: "特许经营",
    ContractKind.PROCUREMENT: "政府采购",
    ContractKind.CONSTRUCTION: "建设工程",
    ContractKind.LEASE: "国有资产租赁",
    ContractKind.LOAN: "借款",
    ContractKind.GUARANTEE: "担保",
    ContractKind.COOPERATION: "合作协议",
    ContractKind.OTHER: "其他",
}


class CounterpartyKind(enum.StrEnum):
    """Who the other side is; all but natural persons carry a unified social credit code."""

    ENTERPRISE = "enterprise"
    INSTITUTION = "institution"
    AGENCY = "agency"
    SOCIAL = "social"
    PERSON = "person"
    FOREIGN = "foreign"


COUNTERPARTY_KIND_LABELS = {
    CounterpartyKind.ENTERPRISE: "企业",
    CounterpartyKind.INSTITUTION: "事业单位",
    CounterpartyKind.AGENCY: "机关",
    CounterpartyKind.SOCIAL: "社会组织",
    CounterpartyKind.PERSON: "自然人",
    CounterpartyKind.FOREIGN: "境外组织",
}
#: Kinds registered in China under GB 32100-2015 (the code is required and checked).
CODED_COUNTERPARTIES = frozenset(
    {CounterpartyKind.ENTERPRISE, CounterpartyKind.INSTITUTION, CounterpartyKind.AGENCY, CounterpartyKind.SOCIAL}
)


class FundingSource(enum.StrEnum):
    """Where the money for the contract comes from."""

    FISCAL = "fiscal"
    BOND = "bond"
    SELF = "self"
    SOCIAL_CAPITAL = "social_capital"
    LOAN = "loan"
    INCOME = "income"
    NONE = "none"


FUNDING_LABELS = {
    FundingSource.FISCAL: "财政资金",
    FundingSource.BOND: "政府债券",
    FundingSource.SELF: "单位自有资金",
    FundingSource.SOCIAL_CAPITAL: "社会资本",
    FundingSource.LOAN: "银行贷款",
    FundingSource.INCOME: "政府收入类（出让、租金）",
    FundingSource.NONE: "不涉及资金",
}


class ContractState(enum.StrEnum):
    """Where a contract stands (see `operations.machine.TRANSITIONS`)."""

    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    OPINIONS_RETURNED = "opinions_returned"
    REVISED = "revised"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    SIGNED = "signed"
    FILED = "filed"
    PERFORMING = "performing"
    COMPLETED = "completed"
    TERMINATED = "terminated"


STATE_LABELS = {
    ContractState.SUBMITTED: "已报送审查",
    ContractState.UNDER_REVIEW: "审查中",
    ContractState.OPINIONS_RETURNED: "已出具审查意见",
    ContractState.REVISED: "已修改重新报送",
    ContractState.APPROVED: "审查同意签订",
    ContractState.NOT_APPROVED: "审查不同意签订",
    ContractState.SIGNED: "已签订",
    ContractState.FILED: "已备案",
    ContractState.PERFORMING: "履行中",
    ContractState.COMPLETED: "履行完毕",
    ContractState.TERMINATED: "已解除（终止）",
}
#: States of a contract under the legal office's review (its review period runs).
IN_REVIEW = frozenset({ContractState.SUBMITTED, ContractState.UNDER_REVIEW, ContractState.REVISED})
#: States after signing: the contract is in force (changes, milestones, checks apply).
IN_FORCE = frozenset({ContractState.SIGNED, ContractState.FILED, ContractState.PERFORMING})
#: States of a signed contract, whatever became of it.
SIGNED_STATES = IN_FORCE | {ContractState.COMPLETED, ContractState.TERMINATED}


class Aspect(enum.StrEnum):
    """What an opinion is about: the four things the office reviews."""

    ELIGIBILITY = "eligibility"
    PROCEDURE = "procedure"
    TERMS = "terms"
    RISK = "risk"
    OTHER = "other"


ASPECT_LABELS = {
    Aspect.ELIGIBILITY: "主体资格",
    Aspect.PROCEDURE: "订立程序",
    Aspect.TERMS: "条款完备性和合法性",
    Aspect.RISK: "国有资产和财政资金风险",
    Aspect.OTHER: "其他",
}


class Severity(enum.StrEnum):
    """How serious an issue is; a major issue goes to a consultation with counsel."""

    GENERAL = "general"
    IMPORTANT = "important"
    MAJOR = "major"


SEVERITY_LABELS = {Severity.GENERAL: "一般", Severity.IMPORTANT: "重要", Severity.MAJOR: "重大"}


class ConsultationChannel(enum.StrEnum):
    """How counsel was consulted: through the counsel module's events, or recorded by hand."""

    COUNSEL_MODULE = "counsel_module"
    BY_HAND = "by_hand"


CHANNEL_LABELS = {ConsultationChannel.COUNSEL_MODULE: "法律顾问模块", ConsultationChannel.BY_HAND: "手工登记"}
CONSULTATION_STATE_LABELS = {"requested": "已提请", "answered": "已出具意见"}


class MilestoneKind(enum.StrEnum):
    """A performance milestone."""

    PAYMENT = "payment"
    DELIVERY = "delivery"
    ACCEPTANCE = "acceptance"
    OTHER = "other"


MILESTONE_LABELS = {
    MilestoneKind.PAYMENT: "付款",
    MilestoneKind.DELIVERY: "交付",
    MilestoneKind.ACCEPTANCE: "验收",
    MilestoneKind.OTHER: "其他",
}


class ChangeKind(enum.StrEnum):
    """A change reported after signing; a termination ends the contract."""

    AMENDMENT = "amendment"
    SUPPLEMENT = "supplement"
    TERMINATION = "termination"


CHANGE_LABELS = {
    ChangeKind.AMENDMENT: "变更",
    ChangeKind.SUPPLEMENT: "补充协议",
    ChangeKind.TERMINATION: "解除（终止）",
}


class BorrowMode(enum.StrEnum):
    """Reading in the archive room, or lending the file out."""

    ON_SITE = "on_site"
    LEND = "lend"


BORROW_MODE_LABELS = {BorrowMode.ON_SITE: "现场查阅", BorrowMode.LEND: "借出"}


class BorrowState(enum.StrEnum):
    """A borrowing request's life: requested → approved / refused; approved → lent → returned."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    LENT = "lent"
    RETURNED = "returned"


BORROW_STATE_LABELS = {
    BorrowState.REQUESTED: "待审批",
    BorrowState.APPROVED: "已批准",
    BorrowState.REFUSED: "不予批准",
    BorrowState.LENT: "已借出（查阅中）",
    BorrowState.RETURNED: "已归还",
}


def choices(labels: dict) -> list[tuple[str, str]]:
    """(value, label) pairs for a select field, a filter or a register column."""
    return [(str(value), label) for value, label in labels.items()]


def label(labels: dict, value: object) -> str:
    """The label of a stored value ("" for None, the value itself when unknown)."""
    if value is None:
        return ""
    return labels.get(value, str(value))
