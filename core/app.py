"""The app factory: settings, database, extensions, plugins, admin, command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, g
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import DEFAULT_SECRET_KEY, load_settings
from core import tenancy
from core.audit import install_audit_listeners
from core.extensions import babel, csrf, db, login_manager, migrate
from core.plugins.host import PluginHost
from core.routing import LazyBuilderRule

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class FazhiFlask(Flask):
    """The suite's Flask: URL builders compiled on first use (see `core.routing`)."""

    url_rule_class = LazyBuilderRule


class ConfigurationError(RuntimeError):
    """The settings cannot run the suite safely (e.g. production with the default secret)."""


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # WAL lets readers work while a writer commits; SQLite enforces foreign keys only when asked.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(os.environ.get('FAZHI_SQLITE_BUSY_TIMEOUT_MS', '10000'))}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _check_settings(app: Flask) -> None:
    if app.config.get("FAZHI_REQUIRE_REAL_SECRET"):
        secret = app.config.get("SECRET_KEY")
        if not secret or secret == DEFAULT_SECRET_KEY or len(str(secret)) < 16:
            raise ConfigurationError(
                "生产环境必须设置 SECRET_KEY 环境变量（至少 16 个字符的随机串）/ "
                "production needs a real SECRET_KEY in the environment"
            )
        if not app.config.get("SQLALCHEMY_DATABASE_URI"):
            raise ConfigurationError("生产环境必须设置 DATABASE_URL / production needs DATABASE_URL")


def create_app(config: dict[str, Any] | None = None, profile: str | None = None) -> Flask:
    """Build a Fazhi app.

    `profile` picks the settings file (default, testing, production; env ``FAZHI_ENV``);
    `config` overrides single settings (tests pass the database URL and the plugin list).
    """
    instance_path = (config or {}).get("FAZHI_INSTANCE_PATH") or os.environ.get("FAZHI_INSTANCE_PATH")
    instance_path = instance_path or str(PROJECT_ROOT / "instance")
    app = FazhiFlask("core", instance_path=instance_path, root_path=str(PROJECT_ROOT / "core"))
    app.config.update(load_settings(profile))
    if config:
        app.config.update(config)
    _check_settings(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'fazhi.sqlite3'}"

    from core.logs import configure_logging

    configure_logging(app)
    db.init_app(app)
    import core.migrations_config  # noqa: F401 - registers the version folders of the plugins

    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "core" / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    tenancy.install_safety_net()
    install_audit_listeners()
    from core.search import install_search_listener

    install_search_listener()

    host = PluginHost(app)
    app.extensions["fazhi.plugins"] = host
    host.load(app.config.get("FAZHI_PLUGINS"))
    from core.i18n import init_i18n

    init_i18n(app, babel)

    _install_request_scope(app)
    from core.security import init_security

    init_security(app)
    from core.errors import init_errors

    init_errors(app)

    from core.auth import init_auth

    init_auth(app)
    from core.account import bp as account_bp

    app.register_blueprint(account_bp)
    from core.admin import init_admin

    init_admin(app, host)
    for _key, blueprint in host.collect("register_blueprints", ctx=None):
        app.register_blueprint(blueprint)
    from core.cli import init_cli

    init_cli(app, host)
    host.call_each("app_created", app=app)
    return app


def _install_request_scope(app: Flask) -> None:
    """Scope every request to the logged-in user's regions (see `core.tenancy`)."""

    @app.before_request
    def _begin_scope() -> None:
        with tenancy.unscoped():
            user = current_user._get_current_object() if current_user else None
            authenticated = bool(user and user.is_authenticated)
        g.fazhi_scope_token = tenancy.begin_request_scope(
            user if authenticated else None, safety_net=app.config["FAZHI_TENANCY_SAFETY_NET"]
        )

    @app.teardown_request
    def _end_scope(exc: BaseException | None) -> None:
        token = g.pop("fazhi_scope_token", None)
        if token is not None:
            tenancy.end_request_scope(token)
