"""The core's notice events: a notice issued, and each later step of its life cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from core.events.data import EventData

E = TypeVar("E", bound="NoticeEvent")


@dataclass(frozen=True, kw_only=True)
class NoticeEvent(EventData):
    """What every ``core.notice.*`` event says about its notice (the notice is the subject)."""

    notice_id: int
    #: 东宝督〔2026〕3号.
    number: str
    #: A `NoticeKind` value.
    kind: str
    title: str
    basis: str = ""
    #: A `NoticeState` value, after the step.
    state: str
    target_unit_id: int | None = None
    issuer_unit_id: int | None = None
    rectify_by: dt.date | None = None
    #: The rule that issued it ("" when issued by hand).
    rule_key: str = ""
    #: The record the notice is about ("" and None when none).
    subject_type: str = ""
    subject_id: int | None = None

    @classmethod
    def of(cls: type[E], notice: Any, **extra: Any) -> E:
        """The event about `notice` as it is now."""
        return cls(
            notice_id=notice.id,
            number=notice.number,
            kind=str(notice.kind),
            title=notice.title,
            basis=notice.basis or "",
            state=str(notice.state),
            target_unit_id=notice.target_unit_id,
            issuer_unit_id=notice.issuer_unit_id,
            rectify_by=notice.rectify_by,
            rule_key=notice.rule_key or "",
            subject_type=notice.subject_type or "",
            subject_id=notice.subject_id,
            **extra,
        )


@dataclass(frozen=True, kw_only=True)
class NoticeIssued(NoticeEvent):
    """A notice was issued (by a rule's handler, or by hand on 全部通知 → 创建)."""

    name: ClassVar[str] = "core.notice.issued"


@dataclass(frozen=True, kw_only=True)
class NoticeStepEvent(NoticeEvent):
    """A step of the life cycle: the states before and after, and the comment given."""

    from_state: str = ""
    to_state: str = ""
    comment: str = ""


@dataclass(frozen=True, kw_only=True)
class NoticeAcknowledged(NoticeStepEvent):
    """The target unit signed for the notice (签收)."""

    name: ClassVar[str] = "core.notice.acknowledged"


@dataclass(frozen=True, kw_only=True)
class NoticeRectified(NoticeStepEvent):
    """The target unit reported its rectification (报送整改情况)."""

    name: ClassVar[str] = "core.notice.rectified"


@dataclass(frozen=True, kw_only=True)
class NoticeReturned(NoticeStepEvent):
    """The issuing office sent the rectification back (退回重新整改)."""

    name: ClassVar[str] = "core.notice.returned"


@dataclass(frozen=True, kw_only=True)
class NoticeClosed(NoticeStepEvent):
    """The issuing office accepted the rectification (验收销号)."""

    name: ClassVar[str] = "core.notice.closed"


@dataclass(frozen=True, kw_only=True)
class NoticeWithdrawn(NoticeStepEvent):
    """The issuing office withdrew the notice (`comment` is the reason)."""

    name: ClassVar[str] = "core.notice.withdrawn"
