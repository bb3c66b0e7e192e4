"""Notice rules of 政府法律顾问 (the core applies them once per rule and dedupe key).

- `counsel.agency_uncovered` on `AgencyUncovered`: 督办 to the agency, once per agency and
  gap (its first day without counsel);
- `counsel.engagement_expiring` on `EngagementExpiring`: 预警 to the agency, to act by the
  end of the term, once per engagement and end date.

A late opinion is the core's: its `core.deadline_missed` / `core.deadline_approaching` rules apply
to the `opinion` period like to every other.
"""

from __future__ import annotations

from core.events import Event
from core.notices import NoticeKind, NoticeRule
from plugins.counsel.events import AgencyUncovered, EngagementExpiring
from plugins.counsel.operations.coverage import UNCOVERED_RULE
from plugins.counsel.settings import setting

#: 中共中央办公厅、国务院办公厅《关于推行法律顾问制度和公职律师公司律师制度的意见》.
COUNSEL_OPINION = "中办发〔2016〕30号《关于推行法律顾问制度和公职律师公司律师制度的意见》"


def _uncovered_title(event: Event[AgencyUncovered]) -> str:
    data = event.data
    since = f"自{data.since.isoformat()}起" if data.since else ""
    return f"关于{data.unit_name}{since}未聘请法律顾问的督办通知"


def _expiring_title(event: Event[EngagementExpiring]) -> str:
    data = event.data
    return f"关于{data.unit_name}法律顾问{data.member_name}聘期将于{data.ends_on.isoformat()}届满的预警"


def notice_rules() -> list[NoticeRule]:
    """The rules the core applies (hook `register_notice_rules`)."""
    return [
        NoticeRule(
            key=UNCOVERED_RULE,
            event=AgencyUncovered,
            kind=NoticeKind.SUPERVISION,
            target_unit=lambda e: e.data.unit_id,
            basis=COUNSEL_OPINION,
            title=_uncovered_title,
            rectify_days=setting("RECTIFY_DAYS"),
            dedupe=lambda e: f"unit:{e.data.unit_id}:since:{e.data.since.isoformat() if e.data.since else 'never'}",
        ),
        NoticeRule(
            key="counsel.engagement_expiring",
            event=EngagementExpiring,
            kind=NoticeKind.WARNING,
            target_unit=lambda e: e.data.unit_id,
            basis="法律顾问聘任合同",
            title=_expiring_title,
            dedupe=lambda e: f"engagement:{e.data.engagement_id}:{e.data.ends_on.isoformat()}",
            rectify_by=lambda e: e.data.ends_on,
        ),
    ]
