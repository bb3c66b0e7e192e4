"""Every column a user reads has a label: no column name, no Title-Case auto-label, in any view.

The views are enumerated from the running app (the core's and every loaded plugin's), so a
new plugin's view is checked without being listed here.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask_admin.model import BaseModelView
from flask_login import login_user
from sqlalchemy import select

from core.extensions import db
from core.models import User

CJK = re.compile(r"[\u4e00-\u9fff]")
#: A stored time shown raw: seconds, microseconds or a UTC offset.
RAW_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")


def model_views(app: Flask) -> list[Any]:
    """Every model view registered in the app's admin."""
    admin = app.extensions["fazhi.admin"]
    return [view for view in admin._views if isinstance(view, BaseModelView)]


def raw_label(view: Any, column: Any, label: Any) -> bool:
    """Whether `label` is a column name or Flask-Admin's Title-Case guess instead of a label."""
    text = str(label)
    name = str(getattr(column, "key", column))
    return "_" in text or text == view._prettify_name(name.split(".")[-1]) or not CJK.search(text)


def test_every_column_label_of_every_view_is_chinese(app: Flask) -> None:
    views = model_views(app)
    assert len(views) >= 20, "the app's views were not found"
    offenders = []
    with app.test_request_context("/admin/"):
        login_user(db.session.execute(select(User).where(User.username == "admin")).scalar_one())
        for view in views:
            for kind, columns in (
                ("list", view.get_list_columns()),
                ("details", view.get_details_columns()),
                ("export", view.get_export_columns()),
            ):
                offenders += [(view.endpoint, kind, c, str(label)) for c, label in columns if raw_label(view, c, label)]
            offenders += [
                (view.endpoint, "filter", "", str(flt.name))
                for flt in view._filters or []
                if not CJK.search(str(flt.name))
            ]
    assert offenders == []


def test_bookkeeping_columns_stay_hidden(app: Flask) -> None:
    # The example: the circular's details listed render claims, hashes and timestamps.
    with app.test_request_context("/admin/"):
        login_user(db.session.execute(select(User).where(User.username == "admin")).scalar_one())
        shown = {view.endpoint: {c for c, _ in view.get_details_columns()} for view in model_views(app)}
    assert not {"frozen_text", "pdf_sha256", "render_claimed_at", "last_error", "created_at"} & shown["circulars"]
    assert "password_hash" not in shown["users"]
    assert {"title", "state", "published_at"} <= shown["circulars"]


def test_every_list_page_has_chinese_headers_and_local_minutes(app: Flask, login_as: Any) -> None:
    client = login_as("admin")
    for view in model_views(app):
        response = client.get(f"/admin/{view.endpoint}/")
        assert response.status_code == 200, view.endpoint
        html = response.get_data(as_text=True)
        headers = re.findall(r'<th class="column-header[^"]*">(.*?)</th>', html, re.S)
        texts = [re.sub(r"<[^>]+>", "", h).strip() for h in headers]
        assert texts, view.endpoint
        assert all(CJK.search(t) for t in texts if t), (view.endpoint, texts)
        assert not RAW_TIME.search(re.sub(r"<script.*?</script>", "", html, flags=re.S)), view.endpoint
