"""A record's life: its acts as one table of transitions, and the one way an act is applied.

A workflow plugin (行政复议 cases, contracts, plan tasks, counsel matters) declares its acts with
`transition` in a ``TRANSITIONS`` table, refuses an act from a wrong state with `check_source`
(an act with a date: `begin_dated_act`), and applies it with `advance` — the record's new state
(`move`) and a row of its timeline (`record_step`, on a model with the `core.models.TimelineStep`
columns). Publishing the act's event stays with the plugin: its events derive from `ActEvent`
and add the record's own fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.audit import current_actor
from core.choices import LabelledEnum
from core.events import EventData
from core.extensions import db
from core.models.timeline import TimelineStep
from core.refusals import not_before, require_date, require_state


@dataclass(frozen=True, kw_only=True)
class ActEvent(EventData):
    """What every act's event says beside its record (a base: no name of its own, never published)."""

    #: The record's state value after the act.
    state: str
    #: Its state value before the act ("" for a record created by it or imported from a register).
    previous_state: str = ""
    #: The day the act took place.
    on: dt.date


@dataclass(frozen=True)
class Transition:
    """An act on a record of one kind."""

    key: str
    #: As the timeline and a refusal say it ("受理").
    label: str
    #: The states it may start from; empty: any (or none yet, for the act that creates the record).
    sources: frozenset[str]
    #: The state it leads to; None: the state does not change (an act recorded on the record).
    target: str | None
    #: The event class it publishes (None: none of the plugin's own).
    event: type[EventData] | None = None


def transition(
    key: str, label: str, sources: Iterable[str], target: str | None, event: type[EventData] | None = None
) -> Transition:
    """One row of a ``TRANSITIONS`` table (`sources` any iterable of the states, members or values)."""
    return Transition(key, label, frozenset(sources), target, event)


def transition_table(*transitions: Transition) -> dict[str, Transition]:
    """{key: transition}, in the order given."""
    return {t.key: t for t in transitions}


def check_source(state: LabelledEnum, transition: Transition, record: str) -> None:
    """Refuse `transition` unless `state` is one it may start from (`core.refusals.require_state`;
    `record` names the record as the sentence says it: "案件", "任务")."""
    require_state(state, transition.sources, transition.label, record)


def begin_dated_act(
    state: LabelledEnum,
    transition: Transition,
    record: str,
    on: dt.date | None,
    label: str,
    after: dt.date | None = None,
    after_label: str = "",
) -> Transition:
    """`transition`, once `check_source` allows it and its date `on` (the field "on", called `label`)
    is given, not in the future, and not before `after`, the date of the act it follows (`after_label`).

    Every dated act of a workflow starts with these refusals, in this order, so they read alike in
    every plugin.
    """
    check_source(state, transition, record)
    require_date(on, "on", label)
    if after_label:
        not_before(on, after, "on", label, after_label)  # type: ignore[arg-type]  # refused above when None
    return transition


def move(record: Any, transition: Transition, on: dt.date | None = None) -> str:
    """Put `record` in the transition's target state (``state_since = on`` when given); returns the
    state before ("" for a record without one yet)."""
    before = str(record.state or "")
    if transition.target is not None:
        record.state = transition.target
        if on is not None:
            record.state_since = on
    return before


def record_step(
    step: TimelineStep, record: Any, *, action: str, label: str, on: dt.date, before: str, note: str = ""
) -> TimelineStep:
    """Fill `step` (a new row of the plugin's timeline, its record set) with the act, the record's
    region and state after it, and the acting user; adds it to the session."""
    actor = current_actor()
    limit = getattr(type(step).__table__.c.note.type, "length", None)  # type: ignore[attr-defined]
    step.region_id = record.region_id  # type: ignore[attr-defined]
    step.action, step.label, step.on = action, label, on
    step.from_state, step.to_state = before, str(record.state or "")
    step.user_id = getattr(actor, "id", None)
    step.username = getattr(actor, "username", "") or ""
    step.note = note[:limit] if limit else note
    db.session.add(step)
    return step


def advance(record: Any, transition: Transition, on: dt.date, step: TimelineStep, note: str = "") -> str:
    """Apply `transition` to `record` on day `on` — its new state and the timeline `step` — and
    return the state before (the caller checked the act and publishes its event)."""
    before = move(record, transition, on)
    record_step(step, record, action=transition.key, label=transition.label, on=on, before=before, note=note)
    return before
