"""The records of 行政机关负责人出庭应诉: who may appear, the cases, the hearings and who appeared.

Who counts as a head is the SPC 2020 规定 art 2 (正职、副职、参与分管的负责人; not the heads of an
entrusted organisation or of a lower agency), kept per unit as its list of `UnitHead`s. Who may be
delegated is the agency's own staff (行诉法 art 3 ¶3; 行诉解释 art 130; 规定 art 10), kept per
unit as `UnitStaff`. A lawyer alone is never an appearance (行诉解释 art 128 ¶2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.i18n import say
from core.models import RegionOwned, TimestampMixin, Unit, User
from plugins.court.vocabulary import (
    AbsenceReason,
    Appearance,
    CaseResult,
    HeadRank,
    HearingStatus,
    Instance,
    ReportDecision,
    RulingKind,
    StaffStatus,
)

# -- who may appear ------------------------------------------------------------------------------


class UnitHead(RegionOwned, TimestampMixin, db.Model):
    """A qualifying head of an agency (规定 art 2), with the time in office."""

    __tablename__ = "court_unit_head"
    __searchable__ = ("name", "position")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The agency whose head this is.
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    #: The post, e.g. 局长, 副局长.
    position: Mapped[str] = mapped_column(String(64), default="")
    rank: Mapped[str] = mapped_column(String(24), default=HeadRank.DEPUTY.value)
    #: In office from (inclusive) and until (inclusive; empty while still in office).
    in_office_from: Mapped[dt.date | None] = mapped_column(Date)
    in_office_until: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(255), default="")

    unit: Mapped[Unit] = relationship()

    def in_office_on(self, day: dt.date) -> bool:
        """Whether the head held the post on `day`."""
        if self.in_office_from and day < self.in_office_from:
            return False
        return not (self.in_office_until and day > self.in_office_until)

    rank_label = HeadRank.label_property("rank")

    def __str__(self) -> str:
        return f"{self.name}（{self.unit.name if self.unit else ''}{self.position}）"


class UnitStaff(RegionOwned, TimestampMixin, db.Model):
    """A staff member of an agency who may be delegated to appear (行诉解释 art 130; 规定 art 10)."""

    __tablename__ = "court_unit_staff"
    __searchable__ = ("name", "position")

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(24), default=StaffStatus.CIVIL_SERVANT.value)
    #: Still with the agency (a delegate must be on the roster when the hearing is held).
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit] = relationship()

    def __str__(self) -> str:
        return f"{self.name}（{self.unit.name if self.unit else ''}{self.position}）"


# -- cases and hearings --------------------------------------------------------------------------


class LitigationCase(RegionOwned, TimestampMixin, db.Model):
    """An administrative lawsuit in which an agency of the region is the defendant."""

    __tablename__ = "court_case"
    __table_args__ = (UniqueConstraint("court", "case_number", name="uq_court_case_court_number"),)
    __searchable__ = ("case_number", "plaintiffs", "contested_act", "cause", "court")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The court hearing the case (审理法院).
    court: Mapped[str] = mapped_column(String(128))
    #: The court's case number (案号), e.g. (2024)鄂0802行初15号.
    case_number: Mapped[str] = mapped_column(String(64))
    #: Plaintiff(s) (原告), separated by 、.
    plaintiffs: Mapped[str] = mapped_column(String(255))
    #: The defendant agency (被告), whose head must appear (行诉法 art 3 ¶3).
    defendant_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    #: The contested administrative act (被诉行政行为).
    contested_act: Mapped[str] = mapped_column(String(255), default="")
    #: The cause of action (案由), e.g. 行政处罚, 行政强制.
    cause: Mapped[str] = mapped_column(String(64), default="")
    instance: Mapped[str] = mapped_column(String(16), default=Instance.FIRST.value, index=True)
    #: The earlier case an appeal or retrial continues.
    previous_case_id: Mapped[int | None] = mapped_column(ForeignKey("court_case.id", ondelete="SET NULL"))
    #: The day the court filed the case (立案日期); no hearing before it.
    filed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: The day the agency received the complaint copy: the defence period runs from it (行诉法 art 67).
    complaint_copy_received_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The day the defence and evidence were filed.
    defence_filed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: An appeal decided without a hearing (行诉法 art 86); other judgments need a hearing first.
    decided_on_papers: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The judgment, ruling or mediation statement ending the instance.
    ruling_kind: Mapped[str | None] = mapped_column(String(16))
    #: What a ruling decides (行诉解释 art 101): only 不予立案, 驳回起诉, 管辖异议 can be appealed (¶2).
    ruling_matter: Mapped[str | None] = mapped_column(String(16))
    judged_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    #: Served on the agency: the appeal period runs from it (行诉法 art 85).
    served_on: Mapped[dt.date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(16), index=True)
    ruling_summary: Mapped[str] = mapped_column(Text, default="")
    #: The agency's decision whether to appeal a first-instance judgment or ruling.
    appeal_decision: Mapped[str | None] = mapped_column(String(16))
    appeal_decided_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The court's judicial recommendation (司法建议, 规定 art 12; 行诉解释 art 132), if any.
    recommendation_received_on: Mapped[dt.date | None] = mapped_column(Date)
    recommendation_summary: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    defendant_unit: Mapped[Unit] = relationship()
    previous_case: Mapped[LitigationCase | None] = relationship(lambda: LitigationCase, remote_side=[id])
    hearings: Mapped[list[CourtHearing]] = relationship(
        lambda: CourtHearing,
        back_populates="case",
        order_by=lambda: (CourtHearing.held_on, CourtHearing.id),
        cascade="all, delete-orphan",
    )

    instance_label = Instance.label_property("instance")

    result_label = CaseResult.label_property("result")

    ruling_kind_label = RulingKind.label_property("ruling_kind")

    @property
    def held_hearings(self) -> list[CourtHearing]:
        return [h for h in self.hearings if h.status == HearingStatus.HELD]

    def __str__(self) -> str:
        # In Chinese always: the audit log keeps it (see `caption` for the user's language).
        return f"{self.case_number}（{self.plaintiffs}诉{self.defendant_unit.name if self.defendant_unit else ''}）"

    @property
    def caption(self) -> str:
        """The case as named on pages and in selects, in the user's language."""
        defendant = self.defendant_unit.name if self.defendant_unit else ""
        return say(
            "%(number)s（%(plaintiffs)s诉%(defendant)s）",
            number=self.case_number,
            plaintiffs=self.plaintiffs,
            defendant=defendant,
        )


