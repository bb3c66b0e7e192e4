"""The hooks of the 政府合同管理 plugin: each a few lines handing over to the module that does the work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.hookspecs import hookimpl
from core.plugins import Indicator, PluginInfo
from plugins.contracts import models as _models  # noqa: F401 - the plugin's tables join the metadata

KEY = "contracts"


@hookimpl
def describe_plugin() -> PluginInfo:
    """政府合同管理."""
    return PluginInfo(key=KEY, title="政府合同管理", title_en="Government contracts")


@hookimpl
def register_migrations() -> Path:
    """The plugin's Alembic branch."""
    return Path(__file__).resolve().parent / "migrations"


@hookimpl
def register_admin_views(ctx: Any) -> list[Any]:
    """Contracts, opinions, consultations, checks, borrowings, and the two registers."""
    from plugins.contracts.admin import admin_views

    return admin_views()


@hookimpl
def register_record_panels(ctx: Any) -> list[Any]:
    """The contract page's blocks: counterparties, opinions, consultations, performance, checks, timeline."""
    from plugins.contracts.panels import record_panels

    return record_panels()


@hookimpl
def register_event_handlers(ctx: Any) -> dict[type[Any], list[Any]]:
    """Counsel's answers to the consultations this plugin asked for."""
    from plugins.contracts.subscriptions import event_handlers

    return event_handlers()


@hookimpl
def register_notice_rules() -> list[Any]:
    """督办 on missed review, filing, milestone, rectification and return periods."""
    from plugins.contracts.notices import notice_rules

    return notice_rules()


@hookimpl
def collect_indicators(ctx: Any, region: Any, year: int) -> list[Indicator]:
    """Contracts reviewed, amount (亿元), opinions given and adopted, on-time rates, contracts checked."""
    from plugins.contracts.indicators import collect

    return collect(region, year)


@hookimpl
def collect_circular_sections(ctx: Any, region: Any, period: Any) -> list[Any]:
    """The 政府合同管理 section of a circular."""
    from plugins.contracts.circular import sections

    return sections(region, period)


@hookimpl
def load_demo_data(ctx: Any, region: Any, scale: int) -> None:
    """The city's three years of the source report and the counties' smaller registers."""
    from plugins.contracts.demo import load_demo_data as load

    load(region, scale)


@hookimpl
def register_blueprints(ctx: Any) -> list[Any]:
    """No routes: a blueprint so Flask finds the plugin's templates (templates/contracts/)."""
    from flask import Blueprint

    return [Blueprint("contracts", __name__, template_folder="templates")]
