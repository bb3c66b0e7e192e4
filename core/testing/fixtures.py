"""Pytest fixtures: a real database per test (SQLite file or PostgreSQL), real HTTP logins.

The schema is built once per session by the Alembic migrations into a template (with the
demo region tree, units and users); every test gets its own copy — a file copy on SQLite,
``CREATE DATABASE … TEMPLATE`` on PostgreSQL — so tests are isolated and fast.

Set ``FAZHI_TEST_DATABASE=postgres`` and ``FAZHI_TEST_POSTGRES_URL`` to run on PostgreSQL.
"""

from __future__ import annotations

import gc
import itertools
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.app import PROJECT_ROOT, create_app
from core.extensions import db

DEMO_PASSWORD = "Fazhi2026!"
_counter = itertools.count()


def builtin_plugin_modules() -> list[str]:
    """The domain plugins shipped in ``plugins/`` (each a package with a ``plugin.py``)."""
    root = PROJECT_ROOT / "plugins"
    return sorted(f"plugins.{p.name}.plugin" for p in root.iterdir() if p.is_dir() and (p / "plugin.py").exists())


#: Plugins that exist only for the tests; their tables are in the template database too.
TEST_PLUGINS = ["tests.plugins.hookcheck.plugin"]


def using_postgres() -> bool:
    """Whether this run targets PostgreSQL."""
    return os.environ.get("FAZHI_TEST_DATABASE", "sqlite") == "postgres"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``postgres`` unless this run targets PostgreSQL."""
    if using_postgres():
        return
    skip = pytest.mark.skip(reason="needs FAZHI_TEST_DATABASE=postgres")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


#: Tests between two full garbage collections (see `pytest_collection_finish`).
GC_EVERY = 20
_tests_run = itertools.count(1)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Tune the garbage collector for the run: about a fifth less wall time, measured.

    Every test builds an app (SQLAlchemy mappers, Flask-Admin views), so the collector's
    default young-generation threshold of 700 allocations keeps re-scanning a large, long-lived
    heap. The modules imported by collection are frozen out of its reach, young collections wait
    for 50,000 allocations, and a full collection every `GC_EVERY` tests frees the apps of the
    tests before (they are reference cycles) so memory stays flat.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """A full garbage collection every `GC_EVERY` tests (see `pytest_collection_finish`)."""
    if next(_tests_run) % GC_EVERY == 0:
        gc.collect()


class Databases:
    """Makes one template database per session and a fresh copy of it per test."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.pg_url = os.environ.get("FAZHI_TEST_POSTGRES_URL") if using_postgres() else None
        if using_postgres() and not self.pg_url:
            raise RuntimeError("FAZHI_TEST_DATABASE=postgres needs FAZHI_TEST_POSTGRES_URL")
        self.template_name = f"fazhi_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template_url = self._url_for(self.template_name)
        self.created: list[str] = []

    def _url_for(self, name: str) -> str:
        if self.pg_url:
            return make_url(self.pg_url).set(database=name).render_as_string(hide_password=False)
        return f"sqlite:///{self.workdir / (name + '.sqlite3')}"

    def _admin_execute(self, statement: str) -> None:
        engine = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
        with engine.connect() as conn:
            conn.execute(text(statement))
        engine.dispose()

    def build_template(self) -> None:
        """Migrate an empty database to every head and load the demo tenancy into it."""
        if self.pg_url:
            self._admin_execute(f'CREATE DATABASE "{self.template_name}"')
        app = make_app(self.template_url, plugins=builtin_plugin_modules() + TEST_PLUGINS)
        with app.app_context():
            from core.demo import load_demo_tenancy
            from core.migrations_config import upgrade_database

            upgrade_database()
            load_demo_tenancy()
            db.session.remove()
            db.engine.dispose()

    def fresh(self) -> str:
        """A new database, a copy of the template; returns its URL."""
        name = f"fazhi_t{os.getpid()}_{next(_counter)}"
        if self.pg_url:
            self._admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template_name}"')
            self.created.append(name)
            return self._url_for(name)
        target = self.workdir / f"{name}.sqlite3"
        shutil.copyfile(self.workdir / f"{self.template_name}.sqlite3", target)
        return self._url_for(name)

    def drop(self, url: str) -> None:
        """Remove a test database."""
        if self.pg_url:
            name = make_url(url).database
            self._admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            path = Path(make_url(url).database or "")
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        """Drop the template (PostgreSQL) — files go with the temp folder."""
        if self.pg_url:
            self._admin_execute(f'DROP DATABASE IF EXISTS "{self.template_name}" WITH (FORCE)')


