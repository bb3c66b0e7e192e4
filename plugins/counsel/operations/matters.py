"""The opinion log: opening a matter (by hand or from another plugin's consultation), the opinion,
its adoption, the legality-review gate, closing. Each act checks first and changes nothing when
refused; the caller commits.
"""

from __future__ import annotations

import datetime as dt

from core.consultations import ConsultationAnswer, ConsultationRequest
from core.events import publish
from core.extensions import db
from core.i18n import say
from core.models import Unit
from plugins.counsel import checks, deadlines
from plugins.counsel.events import AdoptionRecorded, MatterClosed, MatterOpened, MatterSubmitted, OpinionGiven
from plugins.counsel.models import CounselMember, Matter
from plugins.counsel.operations.machine import check_source, move
from plugins.counsel.vocabulary import MatterState


def prepare_matter(matter: Matter, scope: frozenset[int] | None) -> None:
    """Check a matter typed into the admin form and put it in its agency's region."""
    with db.session.no_autoflush:
        checks.check_matter(matter, scope)
        matter.region_id = matter.unit.region_id
        if not matter.state:
            matter.state = MatterState.OPEN


def open_matter(matter: Matter) -> None:
    """A new matter is logged: its opinion period opens and `counsel.matter.opened` is published."""
    db.session.flush()
    deadlines.open_opinion_period(matter)
    publish(
        MatterOpened(
            matter_id=matter.id,
            kind=matter.kind,
            unit_id=matter.unit_id,
            title=matter.title,
            received_on=matter.received_on,
            due_on=matter.due_on,
            request_key=matter.request_key,
        ),
        region_id=matter.region_id,
        subject=matter,
    )


def open_from_consultation(request: ConsultationRequest, *, received_on: dt.date) -> Matter | None:
    """Open a matter for another plugin's consultation (`core.consultation.requested`).

    Idempotent by the request key (also unique in the table): a replayed request opens nothing.
    """
    if db.session.query(Matter.id).filter(Matter.request_key == request.request_key).first():
        return None
    unit = db.session.get(Unit, request.unit_id)
    if unit is None:
        return None
    question = request.question
    if request.due_on:
        question = f"{question}\n（请求单位要求于{request.due_on.isoformat()}前答复）".strip()
    matter = Matter(
        unit_id=unit.id,
        region_id=unit.region_id,
        kind=request.kind,
        title=request.title,
        question=question,
        received_on=received_on,
        state=MatterState.OPEN,
        request_key=request.request_key,
        requester=request.requester,
    )
    matter.unit = unit
    db.session.add(matter)
    open_matter(matter)
    return matter


def give_opinion(
    matter: Matter,
    *,
    opinion: str,
    on: dt.date,
    counsel: list[CounselMember],
    review_result: str | None = None,
) -> None:
    """Counsel give their opinion: the period is met, the log records who, and a consultation is answered."""
    transition = check_source(matter, "give_opinion")
    checks.check_opinion(matter, opinion=opinion, given_on=on, counsel=counsel, review_result=review_result)
    matter.opinion = opinion.strip()
    matter.opinion_on = on
    matter.counsel = list(counsel)
    matter.review_result = review_result or None
    move(matter, transition)
    deadlines.meet_opinion_period(matter)
    names = tuple(m.name for m in counsel)
    publish(
        OpinionGiven(
            matter_id=matter.id,
            kind=matter.kind,
            unit_id=matter.unit_id,
            given_on=on,
            on_time=matter.on_time,
            counsel_names=names,
            review_result=matter.review_result,
        ),
        region_id=matter.region_id,
        subject=matter,
    )
    if matter.request_key:
        ConsultationAnswer(
            request_key=matter.request_key,
            requester=matter.requester,
            matter_id=matter.id,
            opinion=matter.opinion,
            counsel_names=names,
            given_on=on,
        ).publish(region_id=matter.region_id, subject=matter)


def record_adoption(matter: Matter, *, adoption: str, reason: str = "") -> None:
    """The agency adopted the opinion, partly or not (with the reason)."""
    check_source(matter, "record_adoption")
    checks.check_adoption(matter, adoption, reason)
    matter.adoption = adoption
    matter.adoption_reason = (reason or "").strip()
    publish(
        AdoptionRecorded(matter_id=matter.id, unit_id=matter.unit_id, adoption=adoption, reason=matter.adoption_reason),
        region_id=matter.region_id,
        subject=matter,
    )


def submit(matter: Matter, *, on: dt.date, exploratory: bool = False, legal_risk: str = "") -> None:
    """Pass the legality-review gate to collective discussion (条例 arts 25, 28), or be refused."""
    transition = check_source(matter, "submit")
    checks.check_gate(matter, on=on, exploratory=exploratory, legal_risk=legal_risk)
    if exploratory and matter.state == MatterState.OPEN:
        deadlines.cancel_opinion_period(matter, "探索性改革决策事项，明示法律风险后提交（条例第二十五条第二款）")
    matter.exploratory = bool(exploratory)
    matter.legal_risk = (legal_risk or "").strip()
    matter.submitted_on = on
    move(matter, transition)
    publish(
        MatterSubmitted(matter_id=matter.id, unit_id=matter.unit_id, submitted_on=on, exploratory=matter.exploratory),
        region_id=matter.region_id,
        subject=matter,
    )


def close(matter: Matter, *, on: dt.date) -> None:
    """Close the matter (办结)."""
    transition = check_source(matter, "close")
    checks.not_future(on, "closed_on")
    if matter.opinion_on and on < matter.opinion_on:
        message = say("%(on)s早于出具意见日期%(opinion)s", on=on.isoformat(), opinion=matter.opinion_on.isoformat())
        raise checks.refusal("closed_on", message)
    matter.closed_on = on
    move(matter, transition)
    publish(
        MatterClosed(matter_id=matter.id, unit_id=matter.unit_id, closed_on=on),
        region_id=matter.region_id,
        subject=matter,
    )
