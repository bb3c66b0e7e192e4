"""A test plugin contributing circular sections: a paragraph, a long table, the period it was asked for."""

from typing import Any

from core.circulars.render import Section, Table
from core.hookspecs import hookimpl
from core.plugins import PluginInfo


@hookimpl
def describe_plugin() -> PluginInfo:
    return PluginInfo(key="circular_source", title="通报测试模块", title_en="Circular source")


@hookimpl
def collect_circular_sections(ctx: Any, region: Any, period: Any) -> list[Any]:
    rows = [[str(i), f"{region.name}第{i}号检查对象", "已整改" if i % 3 else "未整改"] for i in range(1, 61)]
    return [
        Section(
            "总体情况",
            paragraphs=[f"{period.label}，{region.name}共检查对象60个。", "通报批评单位：东宝区住房和城乡建设局。"],
        ),
        Section(
            "检查结果", level=2, paragraphs=["逐项情况见下表。"], table=Table(["序号", "检查对象", "整改情况"], rows)
        ),
    ]
