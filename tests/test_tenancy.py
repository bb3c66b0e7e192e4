"""Tenancy: a user of another county reaches none of a county's records on any path.

The walk runs twice: with the SQLAlchemy safety net on (as in production) and off, which
proves that the admin views' own scoping (layer 1) closes every path by itself.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Attachment, AuditEntry, Region, Unit, User
from core.plugins import get_host
from core.tenancy import unscoped
from core.testing.fixtures import builtin_plugin_modules, listed_ids

HOOKCHECK = "tests.plugins.hookcheck.plugin"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plugins():
    return [*builtin_plugin_modules(), HOOKCHECK]


@pytest.fixture(params=[True, False], ids=["safety-net-on", "views-only"])
def app_config(request):
    return {"FAZHI_TENANCY_SAFETY_NET": request.param}


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _seed_dongbao(app) -> dict[str, list[int]]:
    """Demo records of every plugin in 东宝区 and an attachment on each; returns ids per view endpoint."""
    from core.attachments import store_attachment

    host = get_host(app)
    admin = app.extensions["fazhi.admin"]
    with app.app_context(), unscoped():
        dongbao = _region("420802")
        host.call_each("load_demo_data", ctx=None, region=dongbao, scale=1)
        db.session.commit()
        subtree = {r for (r,) in db.session.execute(select(Region.id).where(Region.path.startswith(dongbao.path)))}
        foreign: dict[str, list[int]] = {}
        for view in admin._views:
            model = getattr(view, "model", None)
            if model is None or not hasattr(model, "scope_column"):
                continue
            rows = db.session.execute(select(model).where(model.scope_column().in_(subtree))).scalars().all()
            foreign[view.endpoint] = [row.id for row in rows]
            for row in rows[:2]:
                if hasattr(row, "region_id") and model is not Attachment:
                    store_attachment(row, "东宝区材料.pdf", PDF)
        db.session.commit()
        foreign["attachments"] = list(db.session.execute(select(Attachment.id)).scalars())
        # Storing the attachments wrote audit entries too: the newest ones are what the audit list shows first.
        foreign["audit"] = list(
            db.session.execute(select(AuditEntry.id).where(AuditEntry.scope_column().in_(subtree))).scalars()
        )
    return foreign


def test_another_county_reaches_nothing_on_any_path(app, login_as):
    foreign = _seed_dongbao(app)
    admin = app.extensions["fazhi.admin"]
    assert foreign["units"] and foreign["inspection_objects"] and foreign["attachments"]
    # One login of the owner: each login writes an audit entry, and enough of them would push the
    # county's records off the first page of the audit list.
    owner = login_as("dongbao_admin")
    for username in ("duodao_staff", "duodao_admin"):
        client = login_as(username)
        for view in admin._views:
            ids = foreign.get(view.endpoint)
            if not ids:
                continue
            base = f"/admin/{view.endpoint}"
            listing = client.get(f"{base}/?page_size=500")
            if listing.status_code == 403:  # a view this role cannot open at all leaks nothing
                continue
            assert listing.status_code == 200, base
            assert not (listed_ids(listing.get_data(as_text=True)) & set(ids)), f"{base} list leaks"
            own = owner.get(f"{base}/?page_size=500")
            if own.status_code == 200:  # the same page shows the records to their own county: the check can fail
                assert listed_ids(own.get_data(as_text=True)) & set(ids), f"{base} shows nothing at all"
            for record_id in ids[:3]:
                for page in ("details", "edit"):
                    response = client.get(f"{base}/{page}/?id={record_id}")
                    # 404 where the page exists; a view without that page redirects to its list.
                    assert response.status_code in (404, 302), f"{base} {page}"
                    assert "东宝" not in response.get_data(as_text=True), f"{base} {page} leaks"
                client.post_form(f"{base}/delete/", {"id": str(record_id), "url": f"{base}/"})
                client.post_form(f"{base}/action/", {"action": "delete", "rowid": [str(record_id)], "url": base})
                client.post_form(f"{base}/ajax/update/", {"list_form_pk": str(record_id), "name": "篡改"})
                upload = client.post_form(
                    f"/attachments/{view.model.__tablename__}/{record_id}",
                    {"file": (io.BytesIO(PDF), "x.pdf")},
                    content_type="multipart/form-data",
                )
                assert upload.status_code == 404, f"upload to {base} {record_id}"
            for export_type in ("csv", "xlsx"):
                exported = client.get(f"{base}/export/{export_type}/")
                assert exported.status_code in (200, 403)
            csv_text = client.get(f"{base}/export/csv/").get_data(as_text=True)
            assert "东宝区" not in csv_text or view.endpoint == "audit", f"{base} export leaks"
        for attachment_id in foreign["attachments"]:
            assert client.get(f"/attachments/{attachment_id}").status_code == 404
        # Ajax look-up of the test plugin's unit field and its relationship drop-down.
        lookup = client.get("/admin/inspection_objects/ajax/lookup/?name=unit&query=东宝")
        assert lookup.status_code == 200 and lookup.get_json() == []
        lookup = client.get("/admin/inspection_objects/ajax/lookup/?name=unit&query=")
        assert all("东宝" not in label for _id, label in lookup.get_json())
        form = client.get("/admin/units/new/").get_data(as_text=True)
        assert "东宝区" not in form  # the region drop-down lists only 掇刀区 and its townships
    # Nothing was changed or deleted by all of that.
    with app.app_context(), unscoped():
        for endpoint in ("units", "inspection_objects"):
            model = next(v.model for v in admin._views if v.endpoint == endpoint)
            still = db.session.execute(select(model.id).where(model.id.in_(foreign[endpoint]))).scalars().all()
            assert sorted(still) == sorted(foreign[endpoint])
        assert "篡改" not in [u.name for u in db.session.execute(select(Unit)).scalars()]


def test_search_across_counties_finds_only_own_records(app, login_as):
    _seed_dongbao(app)
    client = login_as("duodao_staff")
    page = client.get("/admin/inspection_objects/?search=东宝区").get_data(as_text=True)
    assert "东宝区检查对象" not in page
    own = login_as("dongbao_staff").get("/admin/inspection_objects/?search=东宝区").get_data(as_text=True)
    assert "东宝区检查对象1" in own


def test_region_admin_cannot_act_outside_their_subtree(app, login_as):
    client = login_as("duodao_admin")
    with app.app_context(), unscoped():
        dongbao = _region("420802")
        duodao = _region("420804")
        dongbao_user = db.session.execute(select(User).where(User.username == "dongbao_staff")).scalar_one()
        dongbao_id, duodao_id, dongbao_user_id = dongbao.id, duodao.id, dongbao_user.id
    # A user placed in another county is refused.
    response = client.post_form(
        "/admin/users/new/",
        {
            "username": "intruder",
            "full_name": "越权",
            "role": "staff",
            "region": str(dongbao_id),
            "locale": "zh_Hans_CN",
            "active": "y",
            "new_password": "Secret123a",
        },
    )
    # A user given more than the admin holds is refused.
    client.post_form(
        "/admin/users/new/",
        {
            "username": "superuser",
            "full_name": "越级",
            "role": "system_admin",
            "region": str(duodao_id),
            "locale": "zh_Hans_CN",
            "active": "y",
            "new_password": "Secret123a",
        },
    )
    # Another county's user cannot be opened or edited; its module switches cannot be touched.
    assert client.get(f"/admin/users/edit/?id={dongbao_user_id}").status_code == 404
    switch = client.post_form(
        "/admin/modules/switch", {"region_id": str(dongbao_id), "plugin_key": "hookcheck", "state": "off"}
    )
    assert switch.status_code == 404
    with app.app_context(), unscoped():
        names = set(db.session.execute(select(User.username)).scalars())
        assert "intruder" not in names and "superuser" not in names
        from core.models import ModuleSwitch

        assert db.session.execute(select(ModuleSwitch)).first() is None
    assert response.status_code in (200, 302)
    # Inside the subtree it works.
    ok = client.post_form(
        "/admin/users/new/",
        {
            "username": "duodao_new",
            "full_name": "新人",
            "role": "staff",
            "region": str(duodao_id),
            "locale": "zh_Hans_CN",
            "active": "y",
            "new_password": "Secret123a",
        },
    )
    assert ok.status_code == 302
    with app.app_context(), unscoped():
        created = db.session.execute(select(User).where(User.username == "duodao_new")).scalar_one()
        assert created.region_id == duodao_id and created.password_hash.startswith("$argon2")


def _published_circular(app, region: Region, title: str, addressees: list[Region] | None = None) -> int:
    """A published circular of `region` with its PDF in the store (publishing itself: test_circulars)."""
    import hashlib
    from datetime import date

    from core.circulars.models import Circular
    from core.circulars.publishing import pdf_path

    content = PDF + title.encode()
    sha = hashlib.sha256(content).hexdigest()
    path = pdf_path(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    circular = Circular(
        region_id=region.id,
        title=title,
        issuing_office=f"{region.name}人民政府办公室",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        state="published",
        year=2026,
        number=len(title),
        issue_date=date(2026, 7, 1),
        pdf_sha256=sha,
        pdf_size=len(content),
        addressees=addressees or [],
    )
    db.session.add(circular)
    db.session.flush()
    return circular.id


def _seed_city_circulars(app) -> dict[str, int]:
    """荆门市: a circular sent to the whole city, one sent to 东宝区 only, a draft, a unit; 宜昌市 beside it."""
    from datetime import date

    from core.circulars.models import Circular
    from core.passwords import hash_password

    with app.app_context(), unscoped():
        city = _region("420800")
        dongbao = _region("420802")
        ids = {
            "whole_city": _published_circular(app, city, "关于全市法治政府建设情况的通报"),
            "to_dongbao": _published_circular(app, city, "关于东宝区复议案件办理情况的通报", [dongbao]),
        }
        draft = Circular(
            region_id=city.id,
            title="市级草稿通报",
            issuing_office="荆门市人民政府办公室",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
        )
        unit = Unit(region_id=city.id, name="荆门市司法局（市级单位）")
        yichang = Region(name="宜昌市", code="420500", level="city")
        db.session.add_all([draft, unit, yichang])
        db.session.flush()
        db.session.add(
            User(
                username="yichang_staff",
                full_name="宜昌",
                role="staff",
                region_id=yichang.id,
                password_hash=hash_password("Fazhi2026!"),
            )
        )
        db.session.commit()
        ids.update(draft=draft.id, city_unit=unit.id)
    return ids


def test_a_county_reads_the_city_circulars_sent_to_it_and_nothing_else_of_the_city(app, login_as):
    ids = _seed_city_circulars(app)
    county = login_as("dongbao_staff")
    listed = listed_ids(county.get("/admin/circulars/?page_size=500").get_data(as_text=True))
    assert {ids["whole_city"], ids["to_dongbao"]} <= listed and ids["draft"] not in listed
    for key in ("whole_city", "to_dongbao"):
        details = county.get(f"/admin/circulars/details/?id={ids[key]}")
        assert details.status_code == 200
        text = details.get_data(as_text=True)
        assert "上级发来的通报" in text and f"/admin/circulars/edit/?id={ids[key]}" not in text
        pdf = county.get(f"/admin/circulars/download/?id={ids[key]}")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # Nothing else of the city: its draft, its units, and no change to what it sent.
    assert county.get(f"/admin/circulars/details/?id={ids['draft']}").status_code == 404
    assert county.get(f"/admin/circulars/download/?id={ids['draft']}").status_code == 404
    assert county.get(f"/admin/units/details/?id={ids['city_unit']}").status_code == 404
    assert ids["city_unit"] not in listed_ids(county.get("/admin/units/?page_size=500").get_data(as_text=True))
    county.post_form(f"/admin/circulars/edit/?id={ids['whole_city']}", {"title": "县里改的标题"})
    county.post_form("/admin/circulars/delete/", {"id": str(ids["whole_city"]), "url": "/admin/circulars/"})
    county.post_form("/admin/circulars/publish/", {"id": str(ids["draft"])})
    with app.app_context(), unscoped():
        from core.circulars.models import Circular

        kept = db.session.get(Circular, ids["whole_city"])
        assert kept is not None and kept.title == "关于全市法治政府建设情况的通报"
        assert db.session.get(Circular, ids["draft"]).state == "draft"


def test_circulars_do_not_reach_regions_they_are_not_sent_to(app, login_as):
    ids = _seed_city_circulars(app)
    # Another county of the same city: the circular sent to the whole city, not the one for 东宝区.
    duodao = login_as("duodao_staff")
    listed = listed_ids(duodao.get("/admin/circulars/?page_size=500").get_data(as_text=True))
    assert ids["whole_city"] in listed and ids["to_dongbao"] not in listed
    assert duodao.get(f"/admin/circulars/details/?id={ids['to_dongbao']}").status_code == 404
    assert duodao.get(f"/admin/circulars/download/?id={ids['to_dongbao']}").status_code == 404
    # Another city: nothing at all.
    other = login_as("yichang_staff")
    listed = listed_ids(other.get("/admin/circulars/?page_size=500").get_data(as_text=True))
    assert not listed & set(ids.values())
    for key in ("whole_city", "to_dongbao", "draft"):
        assert other.get(f"/admin/circulars/details/?id={ids[key]}").status_code == 404
        assert other.get(f"/admin/circulars/download/?id={ids[key]}").status_code == 404


def test_a_circular_is_sent_only_downward(app, login_as):
    with app.app_context(), unscoped():
        city_id, dongbao_id, duodao_id = (_region(c).id for c in ("420800", "420802", "420804"))
    client = login_as("city_admin")
    client.post_form(
        "/admin/circulars/new/",
        {
            "title": "越级发送的通报",
            "issuing_office": "东宝区人民政府办公室",
            "region": str(dongbao_id),
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "addressees": [str(duodao_id)],
        },
    )
    from core.circulars.models import Circular

    with app.app_context(), unscoped():
        assert db.session.execute(select(Circular).where(Circular.title == "越级发送的通报")).first() is None
    client.post_form(
        "/admin/circulars/new/",
        {
            "title": "发往东宝区的通报",
            "issuing_office": "荆门市人民政府办公室",
            "region": str(city_id),
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "addressees": [str(dongbao_id)],
        },
    )
    with app.app_context(), unscoped():
        sent = db.session.execute(select(Circular).where(Circular.title == "发往东宝区的通报")).scalar_one()
        assert [r.id for r in sent.addressees] == [dongbao_id]
