"""The 全程纪实 panel: the audit entries of a record, under its details (newest first)."""

from __future__ import annotations

from typing import Any

from flask import render_template_string
from markupsafe import Markup
from sqlalchemy import select

from core import tenancy
from core.extensions import db
from core.models import AuditEntry, Region, User
from core.models.base import RegionOwned
from core.panels import Panel, register_record_panel

#: At most this many entries are shown (the audit view has them all).
PANEL_LIMIT = 50

ACTION_LABELS = {"create": "新建", "update": "修改", "delete": "删除"}

_PANEL = """
<table class="table table-sm">
  <thead><tr><th>时间</th><th>用户</th><th>操作</th><th>内容</th></tr></thead>
  <tbody>
  {% for e in entries %}
    <tr><td>{{ e.at.strftime('%Y-%m-%d %H:%M') }}</td><td>{{ e.username or '系统' }}</td>
        <td>{{ labels.get(e.action, e.action) }}</td>
        <td class="small">{{ e.summary if e.action not in labels else '' }}
          {% for field, change in (e.changes or {}).items() if e.action == 'update' %}
            {{ field }}：{{ change[0] if change[0] is not none else '—' }}
            → {{ change[1] if change[1] is not none else '—' }}{% if not loop.last %}；{% endif %}
          {% endfor %}</td></tr>
  {% else %}
    <tr><td colspan="4" class="text-muted">暂无记录</td></tr>
  {% endfor %}
  </tbody>
</table>
"""


def audit_entries_of(record: Any, limit: int = PANEL_LIMIT) -> list[AuditEntry]:
    """The audit entries of `record` the current user may see, newest first."""
    query = select(AuditEntry).where(
        AuditEntry.subject_type == type(record).__tablename__, AuditEntry.subject_id == str(record.id)
    )
    criterion = tenancy.scope_filter(AuditEntry)
    if criterion is not None:
        query = query.where(criterion)
    return list(db.session.execute(query.order_by(AuditEntry.id.desc()).limit(limit)).scalars())


def _history_panel(record: Any) -> Panel | None:
    if not isinstance(record, RegionOwned | Region) or isinstance(record, User):
        return None
    html = render_template_string(_PANEL, entries=audit_entries_of(record), labels=ACTION_LABELS)
    return Panel(key="history", title="全程纪实", html=Markup(html))


register_record_panel("history", _history_panel, order=90)
