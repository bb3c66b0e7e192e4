"""Consultations with the government's counsel on a major contract or a major issue.

Through the core's protocol (`core.consultations`), never by importing the counsel plugin: a
request is published as ``core.consultation.requested`` with ``requester="contracts"``; the
counsel plugin, where it is on for the region, answers with ``core.consultation.answered`` and
`attach_answer` puts the opinion on the consultation. Where nobody answers consultations for
the region the office records the consultation by hand (`record_consultation`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, has_app_context

from core import modules
from core.consultations import ConsultationAnswer, ConsultationRequest
from core.events.dispatch import get_registry
from core.extensions import db
from core.i18n import say
from core.refusals import Refusal
from plugins.contracts import deadlines
from plugins.contracts.checks import require_text
from plugins.contracts.models import Consultation, Contract, ReviewOpinion
from plugins.contracts.operations.machine import TRANSITIONS, apply_transition, begin_act
from plugins.contracts.vocabulary import ConsultationChannel, Severity


def counsel_answers_here(region_id: int) -> bool:
    """Whether a plugin that answers consultations (the counsel module) is on for the region."""
    if not has_app_context():
        return False
    try:
        subscriptions = get_registry(current_app).subscriptions(ConsultationRequest.name)
    except (KeyError, RuntimeError):
        return False
    return any(modules.is_enabled(s.plugin_key, region_id) for s in subscriptions)


def _subject(contract: Contract, opinion: ReviewOpinion | None) -> None:
    if opinion is not None and opinion.contract_id != contract.id:
        raise Refusal("opinion", say("「审查意见」不是本合同的审查意见"))
    if not contract.major and (opinion is None or opinion.severity != Severity.MAJOR):
        raise Refusal(
            "opinion",
            say(
                "「协商事项」提请法律顾问协商的应为重大合同或重大问题（可先将合同标记为重大，或选择一条“重大”审查意见）"
            ),
        )


def _key(contract: Contract) -> str:
    return f"{deadlines.PLUGIN_KEY}:consultation:{contract.id}:{len(contract.consultations) + 1}"


def _consultation(
    contract: Contract,
    on: dt.date,
    question: str,
    about: ReviewOpinion | None,
    channel: ConsultationChannel,
    **answer: Any,
) -> Consultation:
    """A new consultation of `contract` on `question` (`about` a review opinion, or the contract as a
    whole), saved; `answer`: what a consultation held by hand records at once."""
    consultation = Consultation(
        contract=contract,
        region_id=contract.region_id,
        opinion_id=about.id if about else None,
        request_key=_key(contract),
        channel=channel,
        requested_on=on,
        question=require_text(question, "question", "协商事项"),
        **answer,
    )
    db.session.add(consultation)
    db.session.flush()
    return consultation


def request_consultation(
    contract: Contract, on: dt.date, question: str, opinion: ReviewOpinion | None = None, due_on: dt.date | None = None
) -> Consultation:
    """Ask counsel through the counsel module (refused where it is off: record the consultation by hand)."""
    begin_act(contract, "request_consultation", on, "提请日期", contract.submitted_on, "报送审查日期")
    _subject(contract, opinion)
    if not counsel_answers_here(contract.region_id):
        raise Refusal(
            "channel",
            say("「协商方式」本区划未启用法律顾问模块，无法在线提请；请用“登记法律顾问协商意见”手工登记协商情况"),
        )
    consultation = _consultation(contract, on, question, opinion, ConsultationChannel.COUNSEL_MODULE)
    ConsultationRequest(
        request_key=consultation.request_key,
        requester=deadlines.PLUGIN_KEY,
        unit_id=contract.unit_id,
        kind="contract",
        title=f"{contract.number} {contract.title}",
        question=consultation.question,
        due_on=due_on,
        requested_on=on,
    ).publish(region_id=contract.region_id, subject=contract)
    db.session.flush()
    return consultation


def record_consultation(
    contract: Contract,
    on: dt.date,
    question: str,
    opinion_text: str,
    counsel_names: str,
    opinion: ReviewOpinion | None = None,
) -> Consultation:
    """The office records a consultation held without the counsel module (by hand)."""
    transition = begin_act(contract, "record_consultation", on, "协商日期", contract.submitted_on, "报送审查日期")
    _subject(contract, opinion)
    question = require_text(question, "question", "协商事项")  # refused first, as the form lists it
    consultation = _consultation(
        contract,
        on,
        question,
        opinion,
        ConsultationChannel.BY_HAND,
        state="answered",
        answered_on=on,
        counsel_names=require_text(counsel_names, "counsel_names", "参加协商的法律顾问"),
        opinion=require_text(opinion_text, "opinion_text", "法律顾问意见"),
    )
    apply_transition(
        contract, transition, on, consultation.opinion, consultation_id=consultation.id, channel=consultation.channel
    )
    return consultation


def attach_answer(answer: ConsultationAnswer) -> Consultation | None:
    """Counsel's answer (from the counsel module's event) attached to its consultation; once only."""
    if answer.requester != deadlines.PLUGIN_KEY:
        return None
    consultation = db.session.execute(
        db.select(Consultation).where(Consultation.request_key == answer.request_key)
    ).scalar_one_or_none()
    if consultation is None or consultation.state == "answered":
        return None
    on = answer.given_on or consultation.requested_on
    consultation.state, consultation.answered_on = "answered", on
    consultation.opinion = answer.opinion
    consultation.counsel_names = "、".join(answer.counsel_names)
    consultation.matter_id = answer.matter_id
    apply_transition(
        consultation.contract,
        TRANSITIONS["attach_answer"],
        on,
        f"法律顾问意见：{answer.opinion}",
        consultation_id=consultation.id,
        channel=consultation.channel,
    )
    return consultation
