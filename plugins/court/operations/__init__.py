"""Every change of a court record: the checks it must pass, the deadlines it moves, the events it publishes.

The admin views call `prepare_*` inside Flask-Admin's `on_model_change` (before anything is
flushed): it runs the checks of `plugins.court.checks` — a refusal is a `core.refusals.Refusal` naming
the field, so the transaction rolls back and nothing saved before is touched — and puts the record
in its agency's region. After the core's scope check the view calls `*_saved`, which opens or closes deadlines
(`plugins.court.deadlines`) and publishes the events documented in docs/architecture.md.

The changes are grouped by record (`cases`, `hearings`, `reports`; `changes` for what a save
changed and the people records); they are re-exported here: ``operations.case_saved(case, …)``.
"""

from plugins.court.operations.cases import case_saved, prepare_case
from plugins.court.operations.changes import Changes, prepare_person
from plugins.court.operations.hearings import hearing_event, hearing_saved, prepare_hearing
from plugins.court.operations.reports import decide_report, prepare_report, report_saved

__all__ = [
    "Changes",
    "case_saved",
    "decide_report",
    "hearing_event",
    "hearing_saved",
    "prepare_case",
    "prepare_hearing",
    "prepare_person",
    "prepare_report",
    "report_saved",
]
