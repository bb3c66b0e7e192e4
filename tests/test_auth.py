"""Login, lock-out, CSRF, logout and roles through real HTTP requests."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry, User
from core.testing.fixtures import Client


def _fresh_client(app) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    client.refresh_csrf("/login")
    return client


def test_login_page_is_chinese_and_served_locally(app):
    client = _fresh_client(app)
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and "用户名" in page
    assert "http://" not in page and "https://" not in page


def test_good_login_reaches_home_and_is_audited(app, login_as):
    client = login_as("dongbao_staff")
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "东宝区" in home.get_data(as_text=True)
    with app.app_context():
        actions = db.session.execute(select(AuditEntry.action).where(AuditEntry.username == "dongbao_staff")).scalars()
        assert "login" in list(actions)


def test_wrong_password_is_refused_in_chinese_and_locks_after_five(app):
    client = _fresh_client(app)
    for _ in range(5):
        response = client.post_form("/login", {"username": "duodao_staff", "password": "wrong-password1"})
        assert response.status_code == 401
        assert "用户名或密码错误" in response.get_data(as_text=True)
    # Now even the right password is refused until the lock expires.
    response = client.post_form("/login", {"username": "duodao_staff", "password": "Fazhi2026!"})
    assert response.status_code == 401
    assert "锁定" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == "duodao_staff")).scalar_one()
        assert user.locked_until is not None
        failed = (
            db.session.execute(
                select(AuditEntry).where(AuditEntry.action == "login_failed", AuditEntry.subject_id == "duodao_staff")
            )
            .scalars()
            .all()
        )
        assert len(failed) == 5


def test_forged_csrf_token_changes_nothing(app, login_as):
    client = login_as("dongbao_staff")
    response = client.post("/admin/units/new/", data={"name": "伪造单位", "csrf_token": "forged"})
    assert response.status_code == 400
    assert "安全校验未通过" in response.get_data(as_text=True)  # the suite's page (tests/test_error_pages.py)
    with app.app_context():
        from core.models import Unit

        assert db.session.execute(select(Unit).where(Unit.name == "伪造单位")).first() is None


def test_session_cookie_is_httponly_and_samesite(app):
    client = _fresh_client(app)
    response = client.post_form("/login", {"username": "dongbao_staff", "password": "Fazhi2026!"})
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_logout_needs_post_and_ends_the_session(login_as):
    client = login_as("dongbao_staff")
    assert client.get("/logout").status_code == 405
    response = client.post_form("/logout")
    assert response.status_code == 302
    assert client.get("/admin/units/").status_code == 302  # back to the login page


def test_open_redirect_after_login_is_refused(app):
    client = _fresh_client(app)
    response = client.post_form(
        "/login?next=https://evil.example/", {"username": "dongbao_staff", "password": "Fazhi2026!"}
    )
    assert response.headers["Location"].startswith("/admin")


def test_viewer_reads_but_cannot_write(app, login_as):
    client = login_as("leader")
    assert client.get("/admin/units/").status_code == 200
    assert client.get("/admin/units/new/").status_code in (302, 403)
    response = client.post_form("/admin/units/new/", {"name": "领导新建单位", "region": "1"})
    with app.app_context():
        from core.models import Unit

        assert db.session.execute(select(Unit).where(Unit.name == "领导新建单位")).first() is None
    assert response.status_code in (302, 403)


def test_english_is_selectable(app, login_as):
    client = login_as("dongbao_staff")
    client.post_form("/language", {"locale": "en"})
    page = client.get("/admin/").get_data(as_text=True)
    assert "Log out" in page
    units = client.get("/admin/units/").get_data(as_text=True)
    assert "Unit name" in units
