"""A hearing saved: who appeared for the agency (规定 arts 5, 10), its deadlines and events."""

from __future__ import annotations

from typing import Any

from core.attachments import AttachmentError, store_attachment
from core.events import publish
from core.extensions import db
from core.refusals import Refusal
from plugins.court import deadlines
from plugins.court import events as ev
from plugins.court.checks import POWER_OF_ATTORNEY, check_hearing
from plugins.court.models import CourtHearing
from plugins.court.operations.changes import Changes
from plugins.court.vocabulary import HEARING_LABELS, HearingStatus

_HEARING_COLUMNS = ("held_on", "notice_received_on", "status", "head_id", "delegate_id", "lawyers", "head_spoke")
_ATTENDANCE = ("head_id", "delegate_id", "lawyers", "head_spoke", "court_rejected_reason")


def prepare_hearing(hearing: CourtHearing, power_of_attorney: Any = None) -> Changes:
    """Check a hearing before it is saved; `power_of_attorney` is an uploaded file (or None)."""
    with db.session.no_autoflush:
        check_hearing(hearing, power_of_attorney)
        hearing.region_id = hearing.case.region_id
        return Changes.of(hearing, (*_HEARING_COLUMNS, "court_rejected_reason", "late_notice_criticism"))


def hearing_event(event: type[ev.HearingEvent], hearing: CourtHearing) -> ev.HearingEvent:
    """The `court.hearing.*` event `event` about `hearing` as it is now."""
    case = hearing.case
    appearance = hearing.appearance
    return event(
        hearing_id=hearing.id,
        case_id=case.id,
        case_number=case.case_number,
        court=case.court,
        defendant_unit_id=case.defendant_unit_id,
        defendant_unit=case.defendant_unit.name,
        held_on=hearing.held_on,
        status=hearing.status,
        head_required=hearing.head_required,
        appearance=appearance,
        head_id=hearing.head_id,
        head=hearing.head.name if hearing.head else None,
        delegate_id=hearing.delegate_id,
        delegate=hearing.delegate.name if hearing.delegate else None,
        lawyers=hearing.lawyers,
        head_spoke=hearing.head_spoke,
        delegation_approved=hearing.delegation_approved,
        notice_late=bool(hearing.notice_late),
        late_notice_criticism=bool(hearing.late_notice_criticism),
        absence_excused=hearing.absence_excused if appearance and appearance.value != "head" else None,
    )


def hearing_saved(hearing: CourtHearing, changes: Changes, *, is_created: bool, power_of_attorney: Any = None) -> None:
    """Keep the uploaded power of attorney, move the report deadline, publish the hearing's events."""
    db.session.flush()
    if power_of_attorney is not None:
        try:
            store_attachment(
                hearing,
                power_of_attorney.filename,
                power_of_attorney.read(),
                user=None,
                description=POWER_OF_ATTORNEY,
            )
        except AttachmentError as exc:
            raise Refusal("power_of_attorney", str(exc), label=HEARING_LABELS["power_of_attorney"]) from exc
        hearing.power_of_attorney_filed = True
    region = hearing.region_id
    status = HearingStatus(hearing.status)
    unchanged = None if is_created else hearing.status
    old_status = changes.values["status"][0] if "status" in changes else unchanged
    if is_created or "held_on" in changes or "notice_received_on" in changes or "status" in changes:
        deadlines.track_report(hearing)
    if is_created and status == HearingStatus.SCHEDULED:
        publish(hearing_event(ev.HearingScheduled, hearing), region_id=region, subject=hearing)
    decided_late = "late_notice_criticism" in changes and hearing.late_notice_criticism
    if status == HearingStatus.HELD and (old_status != HearingStatus.HELD or decided_late):
        # Held — or a person decided that an absence after a late notice is criticised after all
        # (规定 art 5 ¶2): the notice rules judge the hearing (again; each notice is issued once).
        publish(hearing_event(ev.HearingHeld, hearing), region_id=region, subject=hearing)
    elif status == HearingStatus.HELD and any(c in changes for c in _ATTENDANCE):
        publish(hearing_event(ev.HearingCorrected, hearing), region_id=region, subject=hearing)
    elif status == HearingStatus.POSTPONED and old_status != status:
        publish(hearing_event(ev.HearingPostponed, hearing), region_id=region, subject=hearing)
    elif status == HearingStatus.CANCELLED and old_status != status:
        publish(hearing_event(ev.HearingCancelled, hearing), region_id=region, subject=hearing)
