"""Hostile input in every free-text field of every create form: shown as text, neutralised in exports.

The views and their fields are read from the running app (every model view that can create,
every text field of its form), so a new plugin's forms are swept without being listed here.
A form the payload cannot pass (a plugin's own checks refuse it) must still show it as text.
"""

from __future__ import annotations

import csv
import html as html_module
import io
import re
import time
import zipfile
from collections.abc import Iterator
from typing import Any

from flask import Flask
from flask_admin.model import BaseModelView
from flask_login import login_user
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
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

from core import clock
from core.circulars.models import Circular, CircularState
from core.extensions import db
from core.models import AuditEntry, Region, User
from core.registers import RegisterView
from core.tenancy import unscoped

SCRIPT = "<script>alert(1)</script>"
#: A formula (neutralised in exports) carrying markup (escaped on pages).
PAYLOAD = f"=1+2{SCRIPT}<img src=x onerror=alert(2)>"
RAW = re.compile(r"<script>alert\(1\)</script>|<img src=x onerror", re.I)


def _creatable_views(app: Flask) -> list[Any]:
    admin = app.extensions["fazhi.admin"]
    return [v for v in admin._views if isinstance(v, BaseModelView) and getattr(v, "_declared_can_create", False)]


def _form_data(
    app: Flask, view: Any, payload: str = PAYLOAD, day: int = 2, optional: bool = True
) -> tuple[dict[str, str], list[str]]:
    """Values for the create form of `view`: `payload` in every text field, dates on `day` of March; the text fields.

    With `optional` false, a field other than text is filled only when the form requires it.
    """
    data: dict[str, str] = {}
    texts: list[str] = []
    with app.test_request_context(f"/admin/{view.endpoint}/new/"):
        login_user(db.session.execute(select(User).where(User.username == "admin")).scalar_one())
        form = view.create_form()
        for field in form:
            if field.type in ("CSRFTokenField", "HiddenField") or isinstance(field, FileField | BooleanField):
                continue
            if not optional and not field.flags.required and not isinstance(field, StringField | TextAreaField):
                continue
            if isinstance(field, DateField):  # before DateTimeField: wtforms' DateField is one
                data[field.name] = f"2026-03-{day:02d}"
            elif isinstance(field, DateTimeField):
                data[field.name] = f"2026-03-{day:02d} 09:30:00"
            elif isinstance(field, IntegerField | DecimalField):
                data[field.name] = "1"
            elif isinstance(field, SelectField) or hasattr(field, "iter_choices"):
                options = [c[0] for c in field.iter_choices() if c[0] not in ("", "__None", None)]
                if options:
                    data[field.name] = str(options[0])
            elif isinstance(field, StringField | TextAreaField):
                limit = min((v.max for v in field.validators if isinstance(v, Length) and v.max > 0), default=0)
                data[field.name] = payload[:limit] if limit and limit < len(payload) else payload
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


# -- formulas in exports ---------------------------------------------------------------------------

#: The starts a spreadsheet runs as a formula; each goes into every text field of its own record.
FORMULA_STARTS = ("=", "+", "-", "@")
XLSX = "xlsx"


def _formula(start: str) -> str:
    return start + PAYLOAD[1:]


def _ours(text: str) -> str | None:
    """The start of the formula payload `text` carries (a leading ``'`` aside), or None if it is not ours."""
    core = text[1:] if text.startswith("'") else text
    for start in FORMULA_STARTS:
        if len(core) >= 4 and _formula(start).startswith(core):
            return start
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _refused_fields(html: str) -> set[str]:
    """The fields a refused form marks invalid."""
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    return {m.group(1) for t in tags if "is-invalid" in t and (m := re.search(r'\bname="([^"]+)"', t))}


