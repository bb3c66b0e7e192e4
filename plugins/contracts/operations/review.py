"""Before signing: submission (with its lead time), the review rounds, itemised opinions and the conclusion."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect

from core.audit import current_actor
from core.extensions import db
from core.i18n import say
from core.machine import record_step
from core.refusals import Refusal, require_choice
from plugins.contracts import deadlines, events
from plugins.contracts.checks import (
    DATE_ORDER,
    assign_number,
    check_consistency,
    check_contract,
    is_major,
    require_text,
)
from plugins.contracts.models import Contract, ContractStep, ReviewOpinion
from plugins.contracts.operations.machine import TRANSITIONS, announce, apply_transition, begin_act
from plugins.contracts.vocabulary import IN_REVIEW, SIGNED_STATES, Aspect, ContractState, Severity


def submit(contract: Contract) -> Contract:
    """Register a contract submitted for review: number, lead time, major or not, the review period."""
    with db.session.no_autoflush:  # the row is written once, with its number
        check_contract(contract)
        if contract.region_id is None and contract.region is not None:
            contract.region_id = contract.region.id
        for party in contract.counterparties:
            party.region_id = contract.region_id
        assign_number(contract)
        contract.major = is_major(contract)
        contract.late_submission = not deadlines.submitted_in_time(contract.submitted_on, contract.planned_signing_on)
    if contract not in db.session:
        db.session.add(contract)
    contract.state, contract.review_round = ContractState.SUBMITTED, 1
    db.session.flush()
    due = deadlines.open_review(contract, contract.submitted_on).due_date
    note = "报送时间不足规定的提前期限（迟报）" if contract.late_submission else ""
    apply_transition(
        contract,
        TRANSITIONS["submit"],
        contract.submitted_on,
        note,
        unit_id=contract.unit_id,
        amount_fen=contract.amount_fen,
        major=contract.major,
        late_submission=contract.late_submission,
        review_due=due,
    )
    return contract


def update(contract: Contract) -> None:
    """An edit of the contract's own facts (title, amount, counterparties…): checked, major recomputed.

    Once signed, the amount changes only through a reported change (`report_change`), which keeps its record.
    """
    with db.session.no_autoflush:
        if contract.state in SIGNED_STATES and inspect(contract).attrs.amount_fen.history.has_changes():
            raise Refusal("amount_fen", say("「标的额（元）」合同签订后标的额的变化，请通过“报告合同变更（解除）”登记"))
        check_contract(contract)
        for party in contract.counterparties:
            party.region_id = contract.region_id
        contract.major = is_major(contract)


def import_contract(contract: Contract) -> Contract:
    """Save a contract taken whole from a register, with its history as recorded (no periods reopened)."""
    with db.session.no_autoflush:
        check_consistency(contract)
        contract.year = contract.year or contract.submitted_on.year
        for party in contract.counterparties:
            party.region_id = contract.region_id
        contract.major = is_major(contract)
        contract.late_submission = contract.late_submission or not deadlines.submitted_in_time(
            contract.submitted_on, contract.planned_signing_on
        )
    dates = [getattr(contract, field) for field, _label, _before in DATE_ORDER] + [contract.submitted_on]
    contract.state_since = max(d for d in dates if d is not None)
    contract.reviewed_on = contract.approved_on or contract.rejected_on
    db.session.add(contract)
    db.session.flush()
    step = ContractStep(contract=contract)
    record_step(step, contract, action="import", label="从登记表导入", on=contract.state_since, before="")
    announce(
        events.ContractImported(
            contract_id=contract.id,
            number=contract.number,
            state=str(contract.state),
            previous_state="",
            on=contract.state_since,
        ),
        contract,
    )
    # The periods still running for its state carry on (late ones are caught by the next scan).
    if contract.state in IN_REVIEW:
        deadlines.open_review(contract, contract.revised_on or contract.submitted_on)
    elif contract.state == ContractState.SIGNED:
        deadlines.open_filing(contract)
    return contract


def start_review(contract: Contract, on: dt.date, reviewer: object | None = None) -> None:
    """The office takes the contract up; the reviewer (承办人) is the acting user unless named."""
    transition = begin_act(contract, "start_review", on, "开始审查日期", contract.submitted_on, "报送审查日期")
    contract.review_started_on = on
    reviewer = reviewer or current_actor()
    contract.reviewer_id = getattr(reviewer, "id", None)
    apply_transition(contract, transition, on)


def give_opinion(
    contract: Contract,
    on: dt.date,
    issue: str,
    aspect: str = "terms",
    clause: str = "",
    suggestion: str = "",
    severity: str = "general",
) -> ReviewOpinion:
    """One itemised opinion of the current round: the clause, the issue, the suggestion, its severity."""
    transition = begin_act(
        contract, "give_opinion", on, "提出日期", contract.review_started_on or contract.submitted_on, "开始审查日期"
    )
    require_choice(aspect, Aspect, "aspect", "审查方面")
    require_choice(severity, Severity, "severity", "重要程度")
    opinion = ReviewOpinion(
        contract=contract,
        region_id=contract.region_id,
        review_round=contract.review_round,
        given_on=on,
        aspect=aspect,
        clause=(clause or "").strip()[:128],
        issue=require_text(issue, "issue", "存在问题"),
        suggestion=(suggestion or "").strip(),
        severity=severity,
    )
    db.session.add(opinion)
    db.session.flush()
    apply_transition(
        contract,
        transition,
        on,
        opinion.issue,
        opinion_id=opinion.id,
        severity=severity,
        review_round=contract.review_round,
    )
    return opinion


def return_opinions(contract: Contract, on: dt.date, conclusion: str = "") -> None:
    """The office returns the round's itemised opinions (meets the round's review period)."""
    transition = begin_act(
        contract,
        "return_opinions",
        on,
        "出具意见日期",
        contract.revised_on or contract.submitted_on,
        "报送（重新报送）日期",
    )
    given = contract.opinions_of_round(contract.review_round)
    if not given:
        raise Refusal("issue", say("「审查意见」本轮尚未提出逐条审查意见；无修改意见的，请直接“审查同意签订”"))
    contract.opinions_returned_on = on
    contract.conclusion = (conclusion or "").strip()
    on_time = deadlines.close_review(contract, on)
    apply_transition(
        contract,
        transition,
        on,
        contract.conclusion,
        review_round=contract.review_round,
        opinions=len(given),
        on_time=on_time,
    )


def answer_opinion(opinion: ReviewOpinion, on: dt.date, accepted: bool, answer: str = "") -> None:
    """The department's answer to one opinion: adopted, or not adopted with its reasons."""
    contract = opinion.contract
    transition = begin_act(contract, "answer_opinion", on, "答复日期", opinion.given_on, "意见提出日期")
    text = (answer or "").strip()
    if not accepted and not text:
        raise Refusal("answer", say("「答复说明」不采纳审查意见的，应当说明理由"))
    opinion.accepted, opinion.answer, opinion.answered_on = bool(accepted), text, on
    apply_transition(contract, transition, on, text, opinion_id=opinion.id, accepted=bool(accepted))


