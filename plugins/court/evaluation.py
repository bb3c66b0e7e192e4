"""年度考评: each agency's annual score sheet, computed from the records and adjustable with a reason.

The local system in the source report evaluates appearance work every year. The items are the
office's choice (`EvaluationItem`, per region, inherited down the tree; `DEFAULT_ITEMS` until an
office sets its own); each names a metric below that knows how to compute its points from the
records and lists the records it used, so a sheet shows where every point came from. A recompute
refreshes the computed points and keeps each line's recorded adjustment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.extensions import db
from core.i18n import say
from core.models import Region, Unit, User
from core.models.base import utcnow
from core.periods import Period
from core.refusals import Refusal
from plugins.court import indicators
from plugins.court.models import CourtHearing, Evaluation, EvaluationItem, EvaluationLine, LitigationCase
from plugins.court.vocabulary import Appearance


@dataclass(frozen=True)
class ItemSpec:
    """An item as configured: what it measures and how many points it carries."""

    metric: str
    label: str
    max_points: float
    per_record: float = 0.0
    sort_order: int = 0


@dataclass
class Score:
    """The computed points of one item, the explanation and the records behind them."""

    points: float
    explanation: str
    sources: list[dict[str, Any]]


#: The defaults (100 points) until an office configures its own items.
DEFAULT_ITEMS = (
    ItemSpec("appearance_rate", "负责人出庭应诉率", 40, sort_order=10),
    ItemSpec("reports_on_time", "应诉报告按时报送", 20, sort_order=20),
    ItemSpec("defence_on_time", "按期答辩举证", 15, sort_order=30),
    ItemSpec("criticism_notices", "被通报批评", 15, per_record=5, sort_order=40),
    ItemSpec("supervision_notices", "被督办", 10, per_record=2, sort_order=50),
)


def _source(record: Any, label: str, effect: str) -> dict[str, Any]:
    return {"type": type(record).__tablename__, "id": record.id, "label": label, "effect": effect}


def _hearing_label(hearing: CourtHearing) -> str:
    return f"{hearing.case.case_number} {hearing.held_on.isoformat()}开庭"


def _rate_score(spec: ItemSpec, numerator: int, denominator: int, what: str, sources: list[dict]) -> Score:
    if not denominator:
        return Score(spec.max_points, f"本年度无{what}记录，按满分计 {spec.max_points:g} 分", sources)
    points = round(spec.max_points * numerator / denominator, 2)
    rate = f"{numerator / denominator * 100:.1f}%（{numerator}/{denominator}）"
    explanation = f"{spec.label} {rate}× {spec.max_points:g} = {points:g}"
    return Score(points, explanation, sources)


def _appearance_rate(spec: ItemSpec, unit: Unit, year: int) -> Score:
    hearings = indicators.held_hearings([unit.region_id], Period.year(year), unit_id=unit.id)
    sources = [
        _source(
            h,
            _hearing_label(h),
            ("计入分子：" if h.appearance and h.appearance.value == "head" else "仅计入分母：")
            + Appearance(h.appearance).label,
        )
        for h in hearings
    ]
    figures = indicators.AppearanceFigures.of(hearings)
    return _rate_score(spec, figures.head_appeared, figures.hearings_held, "开庭", sources)


def _reports_on_time(spec: ItemSpec, unit: Unit, year: int) -> Score:
    from plugins.court.deadlines import REPORT, running

    hearings = indicators.held_hearings([unit.region_id], Period.year(year), unit_id=unit.id)
    on_time = 0
    sources = []
    for hearing in hearings:
        report = hearing.report
        if report is None:
            sources.append(_source(hearing, _hearing_label(hearing), "未报送应诉报告"))
            continue
        deadline = running(hearing, REPORT)
        due = deadline.due_date if deadline is not None else None
        ok = report.filed_on < hearing.held_on and (due is None or report.filed_on <= due)
        on_time += ok
        when = f"{report.filed_on.isoformat()}报送" + (f"（期限{due.isoformat()}）" if due else "")
        sources.append(_source(report, _hearing_label(hearing), ("按时：" if ok else "逾期：") + when))
    return _rate_score(spec, on_time, len(hearings), "开庭", sources)


def _defence_on_time(spec: ItemSpec, unit: Unit, year: int) -> Score:
    from plugins.court.deadlines import DEFENCE, running

    period = Period.year(year)
    cases = db.session.execute(
        select(LitigationCase)
        .where(
            LitigationCase.defendant_unit_id == unit.id,
            LitigationCase.complaint_copy_received_on.between(period.start, period.end),
        )
        .order_by(LitigationCase.complaint_copy_received_on, LitigationCase.id)
    ).scalars()
    on_time = 0
    sources = []
    counted = 0
    for case in cases:
        deadline = running(case, DEFENCE)
        if deadline is None:
            continue
        counted += 1
        ok = case.defence_filed_on is not None and case.defence_filed_on <= deadline.due_date
        on_time += ok
        filed = case.defence_filed_on.isoformat() if case.defence_filed_on else "未提交"
        sources.append(
            _source(
                case, case.case_number, f"{'按期' if ok else '逾期'}：{filed}（期限{deadline.due_date.isoformat()}）"
            )
        )
    return _rate_score(spec, on_time, counted, "答辩", sources)


def _notice_deduction(kind: str, what: str) -> Callable[[ItemSpec, Unit, int], Score]:
    def score(spec: ItemSpec, unit: Unit, year: int) -> Score:
        from plugins.court.notices import notice_label, notices_to

        notices = [
            n for n in notices_to([unit.region_id], Period.year(year), kinds=(kind,)) if n.target_unit_id == unit.id
        ]
        deducted = min(spec.max_points, spec.per_record * len(notices))
        points = round(spec.max_points - deducted, 2)
        sources = [_source(n, notice_label(n), f"扣 {spec.per_record:g} 分") for n in notices]
        explanation = (
            f"{what} {len(notices)} 次 × {spec.per_record:g} 分，{spec.max_points:g} − {deducted:g} = {points:g}"
        )
        return Score(points, explanation, sources)

    return score


#: metric → (label, computation). Rate metrics give max × rate; notice metrics deduct per notice.
METRICS: dict[str, tuple[str, Callable[[ItemSpec, Unit, int], Score]]] = {
    "appearance_rate": ("负责人出庭应诉率（开庭次数）", _appearance_rate),
    "reports_on_time": ("应诉报告按时报送率", _reports_on_time),
    "defence_on_time": ("按期答辩举证率", _defence_on_time),
    "criticism_notices": ("被通报批评（每次扣分）", _notice_deduction("criticism", "被通报批评")),
    "supervision_notices": ("被督办（每次扣分）", _notice_deduction("supervision", "被督办")),
}


def items_for(region: Region) -> list[ItemSpec]:
    """The active items of `region`: its own, else its nearest ancestor's, else the defaults."""
    for region_id in reversed(region.ancestor_ids()):
        rows = db.session.execute(
            select(EvaluationItem)
            .where(EvaluationItem.region_id == region_id)
            .order_by(EvaluationItem.sort_order, EvaluationItem.id)
        ).scalars()
        rows = list(rows)
        if rows:
            return [
                ItemSpec(r.metric, r.label, r.max_points, r.per_record or 0.0, r.sort_order)
                for r in rows
                if r.active and r.metric in METRICS
            ]
    return list(DEFAULT_ITEMS)