#: 规定 art 5 ¶2: the court serves the notice to appear at least three days before the hearing.
NOTICE_DAYS_BEFORE_HEARING = 3


class CourtHearing(RegionOwned, TimestampMixin, db.Model):
    """One hearing of a case and who appeared for the defendant agency."""

    __tablename__ = "court_hearing"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("court_case.id", ondelete="CASCADE"), index=True)
    #: The hearing day (开庭日期); the year of the appearance rate.
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    #: The day the court's notice to appear arrived (at least 3 days ahead, 规定 art 5 ¶2).
    notice_received_on: Mapped[dt.date | None] = mapped_column(Date)
    #: The court notified the head to appear in person (规定 art 4; 行诉解释 art 129).
    head_required: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=HearingStatus.SCHEDULED.value, index=True)
    #: The head who appeared (must be on the unit's list and in office that day).
    head_id: Mapped[int | None] = mapped_column(ForeignKey("court_unit_head.id", ondelete="RESTRICT"), index=True)
    #: The head spoke on the substance of the dispute in court (规定 art 11 ¶3).
    head_spoke: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The staff member delegated to appear (must be the agency's staff; sealed power of attorney attached).
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("court_unit_staff.id", ondelete="RESTRICT"))
    #: The sealed power of attorney was submitted (行诉解释 art 131 ¶2): set when its scan is uploaded,
    #: or by a register import that records it.
    power_of_attorney_filed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Lawyers or other agents who appeared (律师), names separated by 、.
    lawyers: Mapped[str] = mapped_column(String(255), default="")
    #: The court found the head's reason for absence not valid (规定 art 9 ¶2, art 12 ¶1(一)).
    court_rejected_reason: Mapped[bool] = mapped_column(Boolean, default=False)
    #: A person decided that the head's absence is criticised although the court's notice came
    #: later than three days before the hearing (规定 art 5 ¶2); without it no criticism follows.
    late_notice_criticism: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[LitigationCase] = relationship(lambda: LitigationCase, back_populates="hearings")
    head: Mapped[UnitHead | None] = relationship(lambda: UnitHead)
    delegate: Mapped[UnitStaff | None] = relationship(lambda: UnitStaff)
    report: Mapped[AppearanceReport | None] = relationship(
        lambda: AppearanceReport, back_populates="hearing", uselist=False
    )

    status_label = HearingStatus.label_property("status")

    @property
    def is_held(self) -> bool:
        return self.status == HearingStatus.HELD

    @property
    def delegation_approved(self) -> bool:
        """The legal office approved the delegation on an appearance report giving an art 8 reason."""
        report = self.report
        return bool(
            report is not None
            and report.decision == ReportDecision.APPROVED
            and report.absence_reason in set(AbsenceReason)
        )

    @property
    def appearance(self) -> Appearance | None:
        """How the rules judge the attendance of a held hearing (None before it is held)."""
        if not self.is_held:
            return None
        if self.head_id is not None:
            return Appearance.HEAD
        if self.delegate_id is not None:
            return Appearance.DELEGATE_APPROVED if self.delegation_approved else Appearance.DELEGATE_UNAPPROVED
        if (self.lawyers or "").strip():
            return Appearance.LAWYER_ONLY
        return Appearance.ABSENT

    @property
    def appearance_label(self) -> str:
        outcome = self.appearance
        return Appearance(outcome).label if outcome else ""

    @property
    def notice_late(self) -> bool | None:
        """Whether the court's notice was served later than three days before the hearing (规定 art 5 ¶2).

        "应当在开庭三日前送达出庭通知书": served on day D for a hearing on day H, in time when at
        least three days lie between (H − D ≥ 3, calendar days). None when the service date is unknown.
        """
        if self.notice_received_on is None or self.held_on is None:
            return None
        return (self.held_on - self.notice_received_on).days < NOTICE_DAYS_BEFORE_HEARING

    @property
    def absence_excused(self) -> bool:
        """The head's absence rests on an approved, valid reason the court did not reject."""
        return self.delegation_approved and not self.court_rejected_reason

    def __str__(self) -> str:
        # In Chinese always: the audit log keeps it (see `caption` for the user's language).
        number = self.case.case_number if self.case else ""
        return f"{number} {self.held_on.isoformat() if self.held_on else ''}开庭"

    @property
    def caption(self) -> str:
        """The hearing as named on pages and in selects, in the user's language."""
        number = self.case.case_number if self.case else ""
        return say("%(number)s %(day)s开庭", number=number, day=self.held_on.isoformat() if self.held_on else "")


