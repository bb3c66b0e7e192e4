"""The events of 政府法律顾问, as data: one frozen dataclass per event, its name a class constant.

Written for the plugin kit (issue 9): until it lands, `publish_event` turns an instance into the
core's `publish(name, region_id=…, subject=…, payload=…)` and `payload_of` reads one back. Every
name is in docs/architecture.md's event catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

from core.events import Event, publish


@dataclass(frozen=True)
class CounselEvent:
    """Base of the plugin's events (the kit's `EventData`)."""

    name: ClassVar[str] = ""

    def payload(self) -> dict[str, Any]:
        """The JSON payload (dates as ISO strings)."""
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif isinstance(value, tuple):
                out[key] = list(value)
        return out

    @classmethod
    def from_event(cls, event: Event) -> Any:
        """The typed data of a delivered event (unknown keys ignored, ISO dates parsed)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in event.payload:
                value = event.payload[f.name]
                if "date" in str(f.type) and isinstance(value, str):
                    value = dt.date.fromisoformat(value)
                values[f.name] = value
        return cls(**values)


def publish_event(data: CounselEvent, *, region_id: int, subject: object | None = None) -> Event:
    """Publish `data` in the caller's transaction (the kit's ``publish(data, region_id=, subject=)``)."""
    return publish(data.name, region_id=region_id, subject=subject, payload=data.payload())


# -- roster ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRegistered(CounselEvent):
    """A member joined the roster."""

    name: ClassVar[str] = "counsel.member.registered"
    member_id: int
    kind: str
    member_name: str


@dataclass(frozen=True)
class MemberStatusChanged(CounselEvent):
    """A member was suspended, dismissed or reinstated (with the reason)."""

    name: ClassVar[str] = "counsel.member.status_changed"
    member_id: int
    member_name: str
    status: str
    previous_status: str
    reason: str = ""


# -- engagements and coverage -----------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementStarted(CounselEvent):
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


@dataclass(frozen=True)
class EngagementTerminated(CounselEvent):
    """An engagement ended before its term (解聘, 解除合同)."""

    name: ClassVar[str] = "counsel.engagement.terminated"
    engagement_id: int
    unit_id: int
    unit_name: str
    member_id: int
    member_name: str
    terminated_on: dt.date
    reason: str = ""


@dataclass(frozen=True)
class EngagementExpiring(CounselEvent):
    """An engagement ends within the warning days and no renewal follows it (the daily scan)."""

    name: ClassVar[str] = "counsel.engagement.expiring"
    engagement_id: int
    unit_id: int
    unit_name: str
    member_name: str
    ends_on: dt.date
    days_left: int


@dataclass(frozen=True)
class AgencyUncovered(CounselEvent):
    """An agency required to have counsel has no active engagement on `on` (since `since`)."""

    name: ClassVar[str] = "counsel.agency.uncovered"
    unit_id: int
    unit_name: str
    on: dt.date
    #: The first day without counsel: the gap's key, so one gap draws one 督办.
    since: dt.date | None = None


@dataclass(frozen=True)
class AgencyCovered(CounselEvent):
    """An agency that had no counsel has an active engagement again (withdraws the 督办)."""

    name: ClassVar[str] = "counsel.agency.covered"
    unit_id: int
    unit_name: str
    on: dt.date


# -- the opinion log -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatterOpened(CounselEvent):
    """A request for counsel's opinion was logged."""

    name: ClassVar[str] = "counsel.matter.opened"
    matter_id: int
    kind: str
    unit_id: int
    title: str
    received_on: dt.date
    due_on: dt.date | None = None
    request_key: str | None = None


@dataclass(frozen=True)
class OpinionGiven(CounselEvent):
    """Counsel gave their opinion on a matter."""

    name: ClassVar[str] = "counsel.matter.answered"
    matter_id: int
    kind: str
    unit_id: int
    given_on: dt.date
    on_time: bool | None
    counsel_names: tuple[str, ...] = ()
    review_result: str | None = None


@dataclass(frozen=True)
class AdoptionRecorded(CounselEvent):
    """The agency said whether it adopted the opinion (and why not)."""

    name: ClassVar[str] = "counsel.matter.adoption_recorded"
    matter_id: int
    unit_id: int
    adoption: str
    reason: str = ""


@dataclass(frozen=True)
class MatterSubmitted(CounselEvent):
    """A major decision passed the legality-review gate to collective discussion (条例 arts 25, 28)."""

    name: ClassVar[str] = "counsel.matter.submitted"
    matter_id: int
    unit_id: int
    submitted_on: dt.date
    exploratory: bool = False


@dataclass(frozen=True)
class MatterClosed(CounselEvent):
    """A matter was closed (办结)."""

    name: ClassVar[str] = "counsel.matter.closed"
    matter_id: int
    unit_id: int
    closed_on: dt.date


# -- evaluation ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationComputed(CounselEvent):
    """A member's yearly evaluation was computed or recomputed."""

    name: ClassVar[str] = "counsel.evaluation.computed"
    evaluation_id: int
    member_id: int
    year: int
    score: float
