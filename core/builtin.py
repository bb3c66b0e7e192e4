"""The core's own features, registered through the same hooks a plugin uses."""

from __future__ import annotations

from typing import Any

from core.events import models as _event_models  # noqa: F401 - the bus's tables join the metadata
from core.hookspecs import hookimpl
from core.plugins.types import PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    """The core: always on, cannot be switched off per region."""
    return PluginInfo(key="core", title="系统管理", title_en="System", switchable=False)


@hookimpl
def register_admin_views(ctx: Any) -> list[Any]:
    """Regions, units, users, module switches and the audit trail."""
    from core.admin.core_views import core_admin_views
    from core.events.admin import event_admin_views

    return core_admin_views() + event_admin_views()


@hookimpl
def register_blueprints(ctx: Any) -> list[Any]:
    """Attachment upload and download."""
    import core.history  # noqa: F401 - registers the history panel
    from core.attachments import bp as attachments_bp

    return [attachments_bp]


@hookimpl
def register_cli_commands(cli: Any) -> None:
    """``flask events work | status | replay``."""
    from core.events.cli import events_group

    cli.add_command(events_group)


@hookimpl
def app_created(app: Any) -> None:
    """Start the event bus once every plugin is loaded (it collects their handlers)."""
    from core.events.dispatch import install

    install(app)
