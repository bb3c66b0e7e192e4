"""Notice rules of 政府法律顾问 (the core applies them once per rule and dedupe key).

- `counsel.agency_uncovered` on `counsel.agency.uncovered`: 督办 to the agency, once per agency and
  gap (its first day without counsel);
- `counsel.engagement_expiring` on `counsel.engagement.expiring`: 预警 to the agency, to act by the
  end of the term, once per engagement and end date.

A late opinion is the core's: its `core.deadline_missed` / `core.deadline_approaching` rules apply
to the `opinion` period like to every other.
"""

from __future__ import annotations

import datetime as dt

from core.events import Event
from core.notices import NoticeKind, NoticeRule
from plugins.counsel.events import AgencyUncovered, EngagementExpiring
from plugins.counsel.operations.coverage import UNCOVERED_RULE
from plugins.counsel.settings import setting

#: 中共中央办公厅、国务院办公厅《关于推行法律顾问制度和公职律师公司律师制度的意见》.
COUNSEL_OPINION = "中办发〔2016〕30号《关于推行法律顾问制度和公职律师公司律师制度的意见》"


def _uncovered_title(event: Event) -> str:
    p = event.payload
    since = f"自{p['since']}起" if p.get("since") else ""
    return f"关于{p['unit_name']}{since}未聘请法律顾问的督办通知"


def _expiring_title(event: Event) -> str:
    p = event.payload
    return f"关于{p['unit_name']}法律顾问{p['member_name']}聘期将于{p['ends_on']}届满的预警"


def notice_rules() -> list[NoticeRule]:
    """The rules the core applies (hook `register_notice_rules`)."""
    return [
        NoticeRule(
            key=UNCOVERED_RULE,
            event=AgencyUncovered.name,
            kind=NoticeKind.SUPERVISION,
            target_unit=lambda e: e.payload["unit_id"],
            basis=COUNSEL_OPINION,
            title=_uncovered_title,
            rectify_days=setting("FAZHI_COUNSEL_RECTIFY_DAYS"),
            dedupe=lambda e: f"unit:{e.payload['unit_id']}:since:{e.payload.get('since') or 'never'}",
        ),
        NoticeRule(
            key="counsel.engagement_expiring",
            event=EngagementExpiring.name,
            kind=NoticeKind.WARNING,
            target_unit=lambda e: e.payload["unit_id"],
            basis="法律顾问聘任合同",
            title=_expiring_title,
            dedupe=lambda e: f"engagement:{e.payload['engagement_id']}:{e.payload['ends_on']}",
            rectify_by=lambda e: dt.date.fromisoformat(e.payload["ends_on"]),
        ),
    ]
