"""Record panels: "办理记录" (a notice's steps, with its buttons) and "通知" (notices about a record)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import inspect, select

from core.extensions import db
from core.notices.models import Notice, NoticeTransition
from core.notices.operations import TRANSITIONS, allowed_actions
from core.notices.types import NoticeState
from core.panels import Panel, RecordPanel

_ACTION_LABELS = {"issue": "签发", **{key: t.label for key, t in TRANSITIONS.items()}}


def steps_panel(record: Any) -> Panel | None:
    """Under a notice: every step so far, and a button for each step the user may take now."""
    if not isinstance(record, Notice):
        return None
    user = current_user._get_current_object() if getattr(current_user, "is_authenticated", False) else None
    html = render_template(
        "fazhi/notices/steps.html",
        notice=record,
        labels=_ACTION_LABELS,
        states=NoticeState.labels(),
        actions=allowed_actions(record, user) if user is not None else [],
        back=request.full_path if request else "",
    )
    return Panel(key="notice-steps", title="办理记录", html=Markup(html))


def notices_panel(record: Any) -> Panel | None:
    """Under any other record: the notices issued about it."""
    if isinstance(record, Notice | NoticeTransition) or not hasattr(type(record), "__tablename__"):
        return None
    state = inspect(record, raiseerr=False)
    if state is None or not state.has_identity or not isinstance(getattr(record, "id", None), int):
        return None
    notices = list(
        db.session.execute(
            select(Notice)
            .where(Notice.subject_type == type(record).__tablename__, Notice.subject_id == record.id)
            .order_by(Notice.issued_at)
        ).scalars()
    )
    if not notices:
        return None
    return Panel(key="notices", title="通知", html=Markup(render_template("fazhi/notices/list.html", notices=notices)))


def record_panels() -> list[RecordPanel]:
    """The notice's steps (on a notice) and the notices about a record."""
    return [RecordPanel("notice-steps", steps_panel, order=150), RecordPanel("notices", notices_panel, order=220)]
