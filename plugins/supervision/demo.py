"""Demo data, deterministic: the city's plan as in the source report, and a small plan in each county.

The city (荆门市): 《荆门市法治政府建设实施方案（2016—2020年）》 with 140 measures and 32 lead units;
tasks of 2016 (40), 2017 (69) and 2018 (28) walked through the real operations into their states;
the inspection of June 2017 of the 40 tasks of 2016, concluded, fed back, with approved proposals,
and published as a 《政府情况通报》; the mid-term supervision of 2017's tasks; the assessments of
2016 and 2017. A county: a plan of 8 measures with tasks of last year and this, and one inspection.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from sqlalchemy import select

from core import clock
from core.attachments import store_attachment
from core.extensions import db
from core.models import Region, Unit
from plugins.supervision import assessment, operations
from plugins.supervision.circular import draft_for
from plugins.supervision.demo_titles import TITLES
from plugins.supervision.models import Inspection, Measure, Plan, Task
from plugins.supervision.settings import setting
from plugins.supervision.vocabulary import Area, FindingRating

log = logging.getLogger(__name__)
PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = dt.date

#: The city's lead units besides the demo tenancy's ten (source report: 32 lead units).
MORE_CITY_UNITS = (
    "市人民政府办公室", "市发展和改革委员会", "市财政局", "市审计局", "市行政审批局", "市委机构编制委员会办公室",
    "市民政局", "市农业农村局", "市水利和湖泊局", "市卫生健康委员会", "市文化和旅游局", "市应急管理局",
    "市商务局", "市统计局", "市信访局", "市林业局", "市人民政府国有资产监督管理委员会", "市医疗保障局",
    "市科学技术局", "市经济和信息化局", "市项目服务局", "市政务服务和大数据管理局",
)  # fmt: skip
#: Tasks per year (source report: 2016 inspected 40, 2017 mid-term 69, 2018 early start 28) and their ends:
#: (accepted on time, accepted late, applied, returned, running, not started).
YEARS = {
    2016: (40, (31, 5, 0, 2, 2, 0)),
    2017: (69, (52, 6, 5, 3, 3, 0)),
    2018: (28, (20, 0, 0, 0, 5, 3)),
}


def load_demo_data(region: Region, scale: int) -> None:
    """The plan of `region`: the city's 140 measures, or a county's few; nothing for townships."""
    if region.level == "city":
        _city(region)
    elif region.level in ("county", "zone"):
        _county(region)


def _units(region: Region, names: tuple[str, ...] = ()) -> list[Unit]:
    existing = {u.name: u for u in db.session.execute(select(Unit).where(Unit.region_id == region.id)).scalars()}
    for name in names:
        if name not in existing:
            existing[name] = Unit(name=name, region_id=region.id)
            db.session.add(existing[name])
    db.session.flush()
    return sorted(existing.values(), key=lambda u: u.id)


def _plan(region: Region, title: str, adopted: dt.date, end_year: int = 2020) -> Plan | None:
    if db.session.execute(select(Plan.id).where(Plan.region_id == region.id, Plan.title == title)).first():
        return None  # loaded already
    plan = Plan(region_id=region.id, title=title, start_year=adopted.year, end_year=end_year, adopted_on=adopted)
    db.session.add(plan)
    db.session.flush()
    return plan


def _day(day: dt.date) -> dt.date:
    """A demo date, never after today (acts are refused with future dates)."""
    return min(day, clock.today())


def _walk(task: Task, end: str, rng: random.Random, started: dt.date) -> None:
    """Take a task through the operations to its end state (dates inside its year, or after for late ones)."""
    year, deadline = task.year, task.deadline
    started = _day(started)
    operations.plan(task, started, f"{task.lead_unit.name}制定工作方案：明确责任单位、完成时限和成果形式")
    unit = (task.measure.responsible_units or [task.lead_unit])[0]
    step_due = min(deadline, D(year, 9, 30))
    step = operations.add_step(task, started, "组织实施：起草制度文件并推动落实", unit, step_due)
    if end not in ("not_started", "running") and step_due < clock.today():
        operations.complete_step(step, max(started, step_due - dt.timedelta(days=rng.randint(0, 20))))
    operations.report(task, _day(max(started, D(year, 7, 10))), "按工作方案推进，阶段性工作已完成")
    if end == "running":
        return
    store_attachment(task, f"{year}年第{task.measure.number}项工作成果.pdf", PDF)
    late = end == "late"
    applied = D(year + 1, 7, rng.randint(1, 28)) if late else D(year, rng.choice((10, 11, 12)), rng.randint(1, 20))
    applied = _day(max(applied, started))
    operations.apply(task, applied, "工作方案、制度文件、工作总结及相关台账资料")
    if end in ("on_time", "late"):
        operations.accept(task, _day(applied + dt.timedelta(days=rng.randint(3, 10))), "验收合格，予以销号")
    elif end == "returned":
        operations.return_task(task, _day(applied + dt.timedelta(days=7)), "成果材料不完整，制度文件尚未印发")


def _city(city: Region) -> None:
    plan = _plan(city, "荆门市法治政府建设实施方案（2016—2020年）", D(2016, 5, 20))
    if plan is None:
        return
    rng = random.Random(f"supervision:{city.code}")
    units = _units(city, MORE_CITY_UNITS)[: setting("DEMO_LEAD_UNITS")]
    titles = [(area, title) for area in Area for title in TITLES[area]][: setting("DEMO_MEASURES")]
    years = [y for y, (n, _ends) in YEARS.items() for _ in range(n)]
    years += [2019] * (len(titles) - len(years))
    rng.shuffle(years)
    order = list(range(len(titles)))
    leads = [units[i % len(units)] for i in order]
    rng.shuffle(leads)
    measures = []
    for i, ((area, title), year, lead) in enumerate(zip(titles, years, leads, strict=False), start=1):
        others = [u for u in units if u.id != lead.id]
        measure, _ = operations.save_measure(
            plan,
            str(i),
            {
                "seq": i,
                "area": area.value,
                "chapter": f"{list(Area).index(area) + 1}. {title[:6]}",
                "title": title,
                "lead_unit_id": lead.id,
                "start_year": year,
                "end_year": 2020 if i % 4 == 0 else year,
                "deadline": D(year, 12, 31),
                "evidence": "制度文件、工作方案、工作总结",
            },
            rng.sample(others, 2),
        )
        measures.append(measure)
    for year, (_count, ends) in YEARS.items():
        states = [s for s, n in zip(("on_time", "late", "applied", "returned", "running", "not_started"), ends,
                                    strict=True) for _ in range(n)]  # fmt: skip
        rng.shuffle(states)
        of_year = [m for m in measures if m.start_year == year]
        opened = D(year - 1, 11, 15) if year == 2018 else D(year, 2, 1)  # 2018: 鼓励提前启动
        for measure, end in zip(of_year, states, strict=True):
            task = operations.open_task(measure, year, D(year, 12, 31), on=opened)
            if end != "not_started":
                _walk(task, end, rng, opened + dt.timedelta(days=rng.randint(10, 40)))
    _inspect_2016(city, rng)
    _midterm_2017(city)
    for year in (2016, 2017):
        assessment.compute_all(year, [city.id])
    db.session.commit()
    _publish(city)


def _inspection(city: Region, title: str, year: int, content: str) -> Inspection:
    """An inspection of the city's lead units in June 2017 (its written plan, art 15), under way."""
    inspection = Inspection(
        region_id=city.id,
        title=title,
        year=year,
        content=content,
        objects=f"{year}年度任务的各牵头单位",
        scope="市直各牵头单位",
        starts_on=D(2017, 6, 5),
        ends_on=D(2017, 6, 20),
    )
    db.session.add(inspection)
    db.session.flush()
    operations.start(inspection, D(2017, 6, 5))
    return inspection