class AppearanceReport(RegionOwned, TimestampMixin, db.Model):
    """应诉报告: before a hearing the agency reports who will appear; a delegation needs approval."""

    __tablename__ = "court_appearance_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("court_hearing.id", ondelete="CASCADE"), unique=True)
    filed_on: Mapped[dt.date] = mapped_column(Date)
    #: The head who will appear, or —
    planned_head_id: Mapped[int | None] = mapped_column(ForeignKey("court_unit_head.id", ondelete="RESTRICT"))
    #: — the staff member to be delegated, with the reason the head cannot appear (规定 art 8).
    planned_delegate_id: Mapped[int | None] = mapped_column(ForeignKey("court_unit_staff.id", ondelete="RESTRICT"))
    absence_reason: Mapped[str | None] = mapped_column(String(24))
    #: The written explanation (情况说明) of the head's absence.
    absence_explanation: Mapped[str] = mapped_column(Text, default="")
    #: The explanation bears the agency's seal or the chief's signature (规定 art 9 ¶1; 行诉解释 art 129 ¶3).
    explanation_sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    decision: Mapped[str] = mapped_column(String(16), default=ReportDecision.PENDING.value)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decision_note: Mapped[str] = mapped_column(String(255), default="")

    hearing: Mapped[CourtHearing] = relationship(lambda: CourtHearing, back_populates="report")
    planned_head: Mapped[UnitHead | None] = relationship(lambda: UnitHead)
    planned_delegate: Mapped[UnitStaff | None] = relationship(lambda: UnitStaff)
    decided_by: Mapped[User | None] = relationship()

    decision_label = ReportDecision.label_property("decision")

    absence_reason_label = AbsenceReason.label_property("absence_reason")

    def __str__(self) -> str:
        return f"应诉报告：{self.hearing}" if self.hearing else "应诉报告"


# -- the local system: joint meetings and trial observations ----------------------------------------


