"""A plugin whose `register_event_handlers` answers nonsense: it must be refused on its own."""

from typing import Any

from core.hookspecs import hookimpl
from core.plugins import PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    return PluginInfo(key="broken_events", title="故障事件模块", title_en="Broken events")


@hookimpl
def register_event_handlers() -> dict[Any, Any]:
    # A valid subscription beside a name instead of an event class: neither may be registered.
    from tests.plugins.eventcheck.events import ThingHappened

    return {ThingHappened: [lambda event: None], "eventcheck.thing.followed": [print]}
