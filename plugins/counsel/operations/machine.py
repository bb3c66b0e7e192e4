"""The life of a matter: its transitions, and the one function that checks the state before an act.

```
open ─ give_opinion → answered ─ submit (major decisions, the gate) → submitted ─ close → closed
open ─ submit with the exploratory exception (art 25 ¶2) → submitted
answered | submitted ─ record_adoption (state unchanged) · answered ─ close → closed
```
"""

from __future__ import annotations

from core import machine
from core.machine import Transition, transition_table
from core.machine import transition as act
from plugins.counsel.models import Matter
from plugins.counsel.vocabulary import MatterState

S = MatterState

TRANSITIONS = transition_table(
    act("open", "登记", set(), S.OPEN),
    act("give_opinion", "出具法律意见", {S.OPEN}, S.ANSWERED),
    act("record_adoption", "登记采纳情况", {S.ANSWERED, S.SUBMITTED}, None),
    act("submit", "提交集体讨论", {S.OPEN, S.ANSWERED}, S.SUBMITTED),
    act("close", "办结", {S.ANSWERED, S.SUBMITTED}, S.CLOSED),
)


def check_source(matter: Matter, key: str) -> Transition:
    """The transition `key`, refused when the matter is not in a state it may start from."""
    transition = TRANSITIONS[key]
    machine.check_source(MatterState(matter.state), transition, "意见事项")
    return transition


def move(matter: Matter, transition: Transition) -> None:
    """Apply the transition's target state (checks done by the caller)."""
    machine.move(matter, transition)
