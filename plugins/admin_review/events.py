"""Every event of 行政复议, declared once (docs/architecture.md, "Event catalogue" → admin_review).

Published from `operations/`, each in the transaction of the act, with the **case** as subject —
hearing and 意见书 events too, so a notice they cause sits on the case page. The acts of the state
machine (`operations.machine.TRANSITIONS`) each name their event class here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from core.events import EventData
from core.machine import ActEvent


@dataclass(frozen=True, kw_only=True)
class CaseEvent(ActEvent):
    """What every case act says: the case, and (`ActEvent`) its `CaseState` after the act and before
    it, and the act's date."""

    case_id: int
    case_number: str


@dataclass(frozen=True, kw_only=True)
class CaseReceived(CaseEvent):
    """An application is registered."""

    name: ClassVar[str] = "admin_review.case.received"
    #: `Channel` value (how the application came in).
    channel: str = ""


@dataclass(frozen=True, kw_only=True)
class CaseImported(CaseEvent):
    """A case was created from the register (行政复议案件登记表)."""

    name: ClassVar[str] = "admin_review.case.imported"


@dataclass(frozen=True, kw_only=True)
class CaseCorrectionRequested(CaseEvent):
    """补正通知 sent (art 31)."""

    name: ClassVar[str] = "admin_review.case.correction_requested"


@dataclass(frozen=True, kw_only=True)
class CaseSupplemented(CaseEvent):
    """Materials received after 补正."""

    name: ClassVar[str] = "admin_review.case.supplemented"


@dataclass(frozen=True, kw_only=True)
class CaseCorrectionReceived(CaseEvent):
    """The day the applicant received the 补正通知 was recorded: the 补正 period runs from it (art 31 ¶2)."""

    name: ClassVar[str] = "admin_review.case.correction_received"


@dataclass(frozen=True, kw_only=True)
class CaseCorrectionExtended(CaseEvent):
    """The 补正 period was extended for a proper reason (art 31 ¶2)."""

    name: ClassVar[str] = "admin_review.case.correction_extended"
    days: int = 0
    approved_by: str = ""


@dataclass(frozen=True, kw_only=True)
class CaseAbandoned(CaseEvent):
    """补正 period lapsed: the application is deemed abandoned (art 31 ¶2)."""

    name: ClassVar[str] = "admin_review.case.abandoned"


@dataclass(frozen=True, kw_only=True)
class CaseAccepted(CaseEvent):
    """Accepted, or deemed accepted when the review period lapsed (art 30 ¶3)."""

    name: ClassVar[str] = "admin_review.case.accepted"
    deemed: bool = False
    #: `Procedure` value (ordinary or simplified).
    procedure: str = ""
    #: The day an accept was entered (later than `on` when the review period had lapsed: art 30 ¶3).
    entered_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class CaseRefused(CaseEvent):
    """不予受理 (art 30 ¶2)."""

    name: ClassVar[str] = "admin_review.case.refused"
    competent_organ: str | None = None


@dataclass(frozen=True, kw_only=True)
class CaseCopySent(CaseEvent):
    """The application copy was sent to the respondent (arts 48, 54)."""

    name: ClassVar[str] = "admin_review.case.copy_sent"
    respondent_id: int | None = None
    received_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class CaseReplied(CaseEvent):
    """The respondent's reply was received."""

    name: ClassVar[str] = "admin_review.case.replied"
    respondent_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class CaseReplyMissed(CaseEvent):
    """The reply period lapsed: the act is deemed without evidence (art 70)."""

    name: ClassVar[str] = "admin_review.case.reply_missed"
    respondent_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class CaseConverted(CaseEvent):
    """Simplified → ordinary procedure (art 55)."""

    name: ClassVar[str] = "admin_review.case.converted"
    approved_by: str = ""


@dataclass(frozen=True, kw_only=True)
class CaseInvestigated(CaseEvent):
    """An on-site investigation was recorded."""

    name: ClassVar[str] = "admin_review.case.investigated"


@dataclass(frozen=True, kw_only=True)
class CaseMediationStarted(CaseEvent):
    """Mediation begins."""

    name: ClassVar[str] = "admin_review.case.mediation_started"


@dataclass(frozen=True, kw_only=True)
class CaseMediationFailed(CaseEvent):
    """Mediation ended without agreement (art 73 ¶2)."""

    name: ClassVar[str] = "admin_review.case.mediation_failed"


