"""The court plugin's notice rules: which fact issues which notice to which agency, on what basis.

The core applies them (`register_notice_rules`), once per rule and fact however often an event is
delivered. For a hearing the two appearance rules split the facts so that one hearing draws one
notice, the stronger one covering the weaker:

- neither a qualifying head nor an approved delegate appeared (only a lawyer, nobody, or staff
  sent without the legal office's approval) → 通报批评 (行诉法 art 3 ¶3; 行诉解释 arts 128 ¶2, 132;
  规定 art 12 ¶1(三); the local 通报批评 system);
- an approved delegate appeared but the court found the head's reason for absence not valid →
  督办 (规定 art 12 ¶1(一)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, select

from core import clock
from core.deadlines.events import DeadlineEvent
from core.events import Event
from core.extensions import db
from core.notices import Notice, NoticeKind, NoticeRule, NoticeState
from core.notices.due import due_text, missed_deadline_rule
from core.periods import Period
from plugins.court.events import CaseEvent, HearingEvent, HearingHeld, RecommendationReceived
from plugins.court.vocabulary import NO_APPEARANCE, Appearance

PLUGIN_KEY = "court"
HEAD_DUTY = "《行政诉讼法》第三条第三款"


def _no_appearance(event: Event[HearingEvent]) -> bool:
    # 规定 art 5 ¶2: after a notice served later than three days before the hearing, the absence
    # is criticised only when a person decided so.
    late = event.data.notice_late and not event.data.late_notice_criticism
    return event.data.appearance in NO_APPEARANCE and not late


def _unexcused_delegation(event: Event[HearingEvent]) -> bool:
    return event.data.appearance == Appearance.DELEGATE_APPROVED and event.data.absence_excused is False


def _hearing_title(prefix: str) -> Any:
    def title(event: Event[HearingEvent]) -> str:
        h = event.data
        what = Appearance(h.appearance).label if h.appearance else ""
        held = h.held_on.isoformat() if h.held_on else ""
        return f"{prefix}：{h.defendant_unit}在{h.case_number}案{held}开庭中{what}"

    return title


def _deadline_title(event: Event[DeadlineEvent]) -> str:
    return f"{event.data.label}已届满（{due_text(event)}）未完成"


def _unit(event: Event[HearingEvent | CaseEvent]) -> int | None:
    return event.data.defendant_unit_id


def notice_rules() -> list[NoticeRule]:
    """The rules the core applies (hook `register_notice_rules`)."""
    return [
        NoticeRule(
            key="court.no_appearance",
            event=HearingHeld,
            kind=NoticeKind.CRITICISM,
            target_unit=_unit,
            applies=_no_appearance,
            basis=f"{HEAD_DUTY}；《行诉解释》第一百二十八条第二款、第一百三十二条；"
            "《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》第十二条；行政机关负责人出庭应诉通报批评制度",
            title=_hearing_title("负责人未出庭且未经准许委托"),
        ),
        NoticeRule(
            key="court.head_absent_unexcused",
            event=HearingHeld,
            kind=NoticeKind.SUPERVISION,
            target_unit=_unit,
            applies=_unexcused_delegation,
            basis=f"{HEAD_DUTY}；《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》第八条、第九条、第十二条第一款第（一）项",
            title=_hearing_title("负责人不出庭理由不成立"),
        ),
        missed_deadline_rule(
            "court.defence_missed",
            PLUGIN_KEY,
            {"defence"},
            title=_deadline_title,
            basis="《行政诉讼法》第六十七条第一款",
            dedupe=None,
        ),
        NoticeRule(
            key="court.judicial_recommendation",
            event=RecommendationReceived,
            kind=NoticeKind.ACCOUNTABILITY,
            target_unit=_unit,
            basis="《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》第十二条；《行诉解释》第一百三十二条",
            title=lambda e: f"人民法院司法建议：{e.data.defendant_unit}（{e.data.case_number}）",
        ),
    ]


def _issued_within(period: Period) -> Any:
    """Notices issued in a whole year (their numbering year), or within another period's local days."""
    if period.is_year:
        return Notice.year == period.start.year
    zone = clock.local_zone()
    first = dt.datetime.combine(period.start, dt.time(), tzinfo=zone)
    after = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return and_(Notice.issued_at >= first, Notice.issued_at < after)


def notices_to(region_ids: Iterable[int], period: Period, kinds: tuple[str, ...]) -> list[Notice]:
    """Notices of the given kinds issued in `period` in `region_ids` about court work.

    Court work: a court rule's notice, or a core deadline notice about a court record (both carry
    ``plugin_key = "court"``). Withdrawn
    notices do not count.
    """
    query = (
        select(Notice)
        .where(
            Notice.plugin_key == PLUGIN_KEY,
            Notice.kind.in_(kinds),
            _issued_within(period),
            Notice.state != NoticeState.WITHDRAWN.value,
            Notice.region_id.in_(sorted(region_ids)),
        )
        .order_by(Notice.id)
    )
    return list(db.session.execute(query).scalars())


def notice_label(notice: Notice) -> str:
    """How an evaluation sheet names a notice: its number and title."""
    return f"{notice.number} {notice.title}".strip()
