"""The history panel: a record's audit entries under its details (全程纪实 on every record)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from markupsafe import Markup
from sqlalchemy import inspect, select

from core.admin.describe import action_label, changes_html
from core.extensions import db
from core.models import AuditEntry
from core.panels import Panel, RecordPanel


def history_of(record: Any, limit: int = 200) -> list[AuditEntry]:
    """The newest audit entries of `record` (its table and primary key)."""
    identity = inspect(record).mapper.primary_key_from_instance(record)
    query = (
        select(AuditEntry)
        .where(
            AuditEntry.subject_type == type(record).__tablename__,
            AuditEntry.subject_id == ",".join(str(part) for part in identity),
        )
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def _history_panel(record: Any) -> Panel | None:
    if isinstance(record, AuditEntry) or not hasattr(type(record), "__tablename__"):
        return None
    return Panel(
        key="history",
        title="操作记录（全程纪实）",
        html=Markup(
            render_template(
                "fazhi/history/panel.html",
                entries=history_of(record),
                action_label=action_label,
                changes_html=changes_html,
            )
        ),
    )


#: The history panel, last under every record (returned by the builtin plugin).
HISTORY_PANEL = RecordPanel("history", _history_panel, order=900)
