"""Every event of 行政机关负责人出庭应诉, declared once (docs/architecture.md, "Event catalogue").

Published from `operations.py` after a record is saved, inside the transaction that saved it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from core.events import EventData
from plugins.court.vocabulary import Appearance

# -- cases ----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CaseEvent(EventData):
    """What every case event says: the case, its court and instance, and the defendant agency."""

    case_id: int
    case_number: str
    court: str
    #: `Instance` value.
    instance: str
    defendant_unit_id: int
    #: The defendant agency's name.
    defendant_unit: str


@dataclass(frozen=True, kw_only=True)
class CaseFiled(CaseEvent):
    """A case was registered."""

    name: ClassVar[str] = "court.case.filed"
    filed_on: dt.date | None = None
    plaintiffs: str = ""


@dataclass(frozen=True, kw_only=True)
class ComplaintReceived(CaseEvent):
    """The complaint copy's receipt was entered: opens the 15-day defence deadline (行诉法 art 67)."""

    name: ClassVar[str] = "court.case.complaint_received"
    received_on: dt.date | None = None
    #: Counted by the core calendar.
    defence_due: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class DefenceFiled(CaseEvent):
    """The defence and evidence were entered (meets the deadline)."""

    name: ClassVar[str] = "court.case.defence_filed"
    filed_on: dt.date | None = None
    #: None when there was no deadline to meet.
    on_time: bool | None = None


@dataclass(frozen=True, kw_only=True)
class CaseJudged(CaseEvent):
    """The judgment, ruling or mediation was entered: opens the appeal-decision deadline (art 85)."""

    name: ClassVar[str] = "court.case.judged"
    #: `RulingKind` value: judgment · ruling · mediation.
    ruling_kind: str | None = None
    judged_on: dt.date | None = None
    #: `CaseResult` value: won · lost · withdrawn · mediated.
    result: str | None = None
    appeal_due: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class AppealDecided(CaseEvent):
    """The agency's appeal decision was entered."""

    name: ClassVar[str] = "court.case.appeal_decided"
    #: appeal · no_appeal.
    decision: str | None = None
    decided_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class RecommendationReceived(CaseEvent):
    """The court's judicial recommendation (司法建议) was entered."""

    name: ClassVar[str] = "court.recommendation.received"
    received_on: dt.date | None = None
    summary: str = ""


# -- hearings -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HearingEvent(EventData):
    """What every hearing event says: the facts the notice rules and indicators need."""

    hearing_id: int
    case_id: int
    case_number: str
    court: str
    defendant_unit_id: int
    defendant_unit: str
    held_on: dt.date | None = None
    #: `HearingStatus` value.
    status: str
    head_required: bool = False
    #: Who appeared (None until held).
    appearance: Appearance | None = None
    head_id: int | None = None
    head: str | None = None
    delegate_id: int | None = None
    delegate: str | None = None
    lawyers: str = ""
    head_spoke: bool = False
    delegation_approved: bool = False
    #: Whether the court accepted the head's reason for absence (None when a head appeared).
    absence_excused: bool | None = None


@dataclass(frozen=True, kw_only=True)
class HearingScheduled(HearingEvent):
    """A hearing was registered as scheduled (opens the appearance-report deadline)."""

    name: ClassVar[str] = "court.hearing.scheduled"


@dataclass(frozen=True, kw_only=True)
class HearingHeld(HearingEvent):
    """A hearing became held, with who appeared."""

    name: ClassVar[str] = "court.hearing.held"


@dataclass(frozen=True, kw_only=True)
class HearingCorrected(HearingEvent):
    """Who appeared at a held hearing was corrected (no notice rule: the legal office decides)."""

    name: ClassVar[str] = "court.hearing.corrected"


@dataclass(frozen=True, kw_only=True)
class HearingPostponed(HearingEvent):
    """A hearing was postponed."""

    name: ClassVar[str] = "court.hearing.postponed"


@dataclass(frozen=True, kw_only=True)
class HearingCancelled(HearingEvent):
    """A hearing was cancelled."""

    name: ClassVar[str] = "court.hearing.cancelled"


# -- appearance reports ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReportEvent(EventData):
    """What every appearance-report event says: the report and its hearing."""

    report_id: int
    hearing_id: int
    case_id: int
    case_number: str
    defendant_unit_id: int
    defendant_unit: str
    held_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ReportFiled(ReportEvent):
    """An appearance report (应诉报告) was filed (meets its deadline)."""

    name: ClassVar[str] = "court.report.filed"
    filed_on: dt.date | None = None
    on_time: bool | None = None
    planned_head: str | None = None
    planned_delegate: str | None = None
    #: `AbsenceReason` value (规定 art 8).
    absence_reason: str | None = None
    #: `ReportDecision` value.
    decision: str = ""


@dataclass(frozen=True, kw_only=True)
class ReportDecided(ReportEvent):
    """The legal office approved or refused a delegation (委托准许)."""

    name: ClassVar[str] = "court.report.decided"
    approved: bool
    absence_reason: str | None = None
    absence_reason_label: str = ""
    decided_on: dt.date | None = None
    note: str = ""
