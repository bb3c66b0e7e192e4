"""The archive: archiving a signed contract, and borrowing from the archive with approval and return.

A borrowing has a small life of its own (`BORROWING`): requested → approved or refused;
approved → lent (read on site, or lent out: the return period of R working days starts) →
returned. Every step is a row change the core audits, a step on the contract's timeline and an event.
"""

from __future__ import annotations

import datetime as dt

from core.extensions import db
from core.i18n import say
from core.machine import record_step
from core.models import Unit
from core.refusals import Refusal, require_choice, require_state
from plugins.contracts import deadlines, events
from plugins.contracts.checks import not_before, require_date, require_text
from plugins.contracts.models import Borrowing, Contract, ContractStep
from plugins.contracts.operations.machine import TRANSITIONS, announce, apply_transition, check_source
from plugins.contracts.vocabulary import BorrowMode, BorrowState

B = BorrowState
#: act → (label, from states, to state, event).
BORROWING: dict[str, tuple[str, frozenset[str], str, type[events.BorrowingEvent]]] = {
    "request": ("申请查借阅", frozenset(), B.REQUESTED, events.BorrowingRequested),
    "approve": ("批准查借阅", frozenset({B.REQUESTED}), B.APPROVED, events.BorrowingApproved),
    "refuse": ("不予批准查借阅", frozenset({B.REQUESTED}), B.REFUSED, events.BorrowingRefused),
    "lend": ("交付查阅（借出）", frozenset({B.APPROVED}), B.LENT, events.BorrowingLent),
    "give_back": ("归还档案", frozenset({B.LENT}), B.RETURNED, events.BorrowingReturned),
}


def archive(contract: Contract, on: dt.date, archive_number: str, location: str = "") -> None:
    """Archive the signed contract's file."""
    transition = TRANSITIONS["archive"]
    check_source(contract, transition)
    if contract.archived_on is not None:
        raise Refusal("on", say("「归档日期」本合同已于%(date)s归档", date=contract.archived_on.isoformat()))
    require_date(on, "on", "归档日期")
    not_before(on, contract.signed_on, "on", "归档日期", "签订日期")
    contract.archived_on = on
    contract.archive_number = require_text(archive_number, "archive_number", "档案号")[:64]
    contract.archive_location = (location or "").strip()[:128]
    apply_transition(contract, transition, on, contract.archive_number, archive_number=contract.archive_number)


def _check(borrowing: Borrowing, act: str) -> None:
    label, sources, _target, _event = BORROWING[act]
    require_state(B(borrowing.state), sources, label, "借阅申请", label="借阅状态")


def _step(borrowing: Borrowing, act: str, on: dt.date, note: str = "", **fields: object) -> None:
    label, _sources, target, event = BORROWING[act]
    borrowing.state = target
    contract = borrowing.contract
    record_step(
        ContractStep(contract=contract),
        contract,
        action=f"borrowing_{act}",
        label=label,
        on=on,
        before=str(contract.state),
        note=f"{borrowing.borrower_name}：{note}",
    )
    db.session.flush()
    announce(
        event(
            contract_id=contract.id,
            number=contract.number,
            state=str(contract.state),
            previous_state=str(contract.state),
            on=on,
            borrowing_id=borrowing.id,
            borrower_unit_id=borrowing.borrower_unit_id,
            mode=borrowing.mode,
            return_due=borrowing.return_due,
            **fields,
        ),
        contract,
    )


def request_borrowing(
    contract: Contract, on: dt.date, borrower_unit: Unit, borrower_name: str, purpose: str, mode: str
) -> Borrowing:
    """A request to read or borrow an archived contract."""
    if contract.archived_on is None:
        raise Refusal("contract", say("「档案」本合同尚未归档，不能申请查借阅"))
    require_date(on, "on", "申请日期")
    not_before(on, contract.archived_on, "on", "申请日期", "归档日期")
    if borrower_unit is None:
        raise Refusal("borrower_unit", say("「借阅单位」必填"))
    require_choice(mode, BorrowMode, "mode", "查借阅方式")
    borrowing = Borrowing(
        contract=contract,
        region_id=contract.region_id,
        borrower_unit_id=borrower_unit.id,
        borrower_name=require_text(borrower_name, "borrower_name", "借阅人")[:64],
        purpose=require_text(purpose, "purpose", "查借阅事由"),
        mode=mode,
        requested_on=on,
        state=B.REQUESTED,
    )
    db.session.add(borrowing)
    db.session.flush()
    _step(borrowing, "request", on, borrowing.purpose)
    return borrowing


def decide_borrowing(borrowing: Borrowing, on: dt.date, approved: bool, decided_by: str, note: str = "") -> None:
    """Approve or refuse a request (borrowing needs approval)."""
    _check(borrowing, "approve")
    require_date(on, "on", "审批日期")
    not_before(on, borrowing.requested_on, "on", "审批日期", "申请日期")
    decided = require_text(decided_by, "decided_by", "审批人")
    if not approved and not (note or "").strip():
        raise Refusal("note", say("「审批意见」不予批准的，应当写明理由"))
    _step(borrowing, "approve" if approved else "refuse", on, note or "")
    borrowing.decided_on, borrowing.decided_by, borrowing.decision_note = on, decided[:64], (note or "").strip()[:255]


def lend(borrowing: Borrowing, on: dt.date) -> None:
    """Hand the file over (on site, or lent out): the return period starts."""
    _check(borrowing, "lend")
    require_date(on, "on", "借出日期")
    not_before(on, borrowing.decided_on, "on", "借出日期", "批准日期")
    borrowing.lent_on = on
    borrowing.return_due = deadlines.open_return(borrowing.contract, borrowing)
    _step(borrowing, "lend", on, BorrowMode.chinese_of(borrowing.mode))


def give_back(borrowing: Borrowing, on: dt.date) -> None:
    """The file came back (meets the return period, or records it late); never before it was lent."""
    if borrowing.lent_on is None:
        raise Refusal("on", say("「归还日期」档案尚未借出，不能登记归还"))
    _check(borrowing, "give_back")
    require_date(on, "on", "归还日期")
    not_before(on, borrowing.lent_on, "on", "归还日期", "借出日期")
    borrowing.returned_on = on
    on_time = deadlines.close_return(borrowing.contract, borrowing)
    _step(borrowing, "give_back", on, "按期归还" if on_time is not False else "逾期归还", on_time=on_time)
