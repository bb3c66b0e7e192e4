"""The court plugin's hook implementations: each delegates to the module that does the work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Blueprint

from core.hookspecs import hookimpl
from core.plugins import Indicator, PluginInfo
from plugins.court import models as _models  # noqa: F401 - the tables join the metadata at load

if TYPE_CHECKING:
    from flask_admin import BaseView

    from core.circulars.render import Section
    from core.models import Region
    from core.notices.types import NoticeRule
    from core.panels import RecordPanel
    from core.periods import Period
    from core.plugins import PluginContext

KEY = "court"
HERE = Path(__file__).resolve().parent


@hookimpl
def describe_plugin() -> PluginInfo:
    """行政机关负责人出庭应诉."""
    return PluginInfo(key=KEY, title="出庭应诉", title_en="Agency heads in court")


@hookimpl
def register_migrations() -> Path | None:
    """The plugin's own Alembic branch."""
    return HERE / "migrations"


@hookimpl
def register_admin_views(ctx: PluginContext) -> list[BaseView]:
    """Statistics, cases, hearings, reports, head and staff lists, meetings, observations, evaluations."""
    from plugins.court.admin import admin_views

    return admin_views()


@hookimpl
def register_blueprints(ctx: PluginContext) -> list[Blueprint]:
    """No routes of its own: the blueprint only makes `templates/court/` visible."""
    return [Blueprint("court", __name__, template_folder="templates")]


@hookimpl
def register_record_panels(ctx: PluginContext) -> list[RecordPanel]:
    """案件进程, 开庭及出庭情况, 出庭认定, 委托准许 and 考评明细 under their records' details."""
    from plugins.court.panels import record_panels

    return record_panels()


@hookimpl
def register_notice_rules() -> list[NoticeRule]:
    """通报批评, 督办 and 问责建议 from hearings, missed defence deadlines and judicial recommendations."""
    from plugins.court.notices import notice_rules

    return notice_rules()


@hookimpl
def collect_indicators(ctx: PluginContext, region: Region, period: Period) -> list[Indicator]:
    """Appearance rate (with the per-case rate), 败诉率, trial observations, units criticised."""
    from plugins.court.indicators import collect

    return collect(region, period)


@hookimpl
def collect_circular_sections(ctx: PluginContext, region: Region, period: Period) -> list[Section]:
    """出庭应诉情况 and the annual evaluation ranking."""
    from plugins.court.circular import sections

    return sections(region, period)


@hookimpl
def load_demo_data(ctx: PluginContext, region: Region, scale: int) -> None:
    """Cases and hearings since 2014 for every agency of the region (absences in 沙洋县)."""
    from plugins.court.demo import load

    load(region, scale)
