"""Every state change of a case, the checks that refuse impossible ones, and the event each publishes.

The state machine is in `machine` (`TRANSITIONS`, `apply_transition`); the acts are grouped by
the stage of the case. Each act checks its date and the state first and raises `core.refusals.Refusal`
naming the field at fault before anything is changed; the caller commits. The acts are
re-exported here: ``operations.accept(case, on)``.
"""

from plugins.admin_review.operations.acceptance import (
    abandon,
    accept,
    application_verdict,
    correction_received,
    deem_accepted,
    extend_correction,
    import_case,
    refuse,
    register_case,
    request_correction,
    supplement,
)
from plugins.admin_review.operations.conclusion import check_performance, decide, notify_head, serve, terminate, visit
from plugins.admin_review.operations.hearings import (
    cancel_hearing,
    hold_hearing,
    issue_opinion,
    notify_hearing,
    report_opinion,
    schedule_hearing,
)
from plugins.admin_review.operations.machine import TRANSITIONS, Transition, apply_transition, load_case
from plugins.admin_review.operations.review import (
    convert,
    end_mediation,
    extend,
    investigate,
    receive_reply,
    record_reply_missed,
    resume,
    send_copy,
    start_mediation,
    suspend,
)

__all__ = [
    "TRANSITIONS",
    "Transition",
    "abandon",
    "accept",
    "application_verdict",
    "apply_transition",
    "cancel_hearing",
    "check_performance",
    "convert",
    "correction_received",
    "decide",
    "deem_accepted",
    "end_mediation",
    "extend",
    "extend_correction",
    "hold_hearing",
    "import_case",
    "investigate",
    "issue_opinion",
    "load_case",
    "notify_head",
    "notify_hearing",
    "receive_reply",
    "record_reply_missed",
    "refuse",
    "register_case",
    "report_opinion",
    "request_correction",
    "resume",
    "schedule_hearing",
    "send_copy",
    "serve",
    "start_mediation",
    "supplement",
    "suspend",
    "terminate",
    "visit",
]