def make_app(database_url: str, plugins: list[str] | None = None, **config: Any) -> Flask:
    """A test app on `database_url` with exactly `plugins` (module names) loaded."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "FAZHI_PLUGINS": builtin_plugin_modules() if plugins is None else plugins,
    }
    settings.update(config)
    return create_app(settings, profile="testing")


def built_databases(kind: type[Databases], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """Build `kind`'s template, yield it, drop it: the body of a `databases` fixture.

    A test module whose tests start from a template of their own (the province demo, say)
    overrides `databases` with a module-scoped fixture yielding from this with its own subclass;
    `database_url` then copies that template.
    """
    dbs = kind(tmp_path_factory.mktemp(kind.__name__.lower()))
    dbs.build_template()
    yield dbs
    dbs.close()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """The session's template database and the factory of per-test copies."""
    yield from built_databases(Databases, tmp_path_factory)


@pytest.fixture
def database_url(databases: Databases) -> Iterator[str]:
    """A fresh database (migrated, with the demo tenancy) for one test."""
    url = databases.fresh()
    yield url
    databases.drop(url)


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Extra settings for the `app` fixture; override in a test module to change them."""
    return {}


@pytest.fixture
def plugins() -> list[str] | None:
    """Plugin modules for the `app` fixture (None: every built-in); override per module."""
    return None


@pytest.fixture
def app(database_url: str, plugins: list[str] | None, app_config: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    """A Fazhi app on a fresh database, with attachments stored under the test's temp folder."""
    config = {
        "FAZHI_ATTACHMENT_DIR": str(tmp_path / "attachments"),
        "FAZHI_INSTANCE_PATH": str(tmp_path / "instance"),
        **app_config,
    }
    application = make_app(database_url, plugins, **config)
    yield application
    for process in application.extensions.get("fazhi.circular_workers", []):
        process.terminate()
        process.wait(timeout=30)
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


class Client(FlaskClient):
    """A test client that knows its CSRF token and posts it like a browser's form would."""

    csrf: str = ""

    def refresh_csrf(self, path: str = "/login") -> str:
        """Read a fresh CSRF token from a page's form."""
        page = self.get(path)
        match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.get_data(as_text=True))
        if match is None:
            raise AssertionError(f"no CSRF token on {path}")
        self.csrf = match.group(1)
        return self.csrf

    def post_form(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST `data` with the CSRF token, as the admin's forms do."""
        payload = dict(data or {})
        payload.setdefault("csrf_token", self.csrf or self.refresh_csrf())
        return self.post(path, data=payload, **kwargs)


def listed_ids(html: str, list_path: str | None = None) -> set[int]:
    """The record ids on a Flask-Admin list page (row checkboxes and details links).

    Pages name other records with links to their own details (a deadline's case, a notice's
    record); give `list_path` (``/admin/deadlines/``) to count only the list's own rows.
    """
    ids = {int(v) for v in re.findall(r'name="rowid"[^>]*value="(\d+)"', html)}
    own = re.escape(list_path) if list_path else r"[^\s\"']*"
    return ids | {int(v) for v in re.findall(own + r"details/\?id=(\d+)", html)}


def login(app: Flask, username: str, password: str = DEMO_PASSWORD) -> Client:
    """A client logged in as `username` through the real login form."""
    app.test_client_class = Client
    client: Client = app.test_client()  # type: ignore[assignment]
    client.refresh_csrf("/login")
    response = client.post_form("/login", {"username": username, "password": password})
    assert response.status_code == 302, f"login of {username} failed: {response.status_code}"
    # The token of the session just begun, from a light page: the dashboard computes every figure.
    client.refresh_csrf("/account/password")
    return client


@pytest.fixture
def login_as(app: Flask) -> Any:
    """``login_as("dongbao_staff")`` → a logged-in `Client`."""
    return lambda username, password=DEMO_PASSWORD: login(app, username, password)
