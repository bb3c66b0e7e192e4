"""The blocks under a case's details (core panels): parties, hearings, suspensions, 意见书, timeline.

The core adds its own: 期限 (every period with its article and whether it is provisional),
notices, attachments and the audit trail.
"""

from __future__ import annotations

from typing import Any

from core.panels import Panel, RecordPanel, render_panel
from plugins.admin_review.models import AdministrativeReviewCase
from plugins.admin_review.vocabulary import CaseState, PartyKind, PartyRole, SuspensionGround


def _render(record: Any, key: str, title: str, template: str, show: bool = True, **context: Any) -> Panel | None:
    if not isinstance(record, AdministrativeReviewCase) or not show:
        return None
    return render_panel(record, key, title, f"admin_review/{template}", case=record, **context)


def parties_panel(record: Any) -> Panel | None:
    """共同申请人 and 第三人."""
    show = isinstance(record, AdministrativeReviewCase) and bool(record.parties)
    return _render(
        record,
        "admin-review-parties",
        "其他当事人",
        "panel_parties.html",
        show,
        roles=PartyRole.labels(),
        kinds=PartyKind.labels(),
    )


def hearings_panel(record: Any) -> Panel | None:
    """Hearings with their panel, notice and attendance, and their acts."""
    from plugins.admin_review.forms import HEARING_FORMS

    show = isinstance(record, AdministrativeReviewCase) and bool(record.hearings)
    return _render(record, "admin-review-hearings", "听证", "panel_hearings.html", show, forms=HEARING_FORMS)


def suspensions_panel(record: Any) -> Panel | None:
    """中止 periods (art 39)."""
    show = isinstance(record, AdministrativeReviewCase) and bool(record.suspensions)
    return _render(
        record, "admin-review-suspensions", "中止", "panel_suspensions.html", show, grounds=SuspensionGround.labels()
    )


def opinions_panel(record: Any) -> Panel | None:
    """行政复议意见书 (art 76) and their reports."""
    from plugins.admin_review.forms import OPINION_FORMS

    show = isinstance(record, AdministrativeReviewCase) and bool(record.opinions)
    return _render(record, "admin-review-opinions", "行政复议意见书", "panel_opinions.html", show, forms=OPINION_FORMS)


def timeline_panel(record: Any) -> Panel | None:
    """Every act of the case: date, act, state before and after, who entered it."""
    return _render(record, "admin-review-timeline", "办理过程", "panel_timeline.html", states=CaseState.labels())


def record_panels() -> list[RecordPanel]:
    """The case's panels; the core's deadlines panel sits between the hearings and the timeline."""
    return [
        RecordPanel("admin-review-parties", parties_panel, order=20),
        RecordPanel("admin-review-hearings", hearings_panel, order=30),
        RecordPanel("admin-review-suspensions", suspensions_panel, order=40),
        RecordPanel("admin-review-opinions", opinions_panel, order=50),
        RecordPanel("admin-review-timeline", timeline_panel, order=300),
    ]
