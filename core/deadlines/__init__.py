"""Deadlines: statutory and plan periods attached to any record, counted on the core calendar.

    from core.deadlines import open_deadline, meet_deadline, cancel_deadline, suspend_deadline, resume_deadline,
                                extend_deadline, deadlines_of, Deadline, DeadlineState,
                                overdue_subject_ids, is_late, live_deadline, RUNNING_STATES

Plugins open and close deadlines from their operations; `flask deadlines scan` publishes
``core.deadline.approaching`` and ``core.deadline.missed`` once each; a calendar change recounts
provisional due dates (``core.deadline.recomputed``). See docs/architecture.md, "Deadlines".
"""

from core.deadlines.models import (
    ACTIVE_STATES,
    RUNNING_STATES,
    ChangeAction,
    Counting,
    Deadline,
    DeadlineChange,
    DeadlineState,
)
from core.deadlines.operations import (
    DeadlineError,
    cancel_deadline,
    deadlines_of,
    extend_deadline,
    get_deadline,
    meet_deadline,
    open_deadline,
    resume_deadline,
    suspend_deadline,
)
from core.deadlines.queries import is_late, live_deadline, overdue_subject_ids
from core.deadlines.recompute import RecomputeReport, recompute_deadlines
from core.deadlines.scan import ScanEvent, ScanReport, scan

__all__ = [
    "ACTIVE_STATES",
    "RUNNING_STATES",
    "ChangeAction",
    "Counting",
    "Deadline",
    "DeadlineChange",
    "DeadlineError",
    "DeadlineState",
    "RecomputeReport",
    "ScanEvent",
    "ScanReport",
    "cancel_deadline",
    "deadlines_of",
    "extend_deadline",
    "get_deadline",
    "is_late",
    "live_deadline",
    "meet_deadline",
    "open_deadline",
    "overdue_subject_ids",
    "recompute_deadlines",
    "resume_deadline",
    "scan",
    "suspend_deadline",
]
