"""Pages outside Flask-Admin's views (error pages, the account page) drawn in the admin's layout."""

from __future__ import annotations

from typing import Any

from flask import current_app


def render_in_layout(template: str, **context: Any) -> str:
    """Render `template` (which extends ``admin/master.html``) with the admin's menu and user menu."""
    admin = current_app.extensions["fazhi.admin"]
    return admin.index_view.render(template, **context)
