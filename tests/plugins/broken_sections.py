"""A plugin whose circular section hook raises."""

from typing import Any

from core.hookspecs import hookimpl
from core.plugins import PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    return PluginInfo(key="broken_sections", title="故障通报模块", title_en="Broken sections")


@hookimpl
def collect_circular_sections(ctx: Any, region: Any, period: Any) -> list[Any]:
    raise RuntimeError("统计口径未配置")
