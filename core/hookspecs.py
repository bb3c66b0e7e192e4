"""The hooks a Fazhi plugin may implement, in the order of the suite's life cycle.

A plugin is a module (or object) with functions marked ``@hookimpl`` named like the specs
below; it is found through the ``fazhi.plugins`` entry-point group. Every hook receives
keyword arguments only, and a plugin implements just the hooks it needs. The host
(`core.plugins.host.PluginHost`) calls each plugin's implementation on its own, so one
plugin that raises is reported and skipped while the others carry on.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("fazhi")
#: Decorate a plugin's hook implementations with this.
hookimpl = pluggy.HookimplMarker("fazhi")


# --------------------------------------------------------------------------------------
# Start-up: who the plugin is, and what it brings to the app
# --------------------------------------------------------------------------------------


@hookspec
def describe_plugin() -> Any:
    """Say who the plugin is: return a `core.plugins.PluginInfo` (key, titles, version, requires).

    Called once when the plugin is loaded. The key names the plugin everywhere: module
    switches, event prefixes, URLs. Required of every plugin.
    """


@hookspec
def register_migrations() -> Any:
    """Return the folder of the plugin's Alembic revisions (a `pathlib.Path`), or None.

    Called when the migration environment is configured. The plugin's first revision uses
    ``branch_labels = ("<key>",)`` and ``depends_on`` the core's head revision.
    """


@hookspec
def register_admin_views(ctx: Any) -> Any:
    """Return the Flask-Admin views of the plugin (subclasses of `core.admin.ScopedModelView`).

    Called once while the admin is built; `ctx` is the `PluginContext` (app, plugin key). Set
    ``plugin_key`` on each view so module switches and permissions apply to it.
    """


@hookspec
def register_blueprints(ctx: Any) -> Any:
    """Return Flask blueprints for pages outside the admin views (or an empty list)."""


@hookspec
def register_cli_commands(cli: Any) -> None:
    """Add click commands or groups to the ``flask`` command group `cli`."""


# --------------------------------------------------------------------------------------
# Events, deadlines and notices
# --------------------------------------------------------------------------------------


@hookspec
def register_event_handlers(ctx: Any) -> Any:
    """Return ``{event name: [handler, …]}``; each handler takes the event and must be idempotent.

    Called once when the event bus starts; `ctx` (optional to take) is the `PluginContext`.
    """


@hookspec
def register_notice_rules() -> Any:
    """Return the plugin's `core.notices.NoticeRule` list: which event issues which notice to whom.

    Called once when the event bus starts; the core applies each rule idempotently (one notice
    per rule key and dedupe key).
    """


@hookspec
def scan_deadlines(ctx: Any, now: Any) -> Any:
    """Return `core.deadlines.ScanEvent`s for the plugin's own checks at `now` (or []).

    Called by ``flask deadlines scan`` (`now`: aware local datetime). Deadlines opened with
    `core.deadlines.open_deadline` need nothing here — the core scans them; this is for checks
    of another shape. Each returned event is published once per (name, subject, dedupe).
    """


# --------------------------------------------------------------------------------------
# What the suite shows: dashboards, circulars, demo data
# --------------------------------------------------------------------------------------


@hookspec
def collect_indicators(ctx: Any, region: Any, year: int) -> Any:
    """Return `core.plugins.Indicator` values for `region` (its subtree) in `year`.

    Called only for plugins switched on for `region`.
    """


@hookspec
def collect_circular_sections(ctx: Any, region: Any, period: Any) -> Any:
    """Return the sections the plugin contributes to a circular of `region` for `period`."""


@hookspec
def load_demo_data(ctx: Any, region: Any, scale: int) -> None:
    """Create demo records in `region` (called once per demo county and for the city)."""


@hookspec
def app_created(app: Any) -> None:
    """Take a last look at the finished Flask `app` (called once, after everything is built)."""
