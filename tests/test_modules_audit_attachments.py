"""Module switches per region, the audit trail, attachments, and the production settings guard."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from core.app import ConfigurationError, create_app
from core.extensions import db
from core.models import Attachment, AuditEntry, Region, Unit
from core.tenancy import unscoped
from core.testing.fixtures import builtin_plugin_modules, listed_ids

HOOKCHECK = "tests.plugins.hookcheck.plugin"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plugins():
    return [*builtin_plugin_modules(), HOOKCHECK]


def _region_id(code: str) -> int:
    return db.session.execute(select(Region.id).where(Region.code == code)).scalar_one()


def _seed_objects(app) -> None:
    from core.plugins import get_host

    with app.app_context(), unscoped():
        for code in ("420802", "420804"):
            region = db.session.get(Region, _region_id(code))
            get_host(app).call_each("load_demo_data", ctx=None, region=region, scale=1)
        db.session.commit()


def test_module_switched_off_for_a_county(app, login_as):
    _seed_objects(app)
    city_admin = login_as("city_admin")
    with app.app_context(), unscoped():
        dongbao = _region_id("420802")
    response = city_admin.post_form(
        "/admin/modules/switch", {"region_id": dongbao, "plugin_key": "hookcheck", "state": "off"}
    )
    assert response.status_code == 302
    county = login_as("dongbao_staff")
    assert county.get("/admin/inspection_objects/").status_code == 403  # its URLs answer 403
    home = county.get("/admin/").get_data(as_text=True)
    assert "检查对象数" not in home and "/admin/inspection_objects/" not in home  # no menu, no indicator
    # Townships follow their county; another county is untouched.
    assert login_as("duodao_staff").get("/admin/inspection_objects/").status_code == 200
    # The city's users no longer see the county's records of that module.
    listing = city_admin.get("/admin/inspection_objects/?page_size=100").get_data(as_text=True)
    with app.app_context(), unscoped():
        from tests.plugins.hookcheck.models import InspectionObject

        dongbao_ids = set(
            db.session.execute(select(InspectionObject.id).where(InspectionObject.region_id == dongbao)).scalars()
        )
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "module_switch")).scalar_one()
    assert dongbao_ids and not (listed_ids(listing) & dongbao_ids)
    assert entry.username == "city_admin" and entry.changes == {"enabled": [None, False]}
    # Back to inherited: the county sees it again.
    city_admin.post_form("/admin/modules/switch", {"region_id": dongbao, "plugin_key": "hookcheck", "state": "inherit"})
    assert county.get("/admin/inspection_objects/").status_code == 200


def test_every_change_is_audited_with_old_and_new_values(app, login_as):
    client = login_as("dongbao_staff")
    with app.app_context(), unscoped():
        dongbao = _region_id("420802")
    response = client.post_form("/admin/units/new/", {"name": "东宝区审计测试局", "region": dongbao})
    assert response.status_code == 302
    with app.app_context(), unscoped():
        unit = db.session.execute(select(Unit).where(Unit.name == "东宝区审计测试局")).scalar_one()
        unit_id = unit.id
    client.post_form(f"/admin/units/edit/?id={unit_id}", {"name": "东宝区审计测试局（改）", "region": dongbao})
    details = client.get(f"/admin/units/details/?id={unit_id}").get_data(as_text=True)
    assert "操作记录" in details and "东宝区审计测试局（改）" in details and "dongbao_staff" in details
    client.post_form("/admin/units/delete/", {"id": unit_id})
    with app.app_context(), unscoped():
        entries = (
            db.session.execute(
                select(AuditEntry)
                .where(AuditEntry.subject_type == "unit", AuditEntry.subject_id == str(unit_id))
                .order_by(AuditEntry.id)
            )
            .scalars()
            .all()
        )
        assert [e.action for e in entries] == ["create", "update", "delete"]
        assert entries[1].changes["name"] == ["东宝区审计测试局", "东宝区审计测试局（改）"]
        assert all(e.username == "dongbao_staff" and e.region_id == dongbao for e in entries)
        # Append-only: changing an entry is refused.
        entries[0].summary = "篡改"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
    # Searchable in the admin, and the county's entries are not shown to another county.
    page = client.get("/admin/audit/?search=审计测试局").get_data(as_text=True)
    assert "东宝区审计测试局" in page
    other = login_as("duodao_staff").get("/admin/audit/?search=审计测试局").get_data(as_text=True)
    assert "东宝区审计测试局" not in other


def test_password_hashes_never_reach_the_audit(app, login_as):
    admin = login_as("dongbao_admin")
    with app.app_context(), unscoped():
        dongbao = _region_id("420802")
    admin.post_form(
        "/admin/users/new/",
        {
            "username": "auditee",
            "full_name": "甲",
            "role": "staff",
            "region": dongbao,
            "locale": "zh_Hans_CN",
            "active": "y",
            "new_password": "Secret123a",
        },
    )
    with app.app_context(), unscoped():
        entry = (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.subject_type == "user_account", AuditEntry.action == "create")
            )
            .scalars()
            .all()[-1]
        )
        assert "password_hash" not in entry.changes and entry.changes["username"] == "auditee"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_attachments_keep_chinese_names_and_refuse_disguised_or_oversized_files(app, login_as):
    app.config["FAZHI_ATTACHMENT_MAX_BYTES"] = 1024
    client = login_as("dongbao_staff")
    with app.app_context(), unscoped():
        unit_id = db.session.execute(select(Unit.id).where(Unit.name == "东宝区司法局")).scalar_one()
    url = f"/attachments/unit/{unit_id}"

    def upload(content: bytes, name: str):
        return client.post_form(
            url,
            {"file": (io.BytesIO(content), name), "next": "/admin/"},
            content_type="multipart/form-data",
            follow_redirects=True,
        )

    assert "附件已上传" in upload(PDF, "行政复议决定书.pdf").get_data(as_text=True)
    assert "附件已上传" in upload(_docx(), "答复意见.docx").get_data(as_text=True)
    assert "不支持的文件类型" in upload(b"MZ\x90\x00 this is an exe", "病毒.pdf").get_data(as_text=True)
    assert "与文件内容" in upload(PDF, "伪装.docx").get_data(as_text=True)
    assert "超过大小限制" in upload(PDF + b"0" * 2048, "太大.pdf").get_data(as_text=True)
    with app.app_context(), unscoped():
        stored = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars().all()
        assert [a.filename for a in stored] == ["行政复议决定书.pdf", "答复意见.docx"]
        first_id = stored[0].id
    download = client.get(f"/attachments/{first_id}")
    assert download.status_code == 200 and download.data == PDF
    assert "filename*=UTF-8''%E8%A1%8C%E6%94%BF" in download.headers["Content-Disposition"]
    details = client.get(f"/admin/units/details/?id={unit_id}").get_data(as_text=True)
    assert "行政复议决定书.pdf" in details and "答复意见.docx" in details
    assert login_as("duodao_staff").get(f"/attachments/{first_id}").status_code == 404


def test_malformed_and_unknown_ids_answer_404_not_500(login_as):
    client = login_as("dongbao_staff")
    for url in ("/admin/units/details/?id=abc", "/admin/units/edit/?id=999999", "/attachments/999999"):
        assert client.get(url).status_code == 404, url


def test_over_long_text_is_refused_with_a_message_and_saves_nothing(app, login_as):
    client = login_as("dongbao_staff")
    with app.app_context(), unscoped():
        dongbao = _region_id("420802")
    response = client.post_form("/admin/units/new/", {"name": "长" * 500, "region": dongbao})
    assert response.status_code == 200  # the form again, with the error
    with app.app_context(), unscoped():
        assert db.session.execute(select(Unit).where(Unit.name.startswith("长长长"))).first() is None


def test_production_refuses_the_default_secret(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FAZHI_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}, profile="production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-of-enough-length-123")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "FAZHI_PLUGINS": []}, profile="production"
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