def evaluation_of(unit: Unit, year: int) -> Evaluation | None:
    """The unit's sheet for `year`, if one was computed."""
    return db.session.execute(
        select(Evaluation).where(Evaluation.unit_id == unit.id, Evaluation.year == year)
    ).scalar_one_or_none()


def recompute(evaluation: Evaluation) -> Evaluation:
    """Compute every line of `evaluation` from the records again; adjustments are kept. Caller commits."""
    unit = evaluation.unit or db.session.get(Unit, evaluation.unit_id)
    evaluation.region_id = unit.region_id
    lines = {line.metric: line for line in evaluation.lines}
    specs = items_for(unit.region)
    for spec in specs:
        score = METRICS[spec.metric][1](spec, unit, evaluation.year)
        line = lines.pop(spec.metric, None)
        if line is None:
            line = EvaluationLine(metric=spec.metric, region_id=unit.region_id)
            evaluation.lines.append(line)
        line.label = spec.label
        line.sort_order = spec.sort_order
        line.max_points = spec.max_points
        line.computed_points = score.points
        line.explanation = score.explanation
        line.sources = score.sources
    for stale in lines.values():  # an item the office no longer uses
        evaluation.lines.remove(stale)
    evaluation.computed_at = utcnow()
    db.session.flush()
    return evaluation


