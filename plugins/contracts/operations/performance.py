"""After the review: signing (behind the gate), filing, performance, changes and termination."""

from __future__ import annotations

import datetime as dt

from core.extensions import db
from core.i18n import say
from core.refusals import Refusal, require_choice
from plugins.contracts import deadlines
from plugins.contracts.checks import amount_fen, not_before, require_date, require_text, signing_gate
from plugins.contracts.models import Contract, ContractChange, Milestone, PerformanceReport
from plugins.contracts.operations.machine import TRANSITIONS, apply_transition, begin_act, check_source
from plugins.contracts.vocabulary import ChangeKind, MilestoneKind


def sign(contract: Contract, on: dt.date) -> None:
    """Record the signing — only after an approving review, and not before it; the filing period starts."""
    signing_gate(contract, require_date(on, "signed_on", "签订日期"))
    transition = TRANSITIONS["sign"]
    check_source(contract, transition)
    contract.signed_on = on
    due = deadlines.open_filing(contract).due_date
    apply_transition(contract, transition, on, unit_id=contract.unit_id, filing_due=due)


def file(contract: Contract, on: dt.date) -> None:
    """A copy of the signed contract reached the legal office (meets the filing period, or records it late)."""
    transition = begin_act(contract, "file", on, "备案日期", contract.signed_on, "签订日期")
    contract.filed_on = on
    on_time = deadlines.close_filing(contract, on)
    contract.filed_late = on_time is False
    apply_transition(contract, transition, on, "" if on_time is not False else "逾期备案", on_time=on_time)


def start_performance(contract: Contract, on: dt.date) -> None:
    """Performance begins."""
    transition = begin_act(contract, "start_performance", on, "开始履行日期", contract.signed_on, "签订日期")
    contract.performance_started_on = on
    apply_transition(contract, transition, on)


def add_milestone(
    contract: Contract,
    due_on: dt.date,
    kind: str,
    description: str = "",
    amount: object = None,
    on: dt.date | None = None,
) -> Milestone:
    """A milestone with its due date (the department answers for it)."""
    transition = TRANSITIONS["add_milestone"]
    check_source(contract, transition)
    if due_on is None:
        raise Refusal("due_on", say("「节点日期」必填"))
    not_before(due_on, contract.signed_on, "due_on", "节点日期", "签订日期")
    require_choice(kind, MilestoneKind, "kind", "节点类别")
    fen = None if amount in (None, "") else amount_fen(amount, "amount", "节点金额（元）")
    milestone = Milestone(
        contract=contract,
        region_id=contract.region_id,
        kind=kind,
        description=(description or MilestoneKind.chinese_of(kind)).strip()[:255],
        due_on=due_on,
        amount_fen=fen,
    )
    db.session.add(milestone)
    db.session.flush()
    deadlines.open_milestone(contract, milestone, f"履行节点：{milestone.description}")
    apply_transition(
        contract, transition, on or contract.signed_on, f"{milestone.description}（{due_on.isoformat()}到期）"
    )
    return milestone


def complete_milestone(milestone: Milestone, on: dt.date, note: str = "") -> None:
    """The milestone was done (meets its period, or records it late)."""
    contract = milestone.contract
    transition = TRANSITIONS["complete_milestone"]
    check_source(contract, transition)
    if milestone.done_on is not None:
        raise Refusal("on", say("「完成日期」该履行节点已于%(date)s完成", date=milestone.done_on.isoformat()))
    require_date(on, "on", "完成日期")
    not_before(on, contract.signed_on, "on", "完成日期", "签订日期")
    milestone.done_on, milestone.note = on, (note or "").strip()[:255]
    on_time = deadlines.close_milestone(contract, milestone)
    apply_transition(contract, transition, on, milestone.description, milestone_id=milestone.id, on_time=on_time)


def report_performance(contract: Contract, on: dt.date, content: str, problems: str = "") -> PerformanceReport:
    """The department's performance report."""
    transition = begin_act(contract, "report_performance", on, "报告日期", contract.signed_on, "签订日期")
    report = PerformanceReport(
        contract=contract,
        region_id=contract.region_id,
        reported_on=on,
        content=require_text(content, "content", "履行情况"),
        problems=(problems or "").strip(),
    )
    db.session.add(report)
    db.session.flush()
    apply_transition(contract, transition, on, report.content, report_id=report.id)
    return report


def report_change(
    contract: Contract,
    on: dt.date,
    kind: str,
    content: str,
    reported_on: dt.date | None = None,
    new_amount: object = None,
) -> ContractChange:
    """A change, supplement or termination, reported at once; a termination ends the contract."""
    key = "terminate" if kind == ChangeKind.TERMINATION else "report_change"
    transition = TRANSITIONS[key]
    check_source(contract, transition)
    require_choice(kind, ChangeKind, "kind", "变更类别")
    require_date(on, "on", "变更（解除）日期")
    not_before(on, contract.signed_on, "on", "变更（解除）日期", "签订日期")
    reported = reported_on or on
    require_date(reported, "reported_on", "报告日期")
    not_before(reported, on, "reported_on", "报告日期", "变更（解除）日期")
    fen = None if new_amount in (None, "") else amount_fen(new_amount, "new_amount", "变更后标的额（元）")
    change = ContractChange(
        contract=contract,
        region_id=contract.region_id,
        kind=kind,
        on=on,
        reported_on=reported,
        content=require_text(content, "content", "变更（解除）内容及理由"),
        new_amount_fen=fen,
    )
    db.session.add(change)
    db.session.flush()
    if fen is not None:
        contract.amount_fen = fen
    if kind == ChangeKind.TERMINATION:
        contract.terminated_on = on
        deadlines.cancel_open(contract, "合同已解除（终止）")
        apply_transition(contract, transition, on, change.content, change_id=change.id)
    else:
        apply_transition(contract, transition, on, change.content, change_id=change.id, change_kind=kind)
    return change


def complete(contract: Contract, on: dt.date) -> None:
    """Performance completed."""
    transition = begin_act(contract, "complete", on, "履行完毕日期", contract.performance_started_on, "开始履行日期")
    open_milestones = [m for m in contract.milestones if m.done_on is None]
    if open_milestones:
        raise Refusal("on", say("「履行节点」还有%(n)s个履行节点未完成", n=len(open_milestones)))
    contract.completed_on = on
    apply_transition(contract, transition, on)
