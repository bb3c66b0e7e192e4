"""The suite's own error pages: Chinese (English when chosen), in the admin layout, with a way back."""

from __future__ import annotations

import re

import pytest

from core.models import Unit
from core.tenancy import unscoped
from core.testing.fixtures import Client


@pytest.fixture
def app_config():
    # A small upload limit, so the 413 test need not send 25 MB.
    return {"MAX_CONTENT_LENGTH": 1024 * 1024}


def _anonymous(app) -> Client:
    app.test_client_class = Client
    return app.test_client()


def test_404_is_chinese_in_the_admin_layout(app, login_as):
    page = login_as("dongbao_staff").get("/admin/units/details/?id=999999")
    text = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "页面不存在" in text and "返回首页" in text
    assert 'id="user-menu"' in text and "fazhi/fazhi.js" in text  # the admin's layout, its menu
    assert "Not Found" not in text
    anonymous = _anonymous(app).get("/no-such-page")
    assert anonymous.status_code == 404 and "页面不存在" in anonymous.get_data(as_text=True)


def test_403_for_a_page_the_role_cannot_open(app, login_as):
    page = login_as("dongbao_staff").get("/admin/users/")
    text = page.get_data(as_text=True)
    assert page.status_code == 403
    assert "无权访问" in text and "Forbidden" not in text


def test_a_failed_csrf_check_offers_a_reload_and_saves_nothing(app, login_as):
    client = login_as("dongbao_staff")
    with app.app_context(), unscoped():
        before = Unit.query.count()
    response = client.post(
        "/admin/units/new/",
        data={"csrf_token": "forged", "name": "伪造的单位"},
        headers={"Referer": "http://localhost/admin/units/new/"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "页面已过期或安全校验未通过" in text and "CSRF" not in text
    assert 'id="error-retry" href="http://localhost/admin/units/new/"' in text
    # Drawn before Talisman's hook ran, the page still carries the nonce its header allows.
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}"' in text
    with app.app_context(), unscoped():
        assert Unit.query.count() == before
    # A foreign referrer is never offered as the way back.
    foreign = client.post("/admin/units/new/", data={"csrf_token": "x"}, headers={"Referer": "http://evil.example/"})
    assert "evil.example" not in foreign.get_data(as_text=True)


def test_413_for_an_upload_over_the_limit(app):
    response = _anonymous(app).post("/login", data={"csrf_token": "x", "file": "x" * (2 * 1024 * 1024)})
    text = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "上传的文件过大" in text and "1 MB" in text


def test_500_is_a_chinese_page_without_details(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/test-boom")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internal detail")

    response = _anonymous(app).get("/test-boom")
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "系统出错" in text and "secret internal detail" not in text and "Traceback" not in text
    assert response.headers["X-Frame-Options"] == "DENY"


def test_error_pages_speak_english_when_chosen(app, login_as):
    client = login_as("dongbao_staff")
    client.post_form("/language", {"locale": "en"})
    text = client.get("/admin/units/details/?id=999999").get_data(as_text=True)
    assert "Page not found" in text and "页面不存在" not in text
    forged = client.post("/admin/units/new/", data={"csrf_token": "forged"}).get_data(as_text=True)
    assert "Reload the page and try again" in forged


def test_json_clients_get_json_errors(app, login_as):
    response = login_as("dongbao_staff").get("/admin/units/details/?id=999999", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"] == "页面不存在"
