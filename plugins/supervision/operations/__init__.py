"""Every state change of 实施方案督办 and the event it publishes; the checks refuse impossible ones first.

The task's life cycle is `machine.TRANSITIONS`; plans, tasks and inspections have a module each.
The caller commits.
"""

from core.refusals import Refusal
from plugins.supervision.operations.inspections import (
    add_finding,
    check_plan,
    conclude,
    decide_proposal,
    feed_back,
    object_to,
    propose,
    rectify,
    review,
    start,
    verify,
)
from plugins.supervision.operations.machine import TRANSITIONS, Transition, apply_transition
from plugins.supervision.operations.plans import find_measure, save_measure
from plugins.supervision.operations.tasks import (
    accept,
    add_step,
    apply,
    complete_step,
    open_task,
    plan,
    report,
    return_task,
    supervise,
)

__all__ = [
    "TRANSITIONS",
    "Refusal",
    "Transition",
    "accept",
    "add_finding",
    "add_step",
    "apply",
    "apply_transition",
    "check_plan",
    "complete_step",
    "conclude",
    "decide_proposal",
    "feed_back",
    "find_measure",
    "object_to",
    "open_task",
    "plan",
    "propose",
    "rectify",
    "report",
    "return_task",
    "review",
    "save_measure",
    "start",
    "supervise",
    "verify",
]
