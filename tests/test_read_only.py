"""Records that must not change look it and stay so: no edit or delete button, direct POSTs refused.

The views are enumerated from the admin: every view that locks records (`is_record_locked`)
is checked on the locked records the demo data gives it, so a plugin adding a lock is covered.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import inspect, select

from core.admin.views import ScopedModelView
from core.circulars.models import Circular, CircularState
from core.extensions import db
from core.models import Region
from core.plugins import get_host
from core.tenancy import unscoped

#: Views whose locks the demo data must exercise (the test fails if none of their records is locked).
MUST_HAVE_LOCKED = {"circulars", "admin_review_cases", "court_reports"}


def _seed(app) -> int:
    """Every plugin's demo records in 东宝区, and a published circular of 东宝区; returns the region id."""
    host = get_host(app)
    with app.app_context(), unscoped():
        dongbao = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        host.call_each("load_demo_data", ctx=None, region=dongbao, scale=1)
        for state, number in ((CircularState.PUBLISHED, 1), (CircularState.DRAFT, None)):
            db.session.add(
                Circular(
                    region_id=dongbao.id,
                    title=f"东宝区{state.value}通报",
                    issuing_office="荆门市东宝区人民政府办公室",
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 6, 30),
                    state=state,
                    year=2026 if number else None,
                    number=number,
                    issue_date=date(2026, 7, 1) if number else None,
                    pdf_size=2048 if number else None,
                    pdf_sha256="0" * 64 if number else None,
                )
            )
        # The demo decides no delegation: the legal office approves one report.
        from plugins.court.models import AppearanceReport

        report = db.session.execute(
            select(AppearanceReport).where(AppearanceReport.region_id == dongbao.id).limit(1)
        ).scalar_one()
        report.decision, report.decision_note = "rejected", "情况说明未盖章"
        db.session.commit()
        return dongbao.id


def _snapshot(record: Any) -> dict[str, Any]:
    return {c.key: getattr(record, c.key) for c in inspect(type(record)).mapper.column_attrs}


def _locking_views(app) -> list[ScopedModelView]:
    admin = app.extensions["fazhi.admin"]
    return [
        view
        for view in admin._views
        if isinstance(view, ScopedModelView) and type(view).is_record_locked is not ScopedModelView.is_record_locked
    ]


def _delete_form_ids(html: str, base: str) -> set[str]:
    forms = re.findall(rf'<form[^>]*action="{re.escape(base)}/delete/"[^>]*>(.*?)</form>', html, re.S)
    return {
        v
        for form in forms
        for v in re.findall(r'name="id"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="id"', form)
        for v in v
        if v
    }


def test_locked_records_offer_no_edit_or_delete_and_refuse_direct_posts(app, login_as):
    dongbao_id = _seed(app)
    client = login_as("dongbao_admin")
    views = _locking_views(app)
    assert {v.endpoint for v in views} >= MUST_HAVE_LOCKED
    for view in views:
        base = f"/admin/{view.endpoint}"
        with app.app_context(), unscoped():
            rows = db.session.execute(select(view.model).where(view.model.region_id == dongbao_id)).scalars().all()
            locked = [
                (row.id, view.is_record_locked(row), _snapshot(row)) for row in rows if view.is_record_locked(row)
            ]
            unlocked = [row.id for row in rows if not view.is_record_locked(row)]
        if view.endpoint in MUST_HAVE_LOCKED:
            assert locked, f"{base}: the demo has no locked record to check"
        listing = client.get(f"{base}/?page_size=500").get_data(as_text=True)
        deletable = _delete_form_ids(listing, base)
        for record_id, reason, before in locked[:3]:
            assert not re.search(rf"{base}/edit/\?id={record_id}[&\"]", listing), f"{base} lists an edit link"
            assert str(record_id) not in deletable, f"{base} lists a delete button"
            details = client.get(f"{base}/details/?id={record_id}").get_data(as_text=True)
            assert f"{base}/edit/?id={record_id}" not in details and 'id="record-locked"' in details, base
            assert reason in details
            # Direct requests: the edit form, a save, a delete, the bulk delete — all refused.
            opened = client.get(f"{base}/edit/?id={record_id}")
            assert opened.status_code == 302 and "/details/" in opened.headers["Location"], base
            saved = client.post_form(f"{base}/edit/?id={record_id}", {"title": "篡改", "note": "篡改"})
            assert saved.status_code == 302, base
            client.post_form(f"{base}/delete/", {"id": str(record_id), "url": f"{base}/"})
            client.post_form(f"{base}/action/", {"action": "delete", "rowid": [str(record_id)], "url": f"{base}/"})
            page = client.get(f"{base}/details/?id={record_id}").get_data(as_text=True)
            assert reason in page  # the refusal was flashed in Chinese
            with app.app_context(), unscoped():
                after = db.session.get(view.model, record_id)
                assert after is not None and _snapshot(after) == before, f"{base} {record_id} changed"
        # Records that are not locked still offer their edit link (the check above can fail).
        if unlocked and view.can_edit:
            assert re.search(rf"{base}/edit/\?id=({'|'.join(map(str, unlocked))})[&\"]", listing), base


def test_a_draft_circular_can_still_be_edited(app, login_as):
    _seed(app)
    client = login_as("dongbao_staff")
    with app.app_context(), unscoped():
        draft = db.session.execute(select(Circular).where(Circular.title == "东宝区draft通报")).scalar_one()
        draft_id = draft.id
    assert client.get(f"/admin/circulars/edit/?id={draft_id}").status_code == 200
    details = client.get(f"/admin/circulars/details/?id={draft_id}").get_data(as_text=True)
    assert f"/admin/circulars/edit/?id={draft_id}" in details and 'id="record-locked"' not in details
