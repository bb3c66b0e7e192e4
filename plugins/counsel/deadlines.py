"""Every call of 政府法律顾问 to core.deadlines: the opinion period of a matter, on the core calendar.

A legality review has at least 7 working days (条例 art 26 ¶2); the other kinds' periods are local
practice (`settings`). The core scan warns and supervises late opinions like every other period.
"""

from __future__ import annotations

from core.deadlines import Deadline, cancel_deadline, meet_deadline, open_deadline
from core.notices.operations import legal_office_id
from plugins.counsel import PLUGIN_KEY
from plugins.counsel.models import Matter
from plugins.counsel.settings import working_days_for
from plugins.counsel.vocabulary import MatterKind

OPINION = "opinion"

BASIS = {
    MatterKind.MAJOR_DECISION: "《重大行政决策程序暂行条例》第二十六条第二款",
}
LOCAL_BASIS = "本地制度：法律顾问出具意见期限"
#: The stored label of a matter's period, by kind: Chinese whoever opens it (the panel translates it).
LABELS = {
    MatterKind.MAJOR_DECISION: "重大行政决策法律意见",
    MatterKind.NORMATIVE_DOCUMENT: "规范性文件法律意见",
    MatterKind.CONTRACT: "合同法律意见",
    MatterKind.LITIGATION: "诉讼/复议法律意见",
    MatterKind.OTHER: "其他法律意见",
}
assert set(LABELS) == set(MatterKind), "every kind of matter has its period's label"


def open_opinion_period(matter: Matter) -> Deadline:
    """Open the matter's opinion period from its receipt; copies the due date onto the matter."""
    deadline = open_deadline(
        matter,
        plugin_key=PLUGIN_KEY,
        kind=OPINION,
        label=LABELS[MatterKind(matter.kind)],
        basis=BASIS.get(MatterKind(matter.kind), LOCAL_BASIS),
        start=matter.received_on,
        working_days=working_days_for(matter.kind),
        responsible_unit_id=legal_office_id(matter.region) if matter.region else None,
        region_id=matter.region_id,
    )
    matter.due_on = deadline.due_date
    return deadline


def meet_opinion_period(matter: Matter) -> None:
    """The opinion was given: the period is met (or missed, if late — the core publishes that)."""
    meet_deadline(matter, OPINION, matter.opinion_on)


def cancel_opinion_period(matter: Matter, reason: str) -> None:
    """A matter closed or submitted without an opinion (the exploratory exception) needs none."""
    cancel_deadline(matter, OPINION, reason)
