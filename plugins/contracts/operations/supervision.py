"""Supervision checks of performance: a check plan, the finding per contract, rectification by a date."""

from __future__ import annotations

import datetime as dt

from core.extensions import db
from core.i18n import say
from core.refusals import Refusal
from plugins.contracts import deadlines
from plugins.contracts.checks import not_before, require_date, require_text
from plugins.contracts.models import CheckItem, Contract, SupervisionCheck
from plugins.contracts.operations.machine import TRANSITIONS, apply_transition, begin_act, check_source


def record_check(
    contract: Contract,
    check: SupervisionCheck,
    on: dt.date,
    finding: str,
    problem: bool = False,
    rectify_by: dt.date | None = None,
) -> CheckItem:
    """The finding of a check on one signed contract; a problem needs a rectification date (its period)."""
    transition = begin_act(contract, "record_check", on, "检查日期", contract.signed_on, "签订日期")
    not_before(on, check.planned_on, "on", "检查日期", "检查计划日期")
    if any(item.check_id == check.id for item in contract.check_items):
        raise Refusal("check", say("「检查计划」本合同已在“%(check)s”中检查过", check=check.title))
    if problem and rectify_by is None:
        raise Refusal("rectify_by", say("「整改期限」发现问题的，应当确定整改期限"))
    if rectify_by is not None:
        not_before(rectify_by, on, "rectify_by", "整改期限", "检查日期")
    item = CheckItem(
        check=check,
        contract=contract,
        region_id=contract.region_id,
        checked_on=on,
        finding=require_text(finding, "finding", "检查情况"),
        problem=bool(problem),
        rectify_by=rectify_by if problem else None,
    )
    db.session.add(item)
    db.session.flush()
    if item.problem:
        deadlines.open_rectification(contract, item)
    apply_transition(
        contract,
        transition,
        on,
        item.finding,
        check_id=check.id,
        item_id=item.id,
        problem=item.problem,
        rectify_by=item.rectify_by,
    )
    return item


def record_rectification(item: CheckItem, on: dt.date, rectification: str) -> None:
    """The department's rectification of a finding (meets its period, or records it late)."""
    contract = item.contract
    transition = TRANSITIONS["record_rectification"]
    check_source(contract, transition)
    if not item.problem:
        raise Refusal("rectification", say("「整改情况」该次检查未发现问题，无需整改"))
    if item.rectified_on is not None:
        raise Refusal("on", say("「整改日期」已于%(date)s整改", date=item.rectified_on.isoformat()))
    require_date(on, "on", "整改日期")
    not_before(on, item.checked_on, "on", "整改日期", "检查日期")
    item.rectified_on = on
    item.rectification = require_text(rectification, "rectification", "整改情况")
    on_time = deadlines.close_rectification(contract, item)
    apply_transition(contract, transition, on, item.rectification, item_id=item.id, on_time=on_time)
