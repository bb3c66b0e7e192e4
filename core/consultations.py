"""Consultations: how a plugin asks the government's counsel (政府法律顾问) for an opinion.

Plugins never import each other. A plugin that needs counsel's opinion (the contracts plugin's
consultation on a major contract, a major administrative decision elsewhere) publishes
`core.consultation.requested`; the counsel plugin, where it is switched on for the region,
opens a matter from it and, when the opinion is given, publishes `core.consultation.answered`
with the same `request_key`. The requester handles the answer and keeps only what is addressed
to it (`requester` = its plugin key). Where counsel is switched off the request is simply not
handled, and the requesting office records the consultation by hand.

Both events belong to the core because neither side owns the conversation: this module is the
whole protocol, and each side imports only it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from core.events import Event, publish
from core.events.data import EventData

#: Kinds of matter counsel handle (the counsel plugin's opinion-log kinds).
MATTER_KINDS = ("major_decision", "normative_document", "contract", "litigation", "other")


@dataclass(frozen=True)
class ConsultationRequest(EventData):
    """A request for counsel's opinion: published by the plugin that asks, handled by counsel."""

    name: ClassVar[str] = "core.consultation.requested"

    #: Stable key chosen by the requester, unique per question ("contracts:review:12:1").
    request_key: str
    #: Plugin key of the requester; the answer carries it back.
    requester: str
    #: The agency (`unit.id`) that asks.
    unit_id: int
    #: One of `MATTER_KINDS`.
    kind: str
    #: Short title of the matter (shown in counsel's opinion log).
    title: str
    #: The question put to counsel.
    question: str = ""
    #: When the requester needs the opinion (None: counsel's own period applies).
    due_on: date | None = None
    #: The day the requester asked (counsel's period runs from it); None: the day it is delivered.
    requested_on: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in MATTER_KINDS:
            raise ValueError(f"咨询事项类别 {self.kind!r} 无效，应为 {', '.join(MATTER_KINDS)} 之一")

    def publish(self, *, region_id: int, subject: object | None = None) -> Event:
        """Publish this request in the current transaction (the caller commits)."""
        return publish(self, region_id=region_id, subject=subject)

    @classmethod
    def from_event(cls, event: Event) -> ConsultationRequest:
        """The request a delivered event carries (its `data`)."""
        return event.data if isinstance(event.data, cls) else cls.from_payload(event.payload)


@dataclass(frozen=True)
class ConsultationAnswer(EventData):
    """Counsel's opinion on a request: published by counsel, handled by the plugin that asked."""

    name: ClassVar[str] = "core.consultation.answered"

    request_key: str
    requester: str
    #: The counsel plugin's matter that answered (for links; the requester never loads it).
    matter_id: int
    #: The opinion as written.
    opinion: str
    #: Names of the counsel who gave it.
    counsel_names: tuple[str, ...] = field(default_factory=tuple)
    given_on: date | None = None

    def publish(self, *, region_id: int, subject: object | None = None) -> Event:
        """Publish this answer in the current transaction (the caller commits)."""
        return publish(self, region_id=region_id, subject=subject)

    @classmethod
    def from_event(cls, event: Event) -> ConsultationAnswer:
        """The answer a delivered event carries (its `data`)."""
        return event.data if isinstance(event.data, cls) else cls.from_payload(event.payload)
