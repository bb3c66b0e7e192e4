"""Every state change of 政府法律顾问 and the event it publishes; the checks come first.

Grouped by record: the roster, engagements (and the coverage they give), the opinion log (with
the legality-review gate), evaluations. `machine.TRANSITIONS` is the matter's whole life.
"""

from core.refusals import Refusal
from plugins.counsel.operations.engagements import Before, engagement_saved, prepare_engagement
from plugins.counsel.operations.evaluation import adjust, decide_outcome, evaluate
from plugins.counsel.operations.machine import TRANSITIONS, Transition
from plugins.counsel.operations.matters import (
    close,
    give_opinion,
    open_from_consultation,
    open_matter,
    prepare_matter,
    record_adoption,
    submit,
)
from plugins.counsel.operations.roster import member_saved, prepare_member

__all__ = [
    "TRANSITIONS",
    "Before",
    "Refusal",
    "Transition",
    "adjust",
    "close",
    "decide_outcome",
    "engagement_saved",
    "evaluate",
    "give_opinion",
    "member_saved",
    "open_from_consultation",
    "open_matter",
    "prepare_engagement",
    "prepare_matter",
    "prepare_member",
    "record_adoption",
    "submit",
]
