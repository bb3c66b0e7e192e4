"""The case file of 行政复议: the case, its extra parties, suspensions, hearings, 意见书 and timeline.

The review body (行政复议机关) is the people's government of the case's region (art 24); its
行政复议机构 is the region's legal office (`Unit.is_legal_office`). Every record is region-owned,
so the core scopes it; state changes go through `operations`, never through these columns directly.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import RegionOwned, TimelineStep, TimestampMixin, Unit, User
from plugins.admin_review.vocabulary import CaseState, Category, Channel, DecisionType, PartyKind, Procedure


class AdministrativeReviewCase(RegionOwned, TimestampMixin, db.Model):
    """One application for administrative review, from receipt to the follow-up visit."""

    __tablename__ = "admin_review_case"
    # 案号 numbered per review body and year: the region is the review body.
    __table_args__ = (UniqueConstraint("region_id", "case_year", "case_number", name="uq_admin_review_case_number"),)
    __searchable__ = ("case_number", "applicant_name", "act_number")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 案号, e.g. 东宝行复〔2024〕12号; unique per review body and year.
    case_number: Mapped[str] = mapped_column(String(64), default="")
    #: The year the number belongs to, and its sequence in that year (None for numbers imported as text).
    case_year: Mapped[int] = mapped_column(Integer, index=True)
    case_seq: Mapped[int | None] = mapped_column(Integer)

    # -- the application ---------------------------------------------------------------------------
    #: The day the review body received the application (the acceptance review starts, art 30).
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[Channel] = mapped_column(String(16), default=Channel.IN_PERSON)
    #: The (first) applicant; further applicants and third parties are `Party` rows.
    applicant_name: Mapped[str] = mapped_column(String(128))
    applicant_kind: Mapped[PartyKind] = mapped_column(String(16), default=PartyKind.PERSON)
    applicant_contact: Mapped[str] = mapped_column(String(128), default="")
    #: 委托代理人 and how to reach them.
    agent_name: Mapped[str] = mapped_column(String(64), default="")
    agent_contact: Mapped[str] = mapped_column(String(128), default="")
    #: 被申请人: the agency whose act is contested.
    respondent_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    act_type: Mapped[str] = mapped_column(String(24), default="other")
    #: The contested act's document number (文号) and date.
    act_number: Mapped[str] = mapped_column(String(128), default="")
    act_date: Mapped[dt.date | None] = mapped_column(Date)
    #: The application period (arts 20, 21): the day the applicant knew or should have known of the
    #: act; whether the act failed to tell of the right to apply, the review body and the period (then
    #: the day the applicant learnt them counts, art 20 ¶3); real property (20-year bar, art 21); a longer
    #: period a law gives (art 20 ¶1 proviso; empty: 60 days).
    known_on: Mapped[dt.date | None] = mapped_column(Date)
    right_not_told: Mapped[bool] = mapped_column(Boolean, default=False)
    right_known_on: Mapped[dt.date | None] = mapped_column(Date)
    real_property: Mapped[bool] = mapped_column(Boolean, default=False)
    application_days: Mapped[int | None] = mapped_column(Integer)
    #: Art 20 ¶2: force majeure or another good reason held the applicant up; the period stops on
    #: `obstacle_from` and runs on from `obstacle_until` (the day the obstacle was removed).
    obstacle_from: Mapped[dt.date | None] = mapped_column(Date)
    obstacle_until: Mapped[dt.date | None] = mapped_column(Date)
    obstacle_reason: Mapped[str] = mapped_column(String(255), default="")
    #: 行政复议请求.
    request: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[Category] = mapped_column(String(24), default=Category.OTHER, index=True)
    #: 重大、疑难、复杂: a hearing is mandatory (art 50 ¶1).
    major_complex: Mapped[bool] = mapped_column(Boolean, default=False)
    procedure: Mapped[Procedure] = mapped_column(String(16), default=Procedure.ORDINARY, index=True)
    #: Why simplified procedure applies (art 53), when it does.
    simplified_ground: Mapped[str | None] = mapped_column(String(24))
    #: 承办人: the staff member in charge (warned of approaching deadlines).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)

    # -- the life cycle ----------------------------------------------------------------------------
    state: Mapped[CaseState] = mapped_column(String(24), default=CaseState.RECEIVED, index=True)
    #: The date of the last transition.
    state_since: Mapped[dt.date | None] = mapped_column(Date)
    #: 补正 (art 31): notice date, the day the applicant received it, what is missing, when supplied.
    correction_notice_on: Mapped[dt.date | None] = mapped_column(Date)
    correction_served_on: Mapped[dt.date | None] = mapped_column(Date)
    correction_items: Mapped[str] = mapped_column(Text, default="")
    supplemented_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Posted materials are on time when posted before the period expires (民诉法 art 85 ¶4 via art 88 ¶1).
    supplement_posted_on: Mapped[dt.date | None] = mapped_column(Date)
    abandoned_on: Mapped[dt.date | None] = mapped_column(Date)
    #: 受理 (art 30); deemed when the review period lapsed without a refusal (art 30 ¶3).
    accepted_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    deemed_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 不予受理 with its reasons and, when outside jurisdiction, the competent review body (art 30 ¶2).
    not_accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    not_accepted_reason: Mapped[str] = mapped_column(Text, default="")
    competent_organ: Mapped[str] = mapped_column(String(128), default="")
    #: Copy of the application sent to the respondent, and the day the respondent received it (art 48, 54).
    copy_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    copy_received_on: Mapped[dt.date | None] = mapped_column(Date)
    reply_received_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The day the respondent posted its reply (交邮日期, 民诉法 art 85 ¶4).
    reply_posted_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The respondent let the reply period lapse: deemed without evidence (art 70).
    reply_missed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Conversion from simplified to ordinary procedure, approved by the head of the review office (art 55).
    converted_on: Mapped[dt.date | None] = mapped_column(Date)
    conversion_approved_by: Mapped[str] = mapped_column(String(64), default="")
    #: The one extension of the decision period (art 62 ¶1): days, date, approval, reason, written notice.
    extension_days: Mapped[int | None] = mapped_column(Integer)
    extended_on: Mapped[dt.date | None] = mapped_column(Date)
    extension_approved_by: Mapped[str] = mapped_column(String(64), default="")
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    #: On-site investigation record (local practice: land and forest-right disputes).
    onsite_investigated_on: Mapped[dt.date | None] = mapped_column(Date)
    onsite_record: Mapped[str] = mapped_column(Text, default="")
    mediation_started_on: Mapped[dt.date | None] = mapped_column(Date)

    # -- the decision ------------------------------------------------------------------------------
    decision_type: Mapped[DecisionType | None] = mapped_column(String(24), index=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    #: 决定书（调解书）文号.
    decision_number: Mapped[str] = mapped_column(String(64), default="")
    decision_summary: Mapped[str] = mapped_column(Text, default="")
    #: The respondent is ordered to redo the act or to act (arts 64, 66), within `performance_days`.
    redo_ordered: Mapped[bool] = mapped_column(Boolean, default=False)
    performance_days: Mapped[int | None] = mapped_column(Integer)
    termination_ground: Mapped[str | None] = mapped_column(String(32))
    #: 送达: the decision takes effect (art 75 ¶2).
    served_on: Mapped[dt.date | None] = mapped_column(Date)
    #: 行政首长告知 (local practice): the respondent's head told of the outcome — when, whom, how.
    head_notified_on: Mapped[dt.date | None] = mapped_column(Date)
    head_notice_record: Mapped[str] = mapped_column(String(255), default="")
    #: Performance checked (art 77): when, and whether the respondent performed.
    performance_checked_on: Mapped[dt.date | None] = mapped_column(Date)
    performed: Mapped[bool | None] = mapped_column(Boolean)
    performance_note: Mapped[str] = mapped_column(String(255), default="")
    #: 回访 (local practice): the follow-up visit after the case.
    visited_on: Mapped[dt.date | None] = mapped_column(Date)
    visit_record: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    respondent: Mapped[Unit] = relationship(foreign_keys=[respondent_id])
    staff: Mapped[User | None] = relationship(foreign_keys=[staff_id])
    parties: Mapped[list[Party]] = relationship(
        lambda: Party, back_populates="case", cascade="all, delete-orphan", order_by=lambda: Party.id
    )
    suspensions: Mapped[list[Suspension]] = relationship(
        lambda: Suspension, back_populates="case", cascade="all, delete-orphan", order_by=lambda: Suspension.id
    )
    hearings: Mapped[list[Hearing]] = relationship(
        lambda: Hearing, back_populates="case", cascade="all, delete-orphan", order_by=lambda: Hearing.id
    )
    opinions: Mapped[list[Opinion]] = relationship(
        lambda: Opinion, back_populates="case", cascade="all, delete-orphan", order_by=lambda: Opinion.id
    )
    steps: Mapped[list[CaseStep]] = relationship(
        lambda: CaseStep, back_populates="case", cascade="all, delete-orphan", order_by=lambda: CaseStep.id
    )

    def __str__(self) -> str:
        return f"{self.case_number} {self.applicant_name}"

    state_label = CaseState.label_property("state")

    procedure_label = Procedure.label_property("procedure")

    category_label = Category.label_property("category")

    decision_label = DecisionType.label_property("decision_type")

    @property
    def simplified(self) -> bool:
        """Whether the case is (still) in simplified procedure."""
        return self.procedure == Procedure.SIMPLIFIED

    def open_suspension(self) -> Suspension | None:
        """The suspension not yet resumed, if the case is suspended."""
        return next((s for s in self.suspensions if s.resumed_on is None), None)


class Party(RegionOwned, TimestampMixin, db.Model):
    """A further applicant (共同申请人) or a third party (第三人) of a case."""

    __tablename__ = "admin_review_party"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("admin_review_case.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[PartyKind] = mapped_column(String(16), default=PartyKind.PERSON)
    name: Mapped[str] = mapped_column(String(128))
    contact: Mapped[str] = mapped_column(String(128), default="")

    case: Mapped[AdministrativeReviewCase] = relationship(lambda: AdministrativeReviewCase, back_populates="parties")

    def __str__(self) -> str:
        return self.name


class Suspension(RegionOwned, TimestampMixin, db.Model):
    """A period during which the review stood still (art 39); the decision period stops meanwhile."""

    __tablename__ = "admin_review_suspension"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("admin_review_case.id", ondelete="CASCADE"), index=True)
    suspended_on: Mapped[dt.date] = mapped_column(Date)
    #: The item of art 39 ¶1 (see `SuspensionGround`).
    ground: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str] = mapped_column(Text, default="")
    resumed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The state the case returns to on resumption.
    resume_state: Mapped[str] = mapped_column(String(24))

    case: Mapped[AdministrativeReviewCase] = relationship(
        lambda: AdministrativeReviewCase, back_populates="suspensions"
    )

    def __str__(self) -> str:
        end = self.resumed_on.isoformat() if self.resumed_on else ""
        return f"{self.suspended_on.isoformat()}至{end}"


class Hearing(RegionOwned, TimestampMixin, db.Model):
    """A hearing (art 50): panel, written notice at least five working days ahead, who attended (art 51)."""

    __tablename__ = "admin_review_hearing"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("admin_review_case.id", ondelete="CASCADE"), index=True)
    #: The day the hearing is to be held, its place and the matters to be heard.
    scheduled_for: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(128), default="")
    matters: Mapped[str] = mapped_column(Text, default="")
    #: The written notice to the parties (art 51 ¶1).
    notified_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The panel (art 50 ¶3): one presiding officer, two or more hearing officers ("、"-separated), a clerk.
    presiding_officer: Mapped[str] = mapped_column(String(64), default="")
    hearing_officers: Mapped[str] = mapped_column(String(255), default="")
    clerk: Mapped[str] = mapped_column(String(64), default="")
    #: scheduled, held, cancelled.
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Art 51 ¶3: the respondent's head attends; if not, explains in writing and delegates staff.
    respondent_head_attended: Mapped[bool | None] = mapped_column(Boolean)
    respondent_head_name: Mapped[str] = mapped_column(String(64), default="")
    delegate_name: Mapped[str] = mapped_column(String(64), default="")
    absence_explanation: Mapped[str] = mapped_column(Text, default="")
    record: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[AdministrativeReviewCase] = relationship(lambda: AdministrativeReviewCase, back_populates="hearings")

    def __str__(self) -> str:
        return f"听证 {self.scheduled_for.isoformat()}"

    @property
    def officers(self) -> list[str]:
        """The hearing officers' names."""
        return [
            n.strip() for n in self.hearing_officers.replace(",", "、").replace("，", "、").split("、") if n.strip()
        ]

    @property
    def head_absent_without_explanation(self) -> bool:
        """The respondent's head neither attended nor explained and delegated (art 51 ¶3)."""
        if self.status != "held" or self.respondent_head_attended:
            return False
        return not (self.absence_explanation.strip() and self.delegate_name.strip())


class Opinion(RegionOwned, TimestampMixin, db.Model):
    """A 行政复议意见书 (art 76): the agency reports its correction within 60 days of receipt."""

    __tablename__ = "admin_review_opinion"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("admin_review_case.id", ondelete="CASCADE"), index=True)
    #: The agency it is addressed to.
    addressee_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(64), default="")
    issued_on: Mapped[dt.date] = mapped_column(Date)
    received_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text, default="")
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    report: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[AdministrativeReviewCase] = relationship(lambda: AdministrativeReviewCase, back_populates="opinions")
    addressee: Mapped[Unit] = relationship()

    def __str__(self) -> str:
        return f"意见书 {self.number or self.issued_on.isoformat()}"


class CaseStep(TimelineStep, RegionOwned, TimestampMixin, db.Model):
    """One step of a case's timeline (`core.models.TimelineStep`: the act, its date, who did it,
    from which state to which)."""

    __tablename__ = "admin_review_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("admin_review_case.id", ondelete="CASCADE"), index=True)

    case: Mapped[AdministrativeReviewCase] = relationship(lambda: AdministrativeReviewCase, back_populates="steps")

    def __str__(self) -> str:
        return f"{self.on.isoformat()} {self.label}"
