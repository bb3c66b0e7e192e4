"""The annual assessment (年度考核) of each unit on the plan's tasks, by the configurable scheme.

Metrics (settings ``FAZHI_SUPERVISION_ASSESSMENT_SCHEME``, metric → points):

- ``on_time``: tasks accepted by their deadline ÷ tasks of the year → share of the points;
- ``accepted``: tasks accepted (销号) ÷ tasks of the year → share of the points;
- ``overdue``: the points less ``FAZHI_SUPERVISION_PENALTY_POINTS`` per task overdue, not below 0;
- ``findings``: the points less the penalty per inspection finding "存在问题" of the year;
- ``rectification``: findings rectified and verified ÷ findings that demanded rectification.

An adjustment (with its reason) stays through a recompute; every change is audited by the core.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from core import clock
from core.events import publish
from core.extensions import db
from core.i18n import say
from core.models import Unit
from core.refusals import Refusal
from plugins.supervision import events, progress
from plugins.supervision.models import Assessment, AssessmentLine, Finding, Inspection, Task
from plugins.supervision.settings import setting
from plugins.supervision.vocabulary import FindingRating, Metric, TaskState


def _share(label: str, numerator: int, denominator: int, points: float) -> tuple[float, str]:
    if not denominator:
        return points, f"{label}：无应计任务，得满分{points:g}"
    earned = points * numerator / denominator
    return earned, f"{label} {numerator}/{denominator} × {points:g} = {earned:.2f}"


def _penalty(label: str, count: int, points: float) -> tuple[float, str]:
    each = setting("PENALTY_POINTS")
    earned = max(0.0, points - each * count)
    return earned, f"{label}{count}项，每项扣{each:g}分：{points:g} − {each * count:g} = {earned:.2f}"


def metric_points(unit: Unit, year: int, metric: str, points: float) -> tuple[float, str]:
    """The points of one metric for `unit` in `year`, with the explanation shown on the sheet."""
    today = clock.today()
    tasks = db.session.execute(select(Task).where(Task.lead_unit_id == unit.id, Task.year == year)).scalars().all()
    findings = (
        db.session.execute(select(Finding).join(Inspection).where(Finding.unit_id == unit.id, Inspection.year == year))
        .scalars()
        .all()
    )
    label = Metric(metric).chinese
    if metric == "on_time":
        on_time = sum(1 for t in tasks if t.accepted_on and t.accepted_on <= t.deadline)
        return _share(label, on_time, len(tasks), points)
    if metric == "accepted":
        return _share(label, sum(1 for t in tasks if t.state == TaskState.ACCEPTED), len(tasks), points)
    if metric == "overdue":
        overdue = db.session.scalar(
            select(func.count(Task.id)).where(
                Task.lead_unit_id == unit.id, Task.year == year, progress.overdue_condition(today)
            )
        )
        return _penalty(label, overdue, points)
    if metric == "findings":
        return _penalty(label, sum(1 for f in findings if f.rating == FindingRating.PROBLEM), points)
    if metric == "rectification":
        required = [f for f in findings if f.rectification]
        return _share(label, sum(1 for f in required if f.verified_on), len(required), points)
    raise Refusal("metric", say("未知的考核项目：%(metric)s", metric=metric))


def compute(unit: Unit, year: int) -> Assessment:
    """(Re)compute `unit`'s assessment of `year`, keeping adjustments and their reasons."""
    record = db.session.execute(
        select(Assessment).where(Assessment.unit_id == unit.id, Assessment.year == year)
    ).scalar_one_or_none()
    if record is None:
        record = Assessment(unit_id=unit.id, year=year, region_id=unit.region_id, score=0)
        db.session.add(record)
    kept = {line.metric: (line.adjustment, line.adjustment_reason) for line in record.lines}
    record.lines.clear()
    db.session.flush()
    total = 0.0
    for metric, points in setting("ASSESSMENT_SCHEME").items():
        earned, explanation = metric_points(unit, year, metric, float(points))
        adjustment, reason = kept.get(metric, (0.0, ""))
        record.lines.append(
            AssessmentLine(
                region_id=record.region_id,
                metric=metric,
                label=Metric(metric).chinese,
                max_points=float(points),
                points=earned,
                explanation=explanation,
                adjustment=adjustment,
                adjustment_reason=reason,
            )
        )
        total += earned + adjustment
    record.score = round(total, 2)
    db.session.flush()
    publish(
        events.AssessmentComputed(assessment_id=record.id, unit_id=unit.id, year=year, score=record.score),
        region_id=record.region_id,
        subject=record,
    )
    return record


def assessed_units(year: int, scope: Any = None) -> list[Unit]:
    """The lead units with tasks in `year` and the units inspected in `year` (within `scope` if given)."""
    ids = set(db.session.execute(select(Task.lead_unit_id).where(Task.year == year)).scalars())
    ids |= set(db.session.execute(select(Finding.unit_id).join(Inspection).where(Inspection.year == year)).scalars())
    query = select(Unit).where(Unit.id.in_(ids)).order_by(Unit.id)
    if scope is not None:
        query = query.where(Unit.region_id.in_(scope))
    return list(db.session.execute(query).scalars())


def compute_all(year: int, scope: Any = None) -> int:
    """Recompute every assessed unit of `year`; returns how many."""
    units = assessed_units(year, scope)
    for unit in units:
        compute(unit, year)
    return len(units)


def adjust(record: Assessment, metric: str, amount: str, reason: str) -> None:
    """Adjust one line by `amount` points with a reason; the line may not go below 0 or above its points."""
    line = next((line for line in record.lines if line.metric == metric), None)
    if line is None:
        raise Refusal("metric", say("「考核项目」请从列表中选择"))
    try:
        value = float(amount)
    except ValueError:
        raise Refusal("adjustment", say("「调整分值」应为数字（“%(amount)s”）", amount=amount)) from None
    if not (reason or "").strip():
        raise Refusal("reason", say("「调整理由」必填"))
    if not 0 <= line.points + value <= line.max_points:
        raise Refusal("adjustment", say("「调整分值」调整后应在0至%(points)s分之间", points=f"{line.max_points:g}"))
    line.adjustment, line.adjustment_reason = value, reason.strip()
    record.score = round(sum(x.points + x.adjustment for x in record.lines), 2)


def ranking(year: int, region_ids: Any) -> list[Assessment]:
    """The assessments of `year` in the regions, best first."""
    query = select(Assessment).where(Assessment.year == year, Assessment.region_id.in_(region_ids))
    return list(db.session.execute(query.order_by(Assessment.score.desc(), Assessment.unit_id)).scalars())