def _create(app: Flask, client: Any, view: Any, payload: str, day: int) -> bool:
    """Create a record of `view` with `payload` in its text fields; whether one was saved.

    Other fields are filled when required, else all of them; a field the plugin's checks refuse (a
    licence number, an amount, a ruling only a judgment may have) is filled plainly or left empty.
    """
    for optional in (False, True):
        data, _texts = _form_data(app, view, payload, day, optional=optional)
        for _attempt in range(4):
            before = _count(app, view.model)
            response = client.post_form(f"/admin/{view.endpoint}/new/", data)
            if response.status_code == 302 and _count(app, view.model) > before:
                return True
            refused = _refused_fields(response.get_data(as_text=True)) & data.keys()
            if not refused:
                break
            for name in refused:
                if _ours(data[name]):
                    data[name] = "1"  # text the plugin reads (an amount): a plain one, then none
                else:
                    data.pop(name)
    return False


def _no_formula_cells(content: bytes) -> None:
    """No cell of any sheet of the workbook is written as a formula (no ``<f>`` element)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for name in sheets:
            assert not re.search(rb"<f[\s>/]", archive.read(name)), name


def _xlsx_cells(content: bytes) -> list[Any]:
    _no_formula_cells(content)
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    return cells


def test_formula_starts_are_neutralised_in_every_csv_xlsx_and_register_export(app: Flask, login_as: Any) -> None:
    client = login_as("admin")
    admin = app.extensions["fazhi.admin"]
    saved: dict[str, set[str]] = {}
    views = []
    for view in _creatable_views(app):
        if not _form_data(app, view)[1]:
            continue
        views.append(view)
        for day, start in enumerate(FORMULA_STARTS, start=2):  # another day each: dates may be unique
            if _create(app, client, view, _formula(start), day):
                saved.setdefault(view.endpoint, set()).add(start)
    assert len(saved) >= 15, sorted(saved)
    models = {view.model for view in views if view.endpoint in saved}

    # Flask-Admin's exports: every formula-like text gets a leading ' (escape_spreadsheet_formula).
    seen: dict[str, set[str]] = {"csv": set(), XLSX: set()}
    exported: dict[str, set[str]] = {"csv": set(), XLSX: set()}
    for view in views:
        if view.endpoint not in saved or not view.can_export:
            continue
        for kind in ("csv", XLSX):
            if kind not in (view.export_types or []):
                continue
            response = client.get(f"/admin/{view.endpoint}/export/{kind}/")
            assert response.status_code == 200, (view.endpoint, kind)
            if kind == "csv":
                texts = [c for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for c in row]
            else:
                cells = _xlsx_cells(response.data)
                assert all(c.data_type == "s" for c in cells if isinstance(c.value, str) and _ours(c.value))
                texts = [c.value for c in cells if isinstance(c.value, str)]
            for text in texts:
                bare = text.lstrip("\ufeff")
                assert bare[:1] not in FORMULA_STARTS or _is_number(bare), (view.endpoint, kind, text)
                if start := _ours(bare):
                    assert bare.startswith("'" + start), (view.endpoint, kind, text)
                    seen[kind].add(start)
                    exported[kind].add(view.endpoint)
    for kind in ("csv", XLSX):
        assert seen[kind] == set(FORMULA_STARTS), (kind, seen[kind])
        assert len(exported[kind]) >= 15, (kind, sorted(exported[kind]))

    # The registers: formula-like text is typed text (a string cell, never a formula) and kept
    # exactly, so an exported register imports back unchanged.
    registers = [v for v in admin._views if isinstance(v, RegisterView) and v.register.model in models]
    assert len(registers) >= 4, [v.endpoint for v in registers]
    for view in registers:
        response = client.get(f"/admin/{view.endpoint}/export.xlsx")
        assert response.status_code == 200, view.endpoint
        ours = [c for c in _xlsx_cells(response.data) if isinstance(c.value, str) and _ours(c.value)]
        assert {_ours(c.value) for c in ours} == set(FORMULA_STARTS), view.endpoint
        for cell in ours:
            assert cell.data_type == "s" and not cell.value.startswith("'"), (view.endpoint, cell.coordinate)


# -- the circular: preview and PDF -----------------------------------------------------------------


def _pdf_objects(value: Any, seen: set[int]) -> Iterator[Any]:
    """Every dictionary reachable from `value` in a PDF's object graph (each indirect object once)."""
    if isinstance(value, IndirectObject):
        if value.idnum in seen:
            return
        seen.add(value.idnum)
        value = value.get_object()
    if isinstance(value, DictionaryObject):
        yield value
        for item in value.values():
            yield from _pdf_objects(item, seen)
    elif isinstance(value, ArrayObject):
        for item in value:
            yield from _pdf_objects(item, seen)


