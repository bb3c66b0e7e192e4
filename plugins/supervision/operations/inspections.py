"""Inspections (政府督查工作条例 arts 15–18, 21): plan, findings, conclusion fed back, objection and
review within 30 days each, rectification and verification, and proposals that need approval."""

from __future__ import annotations

import datetime as dt

from core import refusals
from core.events import publish
from core.extensions import db
from core.i18n import say, translate
from core.models import Unit
from core.refusals import Refusal, require_choice
from plugins.supervision import checks, deadlines, events
from plugins.supervision.models import Finding, Inspection, Proposal, Task
from plugins.supervision.settings import setting
from plugins.supervision.vocabulary import FindingRating, InspectionState, ProposalKind, ProposalState, ReviewResult


def check_plan(inspection: Inspection) -> None:
    """Art 15: a written plan with content, objects, scope and time."""
    refusals.require_text(inspection.title, "title", "督查名称")
    refusals.require_text(inspection.content, "content", "督查内容")
    refusals.require_text(inspection.objects, "objects", "督查对象")
    refusals.require_text(inspection.scope, "scope", "督查范围")
    if inspection.starts_on is None or inspection.ends_on is None:
        raise Refusal("starts_on", say("「督查时间」必填（开始和结束日期）"))
    refusals.not_before(inspection.ends_on, inspection.starts_on, "ends_on", "结束日期", "开始日期")


def _open(inspection: Inspection) -> None:
    if inspection.state == InspectionState.CONCLUDED:
        raise Refusal("state", say("「状态」督查已作出结论，不能再变更督查发现（如有异议按第十七条申请复核）"))


def add_finding(
    inspection: Inspection,
    unit: Unit,
    rating: str,
    description: str,
    task: Task | None = None,
    rectification: str = "",
    rectify_by: dt.date | None = None,
) -> Finding:
    """What the inspection found for a unit (and one of its tasks); art 15 ¶2: only the plan's objects."""
    _open(inspection)
    if unit is None:
        raise Refusal("unit", say("「被督查单位」必填"))
    require_choice(rating, FindingRating, "rating", "督查评价")
    description = refusals.require_text(description, "description", "督查发现")
    if task is not None and task.year != inspection.year:
        raise Refusal("task", say("「任务」不属于本次督查的%(year)s年度", year=inspection.year))
    if rating == FindingRating.PROBLEM and not (rectification or "").strip():
        raise Refusal("rectification", say("「整改要求」存在问题的，应当提出整改要求（第十八条）"))
    finding = Finding(
        inspection=inspection,
        region_id=inspection.region_id,
        unit_id=unit.id,
        task_id=task.id if task else None,
        rating=rating,
        description=description,
        rectification=(rectification or "").strip(),
        rectify_by=rectify_by,
    )
    db.session.add(finding)
    db.session.flush()
    return finding


def start(inspection: Inspection, on: dt.date) -> None:
    """The inspection begins on its plan."""
    if inspection.state != InspectionState.PLANNED:
        raise Refusal("state", say("「状态」督查已开始"))
    refusals.require_date(on, "on", "开始日期")
    inspection.state = InspectionState.UNDER_WAY


def conclude(inspection: Inspection, on: dt.date, conclusion: str) -> None:
    """Art 16: the conclusion, made after the inspection; fact-based, so at least one finding."""
    _open(inspection)
    on = refusals.require_date(on, "on", "结论日期")
    refusals.not_before(on, inspection.starts_on, "on", "结论日期", "督查开始日期")
    inspection.conclusion = refusals.require_text(conclusion, "conclusion", "督查结论")
    if not inspection.findings:
        raise Refusal("conclusion", say("「督查发现」作出结论前应当记录对各督查对象的督查情况"))
    inspection.state = InspectionState.CONCLUDED
    inspection.concluded_on = on
    days = setting("FINDING_RECTIFY_DAYS")
    for finding in inspection.findings:
        if finding.rectification and finding.rectify_by is None:
            finding.rectify_by = on + dt.timedelta(days=days)
    db.session.flush()
    publish(
        events.InspectionConcluded(
            inspection_id=inspection.id, year=inspection.year, concluded_on=on, findings=len(inspection.findings)
        ),
        region_id=inspection.region_id,
        subject=inspection,
    )


def _finding_event(cls: type, finding: Finding, on: dt.date, **extra: object) -> None:
    publish(
        cls(finding_id=finding.id, inspection_id=finding.inspection_id, unit_id=finding.unit_id, on=on, **extra),
        region_id=finding.region_id,
        subject=finding,
    )


def feed_back(finding: Finding, on: dt.date, received_on: dt.date | None = None) -> None:
    """Art 16 ¶1: the conclusion is fed back to the unit; the 30 days of art 17 run from its receipt."""
    if finding.inspection.state != InspectionState.CONCLUDED:
        raise Refusal("state", say("「状态」督查尚未作出结论，不能反馈"))
    if finding.fed_back_on is not None:
        raise Refusal("on", say("「反馈日期」已于%(date)s反馈", date=finding.fed_back_on.isoformat()))
    on = refusals.require_date(on, "on", "反馈日期")
    refusals.not_before(on, finding.inspection.concluded_on, "on", "反馈日期", "结论日期")
    received = received_on or on
    refusals.not_before(received, on, "received_on", "督查对象收到日期", "反馈日期")
    finding.fed_back_on, finding.received_on = on, received
    finding.objection_until = deadlines.objection_until(received)
    if finding.rectify_by is not None:
        deadlines.open_rectification(finding, received)
    _finding_event(events.ConclusionFedBack, finding, on, objection_until=finding.objection_until)


