"""The history panel: a record's audit entries under its details (全程纪实 on every record)."""

from __future__ import annotations

from typing import Any

from flask import render_template_string
from markupsafe import Markup
from sqlalchemy import inspect, select

from core.extensions import db
from core.models import AuditEntry
from core.panels import Panel, RecordPanel

_HISTORY = """
<table class="table table-sm">
  <thead><tr><th>时间</th><th>用户</th><th>操作</th><th>变更</th></tr></thead>
  <tbody>
  {% for e in entries %}
    <tr><td>{{ e.at.strftime('%Y-%m-%d %H:%M:%S') }}</td><td>{{ e.username or '系统' }}</td><td>{{ e.action }}</td>
        <td>{% for field, change in (e.changes or {}).items() %}<div><code>{{ field }}</code>：
          {% if e.action == 'update' %}{{ change[0] }} → {{ change[1] }}{% else %}{{ change }}{% endif %}</div>
        {% endfor %}</td></tr>
  {% else %}
    <tr><td colspan="4" class="text-muted">暂无记录</td></tr>
  {% endfor %}
  </tbody>
</table>
"""


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
        html=Markup(render_template_string(_HISTORY, entries=history_of(record))),
    )


#: The history panel, last under every record (returned by the builtin plugin).
HISTORY_PANEL = RecordPanel("history", _history_panel, order=900)
