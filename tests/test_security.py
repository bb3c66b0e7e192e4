"""Security headers on every kind of response, and admin pages that run under the strict CSP.

The pages are enumerated from the admin's registered views (every plugin's, the core's), so a
new view is checked without touching this file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Region
from core.plugins import get_host
from core.tenancy import unscoped
from core.testing.fixtures import builtin_plugin_modules


class _PageScan(HTMLParser):
    """Collects what the CSP would block: inline scripts without the nonce, on* handlers, javascript: URLs."""

    def __init__(self, nonce: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and values.get("nonce") != self.nonce:
            self.problems.append(f"<script> without the nonce: {values}")


def _nonce_of(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    match = re.search(r"script-src[^;]*'nonce-([^']+)'", policy)
    assert match, policy
    return match.group(1)


def _assert_headers(response, where: str) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy, where
    assert "default-src 'self'" in policy and "object-src 'none'" in policy, where
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", where


def _seed(app) -> None:
    host = get_host(app)
    with app.app_context(), unscoped():
        dongbao = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        host.call_each("load_demo_data", ctx=None, region=dongbao, scale=1)
        db.session.commit()


def _first_id(client, base: str) -> int | None:
    from core.testing.fixtures import listed_ids

    ids = listed_ids(client.get(f"{base}/").get_data(as_text=True))
    return min(ids) if ids else None


def test_headers_on_a_sample_of_pages(app, login_as):
    client = login_as("city_admin")
    anonymous = app.test_client()
    _assert_headers(anonymous.get("/login"), "login")
    _assert_headers(anonymous.get("/static/fazhi/fazhi.css"), "static")
    _assert_headers(anonymous.get("/admin/static/vendor/jquery.min.js"), "admin static")
    _assert_headers(anonymous.get("/no-such-page"), "404")
    _assert_headers(client.get("/admin/"), "home")
    _assert_headers(client.get("/admin/units/"), "list")
    _assert_headers(client.get("/admin/units/new/"), "create")
    unit_id = _first_id(client, "/admin/units")
    assert unit_id is not None
    _assert_headers(client.get(f"/admin/units/details/?id={unit_id}"), "details")
    _assert_headers(client.get(f"/admin/units/edit/?id={unit_id}"), "edit")
    # Plain HTTP, no HTTPS setting: no HSTS (a browser would pin an intranet host to HTTPS).
    assert "Strict-Transport-Security" not in client.get("/admin/").headers
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


@pytest.fixture
def plugins():
    return [*builtin_plugin_modules(), "tests.plugins.hookcheck.plugin", "tests.plugins.circular_source"]


def test_a_published_circular_pdf_download_has_the_headers(app, login_as):
    from tests.test_circulars import _create, _dongbao, _wait_published

    client = login_as("dongbao_staff")
    circular_id = _create(client, _dongbao(app))
    client.post_form("/admin/circulars/publish/", {"id": circular_id})
    assert _wait_published(app, circular_id).state == "published"
    response = client.get(f"/admin/circulars/download/?id={circular_id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    _assert_headers(response, "pdf")
    fallback = re.search(r'filename="([^"]*)"', response.headers["Content-Disposition"]).group(1)
    assert re.fullmatch(r"[A-Za-z0-9._-]+\.pdf", fallback), fallback


def test_favicon_is_served_and_linked(app, login_as):
    icon = app.test_client().get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    _assert_headers(icon, "favicon")
    assert 'rel="icon"' in app.test_client().get("/login").get_data(as_text=True)
    assert 'rel="icon"' in login_as("city_staff").get("/admin/").get_data(as_text=True)


def test_https_setting_gives_secure_cookies_and_hsts(database_url, tmp_path):
    from core.testing.fixtures import Client, make_app

    app = make_app(database_url, FAZHI_HTTPS=True, FAZHI_INSTANCE_PATH=str(tmp_path))
    app.test_client_class = Client
    client = app.test_client()
    page = client.get("/login", base_url="https://fazhi.example")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    client.refresh_csrf("/login")
    set_cookie = page.headers.get("Set-Cookie", "")
    assert "Secure" in set_cookie and "HttpOnly" in set_cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _admin_pages(app, client) -> list[str]:
    """Every page of every registered view that opens without parameters, and a record's pages."""
    admin = app.extensions["fazhi.admin"]
    pages: list[str] = []
    for view in admin._views:
        with app.test_request_context():
            base = view.url
        pages.append(f"{base}/" if not base.endswith("/") else base)
        if getattr(view, "model", None) is None:
            continue
        pages.append(f"{base}/new/")
        record_id = _first_id(client, base)
        if record_id is not None:
            pages += [f"{base}/details/?id={record_id}", f"{base}/edit/?id={record_id}"]
    return pages


@pytest.mark.parametrize("username", ["admin", "leader"])
def test_every_admin_page_runs_under_the_csp(app, login_as, username):
    _seed(app)
    client = login_as(username)
    checked = 0
    for path in _admin_pages(app, client):
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue  # pages this role cannot open, views without that page (redirects)
        _assert_headers(response, path)
        scan = _PageScan(_nonce_of(response))
        scan.feed(response.get_data(as_text=True))
        assert not scan.problems, f"{path}: {scan.problems[:3]}"
        checked += 1
    assert checked > 20
    if username == "admin":  # Flask-Admin's handlers are there, as data attributes fazhi.js binds
        listing = client.get("/admin/units/").get_data(as_text=True)
        assert "data-fazhi-confirm=" in listing and "data-fazhi-action=" in listing
        assert "fazhi/fazhi.js" in listing


def test_download_names_have_an_ascii_safe_fallback_and_rfc5987_name():
    from urllib.parse import unquote

    from core.admin.views import content_disposition

    title = '2026年第3期 <b>关于"x"/y\\z</b>.pdf'
    header = content_disposition(title)
    fallback = re.search(r'filename="([^"]*)"', header).group(1)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", fallback) and fallback.endswith(".pdf"), fallback
    encoded = re.search(r"filename\*=UTF-8''(\S+)$", header).group(1)
    assert re.fullmatch(r"[A-Za-z0-9%._~-]+", encoded) and unquote(encoded) == title
    assert content_disposition("通报.pdf").startswith('attachment; filename="download.pdf";')


def test_production_over_plain_http_sends_cookies_the_browser_returns(monkeypatch, tmp_path):
    # FAZHI_HTTPS=0 (an intranet without TLS): a Secure session cookie would never come back, and
    # every login would fail its CSRF check — found by the load test.
    from core.app import create_app

    monkeypatch.setenv("SECRET_KEY", "a-real-secret-of-enough-length-123")
    monkeypatch.setenv("FAZHI_INSTANCE_PATH", str(tmp_path))
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "FAZHI_PLUGINS": [], "FAZHI_HTTPS": False}
    app = create_app(settings, profile="production")
    assert not app.config["SESSION_COOKIE_SECURE"]
    assert not app.config.get("REMEMBER_COOKIE_SECURE")
