"""Refusals of 实施方案督办, each naming the field at fault (the kit's `Refusal(field, message)`).

Used by the acts of `operations`, the admin forms and the plan's import alike, so the same
Chinese message reaches the user whichever way the data came in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import clock
from core.i18n import say
from core.models import Unit
from core.refusals import Refusal


def today() -> dt.date:
    """The offices' date (core clock)."""
    return clock.today()


def check_years(start: int, end: int, field: str = "end_year") -> None:
    """A measure's years run forwards."""
    if end < start:
        raise Refusal(field, say("「截止年度」（%(end)s）不能早于「起始年度」（%(start)s）", end=end, start=start))


def check_step_deadline(step_deadline: dt.date, task_deadline: dt.date) -> None:
    """A step must end by the task's deadline (the work plan fits inside the task)."""
    if step_deadline > task_deadline:
        raise Refusal(
            "deadline",
            say(
                "「步骤完成时限」（%(step)s）不能晚于任务完成时限（%(task)s）",
                step=step_deadline.isoformat(),
                task=task_deadline.isoformat(),
            ),
        )


def check_objection_in_time(on: dt.date, until: dt.date) -> None:
    """Art 17: an objection within 30 days of receiving the conclusion (the last day counted on the calendar)."""
    if on > until:
        raise Refusal(
            "on",
            say(
                "「申请复核日期」（%(on)s）已超过自收到督查结论之日起30日（截至%(until)s，《政府督查工作条例》第十七条）",
                on=on.isoformat(),
                until=until.isoformat(),
            ),
        )


def check_evidence(evidence: str, attachments: int) -> None:
    """销号 needs evidence: a description of the results and at least one attached material."""
    if not (evidence or "").strip():
        raise Refusal("evidence", say("「验收材料说明」必填：申请验收销号须附工作成果材料"))
    if attachments == 0:
        raise Refusal("evidence", say("「验收材料」未上传：申请验收销号须至少附一份成果材料（在任务页上传附件）"))


def is_legal_office_user(user: Any) -> bool:
    """Admins and the staff of a rule-of-law office (法制机构) judge acceptance and inspections."""
    if user is None:
        return True  # the system (demo, CLI)
    if getattr(user, "role", "") in ("system_admin", "region_admin"):
        return True
    unit = getattr(user, "unit", None)
    return bool(unit is not None and unit.is_legal_office)


def check_lead_unit_user(user: Any, unit: Unit) -> None:
    """Acts of the lead unit: its own staff, or the legal office acting for it."""
    if user is None or is_legal_office_user(user) or getattr(user, "unit_id", None) == unit.id:
        return
    raise Refusal("state", say("只有牵头单位“%(unit)s”或法制机构可以办理此事项", unit=unit.name))


def check_reviewer(user: Any, reviewer_id: int | None, lead_unit_id: int) -> None:
    """Acceptance by the legal office or the reviewer it named; never by the lead unit itself."""
    if (
        user is not None
        and getattr(user, "unit_id", None) == lead_unit_id
        and getattr(user, "role", "") != "system_admin"
    ):
        raise Refusal("state", say("牵头单位不能验收本单位的任务"))
    if user is None or is_legal_office_user(user) or (reviewer_id and user.id == reviewer_id):
        return
    raise Refusal("state", say("只有法制机构或其指定的验收人可以验收"))
