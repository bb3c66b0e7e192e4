"""The core's own features, registered through the same hooks a plugin uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

# The tables of the core's features join the metadata (migrations, create_all in tools).
from core.circulars import models as _circular_models  # noqa: F401
from core.deadlines import models as _deadline_models  # noqa: F401
from core.events import models as _event_models  # noqa: F401
from core.hookspecs import hookimpl
from core.notices import models as _notice_models  # noqa: F401
from core.plugins.types import Indicator, PluginInfo

if TYPE_CHECKING:
    from core.circulars.render import Section
    from core.events import Event, EventData
    from core.models import Region
    from core.notices.types import NoticeRule
    from core.panels import RecordPanel
    from core.periods import Period
    from core.plugins.host import PluginContext


@hookimpl
def describe_plugin() -> PluginInfo:
    """The core: always on, cannot be switched off per region."""
    return PluginInfo(key="core", title="系统管理", title_en="System", switchable=False)


@hookimpl
def register_admin_views(ctx: PluginContext) -> list[Any]:
    """Circulars, regions, units, users, module switches, the audit trail, the event log, the
    working-day calendar, deadlines and notices."""
    from core.admin.calendar_views import calendar_admin_views
    from core.admin.core_views import core_admin_views
    from core.circulars.admin import circular_admin_views
    from core.deadlines.admin import deadline_admin_views
    from core.events.admin import event_admin_views
    from core.notices.admin import notice_admin_views

    return (
        circular_admin_views()
        + core_admin_views()
        + calendar_admin_views()
        + event_admin_views()
        + deadline_admin_views()
        + notice_admin_views()
    )


@hookimpl
def register_blueprints(ctx: PluginContext) -> list[Any]:
    """Attachment upload and download; ``/healthz``."""
    from core.attachments import bp as attachments_bp
    from core.health import bp as health_bp

    return [attachments_bp, health_bp]


@hookimpl
def register_record_panels(ctx: PluginContext) -> list[RecordPanel]:
    """Attachments, the circulars a record appears in, deadlines, notices, and the history."""
    from core.attachments import ATTACHMENTS_PANEL
    from core.circulars.admin import record_panels as circular_panels
    from core.deadlines.panel import record_panels as deadline_panels
    from core.history import HISTORY_PANEL
    from core.notices.panel import record_panels as notice_panels

    return [ATTACHMENTS_PANEL, *circular_panels(), *deadline_panels(), *notice_panels(), HISTORY_PANEL]


@hookimpl
def register_cli_commands(cli: Any) -> None:
    """``flask events work | status | replay``, ``flask circulars publish-job`` and
    ``flask deadlines scan | recompute``, ``flask backup`` / ``restore``, ``flask storage move``,
    ``flask search rebuild``, ``flask dashboard recount`` and ``flask plugins new KEY``."""
    from core.backup import backup_command, restore_command
    from core.circulars.cli import circulars_group
    from core.dashboard_cli import dashboard_group
    from core.deadlines.cli import deadlines_group
    from core.events.cli import events_group
    from core.plugins.skeleton import plugins_group
    from core.search import search_group
    from core.storage import storage_group

    cli.add_command(events_group)
    cli.add_command(circulars_group)
    cli.add_command(deadlines_group)
    cli.add_command(backup_command)
    cli.add_command(restore_command)
    cli.add_command(storage_group)
    cli.add_command(search_group)
    cli.add_command(plugins_group)
    cli.add_command(dashboard_group)


@hookimpl
def register_event_handlers(ctx: PluginContext) -> dict[type[EventData], list[Callable[[Event[Any]], None]]]:
    """One handler per notice rule (the core's and every plugin's), on the rule's event."""
    from core.notices.rules import get_rules

    return get_rules(ctx.app).handlers()


@hookimpl
def register_notice_rules() -> list[NoticeRule]:
    """预警 when a deadline approaches, 督办 when it is missed (fallbacks for plugins' own rules)."""
    from core.notices.rules import core_rules

    return core_rules()


@hookimpl
def collect_indicators(ctx: PluginContext, region: Region, period: Period) -> list[Indicator]:
    """Deadlines met on time, and notices closed (销号), in `region`'s subtree over `period`."""
    from core.dashboard import core_indicators

    return core_indicators(region, period)


@hookimpl
def app_created(app: Any) -> None:
    """Start the event bus and collect the record panels, once every plugin is loaded."""
    from core.events.dispatch import install
    from core.panels import get_panels

    install(app)
    get_panels(app)


@hookimpl
def collect_circular_sections(ctx: PluginContext, region: Region, period: Period) -> list[Section]:
    """The notices issued and rectified in the period, and the units criticised."""
    from core.notices.circular import notice_sections

    return notice_sections(region, period)
