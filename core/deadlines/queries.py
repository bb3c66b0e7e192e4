"""Questions every plugin asks about its deadlines: which are late, which records are overdue.

    late = deadlines.is_late(today)                                  # a WHERE clause on Deadline
    ids = deadlines.overdue_subject_ids("court", "court_case")       # a SELECT of record ids (超期)
    query.where(Case.id.in_(ids))
    deadline = deadlines.live_deadline(case, "defence")              # None when never opened or cancelled

"Late" is one rule for the dashboard, the lists' 超期 filters and the indicators: a deadline the
scan marked missed, or one still running (open or extended, `RUNNING_STATES`) whose due date has
passed — a suspended period is never late (行政复议法 art 39: the clock stops).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, and_, or_, select

from core import clock
from core.deadlines.models import RUNNING_STATES, Deadline, DeadlineState
from core.deadlines.operations import get_deadline


def is_late(today: dt.date | None = None) -> Any:
    """A WHERE clause on `Deadline`: missed, or running past its due date on `today` (default: the clock's)."""
    today = today or clock.today()
    return or_(
        Deadline.state == DeadlineState.MISSED.value,
        and_(Deadline.state.in_(RUNNING_STATES), Deadline.due_date < today),
    )


def overdue_subject_ids(
    plugin_key: str,
    subject_type: str,
    *,
    today: dt.date | None = None,
    kinds: Iterable[str] | None = None,
    kind_prefixes: Iterable[str] | None = None,
) -> Select:
    """A SELECT of the ids of `subject_type` records with a late deadline of `plugin_key`.

    `kinds` keeps only those kinds; `kind_prefixes` kinds starting so (a kind restarted per
    stage, e.g. ``decision`` and ``decision_extended``).
    """
    query = select(Deadline.subject_id).where(
        Deadline.plugin_key == plugin_key, Deadline.subject_type == subject_type, is_late(today)
    )
    if kinds is not None:
        query = query.where(Deadline.kind.in_(sorted(kinds)))
    if kind_prefixes is not None:
        query = query.where(or_(*(Deadline.kind.like(f"{prefix}%") for prefix in sorted(kind_prefixes))))
    return query


def live_deadline(subject: Any, kind: str) -> Deadline | None:
    """The deadline `kind` of `subject` unless it was never opened or was cancelled."""
    deadline = get_deadline(subject, kind)
    if deadline is None or deadline.state == DeadlineState.CANCELLED.value:
        return None
    return deadline
