"""The life of a contract: its transitions as one table, and the one function that applies them.

An act has a date (the day it happened) and a user (the acting user, or the system for what an
event brings); it moves the contract along `TRANSITIONS` only, records a timeline step
(`ContractStep`) and publishes its event (`events`) about the contract.

```
submit → submitted ─ start_review → under_review ─┬─ return_opinions → opinions_returned ─ revise → revised
                                                  ├─ approve → approved ─ sign → signed ─ file → filed
                                                  └─ reject → not_approved
revised ─ return_opinions | approve | reject (a further round)
signed | filed ─ start_performance → performing ─ complete → completed
signed | filed | performing ─ terminate → terminated
```
The signing gate is the table itself: ``sign`` starts only from ``approved`` (and `checks.signing_gate`
says why in Chinese).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import machine
from core.events import publish
from core.extensions import db
from core.machine import Transition, transition_table
from core.machine import transition as act
from core.tenancy import unscoped
from plugins.contracts import events
from plugins.contracts.models import Contract, ContractStep
from plugins.contracts.vocabulary import IN_FORCE, SIGNED_STATES, ContractState

S = ContractState


REVIEWABLE = {S.UNDER_REVIEW, S.REVISED}
TRANSITIONS = transition_table(
    act("submit", "报送合法性审查", set(), S.SUBMITTED, events.ContractSubmitted),
    act("start_review", "开始审查", {S.SUBMITTED}, S.UNDER_REVIEW, events.ReviewStarted),
    act("give_opinion", "提出审查意见", REVIEWABLE, None, events.OpinionGiven),
    act("return_opinions", "出具审查意见", REVIEWABLE, S.OPINIONS_RETURNED, events.OpinionsReturned),
    act("answer_opinion", "答复审查意见", {S.OPINIONS_RETURNED, S.REVISED}, None, events.OpinionAnswered),
    act("revise", "修改后重新报送", {S.OPINIONS_RETURNED}, S.REVISED, events.ContractRevised),
    act("approve", "审查同意签订", REVIEWABLE, S.APPROVED, events.ContractApproved),
    act("reject", "审查不同意签订", REVIEWABLE, S.NOT_APPROVED, events.ContractRejected),
    act("request_consultation", "提请法律顾问协商", {S.SUBMITTED, *REVIEWABLE, S.OPINIONS_RETURNED}, None, None),
    act("attach_answer", "收到法律顾问意见", set(), None, events.ConsultationRecorded),
    act("record_consultation", "登记法律顾问协商意见", {S.SUBMITTED, *REVIEWABLE, S.OPINIONS_RETURNED}, None,
        events.ConsultationRecorded),
    act("sign", "登记签订", {S.APPROVED}, S.SIGNED, events.ContractSigned),
    act("file", "报送备案", {S.SIGNED}, S.FILED, events.ContractFiled),
    act("start_performance", "开始履行", {S.SIGNED, S.FILED}, S.PERFORMING, events.PerformanceStarted),
    act("add_milestone", "设定履行节点", IN_FORCE, None, None),
    act("complete_milestone", "完成履行节点", IN_FORCE, None, events.MilestoneDone),
    act("report_performance", "报告履行情况", IN_FORCE, None, events.PerformanceReported),
    act("report_change", "报告合同变更", IN_FORCE, None, events.ContractChanged),
    act("terminate", "报告合同解除（终止）", IN_FORCE, S.TERMINATED, events.ContractTerminated),
    act("complete", "履行完毕", {S.PERFORMING}, S.COMPLETED, events.ContractCompleted),
    act("record_check", "记录监督检查", SIGNED_STATES, None, events.ContractChecked),
    act("record_rectification", "记录整改情况", SIGNED_STATES, None, events.CheckRectified),
    act("archive", "归档", SIGNED_STATES, None, events.ContractArchived),
)  # fmt: skip


def check_source(contract: Contract, transition: Transition) -> None:
    """Refuse the act when the contract is not in one of the states it may start from."""
    machine.check_source(ContractState(contract.state), transition, "合同")


def begin_act(
    contract: Contract, name: str, on: dt.date, label: str, after: dt.date | None = None, after_label: str = ""
) -> Transition:
    """The transition of act `name`, refused as `core.machine.begin_dated_act` says."""
    return machine.begin_dated_act(
        ContractState(contract.state), TRANSITIONS[name], "合同", on, label, after, after_label
    )


def apply_transition(
    contract: Contract,
    transition: Transition,
    on: dt.date,
    note: str = "",
    *,
    event: type[events.ContractEvent] | None = None,
    **fields: Any,
) -> events.ContractEvent | None:
    """Move the contract, record the step, publish the event (checks are done by the caller)."""
    before = machine.advance(contract, transition, on, ContractStep(contract=contract), note)
    kind = event or transition.event
    if kind is None:
        return None
    return announce(
        kind(
            contract_id=contract.id,
            number=contract.number,
            state=str(contract.state),
            previous_state=before,
            on=on,
            **fields,
        ),
        contract,
    )


def announce(event: events.ContractEvent, contract: Contract) -> events.ContractEvent:
    """Publish `event` about `contract` in the current transaction."""
    publish(event, region_id=contract.region_id, subject=contract)
    return event


def load_contract(contract_id: int) -> Contract | None:
    """A contract by id, unscoped (for event handlers, which run as the system)."""
    with unscoped():
        return db.session.get(Contract, contract_id)
