"""The events of 政府法律顾问, as data: one frozen dataclass per event, its name a class constant.

Each is published with ``publish(instance, region_id=…, subject=…)`` from the operations; a
handler reads the instance as ``event.data``. Every class is in docs/architecture.md's event catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from core.events import EventData

# -- roster ------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MemberRegistered(EventData):
    """A member joined the roster."""

    name: ClassVar[str] = "counsel.member.registered"
    member_id: int
    kind: str
    member_name: str


@dataclass(frozen=True, kw_only=True)
class MemberStatusChanged(EventData):
    """A member was suspended, dismissed or reinstated (with the reason)."""

    name: ClassVar[str] = "counsel.member.status_changed"
    member_id: int
    member_name: str
    status: str
    previous_status: str
    reason: str = ""


# -- engagements and coverage -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EngagementStarted(EventData):
    """An agency engaged counsel (a new contract or a renewal)."""

    name: ClassVar[str] = "counsel.engagement.started"
    engagement_id: int
    unit_id: int
    unit_name: str
    member_id: int
    member_name: str
    starts_on: dt.date
    ends_on: dt.date
    renewal_of_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class EngagementTerminated(EventData):
    """An engagement ended before its term (解聘, 解除合同)."""

    name: ClassVar[str] = "counsel.engagement.terminated"
    engagement_id: int
    unit_id: int
    unit_name: str
    member_id: int
    member_name: str
    terminated_on: dt.date
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class EngagementExpiring(EventData):
    """An engagement ends within the warning days and no renewal follows it (the daily scan)."""

    name: ClassVar[str] = "counsel.engagement.expiring"
    engagement_id: int
    unit_id: int
    unit_name: str
    member_name: str
    ends_on: dt.date
    days_left: int


@dataclass(frozen=True, kw_only=True)
class AgencyUncovered(EventData):
    """An agency required to have counsel has no active engagement on `on` (since `since`)."""

    name: ClassVar[str] = "counsel.agency.uncovered"
    unit_id: int
    unit_name: str
    on: dt.date
    #: The first day without counsel: the gap's key, so one gap draws one 督办.
    since: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class AgencyCovered(EventData):
    """An agency that had no counsel has an active engagement again (withdraws the 督办)."""

    name: ClassVar[str] = "counsel.agency.covered"
    unit_id: int
    unit_name: str
    on: dt.date


# -- the opinion log -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MatterOpened(EventData):
    """A request for counsel's opinion was logged."""

    name: ClassVar[str] = "counsel.matter.opened"
    matter_id: int
    kind: str
    unit_id: int
    title: str
    received_on: dt.date
    due_on: dt.date | None = None
    request_key: str | None = None


@dataclass(frozen=True, kw_only=True)
class OpinionGiven(EventData):
    """Counsel gave their opinion on a matter."""

    name: ClassVar[str] = "counsel.matter.answered"
    matter_id: int
    kind: str
    unit_id: int
    given_on: dt.date
    on_time: bool | None
    counsel_names: tuple[str, ...] = ()
    review_result: str | None = None


@dataclass(frozen=True, kw_only=True)
class AdoptionRecorded(EventData):
    """The agency said whether it adopted the opinion (and why not)."""

    name: ClassVar[str] = "counsel.matter.adoption_recorded"
    matter_id: int
    unit_id: int
    adoption: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class MatterSubmitted(EventData):
    """A major decision passed the legality-review gate to collective discussion (条例 arts 25, 28)."""

    name: ClassVar[str] = "counsel.matter.submitted"
    matter_id: int
    unit_id: int
    submitted_on: dt.date
    exploratory: bool = False


@dataclass(frozen=True, kw_only=True)
class MatterClosed(EventData):
    """A matter was closed (办结)."""

    name: ClassVar[str] = "counsel.matter.closed"
    matter_id: int
    unit_id: int
    closed_on: dt.date


# -- evaluation ------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EvaluationComputed(EventData):
    """A member's yearly evaluation was computed or recomputed."""

    name: ClassVar[str] = "counsel.evaluation.computed"
    evaluation_id: int
    member_id: int
    year: int
    score: float
