"""A plugin whose hooks raise: the rest of the suite must keep working."""

from typing import Any

from core.hookspecs import hookimpl
from core.plugins import PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    return PluginInfo(key="broken_hooks", title="故障模块", title_en="Broken hooks")


@hookimpl
def register_admin_views(ctx: Any) -> list[Any]:
    raise RuntimeError("视图注册失败")


@hookimpl
def register_record_panels(ctx: Any) -> list[Any]:
    return ["不是面板"]


@hookimpl
def collect_indicators(ctx: Any, region: Any, period: Any) -> list[Any]:
    raise ZeroDivisionError("指标计算失败")
