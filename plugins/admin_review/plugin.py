"""The hooks of the 行政复议 plugin: each a few lines handing over to the module that does the work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.hookspecs import hookimpl
from core.plugins import Indicator, PluginInfo
from plugins.admin_review import models as _models  # noqa: F401 - the plugin's tables join the metadata

if TYPE_CHECKING:
    from flask import Blueprint
    from flask_admin import BaseView

    from core.circulars.render import Section
    from core.events import Event, EventData
    from core.models import Region
    from core.notices.types import NoticeRule
    from core.panels import RecordPanel
    from core.periods import Period
    from core.plugins import PluginContext

KEY = "admin_review"


@hookimpl
def describe_plugin() -> PluginInfo:
    """行政复议."""
    return PluginInfo(key=KEY, title="行政复议", title_en="Administrative review")


@hookimpl
def register_migrations() -> Path | None:
    """The plugin's Alembic branch."""
    return Path(__file__).resolve().parent / "migrations"


@hookimpl
def register_admin_views(ctx: PluginContext) -> list[BaseView]:
    """The case list and page, and the case register (Excel export and import)."""
    from plugins.admin_review.admin import admin_views

    return admin_views()


@hookimpl
def register_record_panels(ctx: PluginContext) -> list[RecordPanel]:
    """Parties, hearings, suspensions, 意见书 and the timeline, under a case's details."""
    from plugins.admin_review.panels import record_panels

    return record_panels()


@hookimpl
def register_event_handlers() -> dict[type[EventData], list[Callable[[Event[Any]], None]]]:
    """Deemed acceptance, deemed abandonment and a missed reply, when their periods lapse."""
    from plugins.admin_review.subscriptions import event_handlers

    return event_handlers()


@hookimpl
def register_notice_rules() -> list[NoticeRule]:
    """预警, 督办 and 通报批评 on the plugin's periods and hearings."""
    from plugins.admin_review.notices import notice_rules

    return notice_rules()


@hookimpl
def collect_indicators(ctx: PluginContext, region: Region, period: Period) -> list[Indicator]:
    """Received, accepted, concluded, by decision type, 纠错率, mediated share, overdue."""
    from plugins.admin_review.indicators import collect

    return collect(region, period)


@hookimpl
def collect_circular_sections(ctx: PluginContext, region: Region, period: Period) -> list[Section]:
    """The 行政复议 section of a circular."""
    from plugins.admin_review.circular import collect_circular_sections as sections

    return sections(region, period)


@hookimpl
def load_demo_data(ctx: PluginContext, region: Region, scale: int) -> None:
    """Some hundreds of cases a year in each county, deterministic from a seed."""
    from plugins.admin_review.demo import load_demo_data as load

    load(region, scale)


@hookimpl
def register_blueprints(ctx: PluginContext) -> list[Blueprint]:
    """No routes: a blueprint so Flask finds the plugin's templates (templates/admin_review/)."""
    from flask import Blueprint

    return [Blueprint("admin_review", __name__, template_folder="templates")]
