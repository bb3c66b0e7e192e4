"""The records of 实施方案督办: the plan and its measures, the yearly tasks with their steps, progress
reports and ledger, inspections with findings and proposals, and the units' annual assessment.

Every record is region-owned, so the core scopes it; state changes go through `operations`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import RegionOwned, TimelineStep, TimestampMixin, Unit
from plugins.supervision.vocabulary import Area, FindingRating, InspectionState, ProposalKind, ProposalState, TaskState

#: The responsible units (责任单位) of a measure, besides its one lead unit.
measure_unit = Table(
    "supervision_measure_unit",
    db.metadata,
    Column("measure_id", ForeignKey("supervision_measure.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="RESTRICT"), primary_key=True),
)


class Plan(RegionOwned, TimestampMixin, db.Model):
    """An implementation plan (实施方案) of a city or county government."""

    __tablename__ = "supervision_plan"
    __table_args__ = (UniqueConstraint("region_id", "title", name="uq_supervision_plan_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    adopted_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    measures: Mapped[list[Measure]] = relationship(back_populates="plan", order_by="Measure.seq")

    def __str__(self) -> str:
        return self.title


class Measure(RegionOwned, TimestampMixin, db.Model):
    """One numbered measure (工作措施) of a plan: one lead unit, responsible units, years, deadline, evidence."""

    __tablename__ = "supervision_measure"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_supervision_measure_number"),)
    __searchable__ = ("number", "title")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("supervision_plan.id", ondelete="RESTRICT"), index=True)
    #: The number printed in the plan ("35"); `seq` orders them.
    number: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[str] = mapped_column(String(24), index=True)
    chapter: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(Text)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    #: 成果形式: the evidence of completion the plan expects.
    evidence: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="measures")
    lead_unit: Mapped[Unit] = relationship(foreign_keys=[lead_unit_id])
    responsible_units: Mapped[list[Unit]] = relationship(secondary=measure_unit, order_by="Unit.id")
    tasks: Mapped[list[Task]] = relationship(back_populates="measure", order_by="Task.year")

    area_label = Area.label_property("area")

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:30]}"


class Task(RegionOwned, TimestampMixin, db.Model):
    """A measure's task for one year (项目化推进): the lead unit's work plan, run until accepted (销号)."""

    __tablename__ = "supervision_task"
    __table_args__ = (UniqueConstraint("measure_id", "year", name="uq_supervision_task_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("supervision_measure.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    #: What has to be done this year (the measure's title unless the lead unit narrows it).
    title: Mapped[str] = mapped_column(Text, default="")
    #: The lead unit's work plan (工作方案) and the task's deadline (its steps may not run later).
    work_plan: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16), default=TaskState.NOT_STARTED, index=True)
    state_since: Mapped[dt.date | None] = mapped_column(Date)
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    #: 销号: the lead unit's application with its evidence, and the legal office's verdict.
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    #: The reviewer the legal office named (else any of its staff accepts).
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    accepted_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    accepted_by: Mapped[str] = mapped_column(String(64), default="")
    returned_reason: Mapped[str] = mapped_column(Text, default="")

    measure: Mapped[Measure] = relationship(back_populates="tasks")
    lead_unit: Mapped[Unit] = relationship(foreign_keys=[lead_unit_id])
    reviewer = relationship("User", foreign_keys=[reviewer_id])
    steps: Mapped[list[TaskStep]] = relationship(back_populates="task", order_by="TaskStep.position, TaskStep.id")
    reports: Mapped[list[ProgressReport]] = relationship(back_populates="task", order_by="ProgressReport.id")
    acts: Mapped[list[TaskAct]] = relationship(back_populates="task", order_by="TaskAct.id")

    state_label = TaskState.label_property("state")

    def __str__(self) -> str:
        number = self.measure.number if self.measure else "?"
        return f"{self.year}年第{number}项"


class TaskStep(RegionOwned, TimestampMixin, db.Model):
    """One step of a task's work plan: a responsible unit and a deadline on the core calendar."""

    __tablename__ = "supervision_task_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("supervision_task.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(255))
    responsible_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    deadline: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    task: Mapped[Task] = relationship(back_populates="steps")
    responsible_unit: Mapped[Unit] = relationship()

    def __str__(self) -> str:
        return self.title


class ProgressReport(RegionOwned, TimestampMixin, db.Model):
    """A progress report on a task or one of its steps (清单化管理); its materials are attachments."""

    __tablename__ = "supervision_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("supervision_task.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_task_step.id", ondelete="SET NULL"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    reported_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    username: Mapped[str] = mapped_column(String(64), default="")

    task: Mapped[Task] = relationship(back_populates="reports")
    step: Mapped[TaskStep | None] = relationship()
    unit: Mapped[Unit] = relationship()

    def __str__(self) -> str:
        return f"{self.reported_on.isoformat()} {self.content[:20]}"


