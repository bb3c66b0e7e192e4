"""The events of 政府合同管理, as data: one frozen dataclass per event, its name on the class.

Published only from `operations` (``operations.machine.announce``) with the contract as subject,
in the transaction of the act: ``publish(ContractSigned(...), region_id=…, subject=contract)``.
Every contract event carries the contract's id, number, state after the act, the state before
and the day the act took place; the classes add their own fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from core.machine import ActEvent


@dataclass(frozen=True, kw_only=True)
class ContractEvent(ActEvent):
    """What every contract event carries: the contract, and (`ActEvent`) its state after the act and
    before it, and the act's date (a base: no name of its own, never published)."""

    contract_id: int
    number: str


@dataclass(frozen=True, kw_only=True)
class ContractSubmitted(ContractEvent):
    """A department submitted a contract for legality review (opens the review period)."""

    name: ClassVar[str] = "contracts.contract.submitted"
    unit_id: int | None = None
    amount_fen: int = 0
    major: bool = False
    late_submission: bool = False
    review_due: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ContractImported(ContractEvent):
    """A contract was taken whole from the register."""

    name: ClassVar[str] = "contracts.contract.imported"


@dataclass(frozen=True, kw_only=True)
class ReviewStarted(ContractEvent):
    """The legal office began its review (a reviewer is in charge)."""

    name: ClassVar[str] = "contracts.review.started"


@dataclass(frozen=True, kw_only=True)
class OpinionsReturned(ContractEvent):
    """The office returned its itemised opinions of the round to the department."""

    name: ClassVar[str] = "contracts.review.opinions_returned"
    review_round: int = 1
    opinions: int = 0
    on_time: bool | None = None


@dataclass(frozen=True, kw_only=True)
class ContractRevised(ContractEvent):
    """The department resubmitted a revised text (a new review round and period)."""

    name: ClassVar[str] = "contracts.contract.revised"
    review_round: int = 1
    review_due: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ContractApproved(ContractEvent):
    """The review concluded: approved for signing (the signing gate opens)."""

    name: ClassVar[str] = "contracts.review.approved"
    on_time: bool | None = None


@dataclass(frozen=True, kw_only=True)
class ContractRejected(ContractEvent):
    """The review concluded: not approved for signing."""

    name: ClassVar[str] = "contracts.review.rejected"
    on_time: bool | None = None


@dataclass(frozen=True, kw_only=True)
class ContractSigned(ContractEvent):
    """The contract was signed after an approving review (opens the filing period)."""

    name: ClassVar[str] = "contracts.contract.signed"
    unit_id: int | None = None
    filing_due: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class ContractFiled(ContractEvent):
    """A copy of the signed contract was filed with the legal office."""

    name: ClassVar[str] = "contracts.contract.filed"
    on_time: bool | None = None


@dataclass(frozen=True, kw_only=True)
class PerformanceStarted(ContractEvent):
    """Performance began."""

    name: ClassVar[str] = "contracts.contract.performance_started"


@dataclass(frozen=True, kw_only=True)
class ContractCompleted(ContractEvent):
    """Performance was completed."""

    name: ClassVar[str] = "contracts.contract.completed"


@dataclass(frozen=True, kw_only=True)
class ContractChanged(ContractEvent):
    """A change or supplement was reported (a termination publishes `ContractTerminated`)."""

    name: ClassVar[str] = "contracts.contract.changed"
    change_id: int | None = None
    change_kind: str = ""


@dataclass(frozen=True, kw_only=True)
class ContractTerminated(ContractEvent):
    """The contract was terminated (解除) and the termination reported."""

    name: ClassVar[str] = "contracts.contract.terminated"
    change_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class ContractArchived(ContractEvent):
    """The contract's file was archived."""

    name: ClassVar[str] = "contracts.contract.archived"
    archive_number: str = ""


@dataclass(frozen=True, kw_only=True)
class OpinionGiven(ContractEvent):
    """An itemised opinion was given."""

    name: ClassVar[str] = "contracts.opinion.given"
    opinion_id: int | None = None
    severity: str = ""
    review_round: int = 1


@dataclass(frozen=True, kw_only=True)
class OpinionAnswered(ContractEvent):
    """The department answered an opinion: adopted or not, and why."""

    name: ClassVar[str] = "contracts.opinion.answered"
    opinion_id: int | None = None
    accepted: bool | None = None


@dataclass(frozen=True, kw_only=True)
class ConsultationRecorded(ContractEvent):
    """Counsel's opinion on a consultation was attached (by the counsel module's answer, or by hand)."""

    name: ClassVar[str] = "contracts.consultation.recorded"
    consultation_id: int | None = None
    channel: str = ""


@dataclass(frozen=True, kw_only=True)
class MilestoneDone(ContractEvent):
    """A performance milestone was completed."""

    name: ClassVar[str] = "contracts.milestone.done"
    milestone_id: int | None = None
    on_time: bool | None = None


@dataclass(frozen=True, kw_only=True)
class PerformanceReported(ContractEvent):
    """The department reported on performance."""

    name: ClassVar[str] = "contracts.performance.reported"
    report_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class ContractChecked(ContractEvent):
    """A supervision check recorded its finding on the contract (opens a rectification period on a problem)."""

    name: ClassVar[str] = "contracts.check.recorded"
    check_id: int | None = None
    item_id: int | None = None
    problem: bool = False
    rectify_by: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class CheckRectified(ContractEvent):
    """The department's rectification of a check's finding was recorded."""

    name: ClassVar[str] = "contracts.check.rectified"
    item_id: int | None = None
    on_time: bool | None = None


@dataclass(frozen=True, kw_only=True)
class BorrowingEvent(ContractEvent):
    """A step of an archive borrowing (requested, approved, refused, lent, returned)."""

    borrowing_id: int | None = None
    borrower_unit_id: int | None = None
    mode: str = ""
    return_due: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class BorrowingRequested(BorrowingEvent):
    """Someone asked to read or borrow an archived contract."""

    name: ClassVar[str] = "contracts.borrowing.requested"


@dataclass(frozen=True, kw_only=True)
class BorrowingApproved(BorrowingEvent):
    """The request was approved."""

    name: ClassVar[str] = "contracts.borrowing.approved"


@dataclass(frozen=True, kw_only=True)
class BorrowingRefused(BorrowingEvent):
    """The request was refused."""

    name: ClassVar[str] = "contracts.borrowing.refused"


@dataclass(frozen=True, kw_only=True)
class BorrowingLent(BorrowingEvent):
    """The file was handed over (read on site or lent); the return period runs."""

    name: ClassVar[str] = "contracts.borrowing.lent"


@dataclass(frozen=True, kw_only=True)
class BorrowingReturned(BorrowingEvent):
    """The file came back."""

    name: ClassVar[str] = "contracts.borrowing.returned"
    on_time: bool | None = None


#: Every event of the plugin (the docs list them; tests check them).
ALL = (
    ContractSubmitted, ContractImported, ReviewStarted, OpinionsReturned, ContractRevised, ContractApproved,
    ContractRejected, ContractSigned, ContractFiled, PerformanceStarted, ContractCompleted, ContractChanged,
    ContractTerminated, ContractArchived, OpinionGiven, OpinionAnswered, ConsultationRecorded, MilestoneDone,
    PerformanceReported, ContractChecked, CheckRectified, BorrowingRequested, BorrowingApproved, BorrowingRefused,
    BorrowingLent, BorrowingReturned,
)  # fmt: skip