def test_markup_in_a_circular_is_text_in_its_preview_and_its_pdf(app: Flask, login_as: Any) -> None:
    client = login_as("dongbao_staff")
    with app.app_context(), unscoped():
        region_id = db.session.execute(select(Region.id).where(Region.code == "420802")).scalar_one()
        today = clock.today()
    title = f"关于{SCRIPT}的通报"
    body = f"正文{SCRIPT}第一段\n<img src=x onerror=alert(2)>第二段"
    response = client.post_form(
        "/admin/circulars/new/",
        {
            "title": title,
            "issuing_office": "东宝区人民政府办公室",
            "region": region_id,
            "period_start": f"{today.year}-01-01",
            "period_end": today.isoformat(),
            "sections-0-position": "1000",
            "sections-0-heading": f"手写段落{SCRIPT}",
            "sections-0-level": "1",
            "sections-0-body": body,
            "sections-0-included": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context(), unscoped():
        circular = db.session.execute(select(Circular).where(Circular.title == title)).scalar_one()
        circular_id = circular.id
        assert [s.body for s in circular.sections if not s.plugin_key] == [body]  # stored as typed

    # The details page and the preview it frames (srcdoc: a page of its own) show the markup as text.
    details = client.get(f"/admin/circulars/details/?id={circular_id}").get_data(as_text=True)
    assert not RAW.search(details)
    framed = re.findall(r'srcdoc="([^"]*)"', details)
    previews = [html_module.unescape(p) for p in framed]
    assert len(previews) == 1
    preview = previews[0]
    # The whole document is in the attribute: none of it (its stylesheet, its text) spills into the page.
    assert preview.startswith("<!DOCTYPE html>") and preview.rstrip().endswith("</html>")
    assert 'class="masthead' not in details and "@font-face" not in details.replace(framed[0], "")
    assert not RAW.search(preview) and "<script" not in preview.lower()
    escaped = html_module.escape(SCRIPT, quote=False)
    assert f"关于{escaped}的通报" in preview  # the title
    assert f"手写段落{escaped}" in preview  # the section's heading
    assert f"正文{escaped}第一段" in preview and "&lt;img src=x onerror=alert(2)&gt;第二段" in preview  # its text
    # Escaped once, not twice: the reader sees the characters typed, not "&lt;".
    assert "&amp;lt;" not in preview

    # The published PDF prints the markup as visible text and carries no script or action.
    response = client.post_form("/admin/circulars/publish/", {"id": circular_id})
    assert response.status_code == 302
    deadline = time.monotonic() + 90
    while True:
        with app.app_context(), unscoped():
            circular = db.session.get(Circular, circular_id)
            state, error = circular.state, circular.last_error
        if state != CircularState.PUBLISHING or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert state == CircularState.PUBLISHED, error
    pdf = client.get(f"/admin/circulars/download/?id={circular_id}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)  # lines broken anywhere
    assert f"关于{SCRIPT}的通报" in text
    assert f"手写段落{SCRIPT}" in text
    assert f"正文{SCRIPT}第一段" in text and "<imgsrc=xonerror=alert(2)>第二段" in text
    assert "&lt;" not in text and "&gt;" not in text
    dictionaries = list(_pdf_objects(reader.trailer, set()))
    assert len(dictionaries) > 10  # the walk reached the pages, fonts and annotations
    keys = {str(key) for d in dictionaries for key in d}
    assert not keys & {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/RichMedia", "/EmbeddedFiles"}, keys
    actions = {str(d.get("/S")) for d in dictionaries if "/S" in d and d.get("/Type") in (None, "/Action")}
    assert not actions & {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData"}, actions
    assert b"/JavaScript" not in pdf.data and b"/JS " not in pdf.data and b"/JS(" not in pdf.data
