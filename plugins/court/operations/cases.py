"""A litigation case saved: its checks, its deadlines (appeal, defence), the events it publishes."""

from __future__ import annotations

from typing import Any

from core.events import publish
from core.extensions import db
from plugins.court import deadlines
from plugins.court import events as ev
from plugins.court.checks import check_case
from plugins.court.models import LitigationCase
from plugins.court.operations.changes import Changes

_CASE_COLUMNS = (
    "defendant_unit_id",
    "filed_on",
    "complaint_copy_received_on",
    "defence_filed_on",
    "ruling_kind",
    "ruling_matter",
    "judged_on",
    "served_on",
    "result",
    "appeal_decision",
    "appeal_decided_on",
    "recommendation_received_on",
)


def prepare_case(case: LitigationCase) -> Changes:
    """Check a case before it is saved and put it in its defendant's region; returns what changes."""
    with db.session.no_autoflush:
        check_case(case)
        case.region_id = case.defendant_unit.region_id
        return Changes.of(case, _CASE_COLUMNS)


def _case_event(event: type[ev.CaseEvent], case: LitigationCase, **fields: Any) -> ev.CaseEvent:
    return event(
        case_id=case.id,
        case_number=case.case_number,
        court=case.court,
        instance=case.instance,
        defendant_unit_id=case.defendant_unit_id,
        defendant_unit=case.defendant_unit.name,
        **fields,
    )


def case_saved(case: LitigationCase, changes: Changes, *, is_created: bool) -> None:
    """Move the case's deadlines and publish its events after a save (inside the transaction)."""
    db.session.flush()
    region = case.region_id
    if is_created:
        publish(
            _case_event(ev.CaseFiled, case, filed_on=case.filed_on, plaintiffs=case.plaintiffs),
            region_id=region,
            subject=case,
        )
    if "complaint_copy_received_on" in changes:
        due = deadlines.track_defence(case)
        if changes.newly_set("complaint_copy_received_on"):
            received = case.complaint_copy_received_on
            publish(
                _case_event(ev.ComplaintReceived, case, received_on=received, defence_due=due),
                region_id=region,
                subject=case,
            )
    if changes.newly_set("defence_filed_on"):
        on_time = deadlines.defence_filed(case)
        publish(
            _case_event(ev.DefenceFiled, case, filed_on=case.defence_filed_on, on_time=on_time),
            region_id=region,
            subject=case,
        )
    if {"judged_on", "ruling_kind", "ruling_matter", "served_on"} & set(changes.values):
        due = deadlines.track_appeal(case)
        if changes.newly_set("judged_on"):
            publish(
                _case_event(
                    ev.CaseJudged,
                    case,
                    ruling_kind=case.ruling_kind,
                    judged_on=case.judged_on,
                    result=case.result,
                    appeal_due=due,
                ),
                region_id=region,
                subject=case,
            )
    if changes.newly_set("appeal_decision"):
        deadlines.appeal_decided(case)
        publish(
            _case_event(ev.AppealDecided, case, decision=case.appeal_decision, decided_on=case.appeal_decided_on),
            region_id=region,
            subject=case,
        )
    if changes.newly_set("recommendation_received_on"):
        publish(
            _case_event(
                ev.RecommendationReceived,
                case,
                received_on=case.recommendation_received_on,
                summary=(case.recommendation_summary or "")[:500],
            ),
            region_id=region,
            subject=case,
        )
