"""The hooks of the 政府法律顾问 plugin: each a few lines handing over to the module that does the work."""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from plugins.counsel import models as _models  # noqa: F401 - the plugin's tables join the metadata

KEY = "counsel"


@hookimpl
def describe_plugin() -> PluginInfo:
    """政府法律顾问."""
    return PluginInfo(key=KEY, title="政府法律顾问", title_en="Government legal counsel")


@hookimpl
def register_migrations() -> Path:
    """The plugin's Alembic branch."""
    return Path(__file__).resolve().parent / "migrations"
