"""The records of 政府合同管理: the contract and its counterparties, the review's itemised opinions,
consultations with counsel, the timeline, performance (milestones, reports, changes), supervision
checks with their rectification, and archive borrowings.

Every record is region-owned (the contract's region), so the core scopes it. Amounts are whole
fen (`money`). State changes go through `operations`, never through these columns directly.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import RegionOwned, TimelineStep, TimestampMixin, Unit, User
from plugins.contracts import money
from plugins.contracts.vocabulary import ContractKind, ContractState, FundingSource


class Contract(RegionOwned, TimestampMixin, db.Model):
    """A government contract, from its submission for legality review to its archive."""

    __tablename__ = "contracts_contract"
    __table_args__ = (UniqueConstraint("region_id", "number", name="uq_contracts_contract_number"),)
    __searchable__ = ("number", "title")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 审查编号, e.g. 荆门政合审〔2016〕12号; unique per region.
    number: Mapped[str] = mapped_column(String(64), default="")
    #: The year and sequence of the number (None for numbers imported as text).
    year: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24), index=True)
    #: Our side: the department (or government) that signs and performs the contract.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    #: 标的额 in whole fen (分), exact; see `money`.
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    funding_source: Mapped[str] = mapped_column(String(24), default="fiscal")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Marked major by the office whatever its amount.
    marked_major: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Major: marked, or its amount reaches its kind's threshold (settings); kept when saved.
    major: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    # -- the review ----------------------------------------------------------------------------------
    #: The day the department plans to sign; the submission comes at least N working days before.
    planned_signing_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The day the legal office received the contract for review.
    submitted_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: Submitted later than the lead time before the planned signing (recorded, not refused).
    late_submission: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The reviewer (承办人) in the legal office.
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: Review rounds: 1, then one more each time the department resubmits a revised text.
    review_round: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(24), default=ContractState.SUBMITTED, index=True)
    state_since: Mapped[dt.date | None] = mapped_column(Date)
    review_started_on: Mapped[dt.date | None] = mapped_column(Date)
    opinions_returned_on: Mapped[dt.date | None] = mapped_column(Date)
    revised_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The review's conclusion: approved for signing, or not approved (the day it was given).
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    rejected_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The day the review concluded (approved or not): the year a contract counts as reviewed.
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    conclusion: Mapped[str] = mapped_column(Text, default="")

    # -- after signing --------------------------------------------------------------------------------
    signed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    filed_late: Mapped[bool] = mapped_column(Boolean, default=False)
    performance_started_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    terminated_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The archive: when the file was archived, its archive number and place.
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    archive_number: Mapped[str] = mapped_column(String(64), default="")
    archive_location: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    counterparties: Mapped[list[Counterparty]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Counterparty.id"
    )
    opinions: Mapped[list[ReviewOpinion]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="ReviewOpinion.id"
    )
    consultations: Mapped[list[Consultation]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Consultation.id"
    )
    steps: Mapped[list[ContractStep]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="ContractStep.id"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Milestone.due_on"
    )
    reports: Mapped[list[PerformanceReport]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="PerformanceReport.id"
    )
    changes: Mapped[list[ContractChange]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="ContractChange.id"
    )
    check_items: Mapped[list[CheckItem]] = relationship(back_populates="contract", order_by="CheckItem.id")
    borrowings: Mapped[list[Borrowing]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Borrowing.id"
    )

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    state_label = ContractState.label_property("state")

    kind_label = ContractKind.label_property("kind")

    funding_label = FundingSource.label_property("funding_source")

    @property
    def amount_readable(self) -> str:
        """The amount as a reader expects it (亿元 / 万元 / 元)."""
        return money.readable(self.amount_fen)

    @property
    def amount_exact(self) -> str:
        """The amount exact to the fen, in 元."""
        return money.yuan_text(self.amount_fen)

    def opinions_of_round(self, review_round: int) -> list[ReviewOpinion]:
        """The opinions given in one review round."""
        return [o for o in self.opinions if o.review_round == review_round]


class Counterparty(RegionOwned, TimestampMixin, db.Model):
    """The other side of a contract (相对方): name, unified social credit code (GB 32100-2015), kind."""

    __tablename__ = "contracts_counterparty"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: 统一社会信用代码, checked by its check character; empty for natural persons and foreign bodies.
    credit_code: Mapped[str] = mapped_column(String(18), default="", index=True)
    kind: Mapped[str] = mapped_column(String(16), default="enterprise")
    contact: Mapped[str] = mapped_column(String(128), default="")

    contract: Mapped[Contract] = relationship(back_populates="counterparties")

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）" if self.credit_code else self.name


class ReviewOpinion(RegionOwned, TimestampMixin, db.Model):
    """One itemised review opinion: the clause, the issue, the suggestion, and the department's answer."""

    __tablename__ = "contracts_opinion"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    #: The review round it was given in.
    review_round: Mapped[int] = mapped_column(Integer, default=1)
    given_on: Mapped[dt.date] = mapped_column(Date, index=True)
    aspect: Mapped[str] = mapped_column(String(16), default="terms")
    #: The clause concerned (e.g. 第八条 违约责任).
    clause: Mapped[str] = mapped_column(String(128), default="")
    issue: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(16), default="general", index=True)
    #: The department's answer: adopted or not (None: not yet answered), why, and when.
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[dt.date | None] = mapped_column(Date)

    contract: Mapped[Contract] = relationship(back_populates="opinions")

    def __str__(self) -> str:
        return f"{self.clause or '意见'}：{self.issue[:20]}"


