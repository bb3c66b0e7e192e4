"""Which periods a contract opens and closes — every call to `core.deadlines` is here.

The periods are the city's regulation (DOMAIN.md, "政府合同管理", local practice, so settings):
submission at least N working days before signing, review within M working days, filing within
K working days of signing, an archive file back within R working days of lending. Milestones
and rectifications run to the date set for them. Every deadline belongs to the contract, so its
page lists them all (the core's 期限 panel) and every ``core.deadline.*`` event names it; periods
of one opinion round, milestone, check item or borrowing carry its number in the kind
("review:2", "milestone:12"), which `family` strips.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core import deadlines as core_deadlines
from core.deadlines.operations import current_calendar
from core.extensions import db
from core.models import Region
from core.notices.operations import legal_office_id
from core.tenancy import unscoped
from plugins.contracts.settings import setting

PLUGIN_KEY = "contracts"
RULE = "本地制度：政府合同管理暂行办法"


@dataclass(frozen=True)
class Period:
    """A kind of deadline: its label, its basis, the setting with its length, and whose duty it is."""

    kind: str
    label: str
    basis: str
    #: The setting giving its length in working days (None: the period runs to a date set for it).
    setting: str | None = None
    #: "office" (the legal office) or "department" (our side's unit) or "borrower".
    owner: str = "department"


REVIEW = Period("review", "合同合法性审查期限", f"{RULE}（收到报送之日起审查）", "REVIEW_WORKING_DAYS", "office")
FILING = Period("filing", "签订后备案期限", f"{RULE}（签订后报送备案）", "FILING_WORKING_DAYS")
MILESTONE = Period("milestone", "履行节点", f"{RULE}（按约履行）")
RECTIFICATION = Period("rectification", "监督检查整改期限", f"{RULE}（履行情况监督检查）")
RETURN = Period("return", "档案借阅归还期限", f"{RULE}（档案查借阅）", "RETURN_WORKING_DAYS", "borrower")
PERIODS = {p.kind: p for p in (REVIEW, FILING, MILESTONE, RECTIFICATION, RETURN)}
#: Whose unit answers for a missed period.
OFFICE_KINDS = frozenset({REVIEW.kind})


def family(kind: str | None) -> str:
    """The period a deadline kind belongs to ("review:2" → "review")."""
    return (kind or "").split(":", 1)[0]


def office_of(region_id: int) -> int | None:
    """The legal office (司法局/法制办) of the region, or of the nearest region above with one."""
    with unscoped():
        region = db.session.get(Region, region_id)
    return legal_office_id(region) if region is not None else None


def _working_days(period: Period) -> int:
    return int(setting(period.setting)) if period.setting else 0


def _open(contract: Any, period: Period, kind: str, start: dt.date, unit_id: int | None, label: str = "") -> Any:
    return core_deadlines.open_deadline(
        contract,
        plugin_key=PLUGIN_KEY,
        kind=kind,
        label=label or period.label,
        basis=period.basis,
        start=start,
        working_days=_working_days(period),
        responsible_unit_id=unit_id,
        staff_user_id=getattr(contract, "reviewer_id", None),
    )


# -- before signing ----------------------------------------------------------------------------------


def submitted_in_time(submitted_on: dt.date, planned_signing_on: dt.date | None) -> bool:
    """Whether N working days lie between the submission and the planned signing (None: no plan, in time)."""
    if planned_signing_on is None:
        return True
    lead = int(setting("SUBMISSION_LEAD_WORKING_DAYS"))
    return current_calendar().add_working_days(submitted_on, lead).date <= planned_signing_on


def review_kind(review_round: int) -> str:
    """The deadline kind of a review round."""
    return f"{REVIEW.kind}:{review_round}"


def open_review(contract: Any, start: dt.date) -> Any:
    """M working days for the office to review this round, from the day the text reached it."""
    label = REVIEW.label if contract.review_round == 1 else f"{REVIEW.label}（第{contract.review_round}轮）"
    return _open(contract, REVIEW, review_kind(contract.review_round), start, office_of(contract.region_id), label)


def close_review(contract: Any, on: dt.date) -> bool | None:
    """The office answered this round on `on`; whether in time (None: no period was open)."""
    deadline = core_deadlines.meet_deadline(contract, review_kind(contract.review_round), on=on)
    return None if deadline is None else deadline.state == "met"


# -- after signing -----------------------------------------------------------------------------------


def open_filing(contract: Any) -> Any:
    """K working days from signing for the department to file a copy with the legal office."""
    return _open(contract, FILING, FILING.kind, contract.signed_on, contract.unit_id)


def close_filing(contract: Any, on: dt.date) -> bool | None:
    """The copy was filed on `on`; whether in time."""
    deadline = core_deadlines.meet_deadline(contract, FILING.kind, on=on)
    return None if deadline is None else deadline.state == "met"


def _on_date(contract: Any, period: Period, kind: str, due: dt.date, unit_id: int | None, label: str) -> Any:
    # A period that runs to a date set for it: opened on that date, zero days long.
    return core_deadlines.open_deadline(
        contract,
        plugin_key=PLUGIN_KEY,
        kind=kind,
        label=label,
        basis=period.basis,
        start=due,
        calendar_days=0,
        responsible_unit_id=unit_id,
    )


def open_milestone(contract: Any, milestone: Any, label: str) -> Any:
    """A milestone's due date, the department's duty."""
    return _on_date(contract, MILESTONE, f"{MILESTONE.kind}:{milestone.id}", milestone.due_on, contract.unit_id, label)


def close_milestone(contract: Any, milestone: Any) -> bool | None:
    """The milestone was done; whether on time."""
    deadline = core_deadlines.meet_deadline(contract, f"{MILESTONE.kind}:{milestone.id}", on=milestone.done_on)
    return None if deadline is None else deadline.state == "met"


def open_rectification(contract: Any, item: Any) -> Any:
    """The rectification a check ordered, due on the date it set."""
    label = f"{RECTIFICATION.label}（{item.checked_on.isoformat()}检查）"
    return _on_date(
        contract, RECTIFICATION, f"{RECTIFICATION.kind}:{item.id}", item.rectify_by, contract.unit_id, label
    )


def close_rectification(contract: Any, item: Any) -> bool | None:
    """The rectification was reported; whether in time."""
    deadline = core_deadlines.meet_deadline(contract, f"{RECTIFICATION.kind}:{item.id}", on=item.rectified_on)
    return None if deadline is None else deadline.state == "met"


def open_return(contract: Any, borrowing: Any) -> dt.date:
    """R working days from lending for the borrower to return the file; returns the due date."""
    label = f"{RETURN.label}（{borrowing.borrower_name}）"
    deadline = _open(
        contract, RETURN, f"{RETURN.kind}:{borrowing.id}", borrowing.lent_on, borrowing.borrower_unit_id, label
    )
    return deadline.due_date


def close_return(contract: Any, borrowing: Any) -> bool | None:
    """The file came back; whether in time."""
    deadline = core_deadlines.meet_deadline(contract, f"{RETURN.kind}:{borrowing.id}", on=borrowing.returned_on)
    return None if deadline is None else deadline.state == "met"


def cancel_open(contract: Any, reason: str) -> None:
    """A terminated contract: its milestones no longer run."""
    for deadline in core_deadlines.deadlines_of(contract):
        if family(deadline.kind) == MILESTONE.kind and deadline.state in ("open", "extended", "suspended"):
            core_deadlines.cancel_deadline(contract, deadline.kind, reason=reason)
