"""A test plugin with notice rules and a deadline-scan hook (no tables of its own).

`pending` holds the `ScanEvent`s its `scan_deadlines` hook returns; tests fill it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from core.deadlines import ScanEvent
from core.deadlines.events import DeadlineMissed
from core.events import EventData
from core.hookspecs import hookimpl
from core.notices import NoticeKind, NoticeRule
from core.plugins import PluginInfo

KEY = "noticecheck"
#: What `scan_deadlines` returns (tests append to it).
pending: list[ScanEvent | dict[str, Any]] = []


@dataclass(frozen=True, kw_only=True)
class ObjectFlagged(EventData):
    """An agency was flagged (the test plugin's own event; its scan hook returns them)."""

    name: ClassVar[str] = "noticecheck.object.flagged"
    unit_id: int | None = None
    #: The agency's name, for the notice's title.
    unit_name: str = ""


@hookimpl
def describe_plugin() -> PluginInfo:
    """The test plugin."""
    return PluginInfo(key=KEY, title="通知规则（测试）", title_en="Notice check")


@hookimpl
def register_notice_rules() -> list[NoticeRule]:
    """A rule on its own event, and a more specific rule on the core's missed-deadline event."""
    return [
        NoticeRule(
            key="noticecheck.object_flagged",
            event=ObjectFlagged,
            kind=NoticeKind.CRITICISM,
            target_unit=lambda e: e.data.unit_id,
            basis="《行政诉讼法》第三条第三款",
            title=lambda e: f"关于{e.data.unit_name}未出庭应诉的通报批评",
            rectify_days=30,
        ),
        NoticeRule(
            key="noticecheck.decision_missed",
            event=DeadlineMissed,
            kind=NoticeKind.ACCOUNTABILITY,
            target_unit=lambda e: e.data.responsible_unit_id,
            applies=lambda e: e.data.kind == "decision",
            basis="《行政复议法》第六十二条",
            title=lambda e: f"关于{e.data.label}逾期的问责建议",
            dedupe=lambda e: f"deadline:{e.data.deadline_id}",
        ),
    ]


@hookimpl
def scan_deadlines(ctx: Any, now: Any) -> list[Any]:
    """Whatever the test put in `pending`."""
    return list(pending)