class Consultation(RegionOwned, TimestampMixin, db.Model):
    """A consultation with the government's counsel on a major contract or issue.

    Requested through the counsel module (`core.consultations`: the answer arrives as an event and
    is attached here), or recorded by hand where the counsel module is off.
    """

    __tablename__ = "contracts_consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    #: The major issue consulted on, if one opinion is the reason.
    opinion_id: Mapped[int | None] = mapped_column(ForeignKey("contracts_opinion.id", ondelete="SET NULL"))
    #: The protocol's key ("contracts:consultation:<contract id>:<n>"); unique.
    request_key: Mapped[str] = mapped_column(String(96), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    requested_on: Mapped[dt.date] = mapped_column(Date)
    question: Mapped[str] = mapped_column(Text, default="")
    #: requested → answered.
    state: Mapped[str] = mapped_column(String(16), default="requested")
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
    counsel_names: Mapped[str] = mapped_column(String(255), default="")
    opinion: Mapped[str] = mapped_column(Text, default="")
    #: The counsel module's matter that answered (a number to quote, never loaded here).
    matter_id: Mapped[int | None] = mapped_column(Integer)

    contract: Mapped[Contract] = relationship(back_populates="consultations")

    def __str__(self) -> str:
        return f"法律顾问协商 {self.requested_on.isoformat()}"


class ContractStep(TimelineStep, RegionOwned, TimestampMixin, db.Model):
    """One step of a contract's timeline (`core.models.TimelineStep`: the act, its date, who entered
    it, the states before and after)."""

    __tablename__ = "contracts_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)

    contract: Mapped[Contract] = relationship(back_populates="steps")

    def __str__(self) -> str:
        return f"{self.on.isoformat()} {self.label}"


class Milestone(RegionOwned, TimestampMixin, db.Model):
    """A performance milestone (payment, delivery, acceptance) with its due date."""

    __tablename__ = "contracts_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(255), default="")
    due_on: Mapped[dt.date] = mapped_column(Date)
    #: For a payment: its amount in fen.
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(255), default="")

    contract: Mapped[Contract] = relationship(back_populates="milestones")

    def __str__(self) -> str:
        return f"{self.description or self.kind} {self.due_on.isoformat()}"


class PerformanceReport(RegionOwned, TimestampMixin, db.Model):
    """A performance report from the department (履行情况报告)."""

    __tablename__ = "contracts_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    problems: Mapped[str] = mapped_column(Text, default="")

    contract: Mapped[Contract] = relationship(back_populates="reports")

    def __str__(self) -> str:
        return f"履行报告 {self.reported_on.isoformat()}"


class ContractChange(RegionOwned, TimestampMixin, db.Model):
    """A change, supplement or termination reported after signing."""

    __tablename__ = "contracts_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    #: The day the change was agreed, and the day the department reported it.
    on: Mapped[dt.date] = mapped_column(Date)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    #: A new subject-matter amount, when the change alters it (fen).
    new_amount_fen: Mapped[int | None] = mapped_column(BigInteger)

    contract: Mapped[Contract] = relationship(back_populates="changes")

    def __str__(self) -> str:
        return f"{self.on.isoformat()} {self.content[:20]}"


class SupervisionCheck(RegionOwned, TimestampMixin, db.Model):
    """A supervision check of performance (履行情况监督检查): a plan covering a set of contracts."""

    __tablename__ = "contracts_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer, index=True)
    planned_on: Mapped[dt.date] = mapped_column(Date)
    #: Which contracts the plan covers (e.g. 2013—2017年市政府对外签订的合同).
    scope: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[CheckItem]] = relationship(back_populates="check", order_by="CheckItem.id")

    def __str__(self) -> str:
        return self.title


class CheckItem(RegionOwned, TimestampMixin, db.Model):
    """One contract checked: the finding, and a rectification with a deadline when a problem was found."""

    __tablename__ = "contracts_check_item"
    __table_args__ = (UniqueConstraint("check_id", "contract_id", name="uq_contracts_check_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("contracts_check.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    checked_on: Mapped[dt.date] = mapped_column(Date, index=True)
    finding: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[bool] = mapped_column(Boolean, default=False)
    rectify_by: Mapped[dt.date | None] = mapped_column(Date)
    rectified_on: Mapped[dt.date | None] = mapped_column(Date)
    rectification: Mapped[str] = mapped_column(Text, default="")

    check: Mapped[SupervisionCheck] = relationship(back_populates="items")
    contract: Mapped[Contract] = relationship(back_populates="check_items")

    def __str__(self) -> str:
        return f"{self.checked_on.isoformat()} {'发现问题' if self.problem else '未发现问题'}"


class Borrowing(RegionOwned, TimestampMixin, db.Model):
    """A request to read or borrow an archived contract: approval, lending, return within the period."""

    __tablename__ = "contracts_borrowing"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts_contract.id", ondelete="CASCADE"), index=True)
    borrower_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    borrower_name: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(16), default="on_site")
    requested_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="requested", index=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decision_note: Mapped[str] = mapped_column(String(255), default="")
    lent_on: Mapped[dt.date | None] = mapped_column(Date)
    return_due: Mapped[dt.date | None] = mapped_column(Date)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)

    contract: Mapped[Contract] = relationship(back_populates="borrowings")
    borrower_unit: Mapped[Unit] = relationship()

    def __str__(self) -> str:
        return f"{self.borrower_name} {self.requested_on.isoformat()}"
