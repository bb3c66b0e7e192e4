"""Notice kinds and states, and `NoticeRule`: which event issues which notice to whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.choices import LabelledEnum

if TYPE_CHECKING:
    from core.events import Event, EventData


class NoticeKind(LabelledEnum):
    """The four notices of the accountability ladder (DESIGN.md, "Accountability notices")."""

    #: 预警: a deadline is near.
    WARNING = "warning", "预警"
    #: 督办: a deadline was missed; the unit must act and report.
    SUPERVISION = "supervision", "督办"
    #: 通报批评: circulated criticism (e.g. 规定 art 12, an agency head neither appeared nor delegated).
    CRITICISM = "criticism", "通报批评"
    #: 问责建议: a recommendation to hold people accountable.
    ACCOUNTABILITY = "accountability", "问责建议"

    @property
    def short(self) -> str:
        """The one character used in the notice number (东宝督〔2026〕3号)."""
        return NOTICE_KIND_SHORT[self]


NOTICE_KIND_SHORT = {
    NoticeKind.WARNING: "预",
    NoticeKind.SUPERVISION: "督",
    NoticeKind.CRITICISM: "通",
    NoticeKind.ACCOUNTABILITY: "问",
}


class NoticeState(LabelledEnum):
    """issued → acknowledged → rectified → closed (销号), or withdrawn with a reason."""

    ISSUED = "issued", "已签发"
    ACKNOWLEDGED = "acknowledged", "已签收"
    RECTIFIED = "rectified", "已报整改"
    CLOSED = "closed", "已销号"
    WITHDRAWN = "withdrawn", "已撤回"


#: Notices still waiting for something (the dashboard's "open notices").
OPEN_STATES = (NoticeState.ISSUED.value, NoticeState.ACKNOWLEDGED.value, NoticeState.RECTIFIED.value)
#: Notices whose rectification is still owed by the target unit (overdue when past `rectify_by`).
AWAITING_RECTIFICATION = (NoticeState.ISSUED.value, NoticeState.ACKNOWLEDGED.value)


def _always(event: Event) -> bool:
    return True


@dataclass(frozen=True)
class NoticeRule:
    """A plugin's rule: when `event` is published and `applies`, issue a `kind` notice to `target_unit`.

    Returned from the hook ``register_notice_rules()``. The core applies each rule idempotently:
    one notice per (rule key, dedupe key), however often the event is delivered.
    """

    #: Unique, e.g. "admin_review.decision_missed".
    key: str
    #: The event class it reacts to (rules read its fields as ``event.data.<field>``).
    event: type[EventData]
    kind: NoticeKind
    #: The unit addressed; None means the rule does not apply to this event.
    target_unit: Callable[[Event], int | None]
    #: The legal or plan basis (text or a function of the event).
    basis: str | Callable[[Event], str]
    #: The notice's title (text or a function of the event).
    title: str | Callable[[Event], str]
    applies: Callable[[Event], bool] = _always
    #: Calendar days the unit has to rectify (counted as 民诉法 art 85 counts days).
    rectify_days: int = 15
    #: The dedupe key; default ``f"{subject_type}:{subject_id}"`` of the event.
    dedupe: Callable[[Event], str] | None = None
    #: Optional: the rectification date itself (e.g. a warning's: the deadline's due date);
    #: overrides `rectify_days` when it returns a date.
    rectify_by: Callable[[Event], dt.date | None] | None = None
