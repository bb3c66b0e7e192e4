"""A plugin whose `register_event_handlers` answers nonsense: it must be refused on its own."""

from typing import Any

from core.hookspecs import hookimpl
from core.plugins import PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    return PluginInfo(key="broken_events", title="故障事件模块", title_en="Broken events")


@hookimpl
def register_event_handlers() -> dict[str, Any]:
    # A valid subscription beside an invalid name: neither may be registered.
    return {"eventcheck.thing.happened": [lambda event: None], "Not An Event": [print]}
