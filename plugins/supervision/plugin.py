"""The hooks of the 实施方案督办 plugin: each a few lines handing over to the module that does the work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.hookspecs import hookimpl
from core.plugins import Indicator, PluginContext, PluginInfo
from plugins.supervision import models as _models  # noqa: F401 - the plugin's tables join the metadata

if TYPE_CHECKING:
    from flask import Blueprint
    from flask_admin import BaseView

    from core.circulars.render import Section
    from core.models import Region
    from core.notices.types import NoticeRule
    from core.panels import RecordPanel
    from core.periods import Period

KEY = "supervision"


@hookimpl
def describe_plugin() -> PluginInfo:
    """实施方案督办与督查."""
    return PluginInfo(key=KEY, title="实施方案督办", title_en="Implementation plan supervision")


@hookimpl
def register_migrations() -> Path | None:
    """The plugin's Alembic branch."""
    return Path(__file__).resolve().parent / "migrations"


@hookimpl
def register_admin_views(ctx: PluginContext) -> list[BaseView]:
    """Plans, measures, tasks, reports, inspections, findings, proposals, assessments, the plan's table."""
    from plugins.supervision.admin import admin_views

    return admin_views()


@hookimpl
def register_notice_rules() -> list[NoticeRule]:
    """督办 on overdue tasks, steps and rectifications; 通报批评 and 问责建议 on approved proposals."""
    from plugins.supervision.notices import notice_rules

    return notice_rules()


@hookimpl
def collect_indicators(ctx: PluginContext, region: Region, period: Period) -> list[Indicator]:
    """The year's tasks by state, the 销号率, and the plan's progress by year."""
    from plugins.supervision.indicators import collect

    return collect(region, period)


@hookimpl
def collect_circular_sections(ctx: PluginContext, region: Region, period: Period) -> list[Section]:
    """Tasks and overdue units, inspections and findings, the assessment ranking."""
    from plugins.supervision.circular import collect_circular_sections as sections

    return sections(region, period)


@hookimpl
def load_demo_data(ctx: PluginContext, region: Region, scale: int) -> None:
    """The city's plan (140 measures, 32 lead units) with tasks 2016–2018 and an inspection; a small county plan."""
    from plugins.supervision.demo import load_demo_data as load

    load(region, scale)


@hookimpl
def register_record_panels(ctx: PluginContext) -> list[RecordPanel]:
    """A task's steps and reports, an inspection's proposals, an assessment's lines."""
    from plugins.supervision.panels import record_panels

    return record_panels()


@hookimpl
def register_blueprints(ctx: PluginContext) -> list[Blueprint]:
    """No routes: a blueprint so Flask finds the plugin's templates (templates/supervision/)."""
    from flask import Blueprint

    return [Blueprint("supervision", __name__, template_folder="templates")]
