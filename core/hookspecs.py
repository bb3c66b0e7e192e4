"""The hooks a Fazhi plugin may implement, in the order of the suite's life cycle.

A plugin is a module (or object) with functions marked ``@hookimpl`` named like the specs
below; it is found through the ``fazhi.plugins`` entry-point group. Every hook receives
keyword arguments only, and a plugin implements just the hooks it needs. The host
(`core.plugins.host.PluginHost`) calls each plugin's implementation on its own, so one
plugin that raises is reported and skipped while the others carry on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pluggy
from flask import Blueprint, Flask

if TYPE_CHECKING:
    # Types only: the modules below import this one (through the plugin host) at run time.
    from flask_admin import BaseView

    from core.circulars.render import Section
    from core.deadlines.scan import ScanEvent
    from core.events import Event, EventData
    from core.models import Region
    from core.notices.types import NoticeRule
    from core.panels import RecordPanel
    from core.periods import Period
    from core.plugins.host import PluginContext
    from core.plugins.types import Indicator, PluginInfo


hookspec = pluggy.HookspecMarker("fazhi")
#: Decorate a plugin's hook implementations with this.
hookimpl = pluggy.HookimplMarker("fazhi")


# --------------------------------------------------------------------------------------
# Start-up: who the plugin is, and what it brings to the app
# --------------------------------------------------------------------------------------


@hookspec
def describe_plugin() -> PluginInfo:
    """Say who the plugin is: return a `core.plugins.PluginInfo` (key, titles, version, requires).

    Called once when the plugin is loaded. The key names the plugin everywhere: module
    switches, event prefixes, URLs. Required of every plugin.
    """


@hookspec
def register_migrations() -> Path | None:
    """Return the folder of the plugin's Alembic revisions (a `pathlib.Path`), or None.

    Called when the migration environment is configured. The plugin's first revision uses
    ``branch_labels = ("<key>",)`` and ``depends_on`` the core's head revision.
    """


@hookspec
def register_admin_views(ctx: PluginContext) -> list[BaseView]:
    """Return the Flask-Admin views of the plugin (subclasses of `core.admin.ScopedModelView`).

    Called once while the admin is built; `ctx` is the `PluginContext` (app, plugin key). Set
    ``plugin_key`` on each view so module switches and permissions apply to it.
    """


@hookspec
def register_blueprints(ctx: PluginContext) -> list[Blueprint]:
    """Return Flask blueprints for pages outside the admin views (or an empty list)."""


@hookspec
def register_record_panels(ctx: PluginContext) -> list[RecordPanel]:
    """Return the plugin's `core.panels.RecordPanel`s: blocks shown under a record's details.

    Called once per app, the first time a details page is shown. Each panel's `render(record)`
    returns a `core.panels.Panel`, or None for records it has nothing to say about.
    """


@hookspec
def register_cli_commands(cli: click.Group) -> None:
    """Add click commands or groups to the ``flask`` command group `cli`."""


# --------------------------------------------------------------------------------------
# Events, deadlines and notices
# --------------------------------------------------------------------------------------


@hookspec
def register_event_handlers(ctx: PluginContext) -> dict[type[EventData], list[Callable[[Event[Any]], None]]]:
    """Return ``{EventClass: [handler, …]}``; each handler takes the `Event` and must be idempotent.

    Called once when the event bus starts; `ctx` (optional to take) is the `PluginContext`. A
    handler reads the event's fields as ``event.data.<field>`` (an instance of the class).
    """


@hookspec
def register_notice_rules() -> list[NoticeRule]:
    """Return the plugin's `core.notices.NoticeRule` list: which event issues which notice to whom.

    Called once when the event bus starts; the core applies each rule idempotently (one notice
    per rule key and dedupe key).
    """


@hookspec
def scan_deadlines(ctx: PluginContext, now: dt.datetime) -> list[ScanEvent]:
    """Return `core.deadlines.ScanEvent`s for the plugin's own checks at `now` (or []).

    Called by ``flask deadlines scan`` (`now`: aware local datetime). Deadlines opened with
    `core.deadlines.open_deadline` need nothing here — the core scans them; this is for checks
    of another shape. Each returned event is published once per (name, subject, dedupe).
    """


# --------------------------------------------------------------------------------------
# What the suite shows: dashboards, circulars, demo data
# --------------------------------------------------------------------------------------


@hookspec
def collect_indicators(ctx: PluginContext, region: Region, period: Period) -> list[Indicator]:
    """Return `core.plugins.Indicator` values for `region` (its subtree) over `period`.

    Called only for plugins switched on for `region`, with a period inside one calendar year (the
    dashboard asks for whole years, ``Period.year``): a figure's link filters its list by
    ``period.calendar_year``, and a figure kept per year (a notice's year, a plan task's year) is
    read by it too (it raises for a period across two years).
    """


@hookspec
def collect_circular_sections(ctx: PluginContext, region: Region, period: Period) -> list[Section]:
    """Return the `core.circulars.render.Section`s the plugin contributes to a circular of `region`.

    Called when a draft is composed, only for plugins switched on for `region`; the figures cover
    `period` (`start` to `end`, both included) and the text names it by `period.label`.
    """


@hookspec
def load_demo_data(ctx: PluginContext, region: Region, scale: int) -> None:
    """Create demo records in `region` (called once per demo county and for the city)."""


@hookspec
def app_created(app: Flask) -> None:
    """Take a last look at the finished Flask `app` (called once, after everything is built)."""
