"""The hooks of the 政府法律顾问 plugin: each a few lines handing over to the module that does the work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.hookspecs import hookimpl
from core.plugins import Indicator, PluginInfo
from plugins.counsel import PLUGIN_KEY as KEY
from plugins.counsel import models as _models  # noqa: F401 - the plugin's tables join the metadata

if TYPE_CHECKING:
    from flask import Blueprint
    from flask_admin import BaseView

    from core.circulars.render import Section
    from core.deadlines import ScanEvent
    from core.events import Event, EventData
    from core.models import Region
    from core.notices.types import NoticeRule
    from core.periods import Period
    from core.plugins import PluginContext


@hookimpl
def describe_plugin() -> PluginInfo:
    """政府法律顾问."""
    return PluginInfo(key=KEY, title="政府法律顾问", title_en="Government legal counsel")


@hookimpl
def register_migrations() -> Path | None:
    """The plugin's Alembic branch."""
    return Path(__file__).resolve().parent / "migrations"


@hookimpl
def register_admin_views(ctx: PluginContext) -> list[BaseView]:
    """The roster, engagements, the opinion log, evaluations, the coverage list and the registers."""
    from plugins.counsel.admin import admin_views

    return admin_views()


@hookimpl
def register_blueprints(ctx: PluginContext) -> list[Blueprint]:
    """No routes: a blueprint so Flask finds the plugin's templates (templates/counsel/)."""
    from flask import Blueprint

    return [Blueprint("counsel", __name__, template_folder="templates")]


@hookimpl
def register_event_handlers(ctx: PluginContext) -> dict[type[EventData], list[Callable[[Event[Any]], None]]]:
    """Consultations from other plugins open matters; a new engagement withdraws the coverage 督办."""
    from plugins.counsel.subscriptions import event_handlers

    return event_handlers()


@hookimpl
def register_notice_rules() -> list[NoticeRule]:
    """督办 to an agency without counsel, 预警 before an engagement ends."""
    from plugins.counsel.notices import notice_rules

    return notice_rules()


@hookimpl
def scan_deadlines(ctx: PluginContext, now: dt.datetime) -> list[ScanEvent]:
    """Agencies without counsel, agencies that have it again, engagements about to end."""
    from plugins.counsel.scan import scan_events

    return scan_events(now)


@hookimpl
def collect_indicators(ctx: PluginContext, region: Region, period: Period) -> list[Indicator]:
    """Coverage rate, the office's staff with law degrees, opinions given / on time / adopted, counsel by kind."""
    from plugins.counsel.indicators import collect

    return collect(region, period)


@hookimpl
def collect_circular_sections(ctx: PluginContext, region: Region, period: Period) -> list[Section]:
    """The 政府法律顾问 section of a circular."""
    from plugins.counsel.circular import collect_circular_sections as sections

    return sections(region, period)


@hookimpl
def load_demo_data(ctx: PluginContext, region: Region, scale: int) -> None:
    """The city's 447 agencies, 427 of them covered; the team; a year of matters."""
    from plugins.counsel.demo import load_demo_data as load

    load(region, scale)