def _inspect_2016(city: Region, rng: random.Random) -> None:
    """June 2017: the 40 tasks of 2016 inspected; concluded, fed back, proposals approved (arts 15–21)."""
    inspection = _inspection(
        city,
        "2016年度法治政府建设实施方案任务完成情况督查",
        2016,
        "《实施方案》2016年度40项任务的完成情况、工作台账和成果材料",
    )
    tasks = db.session.execute(select(Task).where(Task.year == 2016, Task.region_id == city.id)).scalars().all()
    for task in tasks:
        done = task.accepted_on is not None and task.accepted_on <= D(2017, 6, 5)
        operations.add_finding(
            inspection,
            task.lead_unit,
            FindingRating.GOOD if done else FindingRating.PROBLEM,
            "任务按期完成，台账资料齐全" if done else "任务未按期完成验收销号，工作进度滞后",
            task=task,
            rectification="" if done else "限期完成并申请验收销号",
            rectify_by=None if done else D(2017, 8, 31),
        )
    operations.conclude(inspection, D(2017, 6, 26), "2016年度任务总体完成较好，个别单位工作进度滞后，需限期整改。")
    for finding in inspection.findings:
        operations.feed_back(finding, D(2017, 6, 28), D(2017, 6, 29))
        if finding.rectification and finding.task and finding.task.accepted_on:
            operations.rectify(finding, finding.task.accepted_on, "已完成任务并通过验收销号")
            operations.verify(finding, finding.task.accepted_on + dt.timedelta(days=5), "经核查，整改到位")
    good = [f.unit for f in inspection.findings if f.rating == FindingRating.GOOD]
    problem = [f.unit for f in inspection.findings if f.rating == FindingRating.PROBLEM]
    for unit, kind, reason in (
        *((u, "praise", "按期高质量完成年度任务") for u in good[:2]),
        *((u, "criticism", "年度任务逾期未完成，督办后仍未整改到位") for u in problem[:1]),
    ):
        proposal = operations.propose(inspection, unit, kind, reason, D(2017, 6, 27))
        operations.decide_proposal(proposal, D(2017, 6, 30), True, "市人民政府")