def object_to(finding: Finding, on: dt.date, reason: str) -> None:
    """Art 17: an objection within 30 days of receiving the conclusion opens the 30-day review."""
    if finding.received_on is None:
        raise Refusal("on", say("「异议」督查结论尚未反馈，不能申请复核"))
    if finding.objected_on is not None:
        raise Refusal("on", say("「异议」已于%(date)s申请复核", date=finding.objected_on.isoformat()))
    on = refusals.require_date(on, "on", "申请复核日期")
    refusals.not_before(on, finding.received_on, "on", "申请复核日期", "收到督查结论日期")
    checks.check_objection_in_time(on, finding.objection_until)
    finding.objected_on = on
    finding.objection = refusals.require_text(reason, "reason", "异议理由")
    deadline = deadlines.open_review(finding, on)
    finding.review_due = deadline.due_date
    _finding_event(events.ObjectionFiled, finding, on, review_due=finding.review_due)


def review(finding: Finding, on: dt.date, result: str, note: str) -> None:
    """Art 17: the government's review decision (the staff who made the conclusion stand aside)."""
    if finding.objected_on is None:
        raise Refusal("state", say("「复核」没有待复核的异议"))
    if finding.reviewed_on is not None:
        raise Refusal("state", say("「复核」已于%(date)s作出复核决定", date=finding.reviewed_on.isoformat()))
    on = refusals.require_date(on, "on", "复核决定日期")
    refusals.not_before(on, finding.objected_on, "on", "复核决定日期", "申请复核日期")
    require_choice(result, ReviewResult, "result", "复核结果")
    finding.reviewed_on, finding.review_result = on, result
    finding.review_note = refusals.require_text(note, "note", "复核意见")
    deadlines.meet_review(finding, on)
    _finding_event(events.ReviewDecided, finding, on, result=result)


def rectify(finding: Finding, on: dt.date, report: str) -> None:
    """Art 18: the unit reports its rectification."""
    if not finding.rectification:
        raise Refusal("state", say("「整改」督查结论没有要求整改"))
    if finding.received_on is None:
        raise Refusal("state", say("「整改」督查结论尚未反馈"))
    on = refusals.require_date(on, "on", "整改完成日期")
    finding.rectified_on = on
    finding.rectification_report = refusals.require_text(report, "report", "整改情况")
    deadlines.meet_rectification(finding, on)
    _finding_event(events.RectificationReported, finding, on)


def verify(finding: Finding, on: dt.date, verification: str) -> None:
    """Art 18: the inspection office checks the rectification."""
    if finding.rectified_on is None:
        raise Refusal("state", say("「核查」整改情况尚未报送"))
    on = refusals.require_date(on, "on", "核查日期")
    refusals.not_before(on, finding.rectified_on, "on", "核查日期", "整改完成日期")
    finding.verified_on = on
    finding.verification = refusals.require_text(verification, "verification", "核查情况")
    _finding_event(events.RectificationVerified, finding, on)


def propose(inspection: Inspection, unit: Unit, kind: str, reason: str, on: dt.date) -> Proposal:
    """Art 21: a proposal of praise, criticism or accountability, on the conclusion or the verification."""
    if inspection.state != InspectionState.CONCLUDED:
        raise Refusal("state", say("「状态」应根据督查结论提出建议（第二十一条）"))
    require_choice(kind, ProposalKind, "kind", "建议类别")
    if unit is None:
        raise Refusal("unit", say("「督查对象」必填"))
    on = refusals.require_date(on, "on", "提出日期")
    proposal = Proposal(
        inspection=inspection,
        region_id=inspection.region_id,
        unit_id=unit.id,
        kind=kind,
        reason=refusals.require_text(reason, "reason", "建议理由"),
        proposed_on=on,
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def decide_proposal(proposal: Proposal, on: dt.date, approved: bool, approved_by: str) -> None:
    """Art 21: approved by the government or its head, the proposal takes effect (notice rules act on it)."""
    if proposal.state != ProposalState.PROPOSED:
        raise Refusal("state", say("「状态」建议已%(state)s", state=translate(proposal.state_label)))
    on = refusals.require_date(on, "on", "批准日期")
    refusals.not_before(on, proposal.proposed_on, "on", "批准日期", "提出日期")
    proposal.approved_by = refusals.require_text(approved_by, "approved_by", "批准机关或批准人")
    proposal.state = ProposalState.APPROVED if approved else ProposalState.REJECTED
    proposal.decided_on = on
    cls = events.ProposalApproved if approved else events.ProposalRejected
    publish(
        cls(
            proposal_id=proposal.id,
            inspection_id=proposal.inspection_id,
            unit_id=proposal.unit_id,
            kind=proposal.kind,
            reason=proposal.reason,
            on=on,
            approved_by=proposal.approved_by,
        ),
        region_id=proposal.region_id,
        subject=proposal,
    )
