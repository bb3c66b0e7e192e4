"""The facts 实施方案督办 publishes, as data: frozen `core.events.EventData` classes with a `name`.

Operations publish them with ``publish(TaskAccepted(...), region_id=..., subject=task)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from core.events import EventData
from core.machine import ActEvent


@dataclass(frozen=True, kw_only=True)
class MeasureImported(EventData):
    name: ClassVar[str] = "supervision.measure.imported"
    measure_id: int
    plan_id: int
    number: str
    lead_unit_id: int


@dataclass(frozen=True, kw_only=True)
class TaskActed(ActEvent):
    """Common fields of a task's acts (with `ActEvent`'s state after and before, and the act's date)."""

    task_id: int
    measure_number: str
    year: int
    lead_unit_id: int


@dataclass(frozen=True, kw_only=True)
class TaskOpened(TaskActed):
    name: ClassVar[str] = "supervision.task.opened"


@dataclass(frozen=True, kw_only=True)
class TaskPlanned(TaskActed):
    name: ClassVar[str] = "supervision.task.planned"


@dataclass(frozen=True, kw_only=True)
class ProgressReported(TaskActed):
    name: ClassVar[str] = "supervision.task.progress_reported"


@dataclass(frozen=True, kw_only=True)
class AcceptanceApplied(TaskActed):
    name: ClassVar[str] = "supervision.task.acceptance_applied"


@dataclass(frozen=True, kw_only=True)
class TaskAccepted(TaskActed):
    name: ClassVar[str] = "supervision.task.accepted"


@dataclass(frozen=True, kw_only=True)
class TaskReturned(TaskActed):
    name: ClassVar[str] = "supervision.task.returned"


@dataclass(frozen=True, kw_only=True)
class LeadSupervised(TaskActed):
    """The lead unit's own 督办 to a responsible unit (压力传导)."""

    name: ClassVar[str] = "supervision.task.lead_supervised"
    target_unit_id: int = 0


@dataclass(frozen=True, kw_only=True)
class InspectionConcluded(EventData):
    name: ClassVar[str] = "supervision.inspection.concluded"
    inspection_id: int
    year: int
    concluded_on: dt.date
    findings: int


@dataclass(frozen=True, kw_only=True)
class FindingActed(EventData):
    """Common fields of a finding's acts (arts 16–18)."""

    finding_id: int
    inspection_id: int
    unit_id: int
    on: dt.date


@dataclass(frozen=True, kw_only=True)
class ConclusionFedBack(FindingActed):
    name: ClassVar[str] = "supervision.finding.fed_back"
    objection_until: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ObjectionFiled(FindingActed):
    name: ClassVar[str] = "supervision.finding.objected"
    review_due: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ReviewDecided(FindingActed):
    name: ClassVar[str] = "supervision.finding.reviewed"
    result: str = ""


@dataclass(frozen=True, kw_only=True)
class RectificationReported(FindingActed):
    name: ClassVar[str] = "supervision.finding.rectified"


@dataclass(frozen=True, kw_only=True)
class RectificationVerified(FindingActed):
    name: ClassVar[str] = "supervision.finding.verified"


@dataclass(frozen=True, kw_only=True)
class ProposalDecided(EventData):
    """Common fields of a proposal's decision (art 21)."""

    proposal_id: int
    inspection_id: int
    unit_id: int
    kind: str
    reason: str
    on: dt.date
    approved_by: str


@dataclass(frozen=True, kw_only=True)
class ProposalApproved(ProposalDecided):
    name: ClassVar[str] = "supervision.proposal.approved"


@dataclass(frozen=True, kw_only=True)
class ProposalRejected(ProposalDecided):
    name: ClassVar[str] = "supervision.proposal.rejected"


@dataclass(frozen=True, kw_only=True)
class AssessmentComputed(EventData):
    name: ClassVar[str] = "supervision.assessment.computed"
    assessment_id: int
    unit_id: int
    year: int
    score: float


#: Every event of the plugin (docs/architecture.md lists each).
ALL_EVENTS = (
    MeasureImported,
    TaskOpened,
    TaskPlanned,
    ProgressReported,
    AcceptanceApplied,
    TaskAccepted,
    TaskReturned,
    LeadSupervised,
    InspectionConcluded,
    ConclusionFedBack,
    ObjectionFiled,
    ReviewDecided,
    RectificationReported,
    RectificationVerified,
    ProposalApproved,
    ProposalRejected,
    AssessmentComputed,
)