def evaluate(unit: Unit, year: int) -> Evaluation:
    """The unit's sheet for `year`, created if needed, freshly computed. Caller commits."""
    evaluation = evaluation_of(unit, year)
    if evaluation is None:
        evaluation = Evaluation(unit=unit, unit_id=unit.id, year=year, region_id=unit.region_id)
        db.session.add(evaluation)
    return recompute(evaluation)


def evaluate_region(region: Region, year: int) -> list[Evaluation]:
    """Compute the sheets of the agencies of `region`'s subtree with a case filed or a hearing held in `year`."""
    ids = indicators.region_ids(region)
    period = Period.year(year)
    query = (
        select(LitigationCase.defendant_unit_id)
        .where(LitigationCase.filed_on.between(period.start, period.end))
        .distinct()
    )
    unit_ids = set(db.session.execute(indicators._scoped(query, LitigationCase, ids)).scalars())
    hearings = indicators.held_hearings(ids, period)
    unit_ids |= {h.case.defendant_unit_id for h in hearings}
    units = db.session.execute(select(Unit).where(Unit.id.in_(sorted(unit_ids)))).scalars()
    return [evaluate(unit, year) for unit in units]


def adjust(line: EvaluationLine, *, points: float, reason: str, user: User | None) -> EvaluationLine:
    """Set the line's adjustment (points added, or taken off when negative) with its reason. Caller commits."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(None, say("调整分数必须写明理由"), label=say("调整理由"))
    total = line.computed_points + points
    if total < 0 or total > line.max_points:
        raise Refusal(
            None,
            say("调整后得分 %(total)s 超出本项分值范围 0–%(max)s", total=f"{total:g}", max=f"{line.max_points:g}"),
            label=say("调整分值"),
        )
    line.adjustment = points
    line.adjustment_reason = reason[:255]
    line.adjusted_by_id = getattr(user, "id", None)
    line.adjusted_at = utcnow()
    db.session.flush()
    return line


def ranking(region: Region, year: int) -> list[tuple[int, Evaluation]]:
    """The computed sheets of `region`'s subtree for `year`, best first, with their rank (ties share one)."""
    ids = indicators.region_ids(region)
    query = select(Evaluation).where(Evaluation.year == year)
    sheets = sorted(
        db.session.execute(indicators._scoped(query, Evaluation, ids)).scalars(),
        key=lambda e: (-e.total, e.unit.name),
    )
    ranked: list[tuple[int, Evaluation]] = []
    for position, sheet in enumerate(sheets, start=1):
        rank = ranked[-1][0] if ranked and ranked[-1][1].total == sheet.total else position
        ranked.append((rank, sheet))
    return ranked


__all__ = [
    "DEFAULT_ITEMS",
    "METRICS",
    "ItemSpec",
    "adjust",
    "evaluate",
    "evaluate_region",
    "evaluation_of",
    "items_for",
    "ranking",
    "recompute",
]
