"""The blocks under the plugin's record pages (`register_record_panels`): a task's steps and reports,
an inspection's proposals, an assessment's lines. The core adds its own: 期限, 通知, attachments, the audit trail."""

from __future__ import annotations

from typing import Any

from core.panels import Panel, RecordPanel, render_panel
from plugins.supervision.models import Assessment, Inspection, Task

#: The panels' tables (templates/supervision/panel_*.html), drawn in the user's language.
_STEPS = "supervision/panel_steps.html"
_PROPOSALS = "supervision/panel_proposals.html"
_LINES = "supervision/panel_lines.html"


def steps_panel(record: Any) -> Panel | None:
    """A task's work plan steps and its progress reports."""
    if not isinstance(record, Task):
        return None
    return render_panel(record, "supervision-steps", "工作步骤与进展", _STEPS, task=record)


def proposals_panel(record: Any) -> Panel | None:
    """An inspection's proposals (art 21)."""
    if not isinstance(record, Inspection) or not record.proposals:
        return None
    return render_panel(record, "supervision-proposals", "奖惩建议", _PROPOSALS, inspection=record)


def lines_panel(record: Any) -> Panel | None:
    """An assessment's lines with their explanations and adjustments."""
    if not isinstance(record, Assessment):
        return None
    return render_panel(record, "supervision-lines", "考核明细", _LINES, record=record)


def record_panels() -> list[RecordPanel]:
    """The plugin's panels (returned by the `register_record_panels` hook)."""
    return [
        RecordPanel("supervision-steps", steps_panel, order=20),
        RecordPanel("supervision-proposals", proposals_panel, order=30),
        RecordPanel("supervision-lines", lines_panel, order=20),
    ]