def revise(contract: Contract, on: dt.date, note: str = "") -> None:
    """The department resubmits the revised text: a new round with its own review period."""
    transition = begin_act(contract, "revise", on, "重新报送日期", contract.opinions_returned_on, "出具审查意见日期")
    unanswered = [o for o in contract.opinions_of_round(contract.review_round) if o.accepted is None]
    if unanswered:
        raise Refusal(
            "accepted", say("「审查意见」还有%(n)s条审查意见未答复（采纳或说明不采纳理由）", n=len(unanswered))
        )
    contract.revised_on = on
    contract.review_round += 1
    due = deadlines.open_review(contract, on).due_date
    apply_transition(contract, transition, on, note, review_round=contract.review_round, review_due=due)


def approve(contract: Contract, on: dt.date, conclusion: str = "") -> None:
    """The review concludes: approved for signing (the signing gate opens)."""
    _conclude(contract, "approve", on, conclusion)
    contract.approved_on = on


def reject(contract: Contract, on: dt.date, conclusion: str) -> None:
    """The review concludes: not approved for signing, with the reasons."""
    require_text(conclusion, "conclusion", "不同意签订的理由")
    _conclude(contract, "reject", on, conclusion)
    contract.rejected_on = on


def _conclude(contract: Contract, key: str, on: dt.date, conclusion: str) -> None:
    transition = begin_act(
        contract, key, on, "审查结论日期", contract.revised_on or contract.review_started_on, "开始审查（重新报送）日期"
    )
    contract.reviewed_on = on
    contract.conclusion = (conclusion or "").strip()
    on_time = deadlines.close_review(contract, on)
    apply_transition(contract, transition, on, contract.conclusion, on_time=on_time)