class TaskAct(TimelineStep, RegionOwned, db.Model):
    """One act on a task (全程纪实, `core.models.TimelineStep`): what, when, state before and after, who."""

    __tablename__ = "supervision_task_act"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("supervision_task.id", ondelete="CASCADE"), index=True)
    #: In full: an 验收 or 退回 opinion is kept whole on the task's record.
    note: Mapped[str] = mapped_column(Text, default="")

    task: Mapped[Task] = relationship(back_populates="acts")

    def __str__(self) -> str:
        return f"{self.on.isoformat() if self.on else ''} {self.label}".strip()


class Inspection(RegionOwned, TimestampMixin, db.Model):
    """An inspection (督查) of a year's tasks: its written plan (art 15) and its conclusion (art 16)."""

    __tablename__ = "supervision_inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The year whose tasks are inspected.
    year: Mapped[int] = mapped_column(Integer, index=True)
    #: Art 15: 督查内容、对象和范围, and the time it runs.
    content: Mapped[str] = mapped_column(Text)
    objects: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=InspectionState.PLANNED, index=True)
    concluded_on: Mapped[dt.date | None] = mapped_column(Date)
    conclusion: Mapped[str] = mapped_column(Text, default="")
    #: The 《政府情况通报》 the results were published in (a core circular).
    circular_id: Mapped[int | None] = mapped_column(ForeignKey("circular.id", ondelete="SET NULL"))

    findings: Mapped[list[Finding]] = relationship(back_populates="inspection", order_by="Finding.id")
    proposals: Mapped[list[Proposal]] = relationship(back_populates="inspection", order_by="Proposal.id")

    state_label = InspectionState.label_property("state")

    def __str__(self) -> str:
        return self.title


class Finding(RegionOwned, TimestampMixin, db.Model):
    """What an inspection found for one unit (and task); fed back, objected to, reviewed, rectified (arts 16–18)."""

    __tablename__ = "supervision_finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("supervision_inspection.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_task.id", ondelete="SET NULL"))
    rating: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    #: Rectification demanded by the conclusion (art 18), by this date.
    rectification: Mapped[str] = mapped_column(Text, default="")
    rectify_by: Mapped[dt.date | None] = mapped_column(Date)
    #: Art 16: fed back to the unit; the day it received the conclusion starts the 30 days of art 17.
    fed_back_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    objection_until: Mapped[dt.date | None] = mapped_column(Date)
    objected_on: Mapped[dt.date | None] = mapped_column(Date)
    objection: Mapped[str] = mapped_column(Text, default="")
    review_due: Mapped[dt.date | None] = mapped_column(Date)
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    review_result: Mapped[str | None] = mapped_column(String(16))
    review_note: Mapped[str] = mapped_column(Text, default="")
    rectified_on: Mapped[dt.date | None] = mapped_column(Date)
    rectification_report: Mapped[str] = mapped_column(Text, default="")
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    verification: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="findings")
    unit: Mapped[Unit] = relationship()
    task: Mapped[Task | None] = relationship()

    rating_label = FindingRating.label_property("rating")

    def __str__(self) -> str:
        return f"{self.unit.name if self.unit else ''}：{self.description[:20]}"


class Proposal(RegionOwned, TimestampMixin, db.Model):
    """A praise, criticism or accountability proposal (art 21), effective once the government approves it."""

    __tablename__ = "supervision_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("supervision_inspection.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    proposed_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default=ProposalState.PROPOSED, index=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Who approved: 本级人民政府 or its head (art 21).
    approved_by: Mapped[str] = mapped_column(String(64), default="")
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id", ondelete="SET NULL"))

    inspection: Mapped[Inspection] = relationship(back_populates="proposals")
    unit: Mapped[Unit] = relationship()

    kind_label = ProposalKind.label_property("kind")

    state_label = ProposalState.label_property("state")


class Assessment(RegionOwned, TimestampMixin, db.Model):
    """A unit's annual score on the plan's tasks (年度法治政府建设考核的重要依据)."""

    __tablename__ = "supervision_assessment"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_supervision_assessment_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[float] = mapped_column(Float, default=0)

    unit: Mapped[Unit] = relationship()
    lines: Mapped[list[AssessmentLine]] = relationship(
        back_populates="assessment", order_by="AssessmentLine.id", cascade="all, delete-orphan"
    )


class AssessmentLine(RegionOwned, db.Model):
    """One metric of an assessment: computed points, the explanation, and an adjustment with its reason."""

    __tablename__ = "supervision_assessment_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("supervision_assessment.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(24))
    label: Mapped[str] = mapped_column(String(64))
    max_points: Mapped[float] = mapped_column(Float)
    points: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text, default="")
    adjustment: Mapped[float] = mapped_column(Float, default=0)
    adjustment_reason: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="lines")
