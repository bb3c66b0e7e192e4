"""The blocks under the plugin's record pages (`register_record_panels`): a task's steps and reports,
an inspection's proposals, an assessment's lines. The core adds its own: 期限, 通知, attachments, the audit trail."""

from __future__ import annotations

from typing import Any

from flask import render_template_string
from markupsafe import Markup

from core.panels import Panel, RecordPanel
from plugins.supervision.models import Assessment, Inspection, Task

_STEPS = """
<table class="table table-sm" id="task-steps">
  <thead><tr><th>#</th><th>步骤</th><th>责任单位</th><th>完成时限</th><th>完成日期</th></tr></thead>
  <tbody>{% for s in task.steps %}
    <tr><td>{{ s.position }}</td><td>{{ s.title }}</td><td>{{ s.responsible_unit.name }}</td>
        <td>{{ s.deadline.isoformat() }}</td><td>{{ s.done_on.isoformat() if s.done_on else '' }}</td></tr>
  {% else %}<tr><td colspan="5" class="text-muted">尚未制定工作步骤</td></tr>{% endfor %}</tbody>
</table>
<table class="table table-sm" id="task-reports">
  <thead><tr><th>报送日期</th><th>报送单位</th><th>步骤</th><th>进展情况</th><th>材料</th></tr></thead>
  <tbody>{% for r in task.reports %}
    <tr><td>{{ r.reported_on.isoformat() }}</td><td>{{ r.unit.name }}</td>
        <td>{{ r.step.title if r.step else '' }}</td><td>{{ r.content }}</td>
        <td><a href="{{ url_for('supervision_reports.details_view', id=r.id) }}">查看/上传材料</a></td></tr>
  {% endfor %}</tbody>
</table>
"""

_PROPOSALS = """
<table class="table table-sm" id="inspection-proposals">
  <thead><tr><th>督查对象</th><th>建议类别</th><th>理由</th><th>状态</th></tr></thead>
  <tbody>{% for p in inspection.proposals %}
    <tr><td>{{ p.unit.name }}</td><td>{{ p.kind_label }}</td><td>{{ p.reason }}</td>
        <td><a href="{{ url_for('supervision_proposals.details_view', id=p.id) }}">{{ p.state_label }}</a></td></tr>
  {% endfor %}</tbody>
</table>
"""

_LINES = """
<table class="table table-sm" id="assessment-lines">
  <thead><tr><th>考核项目</th><th>分值</th><th>得分</th><th>计算说明</th><th>调整</th><th>调整理由</th></tr></thead>
  <tbody>{% for line in record.lines %}
    <tr data-metric="{{ line.metric }}"><td>{{ line.label }}</td><td>{{ line.max_points|round(1) }}</td>
        <td>{{ line.points|round(2) }}</td>
        <td>{{ line.explanation }}</td><td>{{ line.adjustment|round(2) }}</td><td>{{ line.adjustment_reason }}</td></tr>
  {% endfor %}</tbody>
</table>
"""


def steps_panel(record: Any) -> Panel | None:
    """A task's work plan steps and its progress reports."""
    if not isinstance(record, Task):
        return None
    return Panel(
        key="supervision-steps", title="工作步骤与进展", html=Markup(render_template_string(_STEPS, task=record))
    )


def proposals_panel(record: Any) -> Panel | None:
    """An inspection's proposals (art 21)."""
    if not isinstance(record, Inspection) or not record.proposals:
        return None
    html = render_template_string(_PROPOSALS, inspection=record)
    return Panel(key="supervision-proposals", title="奖惩建议", html=Markup(html))


def lines_panel(record: Any) -> Panel | None:
    """An assessment's lines with their explanations and adjustments."""
    if not isinstance(record, Assessment):
        return None
    return Panel(key="supervision-lines", title="考核明细", html=Markup(render_template_string(_LINES, record=record)))


def record_panels() -> list[RecordPanel]:
    """The plugin's panels (returned by the `register_record_panels` hook)."""
    return [
        RecordPanel("supervision-steps", steps_panel, order=20),
        RecordPanel("supervision-proposals", proposals_panel, order=30),
        RecordPanel("supervision-lines", lines_panel, order=20),
    ]
