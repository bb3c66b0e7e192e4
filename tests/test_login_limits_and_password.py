"""Login limits a NAT'd intranet can live with, and the password-change page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry, User
from core.passwords import verify_password
from core.tenancy import unscoped
from core.testing.fixtures import DEMO_PASSWORD, Client

ADDRESS_LIMIT = 30
OFFICE = {"REMOTE_ADDR": "10.8.0.1"}  # a county office behind one NAT address
ELSEWHERE = {"REMOTE_ADDR": "10.9.0.7"}


@pytest.fixture
def app_config():
    return {"FAZHI_LOGIN_ADDRESS_MAX_FAILURES": ADDRESS_LIMIT}


def _client(app) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    client.refresh_csrf("/login")
    return client


def _login(client: Client, username: str, password: str, where: dict[str, str]):
    return client.post_form("/login", {"username": username, "password": password}, environ_base=where)


def test_an_office_behind_one_address_is_not_locked_out_by_its_typos(app):
    client = _client(app)
    # Five colleagues mistype four times each: twenty failures from one address, no account locked.
    for username in ("dongbao_staff", "dongbao_admin", "duodao_staff", "duodao_admin", "shayang_staff"):
        for _ in range(4):
            assert _login(client, username, "wrong-password1", OFFICE).status_code == 401
    assert _login(client, "zhongxiang_staff", DEMO_PASSWORD, OFFICE).status_code == 302


def test_an_address_guessing_across_accounts_is_stopped_and_others_are_not(app):
    client = _client(app)
    usernames = [f"guess{i}" for i in range(ADDRESS_LIMIT)]
    for username in usernames:
        _login(client, username, "Password123", OFFICE)
    refused = _login(client, "dongbao_staff", DEMO_PASSWORD, OFFICE)
    assert refused.status_code == 401 and "该地址登录失败次数过多" in refused.get_data(as_text=True)
    # The same account from another address is fine: the limit is the address's, not the account's.
    assert _login(_client(app), "dongbao_staff", DEMO_PASSWORD, ELSEWHERE).status_code == 302


def test_one_locked_account_does_not_lock_its_colleagues(app):
    client = _client(app)
    for _ in range(5):
        _login(client, "dongbao_staff", "wrong-password1", OFFICE)
    assert "锁定" in _login(client, "dongbao_staff", DEMO_PASSWORD, OFFICE).get_data(as_text=True)
    assert _login(_client(app), "dongbao_admin", DEMO_PASSWORD, OFFICE).status_code == 302


def _hash_of(app, username: str) -> str:
    with app.app_context(), unscoped():
        return db.session.execute(select(User.password_hash).where(User.username == username)).scalar_one()


def test_password_change_needs_the_current_password_and_the_rule(app, login_as):
    client = login_as("dongbao_staff")
    home = client.get("/admin/").get_data(as_text=True)
    assert "/account/password" in home  # offered in the user menu
    page = client.get("/account/password")
    assert page.status_code == 200 and "修改密码" in page.get_data(as_text=True)
    before = _hash_of(app, "dongbao_staff")
    cases = [
        (
            {"current_password": "not-my-password1", "new_password": "Neues2026x", "confirm_password": "Neues2026x"},
            "当前密码不正确",
        ),
        (
            {"current_password": DEMO_PASSWORD, "new_password": "abcdefghij", "confirm_password": "abcdefghij"},
            "密码须同时包含字母和数字",
        ),
        ({"current_password": DEMO_PASSWORD, "new_password": "a1", "confirm_password": "a1"}, "密码至少 8 位"),
        (
            {"current_password": DEMO_PASSWORD, "new_password": "Neues2026x", "confirm_password": "Neues2026y"},
            "两次输入的新密码不一致",
        ),
        (
            {"current_password": DEMO_PASSWORD, "new_password": DEMO_PASSWORD, "confirm_password": DEMO_PASSWORD},
            "新密码不能与当前密码相同",
        ),
    ]
    for data, message in cases:
        response = client.post_form("/account/password", data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), message
    assert _hash_of(app, "dongbao_staff") == before
    # Without the CSRF token: refused, nothing changed.
    forged = client.post(
        "/account/password",
        data={
            "csrf_token": "x",
            "current_password": DEMO_PASSWORD,
            "new_password": "Neues2026x",
            "confirm_password": "Neues2026x",
        },
    )
    assert forged.status_code == 400 and _hash_of(app, "dongbao_staff") == before
    done = client.post_form(
        "/account/password",
        {"current_password": DEMO_PASSWORD, "new_password": "Neues2026x", "confirm_password": "Neues2026x"},
    )
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200  # still logged in, on a renewed session
    with app.app_context(), unscoped():
        assert verify_password(_hash_of(app, "dongbao_staff"), "Neues2026x")
        entries = db.session.execute(select(AuditEntry).where(AuditEntry.username == "dongbao_staff")).scalars().all()
        assert "password_changed" in [e.action for e in entries]
        assert "password_change_failed" in [e.action for e in entries]
        assert not any("$argon2" in str(e.changes or "") for e in db.session.execute(select(AuditEntry)).scalars())
    assert _login(_client(app), "dongbao_staff", DEMO_PASSWORD, ELSEWHERE).status_code == 401
    assert _login(_client(app), "dongbao_staff", "Neues2026x", ELSEWHERE).status_code == 302


def test_guessing_the_current_password_locks_the_account(app, login_as):
    client = login_as("duodao_staff")
    wrong = {"current_password": "guess-1234a", "new_password": "Neues2026x", "confirm_password": "Neues2026x"}
    for _ in range(4):
        assert client.post_form("/account/password", wrong).status_code == 200
    locked = client.post_form("/account/password", wrong)
    assert locked.status_code == 302 and "/login" in locked.headers["Location"]
    assert client.get("/admin/").status_code == 302  # logged out
    assert "锁定" in _login(_client(app), "duodao_staff", DEMO_PASSWORD, ELSEWHERE).get_data(as_text=True)


def test_the_password_page_needs_a_login(app):
    response = app.test_client().get("/account/password")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_password_page_speaks_english_when_chosen(app, login_as):
    client = login_as("dongbao_staff")
    client.post_form("/language", {"locale": "en"})
    page = client.get("/account/password").get_data(as_text=True)
    assert "Change password" in page and "Current password" in page and "修改密码" not in page
    weak = client.post_form(
        "/account/password",
        {"current_password": DEMO_PASSWORD, "new_password": "abcdefghij", "confirm_password": "abcdefghij"},
    )
    assert "A password needs both letters and digits" in weak.get_data(as_text=True)
