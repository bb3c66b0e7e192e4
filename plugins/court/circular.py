"""The court plugin's sections of a 《政府情况通报》: plain dicts {heading, paragraphs, table}."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.models import Region
from plugins.court import evaluation, indicators


def period_span(period: Any) -> tuple[tuple[dt.date, dt.date] | int, int, str]:
    """(what the figures cover, the year of the ranking, how the text names it) for a circular's period.

    The core passes a `Period(start, end)`; a bare year is accepted too.
    """
    if isinstance(period, int):
        return period, period, f"{period}年"
    start, end = getattr(period, "start", None), getattr(period, "end", None)
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return end.year, end.year, f"{end.year}年"
        label = getattr(period, "label", None) or f"{start.isoformat()}至{end.isoformat()}"
        return (start, end), end.year, label
    raise TypeError(f"无法确定通报期间：{period!r}")


def sections(region: Region, period: Any) -> list[dict[str, Any]]:
    """出庭应诉情况 (rates per county, failures named) and the annual ranking when computed."""
    span, year, label = period_span(period)
    total = indicators.figures_for(region, span)
    own = indicators.figures_for(region, span, own_only=True)
    observed, people = indicators.observations_count(region, span)
    criticised = indicators.criticised_units(region, span)
    paragraphs = [
        f"{label}，{region.name}行政机关行政诉讼案件共开庭{total.hearings_held}次，行政机关负责人出庭应诉"
        f"{total.head_appeared}次，出庭应诉率{total.rate_text()}；按案件计，出庭率{total.case_rate_text()}。"
        f"{region.name}本级机关出庭应诉率{own.rate_text()}。",
        f"负责人有正当理由不能出庭、经准许委托工作人员出庭{total.delegated}次；负责人未出庭且未经准许委托"
        f"{total.no_appearance}次。审结案件{total.cases_concluded}件，败诉{total.cases_lost}件，败诉率"
        f"{total.loss_rate_text()}。组织庭审观摩{observed}次、{people}人次。",
    ]
    if criticised:
        names = "、".join(u.name for u in criticised)
        paragraphs.append(f"对{names}等{len(criticised)}个单位予以通报批评，请相关单位认真整改。")
    rows = [[child.name, *_row(indicators.figures_for(child, span))] for child in region.children]
    rows.append([f"{region.name}本级", *_row(own)])
    rows.append(["合计", *_row(total)])
    result = [
        {
            "heading": "行政机关负责人出庭应诉情况",
            "paragraphs": paragraphs,
            "table": {
                "header": ["区划", "开庭次数", "负责人出庭次数", "出庭应诉率", "出庭率（按案件）", "败诉率"],
                "rows": rows,
            },
        }
    ]
    if total.failures:
        result.append(
            {
                "heading": "负责人未出庭且未经准许委托的庭审",
                "paragraphs": ["以下庭审中，被诉行政机关负责人未出庭，也未经准许委托本机关工作人员出庭："],
                "table": {
                    "header": ["单位", "案号", "开庭日期", "出庭情况"],
                    "rows": [
                        [h.case.defendant_unit.name, h.case.case_number, h.held_on.isoformat(), h.appearance_label]
                        for h in total.failures
                    ],
                },
            }
        )
    ranked = evaluation.ranking(region, year)
    if ranked:
        result.append(
            {
                "heading": f"{year}年度行政机关负责人出庭应诉工作考评结果",
                "paragraphs": ["考评依据出庭应诉记录计算，调整分数均记录理由。"],
                "table": {
                    "header": ["名次", "单位", "得分"],
                    "rows": [[str(rank), sheet.unit.name, f"{sheet.total:g}"] for rank, sheet in ranked],
                },
            }
        )
    return result


def _row(figures: indicators.AppearanceFigures) -> list[str]:
    return [
        str(figures.hearings_held),
        str(figures.head_appeared),
        figures.rate_text(),
        figures.case_rate_text(),
        figures.loss_rate_text(),
    ]
