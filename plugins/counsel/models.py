"""The records of 政府法律顾问: the roster, engagements, the opinion log, yearly evaluations.

Every record belongs to a region (`RegionOwned`): a member to the region whose legal office keeps
them, an engagement and a matter to the engaging/asking agency's region. The legal office's own
staff are core users (`user_id`), not a second list of people.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.i18n import in_english, say
from core.models import RegionOwned, TimestampMixin, Unit, User
from plugins.counsel.vocabulary import LAW_DEGREES, Adoption, Degree, MatterKind, MatterState, MemberKind, MemberStatus

#: Which counsel gave a matter's opinion (one or several).
matter_counsel = Table(
    "counsel_matter_member",
    db.Model.metadata,
    Column("matter_id", ForeignKey("counsel_matter.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("counsel_member.id", ondelete="RESTRICT"), primary_key=True),
)


class CounselMember(RegionOwned, TimestampMixin, db.Model):
    """A member of the government's counsel team (法律顾问名录)."""

    __tablename__ = "counsel_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64), default="")
    #: The legal office's own staff: the core user (name and unit come from there).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"), index=True)
    #: The unit a staff member or public-duty lawyer works in (core unit).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    #: A lawyer's firm or an expert's university / institute.
    firm: Mapped[str] = mapped_column(String(128), default="")
    #: 法律职业资格 (national legal profession qualification).
    legal_qualification: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 律师执业证号 / 公职律师证号: 17 digits.
    licence_number: Mapped[str] = mapped_column(String(32), default="")
    practice_years: Mapped[int | None] = mapped_column(Integer)
    degree: Mapped[str | None] = mapped_column(String(24))
    expertise: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(16), default=MemberStatus.ACTIVE)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_since: Mapped[dt.date | None] = mapped_column(Date)

    user: Mapped[User | None] = relationship()
    unit: Mapped[Unit | None] = relationship()

    def __str__(self) -> str:
        return f"{self.name} ({self.kind_label})" if in_english() else f"{self.name}（{self.kind_label}）"

    kind_label = MemberKind.label_property("kind")
    status_label = MemberStatus.label_property("status")
    degree_label = Degree.label_property("degree")

    @property
    def has_law_degree(self) -> bool:
        return self.degree in {str(d) for d in LAW_DEGREES}


class Engagement(RegionOwned, TimestampMixin, db.Model):
    """An agency engages a counsel under a contract: term, scope, fee (聘任合同)."""

    __tablename__ = "counsel_engagement"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The engaging agency; the engagement lives in its region.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("counsel_member.id", ondelete="RESTRICT"), index=True)
    contract_number: Mapped[str] = mapped_column(String(64), default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date, index=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    #: Yearly fee in 元 (0 for the office's own staff).
    fee: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal(0))
    #: The engagement this one renews, if any.
    renewal_of_id: Mapped[int | None] = mapped_column(ForeignKey("counsel_engagement.id", ondelete="SET NULL"))
    #: Ended before its term (解除): the first day without counsel under it.
    terminated_on: Mapped[dt.date | None] = mapped_column(Date)
    termination_reason: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship()
    member: Mapped[CounselMember] = relationship()
    renewal_of: Mapped[Engagement | None] = relationship(remote_side=[id])

    def __str__(self) -> str:
        unit, member = self.unit.name if self.unit else "", self.member.name if self.member else ""
        return say("%(unit)s聘请%(member)s", unit=unit, member=member)

    def active_on(self, day: dt.date) -> bool:
        """Whether the contract covers `day` (within its term and not terminated by then)."""
        if self.terminated_on is not None and day >= self.terminated_on:
            return False
        return self.starts_on <= day <= self.ends_on


class Matter(RegionOwned, TimestampMixin, db.Model):
    """One request for counsel's opinion and what became of it (法律意见登记)."""

    __tablename__ = "counsel_matter"
    __table_args__ = (UniqueConstraint("request_key", name="uq_counsel_matter_request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The asking agency; the matter lives in its region.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(255))
    question: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: The last day for the opinion (working days on the core calendar; a copy of the deadline's).
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=MatterState.OPEN)
    opinion: Mapped[str] = mapped_column(Text, default="")
    opinion_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    #: The legality review's conclusion (major decisions).
    review_result: Mapped[str | None] = mapped_column(String(24))
    adoption: Mapped[str | None] = mapped_column(String(16))
    adoption_reason: Mapped[str] = mapped_column(Text, default="")
    #: 探索性改革决策事项 (条例 art 25 ¶2): submitted without a review, its legal risk stated.
    exploratory: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_risk: Mapped[str] = mapped_column(Text, default="")
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Consultations from other plugins (core.consultations): the requester's key and plugin.
    request_key: Mapped[str | None] = mapped_column(String(128))
    requester: Mapped[str] = mapped_column(String(64), default="")

    unit: Mapped[Unit] = relationship()
    counsel: Mapped[list[CounselMember]] = relationship(secondary=matter_counsel, order_by="CounselMember.id")

    def __str__(self) -> str:
        return self.title

    kind_label = MatterKind.label_property("kind")
    state_label = MatterState.label_property("state")
    adoption_label = Adoption.label_property("adoption")

    @property
    def on_time(self) -> bool | None:
        """Whether the opinion came by its due date (None while none is given or no period ran)."""
        if self.opinion_on is None or self.due_on is None:
            return None
        return self.opinion_on <= self.due_on


class CounselEvaluation(RegionOwned, TimestampMixin, db.Model):
    """A yearly evaluation of an engaged counsel: figures from the log, the agencies' rating, the outcome."""

    __tablename__ = "counsel_evaluation"
    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_counsel_evaluation_member_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("counsel_member.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    opinions: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    adopted: Mapped[int] = mapped_column(Integer, default=0)
    #: Agencies' rating of the counsel's service, 0–100 (entered by the legal office).
    rating: Mapped[int | None] = mapped_column(Integer)
    #: Computed score (0–100) before the adjustment.
    computed_score: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    adjustment: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    adjustment_reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[CounselMember] = relationship()

    def __str__(self) -> str:
        return say("%(name)s %(year)s年度评价", name=self.member.name if self.member else "", year=self.year)

    @property
    def score(self) -> Decimal:
        return Decimal(self.computed_score or 0) + Decimal(self.adjustment or 0)
