"""Implements every hook of `core.hookspecs` with the smallest useful answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Blueprint
from markupsafe import Markup, escape

from core.admin import ScopedModelView
from core.circulars.render import Section
from core.extensions import db
from core.hookspecs import hookimpl
from core.panels import Panel, RecordPanel
from core.plugins import Indicator, PluginInfo
from tests.plugins.hookcheck.models import InspectionObject

KEY = "hookcheck"
#: What the hooks saw, for the tests to assert on.
calls: list[str] = []


class InspectionObjectView(ScopedModelView):
    column_list = ["name", "address", "unit", "region"]
    column_searchable_list = ["name", "address"]
    column_filters = ["name"]
    form_columns = ["name", "address", "unit", "region"]
    form_ajax_refs = {"unit": {"fields": ["name"]}}


@hookimpl
def describe_plugin() -> PluginInfo:
    """The test plugin."""
    return PluginInfo(key=KEY, title="检查对象（测试）", title_en="Hook check")


@hookimpl
def register_migrations() -> Path:
    """Its own Alembic branch."""
    return Path(__file__).resolve().parent / "migrations"


@hookimpl
def register_admin_views(ctx: Any) -> list[Any]:
    """One scoped view."""
    calls.append(f"register_admin_views:{ctx.plugin_key}")
    from core.registers import RegisterView
    from tests.plugins.hookcheck.register import InspectionObjectRegister

    return [
        InspectionObjectView(InspectionObject, name="检查对象", endpoint="inspection_objects"),
        RegisterView(InspectionObjectRegister(), name="检查对象登记表", endpoint="inspection_object_register"),
    ]


@hookimpl
def register_blueprints(ctx: Any) -> list[Blueprint]:
    """A route outside the admin."""
    bp = Blueprint("hookcheck", __name__, url_prefix="/hookcheck")
    bp.add_url_rule("/ping", "ping", lambda: "pong")
    return [bp]


@hookimpl
def register_cli_commands(cli: Any) -> None:
    """A command."""

    @cli.command("hookcheck-count")
    def count() -> None:
        click.echo(str(db.session.query(InspectionObject).count()))


def _note_panel(record: Any) -> Panel | None:
    if not isinstance(record, InspectionObject):
        return None
    return Panel(key="hookcheck-note", title="检查说明", html=Markup(f"<p>{escape(record.name)}的检查说明</p>"))


@hookimpl
def register_record_panels(ctx: Any) -> list[RecordPanel]:
    """A note under an inspection object's details (and nothing under other records)."""
    calls.append(f"register_record_panels:{ctx.plugin_key}")
    return [RecordPanel("hookcheck-note", _note_panel, order=15)]


@hookimpl
def register_event_handlers() -> dict[type, list[Any]]:
    """One handler."""
    from tests.plugins.hookcheck.events import ObjectCreated

    return {ObjectCreated: [lambda event: calls.append("handled")]}


@hookimpl
def register_notice_rules() -> list[Any]:
    """No rules, but the hook answers."""
    calls.append("register_notice_rules")
    return []


@hookimpl
def scan_deadlines(ctx: Any, now: Any) -> list[Any]:
    """No deadlines."""
    calls.append("scan_deadlines")
    return []


@hookimpl
def collect_indicators(ctx: Any, region: Any, period: Any) -> list[Indicator]:
    """The number of inspection objects in the region's subtree."""
    count = db.session.query(InspectionObject).count()
    return [Indicator(key="objects", label="检查对象数", numerator=count, plugin_key=KEY)]


@hookimpl
def collect_circular_sections(ctx: Any, region: Any, period: Any) -> list[Any]:
    """One section."""
    return [Section("检查对象", paragraphs=[f"{region.name}"])]


@hookimpl
def load_demo_data(ctx: Any, region: Any, scale: int) -> None:
    """Three objects per region."""
    for i in range(3 * scale):
        db.session.add(
            InspectionObject(
                name=f"{region.name}检查对象{i + 1}", address=f"{region.name}某路{i + 1}号", region_id=region.id
            )
        )


@hookimpl
def app_created(app: Any) -> None:
    """Remember that the app was finished."""
    app.config["HOOKCHECK_SAW_APP"] = True
