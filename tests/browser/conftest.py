"""The suite in a real browser: the app served on 127.0.0.1, Debian's Chromium driven by Playwright.

Each test gets its own database (the template copy of `core.testing.fixtures`) and its own
server on a free port in a thread; the browser is started once per session from
``/usr/bin/chromium`` (installed by ``scripts/setup.sh``; nothing downloads a browser). A page
records everything a user should never meet — a request leaving 127.0.0.1, a console error
(a CSP violation is one), a failed request or an error status — and the test fails on it.

``FAZHI_SCREENSHOTS=1`` saves the screenshots taken with `Journey.shot` under docs/screenshots/.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.serving import make_server

from core.app import PROJECT_ROOT
from core.extensions import db
from core.testing.fixtures import DEMO_PASSWORD, Databases, make_app

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(PROJECT_ROOT) / "docs" / "screenshots"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Latin words that may stand on a Chinese page: product names, file types, units.
ALLOWED_LATIN = {"Fazhi", "PDF", "Excel", "CSV", "xlsx", "csv", "pdf"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's), shared by the session's tests."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run scripts/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield chromium
        chromium.close()


class _Server(threading.Thread):
    def __init__(self, app: Flask) -> None:
        super().__init__(daemon=True)
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port

    def run(self) -> None:
        self.server.serve_forever()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Served:
    """The app of the browser tests and the base URL it is served on."""

    app: Flask
    base: str


@pytest.fixture(scope="session")
def served(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One app on its own database, served over real HTTP on 127.0.0.1 for the session's journeys.

    The journeys act in different counties (or read only), so they share it: one database and
    one app instead of one per test keeps the browser tests to a couple of minutes.
    """
    url = databases.fresh()
    folder = tmp_path_factory.mktemp("browser")
    app = make_app(url, FAZHI_ATTACHMENT_DIR=str(folder / "attachments"), FAZHI_INSTANCE_PATH=str(folder / "instance"))
    server = _Server(app)
    server.start()
    yield Served(app, f"http://127.0.0.1:{server.port}")
    server.stop()
    for process in app.extensions.get("fazhi.circular_workers", []):
        process.terminate()
        process.wait(timeout=30)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@dataclass
class Journey:
    """A browser tab on the live app that records what must not happen."""

    app: Flask
    base: str
    context: Any
    page: Any
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    downloads: set[str] = field(default_factory=set)
    #: (path, status) answers the journey provokes on purpose (a refused login answers 401).
    expected: set[tuple[str, int]] = field(default_factory=set)

    def expect(self, path: str, status: int) -> None:
        """Accept `status` from `path` (for a step that provokes an error answer on purpose)."""
        self.expected.add((path, status))

    def is_expected(self, url: str, status: int | None = None) -> bool:
        """Whether an error from `url` was provoked on purpose (any status when None)."""
        path = urlsplit(url).path
        return any(p == path and (status is None or s == status) for p, s in self.expected)

    def go(self, path: str) -> Any:
        """Open `path` of the app and wait until it has loaded."""
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return response

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Log in through the login form as a user would."""
        self.go("/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        with self.page.expect_navigation():
            self.page.click("form button[type=submit], form input[type=submit]")

    def logout(self) -> None:
        """Forget the session (a fresh start for the next user)."""
        self.context.clear_cookies()

    def text(self) -> str:
        """The visible text of the page."""
        return self.page.inner_text("body")

    def flashes(self) -> str:
        """The flashed messages on the page."""
        return " ".join(self.page.locator(".alert").all_inner_texts())

    def shot(self, name: str) -> None:
        """A screenshot of the page for the README (saved only with FAZHI_SCREENSHOTS=1)."""
        if os.environ.get("FAZHI_SCREENSHOTS") != "1":
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    def assert_chinese(self) -> None:
        """The page's own words are Chinese: no English sentence from a missing label or message."""
        text = self.text()
        assert CJK.search(text), self.page.url
        words = re.findall(r"\b[A-Za-z][a-z]+(?: [A-Za-z][a-z]+){1,}\b", text)
        english = [w for w in words if not set(w.split()) <= ALLOWED_LATIN]
        assert english == [], (self.page.url, english[:10])

    def assert_clean(self) -> None:
        """Nothing left 127.0.0.1, no console error (CSP violations included), no failed request."""
        assert self.outside == [], self.outside
        assert self.console == [], self.console
        # A download is a navigation the page does not display: Chromium reports it aborted.
        failed = [f for f in self.failed if not (f.endswith("net::ERR_ABORTED") and f.split(": ")[0] in self.downloads)]
        assert failed == [], failed


def _favicon_served(app: Flask) -> bool:
    return any(rule.rule == "/favicon.ico" for rule in app.url_map.iter_rules())


@pytest.fixture
def journey(browser: Any, served: Served) -> Iterator[Journey]:
    """A fresh browser context on the served app; at the end, asserts nothing bad happened."""
    app, live_app = served.app, served.base
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 860})
    context.set_default_timeout(30_000)
    page = context.new_page()
    trip = Journey(app, live_app, context, page)
    # Until the app serves /favicon.ico (issue 14, item 1's branch), the browser's own favicon
    # request is the one failure tolerated; once the route exists it must succeed like any other.
    tolerate_favicon = not _favicon_served(app)

    def handle(route_obj: Any) -> None:
        host = urlsplit(route_obj.request.url).hostname
        if host == "127.0.0.1" or route_obj.request.url.startswith(("data:", "blob:")):
            route_obj.continue_()
        else:
            trip.outside.append(route_obj.request.url)
            route_obj.abort()

    def is_favicon(url: str) -> bool:
        return tolerate_favicon and urlsplit(url).path == "/favicon.ico"

    context.route("**/*", handle)

    def on_console(message: Any) -> None:
        url = message.location.get("url", "")
        provoked = "status of" in message.text and trip.is_expected(url)
        if message.type == "error" and not is_favicon(url) and not provoked:
            trip.console.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda e: trip.console.append(f"pageerror: {e}"))
    page.on(
        "requestfailed",
        lambda r: None if is_favicon(r.url) else trip.failed.append(f"{r.url}: {r.failure}"),
    )
    page.on("download", lambda d: trip.downloads.add(d.url))
    page.on(
        "response",
        lambda r: (
            None
            if r.status < 400 or is_favicon(r.url) or trip.is_expected(r.url, r.status)
            else trip.failed.append(f"{r.status} {r.url}")
        ),
    )
    yield trip
    context.close()
    trip.assert_clean()
