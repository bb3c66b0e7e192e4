"""The yearly evaluation of an engaged counsel: figures from the opinion log, the agencies' rating,
adjustments with reasons, and the outcome (renewal, non-renewal, dismissal).

Score (0–100) = 按时出具率 × 40 + 采纳率 × 30 + 服务单位评价 × 0.3. Recomputing keeps the adjustment
and the outcome; the audit trail records every change.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from core.events import publish
from core.extensions import db
from core.i18n import say
from plugins.counsel import checks
from plugins.counsel.events import EvaluationComputed
from plugins.counsel.models import CounselEvaluation, CounselMember, Matter, matter_counsel
from plugins.counsel.vocabulary import Adoption, EvaluationOutcome, MemberStatus

WEIGHTS = {"on_time": Decimal(40), "adopted": Decimal(30), "rating": Decimal("0.3")}


def _matters(member: CounselMember, year: int) -> list[Matter]:
    query = (
        select(Matter)
        .join(matter_counsel, matter_counsel.c.matter_id == Matter.id)
        .where(
            matter_counsel.c.member_id == member.id,
            Matter.opinion_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        )
    )
    return list(db.session.execute(query).scalars())


def evaluate(member: CounselMember, year: int, *, rating: int | None = None) -> CounselEvaluation:
    """Compute (or recompute) `member`'s evaluation of `year` from the log; keeps adjustments."""
    if rating is not None and not 0 <= rating <= 100:
        raise checks.refusal("rating", say("应在0至100之间（%(rating)s）", rating=rating))
    evaluation = db.session.execute(
        select(CounselEvaluation).where(CounselEvaluation.member_id == member.id, CounselEvaluation.year == year)
    ).scalar_one_or_none()
    if evaluation is None:
        evaluation = CounselEvaluation(member=member, member_id=member.id, year=year, region_id=member.region_id)
        db.session.add(evaluation)
    if rating is not None:
        evaluation.rating = rating
    matters = _matters(member, year)
    evaluation.opinions = len(matters)
    evaluation.on_time = sum(1 for m in matters if m.on_time)
    evaluation.adopted = sum(1 for m in matters if m.adoption in (Adoption.ADOPTED, Adoption.PARTLY))
    score = Decimal(0)
    if matters:
        score += WEIGHTS["on_time"] * evaluation.on_time / len(matters)
        score += WEIGHTS["adopted"] * evaluation.adopted / len(matters)
    score += WEIGHTS["rating"] * (evaluation.rating or 0)
    evaluation.computed_score = score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    db.session.flush()
    publish(
        EvaluationComputed(evaluation_id=evaluation.id, member_id=member.id, year=year, score=float(evaluation.score)),
        region_id=evaluation.region_id,
        subject=evaluation,
    )
    return evaluation


def adjust(evaluation: CounselEvaluation, *, points: Decimal, reason: str) -> None:
    """Record an adjustment of the score with its reason (kept by a recompute)."""
    checks.check_evaluation_adjustment(points, reason)
    evaluation.adjustment = points
    evaluation.adjustment_reason = reason.strip()


def decide_outcome(evaluation: CounselEvaluation, *, outcome: str, reason: str = "", on: dt.date | None = None) -> None:
    """Record renewal, non-renewal or dismissal; a dismissal also dismisses the member on the roster."""
    if outcome not in {str(o) for o in EvaluationOutcome}:
        raise checks.refusal("outcome", "请选择续聘、不再续聘或解聘")
    if outcome != EvaluationOutcome.RENEW and not (reason or "").strip():
        raise checks.refusal("outcome_reason", "不再续聘或解聘须写明理由")
    evaluation.outcome = outcome
    evaluation.outcome_reason = (reason or "").strip()
    if outcome == EvaluationOutcome.DISMISS:
        member = evaluation.member
        member.status = MemberStatus.DISMISSED
        member.status_reason = f"{evaluation.year}年度评价：{evaluation.outcome_reason}"
        member.status_since = on or checks.today()
