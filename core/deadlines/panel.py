"""The record panels "期限" (a record's deadlines) and "期限变更记录" (a deadline's own history)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from markupsafe import Markup
from sqlalchemy import inspect

from core.deadlines.models import ChangeAction, Deadline, DeadlineChange
from core.deadlines.operations import deadlines_of
from core.panels import Panel, RecordPanel


def _simple_key(record: Any) -> bool:
    """Whether `record` is a saved row with a one-column integer key (what deadlines point at)."""
    if not hasattr(type(record), "__tablename__"):
        return False
    state = inspect(record, raiseerr=False)
    return state is not None and state.has_identity and isinstance(getattr(record, "id", None), int)


def deadlines_panel(record: Any) -> Panel | None:
    """The deadlines of `record`, soonest first; nothing when it has none."""
    if isinstance(record, Deadline | DeadlineChange) or not _simple_key(record):
        return None
    deadlines = deadlines_of(record)
    if not deadlines:
        return None
    html = render_template("fazhi/deadlines/panel.html", deadlines=deadlines)
    return Panel(key="deadlines", title="期限", html=Markup(html))


def changes_panel(record: Any) -> Panel | None:
    """Under a deadline's details: every suspension, extension, recount… with old and new dates."""
    if not isinstance(record, Deadline):
        return None
    html = render_template("fazhi/deadlines/changes.html", changes=record.changes, labels=ChangeAction.labels())
    return Panel(key="deadline-changes", title="期限变更记录", html=Markup(html))


def record_panels() -> list[RecordPanel]:
    """Add both panels (idempotent)."""
    return [
        RecordPanel("deadlines", deadlines_panel, order=200),
        RecordPanel("deadline-changes", changes_panel, order=210),
    ]
