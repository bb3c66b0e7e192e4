"""Helpers for notice rules that react to the deadline events (`DeadlineApproaching` / `DeadlineMissed`).

Every plugin's rules on its own deadlines need the same few readings of the event, so they
are written once here:

    NoticeRule(
        key="court.defence_warning", event=DeadlineApproaching, kind=NoticeKind.WARNING,
        applies=deadline_of("court", kinds={"defence"}),
        title=lambda e: f"{e.data.label}将于{due_text(e)}届满",
        rectify_by=due_date,            # a warning is answered by acting before the deadline itself
        dedupe=deadline_key,
        …)

and the most common rule of all, 督办 on a missed deadline, is made whole by `missed_deadline_rule`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from core.deadlines.events import DeadlineMissed
from core.notices.types import NoticeKind, NoticeRule

if TYPE_CHECKING:
    from core.deadlines.events import DeadlineEvent
    from core.events import Event


def due_date(event: Event[DeadlineEvent]) -> dt.date | None:
    """The due date of the deadline the event is about."""
    return event.data.due_date


def due_text(event: Event[DeadlineEvent]) -> str:
    """The due date as written in a notice: "2024-05-06", or "2024-05-06（暂定）" when provisional."""
    return event.data.due_text


def deadline_key(event: Event[DeadlineEvent]) -> str:
    """One notice per deadline: the rule's dedupe key ``deadline:<id>``."""
    return f"deadline:{event.data.deadline_id}"


def deadline_of(
    plugin_key: str, kinds: Iterable[str] | None = None, family: Callable[[str], str | None] | None = None
) -> Callable[[Event[DeadlineEvent]], bool]:
    """An `applies` predicate: the deadline is `plugin_key`'s (and of one of `kinds`, when given).

    `family` maps a stored kind to the kind compared with `kinds` (e.g. ``decision_extended`` → ``decision``).
    """
    wanted = None if kinds is None else frozenset(kinds)

    def applies(event: Event[DeadlineEvent]) -> bool:
        if event.data.plugin_key != plugin_key:
            return False
        kind = event.data.kind
        return wanted is None or (family(kind) if family else kind) in wanted

    return applies


def responsible_unit(event: Event[DeadlineEvent]) -> int | None:
    """The unit responsible for the deadline the event is about (a rule's usual `target_unit`)."""
    return event.data.responsible_unit_id


def missed_deadline_rule(
    key: str,
    plugin_key: str,
    kinds: Iterable[str],
    *,
    title: str | Callable[[Event], str],
    basis: str | Callable[[Event], str],
    rectify_days: int = 15,
    target_unit: Callable[[Event], int | None] = responsible_unit,
    family: Callable[[str], str | None] | None = None,
    dedupe: Callable[[Event], str] | None = deadline_key,
) -> NoticeRule:
    """A 督办 notice (`NoticeKind.SUPERVISION`) when one of `plugin_key`'s deadlines of `kinds` is
    missed: to the responsible unit unless `target_unit` says otherwise, one per deadline, with
    `rectify_days` to put it right. `family` as in `deadline_of`.
    """
    return NoticeRule(
        key=key,
        event=DeadlineMissed,
        kind=NoticeKind.SUPERVISION,
        target_unit=target_unit,
        basis=basis,
        title=title,
        applies=deadline_of(plugin_key, kinds, family=family),
        rectify_days=rectify_days,
        dedupe=dedupe,
    )
