"""The court plugin's sections of a 《政府情况通报》 (the core's `Section`), for the core's `Period`."""

from __future__ import annotations

from core.circulars.render import Section, Table
from core.models import Region
from core.periods import Period
from plugins.court import evaluation, indicators


def sections(region: Region, period: Period) -> list[Section]:
    """出庭应诉情况 (rates per county, failures named) and the annual ranking when computed."""
    year, label = period.end.year, period.label
    total = indicators.figures_for(region, period)
    own = indicators.figures_for(region, period, own_only=True)
    observed, people = indicators.observations_count(region, period)
    criticised = indicators.criticised_units(region, period)
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
    rows = [[child.name, *_row(indicators.figures_for(child, period))] for child in region.children]
    rows.append([f"{region.name}本级", *_row(own)])
    rows.append(["合计", *_row(total)])
    header = ["区划", "开庭次数", "负责人出庭次数", "出庭应诉率", "出庭率（按案件）", "败诉率"]
    result = [Section("行政机关负责人出庭应诉情况", paragraphs=paragraphs, table=Table(header, rows))]
    if total.failures:
        failures = [
            [h.case.defendant_unit.name, h.case.case_number, h.held_on.isoformat(), h.appearance_label]
            for h in total.failures
        ]
        result.append(
            Section(
                "负责人未出庭且未经准许委托的庭审",
                paragraphs=["以下庭审中，被诉行政机关负责人未出庭，也未经准许委托本机关工作人员出庭："],
                table=Table(["单位", "案号", "开庭日期", "出庭情况"], failures),
            )
        )
    ranked = evaluation.ranking(region, year)
    if ranked:
        ranking = [[str(rank), sheet.unit.name, f"{sheet.total:g}"] for rank, sheet in ranked]
        result.append(
            Section(
                f"{year}年度行政机关负责人出庭应诉工作考评结果",
                paragraphs=["考评依据出庭应诉记录计算，调整分数均记录理由。"],
                table=Table(["名次", "单位", "得分"], ranking),
            )
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
