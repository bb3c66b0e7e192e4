"""Helpers for notice rules that react to the deadline events (``core.deadline.approaching`` / ``.missed``).

Every plugin's rules on its own deadlines need the same few readings of the event, so they
are written once here:

    NoticeRule(
        key="court.defence_missed", event="core.deadline.missed", kind=NoticeKind.SUPERVISION,
        applies=deadline_of("court", kinds={"defence"}),
        title=lambda e: f"{e.payload.get('label')}已于{due_text(e)}届满未完成",
        rectify_by=due_date,            # a warning is answered by acting before the deadline itself
        dedupe=deadline_key,
        …)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.events import Event


def due_date(event: Event) -> dt.date | None:
    """The due date of the deadline the event is about (None when absent or unreadable)."""
    try:
        return dt.date.fromisoformat(event.payload["due_date"])
    except (KeyError, TypeError, ValueError):
        return None


def due_text(event: Event) -> str:
    """The due date as written in a notice: "2024-05-06", or "2024-05-06（暂定）" when provisional."""
    due = event.payload.get("due_date", "") or ""
    return f"{due}（暂定）" if event.payload.get("provisional") else due


def deadline_key(event: Event) -> str:
    """One notice per deadline: the rule's dedupe key ``deadline:<id>``."""
    return f"deadline:{event.payload.get('deadline_id')}"


def deadline_of(
    plugin_key: str, kinds: Iterable[str] | None = None, family: Callable[[str | None], str | None] | None = None
) -> Callable[[Event], bool]:
    """An `applies` predicate: the deadline is `plugin_key`'s (and of one of `kinds`, when given).

    `family` maps a stored kind to the kind compared with `kinds` (e.g. ``decision_extended`` → ``decision``).
    """
    wanted = None if kinds is None else frozenset(kinds)

    def applies(event: Event) -> bool:
        if event.payload.get("plugin_key") != plugin_key:
            return False
        kind = event.payload.get("kind")
        return wanted is None or (family(kind) if family else kind) in wanted

    return applies
