"""Every state change of a contract, the checks that refuse impossible ones, and the event each publishes.

The state machine is `machine.TRANSITIONS`; the acts are grouped by stage (review, consultation,
performance, supervision, archive). Each act checks its date and the state first and raises
`Refusal` naming the field before anything is changed; the caller commits.
"""

from plugins.contracts.operations.archive import (
    BORROWING,
    archive,
    decide_borrowing,
    give_back,
    lend,
    request_borrowing,
)
from plugins.contracts.operations.consultation import (
    attach_answer,
    counsel_answers_here,
    record_consultation,
    request_consultation,
)
from plugins.contracts.operations.machine import TRANSITIONS, Transition, apply_transition, load_contract
from plugins.contracts.operations.performance import (
    add_milestone,
    complete,
    complete_milestone,
    file,
    report_change,
    report_performance,
    sign,
    start_performance,
)
from plugins.contracts.operations.review import (
    answer_opinion,
    approve,
    give_opinion,
    import_contract,
    reject,
    return_opinions,
    revise,
    start_review,
    submit,
    update,
)
from plugins.contracts.operations.supervision import record_check, record_rectification

__all__ = [
    "BORROWING",
    "TRANSITIONS",
    "Transition",
    "add_milestone",
    "answer_opinion",
    "apply_transition",
    "approve",
    "archive",
    "attach_answer",
    "complete",
    "complete_milestone",
    "counsel_answers_here",
    "decide_borrowing",
    "file",
    "give_back",
    "give_opinion",
    "import_contract",
    "lend",
    "load_contract",
    "record_check",
    "record_consultation",
    "record_rectification",
    "reject",
    "report_change",
    "report_performance",
    "request_borrowing",
    "request_consultation",
    "return_opinions",
    "revise",
    "sign",
    "start_performance",
    "start_review",
    "submit",
    "update",
]
