"""The hooks of the 政府合同管理 plugin: each a few lines handing over to the module that does the work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.hookspecs import hookimpl
from core.plugins import Indicator, PluginInfo
from plugins.contracts import models as _models  # noqa: F401 - the plugin's tables join the metadata

if TYPE_CHECKING:
    from collections.abc import Callable

    from flask import Blueprint
    from flask_admin import BaseView

    from core.circulars.render import Section
    from core.events import Event, EventData
    from core.models import Region
    from core.notices.types import NoticeRule
    from core.panels import RecordPanel
    from core.periods import Period
    from core.plugins import PluginContext

KEY = "contracts"


@hookimpl
def describe_plugin() -> PluginInfo:
    """政府合同管理."""
    return PluginInfo(key=KEY, title="政府合同管理", title_en="Government contracts")


@hookimpl
def register_migrations() -> Path | None:
    """The plugin's Alembic branch."""
    return Path(__file__).resolve().parent / "migrations"


@hookimpl
def register_admin_views(ctx: PluginContext) -> list[BaseView]:
    """Contracts, opinions, consultations, checks, borrowings, and the two registers."""
    from plugins.contracts.admin import admin_views

    return admin_views()


@hookimpl
def register_record_panels(ctx: PluginContext) -> list[RecordPanel]:
    """The contract page's blocks: counterparties, opinions, consultations, performance, checks, timeline."""
    from plugins.contracts.panels import record_panels

    return record_panels()


@hookimpl
def register_event_handlers(ctx: PluginContext) -> dict[type[EventData], list[Callable[[Event[Any]], None]]]:
    """Counsel's answers to the consultations this plugin asked for."""
    from plugins.contracts.subscriptions import event_handlers

    return event_handlers()


@hookimpl
def register_notice_rules() -> list[NoticeRule]:
    """督办 on missed review, filing, milestone, rectification and return periods."""
    from plugins.contracts.notices import notice_rules

    return notice_rules()


@hookimpl
def collect_indicators(ctx: PluginContext, region: Region, period: Period) -> list[Indicator]:
    """Contracts reviewed, amount (亿元), opinions given and adopted, on-time rates, contracts checked."""
    from plugins.contracts.indicators import collect

    return collect(region, period)


@hookimpl
def collect_circular_sections(ctx: PluginContext, region: Region, period: Period) -> list[Section]:
    """The 政府合同管理 section of a circular."""
    from plugins.contracts.circular import sections

    return sections(region, period)


@hookimpl
def load_demo_data(ctx: PluginContext, region: Region, scale: int) -> None:
    """The city's three years of the source report and the counties' smaller registers."""
    from plugins.contracts.demo import load_demo_data as load

    load(region, scale)


@hookimpl
def register_blueprints(ctx: PluginContext) -> list[Blueprint]:
    """No routes: a blueprint so Flask finds the plugin's templates (templates/contracts/)."""
    from flask import Blueprint

    return [Blueprint("contracts", __name__, template_folder="templates")]
