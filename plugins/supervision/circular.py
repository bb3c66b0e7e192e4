"""The 实施方案督办 sections of a 《政府情况通报》, and an inspection's circular draft.

Sections (`core.circulars.render.Section`s for a `core.periods.Period`), through
the reporting scope (the region's subtree where the module is on):
- 实施方案任务落实情况: each year's tasks by state as of the period's end, and the units with overdue tasks;
- 督查情况: the inspections concluded in the period, their findings and the approved proposals;
- 年度考核排名: the assessments of the period's last assessed year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from core import reporting
from core.circulars.render import Section, Table
from core.extensions import db
from core.i18n import say
from core.models import Region, Unit
from core.periods import Period
from core.refusals import Refusal
from plugins.supervision import progress
from plugins.supervision.deadlines import PLUGIN_KEY
from plugins.supervision.models import Assessment, Inspection, Task


def overdue_units(scope: frozenset[int], end: dt.date) -> list[tuple[str, list[Task]]]:
    """Units with tasks overdue at the end of `end`, with those tasks (most first)."""
    tasks = (
        db.session.execute(
            select(Task)
            .where(Task.region_id.in_(scope), progress.overdue_as_of(end + dt.timedelta(days=1)))
            .order_by(Task.lead_unit_id, Task.year, Task.id)
        )
        .scalars()
        .all()
    )
    grouped: dict[str, list[Task]] = {}
    for task in tasks:
        grouped.setdefault(task.lead_unit.name, []).append(task)
    return sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _tasks_section(scope: frozenset[int], start: dt.date, end: dt.date) -> Section | None:
    query = select(Task.year).where(Task.region_id.in_(scope), Task.year <= end.year).distinct()
    years = sorted(db.session.execute(query).scalars())
    if not years:
        return None
    paragraphs = []
    for year in years:
        tasks = db.session.execute(select(Task).where(Task.region_id.in_(scope), Task.year == year)).scalars().all()
        accepted = sum(1 for t in tasks if t.accepted_on and t.accepted_on <= end)
        started = sum(1 for t in tasks if t.started_on and t.started_on <= end)
        paragraphs.append(
            f"{year}年度实施方案任务{len(tasks)}项，截至{end.year}年{end.month}月{end.day}日已验收销号{accepted}项，"
            f"已启动未销号{max(0, started - accepted)}项。"
        )
    units = overdue_units(scope, end)
    if units:
        names = "、".join(name for name, _tasks in units)
        paragraphs.append(f"以下{len(units)}个单位存在逾期未销号的任务，予以督办：{names}。")
    else:
        paragraphs.append("没有逾期未销号的任务。")
    rows = [
        [name, str(len(tasks)), "、".join(f"{t.year}年第{t.measure.number}项" for t in tasks)] for name, tasks in units
    ]
    table = Table(header=["牵头单位", "逾期未销号任务", "任务"], rows=rows) if rows else None
    return Section(heading="实施方案任务落实情况", paragraphs=paragraphs, table=table)


def _inspection_sections(scope: frozenset[int], start: dt.date, end: dt.date) -> list[Section]:
    inspections = (
        db.session.execute(
            select(Inspection)
            .where(Inspection.region_id.in_(scope), Inspection.concluded_on.between(start, end))
            .order_by(Inspection.concluded_on)
        )
        .scalars()
        .all()
    )
    sections = []
    for inspection in inspections:
        paragraphs = [
            f"{inspection.starts_on.year}年{inspection.starts_on.month}月，对{inspection.year}年度"
            f"{len({f.task_id for f in inspection.findings if f.task_id})}项任务完成情况进行督查。",
            inspection.conclusion,
        ]
        approved = [p for p in inspection.proposals if p.state == "approved"]
        for kind, label in (("praise", "予以表扬"), ("criticism", "予以通报批评"), ("accountability", "建议追究责任")):
            names = "、".join(p.unit.name for p in approved if p.kind == kind)
            if names:
                paragraphs.append(f"经批准，{label}的单位：{names}。")
        rows = [
            [
                f.unit.name,
                f"{f.task.year}年第{f.task.measure.number}项" if f.task else "",
                f.rating_label,
                f.description,
                f.rectification or "",
            ]
            for f in sorted(inspection.findings, key=lambda f: (f.rating != "problem", f.unit_id))
        ]
        sections.append(
            Section(
                heading=f"督查情况：{inspection.title}",
                paragraphs=[p for p in paragraphs if p],
                table=Table(header=["单位", "任务", "评价", "督查发现", "整改要求"], rows=rows),
            )
        )
    return sections


def _ranking_section(scope: frozenset[int], end: dt.date) -> Section | None:
    year = db.session.scalar(
        select(Assessment.year)
        .where(Assessment.region_id.in_(scope), Assessment.year <= end.year)
        .order_by(Assessment.year.desc())
        .limit(1)
    )
    if year is None:
        return None
    rows = db.session.execute(
        select(Unit.name, Assessment.score)
        .join(Unit, Unit.id == Assessment.unit_id)
        .where(Assessment.region_id.in_(scope), Assessment.year == year)
        .order_by(Assessment.score.desc(), Unit.name)
    ).all()
    table = Table(header=["名次", "单位", "得分"], rows=[[str(i), n, f"{s:.2f}"] for i, (n, s) in enumerate(rows, 1)])
    return Section(
        heading=f"{year}年度实施方案任务考核排名",
        paragraphs=[f"按考核方案计算，{year}年度共{len(rows)}个单位参加考核。"],
        table=table,
    )


def collect_circular_sections(region: Region, period: Period) -> list[Section]:
    """The plugin's sections for `region` and `period`."""
    start, end = period.start, period.end
    scope = reporting.region_ids(region, PLUGIN_KEY)
    sections = [
        _tasks_section(scope, start, end),
        *_inspection_sections(scope, start, end),
        _ranking_section(scope, end),
    ]
    return [s for s in sections if s]


def draft_for(inspection: Inspection) -> Any:
    """A circular draft of the inspection's results: the core composes it; only this plugin's sections stay in."""
    from core.circulars.compose import compose
    from core.circulars.models import Circular

    if inspection.state != "concluded" or inspection.concluded_on is None:
        raise Refusal("state", say("督查尚未作出结论，不能生成通报"))
    if inspection.circular_id:
        raise Refusal("state", say("本次督查已生成通报"))
    region = db.session.get(Region, inspection.region_id)
    circular = Circular(
        region_id=region.id,
        title=f"关于{inspection.title}情况的通报",
        issuing_office=f"{region.name}人民政府办公室",
        period_start=inspection.starts_on,
        period_end=inspection.concluded_on,
        report_to=f"{region.name}人民政府",
        distribute_to="各牵头单位、责任单位",
    )
    db.session.add(circular)
    db.session.flush()
    compose(circular)
    for section in circular.sections:
        section.included = section.plugin_key == "supervision"
    inspection.circular_id = circular.id
    db.session.flush()
    return circular
