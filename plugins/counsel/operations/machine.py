"""The life of a matter: its transitions, and the one function that checks the state before an act.

```
open ─ give_opinion → answered ─ submit (major decisions, the gate) → submitted ─ close → closed
open ─ submit with the exploratory exception (art 25 ¶2) → submitted
answered | submitted ─ record_adoption (state unchanged) · answered ─ close → closed
```
"""

from __future__ import annotations

from dataclasses import dataclass

from core.refusals import require_state
from plugins.counsel.models import Matter
from plugins.counsel.vocabulary import MatterState

S = MatterState


@dataclass(frozen=True)
class Transition:
    """An act on a matter: its label, the states it may start from, the state it leads to."""

    key: str
    label: str
    sources: frozenset[MatterState]
    #: None: the state does not change.
    target: MatterState | None


def _t(key: str, label: str, sources: set[MatterState], target: MatterState | None) -> Transition:
    return Transition(key, label, frozenset(sources), target)


TRANSITIONS = {
    t.key: t
    for t in (
        _t("open", "登记", set(), S.OPEN),
        _t("give_opinion", "出具法律意见", {S.OPEN}, S.ANSWERED),
        _t("record_adoption", "登记采纳情况", {S.ANSWERED, S.SUBMITTED}, None),
        _t("submit", "提交集体讨论", {S.OPEN, S.ANSWERED}, S.SUBMITTED),
        _t("close", "办结", {S.ANSWERED, S.SUBMITTED}, S.CLOSED),
    )
}


def check_source(matter: Matter, key: str) -> Transition:
    """The transition `key`, refused when the matter is not in a state it may start from."""
    transition = TRANSITIONS[key]
    require_state(MatterState(matter.state), transition.sources, transition.label, "意见事项")
    return transition


def move(matter: Matter, transition: Transition) -> None:
    """Apply the transition's target state (checks done by the caller)."""
    if transition.target is not None:
        matter.state = transition.target
