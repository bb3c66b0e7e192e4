"""The court plugin's hook implementations: each delegates to the module that does the work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint

from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from plugins.court import models as _models  # noqa: F401 - the tables join the metadata at load

KEY = "court"
HERE = Path(__file__).resolve().parent


@hookimpl
def describe_plugin() -> PluginInfo:
    """行政机关负责人出庭应诉."""
    return PluginInfo(key=KEY, title="出庭应诉", title_en="Agency heads in court")


@hookimpl
def register_migrations() -> Path:
    """The plugin's own Alembic branch."""
    return HERE / "migrations"


@hookimpl
def register_admin_views(ctx: Any) -> list[Any]:
    """Statistics, cases, hearings, reports, head and staff lists, meetings, observations, evaluations."""
    from plugins.court.admin import admin_views

    return admin_views()


@hookimpl
def register_blueprints(ctx: Any) -> list[Blueprint]:
    """No routes of its own: the blueprint only makes `templates/court/` visible."""
    return [Blueprint("court", __name__, template_folder="templates")]


@hookimpl
def register_notice_rules() -> list[Any]:
    """通报批评, 督办 and 问责建议 from hearings, missed defence deadlines and judicial recommendations."""
    from plugins.court.notices import notice_rules

    return notice_rules()


@hookimpl
def collect_indicators(ctx: Any, region: Any, year: int) -> list[Any]:
    """Appearance rate (with the per-case rate), 败诉率, trial observations, units criticised."""
    from plugins.court.indicators import collect

    return collect(region, year)


@hookimpl
def collect_circular_sections(ctx: Any, region: Any, period: Any) -> list[dict[str, Any]]:
    """出庭应诉情况 and the annual evaluation ranking."""
    from plugins.court.circular import sections

    return sections(region, period)


@hookimpl
def load_demo_data(ctx: Any, region: Any, scale: int) -> None:
    """Cases and hearings since 2014 for every agency of the region (absences in 沙洋县)."""
    from plugins.court.demo import load

    load(region, scale)
