"""Hostile input in every free-text field of every create form: shown as text, neutralised in exports.

The views and their fields are read from the running app (every model view that can create,
every text field of its form), so a new plugin's forms are swept without being listed here.
A form the payload cannot pass (a plugin's own checks refuse it) must still show it as text.
"""

from __future__ import annotations

import html as html_module
import re
from typing import Any

from flask import Flask
from flask_admin.model import BaseModelView
from flask_login import login_user
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FileField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length

from core.extensions import db
from core.models import AuditEntry, User
from core.tenancy import unscoped

SCRIPT = "<script>alert(1)</script>"
#: A formula (neutralised in exports) carrying markup (escaped on pages).
PAYLOAD = f"=1+2{SCRIPT}<img src=x onerror=alert(2)>"
RAW = re.compile(r"<script>alert\(1\)</script>|<img src=x onerror", re.I)


def _creatable_views(app: Flask) -> list[Any]:
    admin = app.extensions["fazhi.admin"]
    return [v for v in admin._views if isinstance(v, BaseModelView) and getattr(v, "_declared_can_create", False)]


def _form_data(app: Flask, view: Any) -> tuple[dict[str, str], list[str]]:
    """Values for the create form of `view`: the payload in every text field; the text fields."""
    data: dict[str, str] = {}
    texts: list[str] = []
    with app.test_request_context(f"/admin/{view.endpoint}/new/"):
        login_user(db.session.execute(select(User).where(User.username == "admin")).scalar_one())
        form = view.create_form()
        for field in form:
            if field.type in ("CSRFTokenField", "HiddenField") or isinstance(field, FileField | BooleanField):
                continue
            if isinstance(field, DateTimeField):
                data[field.name] = "2026-03-02 09:30:00"
            elif isinstance(field, DateField):
                data[field.name] = "2026-03-02"
            elif isinstance(field, IntegerField | DecimalField):
                data[field.name] = "1"
            elif isinstance(field, SelectField) or hasattr(field, "iter_choices"):
                options = [c[0] for c in field.iter_choices() if c[0] not in ("", "__None", None)]
                if options:
                    data[field.name] = str(options[0])
            elif isinstance(field, StringField | TextAreaField):
                limit = min((v.max for v in field.validators if isinstance(v, Length) and v.max > 0), default=0)
                data[field.name] = PAYLOAD[:limit] if limit and limit < len(PAYLOAD) else PAYLOAD
                texts.append(field.name)
    return data, texts


def _count(app: Flask, model: type) -> int:
    with app.app_context(), unscoped():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_markup_in_every_text_field_of_every_form_shows_as_text(app: Flask, login_as: Any) -> None:
    client = login_as("admin")
    swept, saved = [], []
    for view in _creatable_views(app):
        data, texts = _form_data(app, view)
        if not texts:
            continue
        swept.append(view.endpoint)
        before = _count(app, view.model)
        response = client.post_form(f"/admin/{view.endpoint}/new/", data)
        html = response.get_data(as_text=True)
        assert not RAW.search(html), (view.endpoint, "form")
        if response.status_code != 302 or _count(app, view.model) == before:
            continue  # refused by the plugin's checks: the form showed the payload as text
        saved.append(view.endpoint)
        listing = client.get(f"/admin/{view.endpoint}/").get_data(as_text=True)
        assert not RAW.search(listing), (view.endpoint, "list")
        ids = re.findall(r"/details/\?id=(\d+)", listing)
        if ids and view.can_view_details:
            details = client.get(f"/admin/{view.endpoint}/details/?id={max(map(int, ids))}").get_data(as_text=True)
            assert not RAW.search(details), (view.endpoint, "details")
            # A preview framed by srcdoc (the circular's) is a page of its own: it must escape too.
            for framed in re.findall(r'srcdoc="([^"]*)"', details):
                assert not RAW.search(html_module.unescape(framed)), (view.endpoint, "preview")
        if view.can_export and "csv" in (view.export_types or []):
            exported = client.get(f"/admin/{view.endpoint}/export/csv/").get_data(as_text=True)
            assert "\n=1+2" not in exported and ",=1+2" not in exported, (view.endpoint, "csv formula")
    assert len(swept) >= 10, swept
    assert len(saved) >= 3, saved  # the sweep reached the list, details and export of real records


def test_over_long_text_and_malformed_dates_and_numbers_give_chinese_errors(app: Flask, login_as: Any) -> None:
    client = login_as("admin")
    checked = 0
    for view in _creatable_views(app):
        data, _texts = _form_data(app, view)
        with app.test_request_context(f"/admin/{view.endpoint}/new/"):
            login_user(db.session.execute(select(User).where(User.username == "admin")).scalar_one())
            form = view.create_form()
            bad = {}
            for field in form:
                if isinstance(field, DateField | DateTimeField):
                    bad[field.name] = "2026-13-45"
                elif isinstance(field, IntegerField | DecimalField):
                    bad[field.name] = "十二"
                elif isinstance(field, StringField) and not isinstance(field, TextAreaField):
                    limit = min((v.max for v in field.validators if isinstance(v, Length) and v.max > 0), default=0)
                    if limit:
                        bad[field.name] = "长" * (limit + 1)
        if not bad:
            continue
        before = _count(app, view.model)
        response = client.post_form(f"/admin/{view.endpoint}/new/", {**data, **bad}, follow_redirects=True)
        assert _count(app, view.model) == before, view.endpoint
        html = response.get_data(as_text=True)
        errors = re.findall(
            r'class="(?:alert|invalid-feedback|help-block)[^"]*"[^>]*>(.*?)</(?:div|ul|span)>', html, re.S
        )
        texts = [re.sub(r"<[^>]+>|&times;|×|\s+", "", e) for e in errors]
        texts = [t for t in texts if t]
        assert texts, (view.endpoint, "no error shown")
        english = [t for t in texts if re.search(r"[A-Za-z]{4,}", t) and not re.search(r"[\u4e00-\u9fff]", t)]
        assert english == [], (view.endpoint, english)
        checked += 1
    assert checked >= 5


def test_a_viewer_changes_nothing_by_any_post(app: Flask, login_as: Any) -> None:
    leader = login_as("leader")
    admin = app.extensions["fazhi.admin"]
    views = [v for v in admin._views if isinstance(v, BaseModelView)]
    with app.app_context(), unscoped():
        counts = {v.endpoint: db.session.execute(select(func.count()).select_from(v.model)).scalar_one() for v in views}
        audited = db.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        first_ids = {}
        for v in views:
            pk = v.model.__mapper__.primary_key[0]
            first_ids[v.endpoint] = db.session.execute(select(func.min(pk))).scalar()
    for view in views:
        data, _ = _form_data(app, view)
        record = first_ids[view.endpoint]
        for path in (
            f"/admin/{view.endpoint}/new/",
            f"/admin/{view.endpoint}/edit/?id={record}",
            f"/admin/{view.endpoint}/delete/",
            f"/admin/{view.endpoint}/action/",
        ):
            payload = {**data, "id": str(record), "rowid": str(record), "action": "delete"}
            response = leader.post_form(path, payload)
            assert response.status_code in (302, 403, 404, 405, 400), (path, response.status_code)
    with app.app_context(), unscoped():
        after = {v.endpoint: db.session.execute(select(func.count()).select_from(v.model)).scalar_one() for v in views}
        writes = db.session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    assert after == counts
    assert writes == audited  # every write is audited: none means nothing changed, edits included
