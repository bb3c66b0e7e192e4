"""Wires the plugins' Alembic revision folders into Flask-Migrate's configuration."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from flask import current_app

from core.extensions import migrate
from core.plugins.host import PluginHost, get_host

CORE_VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"


def version_locations(host: PluginHost) -> list[str]:
    """The core's revision folder followed by each plugin's (from `register_migrations`)."""
    folders = [str(CORE_VERSIONS)]
    for _key, folder in host.call_each("register_migrations"):
        if folder:
            folders.append(str(folder))
    return folders


@migrate.configure
def _configure(config: Config) -> Config:
    # Read from the current app: tests build several apps with different plugin sets.
    config.set_main_option("path_separator", "space")
    config.set_main_option("version_locations", " ".join(version_locations(get_host(current_app))))
    return config


def upgrade_database() -> None:
    """Bring the database to the newest revision of every owner (``upgrade heads``)."""
    from flask_migrate import upgrade

    upgrade(revision="heads")