def _midterm_2017(city: Region) -> None:
    """The mid-term supervision of 2017's 69 tasks: concluded with the lagging ones."""
    inspection = _inspection(city, "2017年度实施方案任务中期督办", 2017, "《实施方案》2017年度69项任务的阶段性进展")
    lagging = (
        db.session.execute(select(Task).where(Task.year == 2017, Task.region_id == city.id, Task.accepted_on.is_(None)))
        .scalars()
        .all()
    )
    for task in lagging:
        operations.add_finding(inspection, task.lead_unit, FindingRating.BASIC, "阶段性工作进度偏慢", task=task)
    operations.conclude(inspection, D(2017, 6, 30), "2017年度任务整体按计划推进，进度偏慢的任务已跟踪督办。")


def _publish(city: Region) -> None:
    """The 2016 inspection's circular: composed by the core, published (numbered, rendered) in process."""
    from core.circulars.models import CircularState
    from core.circulars.publishing import check_publishable, publish_circular

    inspection = db.session.execute(
        select(Inspection).where(Inspection.region_id == city.id, Inspection.year == 2016)
    ).scalar_one()
    circular = draft_for(inspection)
    check_publishable(circular)
    circular.state = CircularState.PUBLISHING
    db.session.commit()
    try:
        publish_circular(circular.id)
    except Exception:  # a demo without fonts still has its draft
        log.exception("publishing the demo circular failed")
        db.session.rollback()


def _county(county: Region) -> None:
    plan = _plan(county, f"{county.name}法治政府建设实施方案（2016—2020年）", D(2016, 8, 1), clock.today().year + 1)
    if plan is None:
        return
    rng = random.Random(f"supervision:{county.code or county.name}")
    units = _units(county)
    this_year = clock.today().year
    areas = list(Area)
    for i in range(1, 9):
        area = areas[i % len(areas)]
        lead = units[i % len(units)]
        year = this_year - 1 if i <= 4 else this_year
        measure, _ = operations.save_measure(
            plan,
            str(i),
            {
                "seq": i,
                "area": area.value,
                "chapter": "",
                "title": f"{county.name}{TITLES[area][i]}",
                "lead_unit_id": lead.id,
                "start_year": year,
                "end_year": year,
                "deadline": D(year, 12, 31),
                "evidence": "制度文件、工作总结",
            },
            [units[(i + 1) % len(units)]],
        )
        task = operations.open_task(measure, year, D(year, 12, 31), on=D(year, 1, 15))
        end = ("on_time", "returned", "running", "on_time")[i % 4] if year < this_year else "running"
        if i != 8:
            _walk(task, end, rng, D(year, 2, 1))
    inspection = Inspection(
        region_id=county.id,
        title=f"{this_year - 1}年度实施方案任务督查",
        year=this_year - 1,
        content="上年度任务完成情况",
        objects="各牵头单位",
        scope=f"{county.name}各牵头单位",
        starts_on=D(this_year, 3, 1),
        ends_on=D(this_year, 3, 20),
    )
    db.session.add(inspection)
    db.session.flush()
    for task in db.session.execute(
        select(Task).join(Measure).where(Measure.plan_id == plan.id, Task.year == this_year - 1)
    ).scalars():
        ok = task.accepted_on is not None
        operations.add_finding(inspection, task.lead_unit, "good" if ok else "problem",
                               "按期完成" if ok else "未按期完成", task=task,
                               rectification="" if ok else "限期整改")  # fmt: skip
    operations.conclude(inspection, _day(D(this_year, 3, 25)), "总体完成较好，个别任务滞后。")
    for finding in inspection.findings:
        operations.feed_back(finding, _day(D(this_year, 3, 26)))
    assessment.compute_all(this_year - 1, [county.id])
