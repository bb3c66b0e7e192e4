"""A plugin with a misspelt hook name: refused at registration, reported."""

from typing import Any

from core.hookspecs import hookimpl
from core.plugins import PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    return PluginInfo(key="misspelt", title="拼写错误", title_en="Misspelt")


@hookimpl
def colect_indicators(ctx: Any, region: Any, year: int) -> list[Any]:
    return []
