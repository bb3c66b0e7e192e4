"""The core's own features, registered through the same hooks a plugin uses."""

from __future__ import annotations

from typing import Any

# The tables of the core's features join the metadata (migrations, create_all in tools).
from core.circulars import models as _circular_models  # noqa: F401
from core.deadlines import models as _deadline_models  # noqa: F401
from core.events import models as _event_models  # noqa: F401
from core.hookspecs import hookimpl
from core.notices import models as _notice_models  # noqa: F401
from core.plugins.types import Indicator, PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    """The core: always on, cannot be switched off per region."""
    return PluginInfo(key="core", title="系统管理", title_en="System", switchable=False)


@hookimpl
def register_admin_views(ctx: Any) -> list[Any]:
    """Circulars, regions, units, users, module switches, the audit trail, the event log, the
    working-day calendar, deadlines and notices."""
    from core.admin.calendar_views import calendar_admin_views
    from core.admin.core_views import core_admin_views
    from core.circulars.admin import circular_admin_views
    from core.deadlines.admin import deadline_admin_views
    from core.deadlines.panel import register_panels as register_deadline_panels
    from core.events.admin import event_admin_views
    from core.notices.admin import notice_admin_views
    from core.notices.panel import register_panels as register_notice_panels

    register_deadline_panels()
    register_notice_panels()
    return (
        circular_admin_views()
        + core_admin_views()
        + calendar_admin_views()
        + event_admin_views()
        + deadline_admin_views()
        + notice_admin_views()
    )


@hookimpl
def register_blueprints(ctx: Any) -> list[Any]:
    """Attachment upload and download; ``/healthz``."""
    import core.history  # noqa: F401 - registers the history panel
    from core.attachments import bp as attachments_bp
    from core.circulars.admin import register_panels
    from core.health import bp as health_bp

    register_panels()

    return [attachments_bp, health_bp]


@hookimpl
def register_cli_commands(cli: Any) -> None:
    """``flask events work | status | replay``, ``flask circulars publish-job`` and
    ``flask deadlines scan | recompute``, ``flask backup`` / ``restore`` and ``flask storage move``."""
    from core.backup import backup_command, restore_command
    from core.circulars.cli import circulars_group
    from core.deadlines.cli import deadlines_group
    from core.events.cli import events_group
    from core.search import search_group
    from core.storage import storage_group

    cli.add_command(events_group)
    cli.add_command(circulars_group)
    cli.add_command(deadlines_group)
    cli.add_command(backup_command)
    cli.add_command(storage_group)
    cli.add_command(search_group)
    cli.add_command(restore_command)


@hookimpl
def register_event_handlers(ctx: Any) -> dict[str, list[Any]]:
    """One handler per notice rule (the core's and every plugin's), on the rule's event."""
    from core.notices.rules import get_rules

    return get_rules(ctx.app).handlers()


@hookimpl
def register_notice_rules() -> list[Any]:
    """预警 when a deadline approaches, 督办 when it is missed (fallbacks for plugins' own rules)."""
    from core.notices.rules import core_rules

    return core_rules()


@hookimpl
def collect_indicators(ctx: Any, region: Any, year: int) -> list[Indicator]:
    """Deadlines met on time, and notices closed (销号), in `region`'s subtree in `year`."""
    from core.dashboard import core_indicators

    return core_indicators(region, year)


@hookimpl
def app_created(app: Any) -> None:
    """Start the event bus once every plugin is loaded (it collects their handlers)."""
    from core.events.dispatch import install

    install(app)


@hookimpl
def collect_circular_sections(ctx: Any, region: Any, period: Any) -> list[Any]:
    """The notices issued and rectified in the period, and the units criticised."""
    from core.notices.circular import notice_sections

    return notice_sections(region, period)