class JointMeeting(RegionOwned, TimestampMixin, db.Model):
    """联席会议: a meeting of the legal office, the courts and agencies on appearance work."""

    __tablename__ = "court_joint_meeting"
    __searchable__ = ("title", "participants")

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(128))
    #: The unit that convened it.
    convened_by_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    #: Who took part (units and people).
    participants: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")

    convened_by: Mapped[Unit | None] = relationship()

    def __str__(self) -> str:
        return f"{self.held_on.isoformat() if self.held_on else ''} {self.title}"


class TrialObservation(RegionOwned, TimestampMixin, db.Model):
    """庭审观摩: agency staff observe a trial (optionally one of the registered cases)."""

    __tablename__ = "court_trial_observation"
    __searchable__ = ("title", "participants")

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(128))
    court: Mapped[str] = mapped_column(String(128), default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("court_case.id", ondelete="SET NULL"))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    participants: Mapped[str] = mapped_column(Text, default="")
    #: How many staff observed.
    attendee_count: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[LitigationCase | None] = relationship(lambda: LitigationCase)
    organiser: Mapped[Unit | None] = relationship()

    def __str__(self) -> str:
        return f"{self.held_on.isoformat() if self.held_on else ''} {self.title}"


# -- annual evaluation (年度考评, local practice) ----------------------------------------------------


class EvaluationItem(RegionOwned, TimestampMixin, db.Model):
    """One configurable item of a region's score sheet; units of the region (and below) are scored on it.

    `metric` names the computation (see `plugins.court.evaluation.METRICS`); the office chooses the
    points. A region without items of its own uses its nearest ancestor's, then the defaults.
    """

    __tablename__ = "court_evaluation_item"
    __table_args__ = (UniqueConstraint("region_id", "metric", name="uq_court_evaluation_item_region_metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(64))
    #: The most points the item gives.
    max_points: Mapped[float] = mapped_column(Float)
    #: For counting items (notices received): the points deducted per record counted.
    per_record: Mapped[float] = mapped_column(Float, default=0.0)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __str__(self) -> str:
        return f"{self.label}（{self.max_points:g}分）"


class Evaluation(RegionOwned, TimestampMixin, db.Model):
    """A unit's score sheet for a year: computed from the records, adjustable line by line."""

    __tablename__ = "court_evaluation"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_court_evaluation_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: When the lines were last computed from the records.
    computed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    unit: Mapped[Unit] = relationship()
    lines: Mapped[list[EvaluationLine]] = relationship(
        lambda: EvaluationLine,
        back_populates="evaluation",
        order_by=lambda: (EvaluationLine.sort_order, EvaluationLine.id),
        cascade="all, delete-orphan",
    )

    @property
    def max_total(self) -> float:
        return round(sum(line.max_points for line in self.lines), 2)

    @property
    def total(self) -> float:
        """The score: every line's computed points plus its recorded adjustment."""
        return round(sum(line.points for line in self.lines), 2)

    def __str__(self) -> str:
        return f"{self.year}年度考评：{self.unit.name if self.unit else ''}"


class EvaluationLine(RegionOwned, TimestampMixin, db.Model):
    """One item of a score sheet: the computed points, where they came from, and any adjustment."""

    __tablename__ = "court_evaluation_line"
    __table_args__ = (UniqueConstraint("evaluation_id", "metric", name="uq_court_evaluation_line_metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("court_evaluation.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(64))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    max_points: Mapped[float] = mapped_column(Float)
    computed_points: Mapped[float] = mapped_column(Float, default=0.0)
    #: How the points were computed, in words ("出庭应诉率 75.0%（3/4）× 40 = 30.0").
    explanation: Mapped[str] = mapped_column(Text, default="")
    #: The records behind the points: [{"type": table, "id": id, "label": text, "effect": text}].
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: Points added (or, negative, taken off) by hand, with the reason; kept when recomputed.
    adjustment: Mapped[float] = mapped_column(Float, default=0.0)
    adjustment_reason: Mapped[str] = mapped_column(String(255), default="")
    adjusted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    adjusted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    evaluation: Mapped[Evaluation] = relationship(lambda: Evaluation, back_populates="lines")
    adjusted_by: Mapped[User | None] = relationship()

    @property
    def points(self) -> float:
        return round(self.computed_points + (self.adjustment or 0.0), 2)

    def __str__(self) -> str:
        return f"{self.label}：{self.points:g}/{self.max_points:g}"