@dataclass(frozen=True, kw_only=True)
class CaseSuspended(CaseEvent):
    """中止 (art 39)."""

    name: ClassVar[str] = "admin_review.case.suspended"
    #: `SuspensionGround` value: the item of art 39 ¶1.
    ground: str = ""


@dataclass(frozen=True, kw_only=True)
class CaseResumed(CaseEvent):
    """恢复审理."""

    name: ClassVar[str] = "admin_review.case.resumed"
    suspended_days: int = 0


@dataclass(frozen=True, kw_only=True)
class CaseExtended(CaseEvent):
    """The decision period was extended (art 62 ¶1)."""

    name: ClassVar[str] = "admin_review.case.extended"
    days: int = 0
    approved_by: str = ""


@dataclass(frozen=True, kw_only=True)
class CaseDecided(CaseEvent):
    """A decision, or a 调解书."""

    name: ClassVar[str] = "admin_review.case.decided"
    #: `DecisionType` value.
    decision_type: str = ""
    #: Whether the decision corrects the act (counted in 纠错率).
    correction: bool = False
    redo_ordered: bool = False
    respondent_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class CaseTerminated(CaseEvent):
    """终止 (arts 41, 74)."""

    name: ClassVar[str] = "admin_review.case.terminated"
    #: `TerminationGround` value.
    ground: str = ""
    decision_type: str = ""
    correction: bool = False
    respondent_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class CaseServed(CaseEvent):
    """The decision was served (art 75 ¶2)."""

    name: ClassVar[str] = "admin_review.case.served"


@dataclass(frozen=True, kw_only=True)
class CaseHeadNotified(CaseEvent):
    """行政首长告知 recorded."""

    name: ClassVar[str] = "admin_review.case.head_notified"


@dataclass(frozen=True, kw_only=True)
class CasePerformanceChecked(CaseEvent):
    """The performance of the decision was checked (art 77)."""

    name: ClassVar[str] = "admin_review.case.performance_checked"
    performed: bool | None = None


@dataclass(frozen=True, kw_only=True)
class CaseVisited(CaseEvent):
    """A follow-up visit (回访)."""

    name: ClassVar[str] = "admin_review.case.visited"


@dataclass(frozen=True, kw_only=True)
class HearingScheduled(CaseEvent):
    """A hearing is planned (art 50)."""

    name: ClassVar[str] = "admin_review.hearing.scheduled"
    hearing_id: int
    scheduled_for: dt.date


@dataclass(frozen=True, kw_only=True)
class CaseRecounted(CaseEvent):
    """A calendar recount moved a lapsed period: the effect it had was applied, moved or undone (issue 13 item 11)."""

    name: ClassVar[str] = "admin_review.case.recounted"


@dataclass(frozen=True, kw_only=True)
class OpinionIssued(CaseEvent):
    """A 行政复议意见书 was issued (art 76)."""

    name: ClassVar[str] = "admin_review.opinion.issued"
    opinion_id: int
    addressee_id: int


@dataclass(frozen=True, kw_only=True)
class HearingEvent(EventData):
    """What every act on a scheduled hearing says."""

    hearing_id: int
    case_id: int
    case_number: str
    respondent_id: int | None = None
    on: dt.date


@dataclass(frozen=True, kw_only=True)
class HearingNotified(HearingEvent):
    """The parties were notified in writing (art 51 ¶1)."""

    name: ClassVar[str] = "admin_review.hearing.notified"


@dataclass(frozen=True, kw_only=True)
class HearingHeld(HearingEvent):
    """The hearing took place; who attended for the respondent (art 51 ¶3)."""

    name: ClassVar[str] = "admin_review.hearing.held"
    head_attended: bool = False
    delegate_name: str = ""
    explained: bool = False
    #: Neither the head nor a delegate with an explanation: the 通报批评 rule's condition.
    head_absent_without_explanation: bool = False


@dataclass(frozen=True, kw_only=True)
class HearingCancelled(HearingEvent):
    """The hearing will not take place."""

    name: ClassVar[str] = "admin_review.hearing.cancelled"
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class OpinionReported(EventData):
    """The addressee of a 意见书 reported its correction (art 76)."""

    name: ClassVar[str] = "admin_review.opinion.reported"
    opinion_id: int
    case_id: int
    addressee_id: int
    on: dt.date
