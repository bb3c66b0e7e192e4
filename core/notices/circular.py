"""The notices' section of a circular: notices issued and rectified in the period, units criticised."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from core import clock, reporting
from core.circulars.render import Section, Table
from core.extensions import db
from core.models import Region
from core.notices.models import Notice, NoticeTransition
from core.notices.types import NoticeKind, NoticeState
from core.periods import Period


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    # Days are Beijing days; timestamps are stored in UTC (SQLite keeps them without the zone).
    zone = clock.local_zone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    return start, end


def notice_sections(region: Region, period: Period) -> list[Section]:
    """Sections for `region`'s subtree in `period`; none when no notice was issued or closed."""
    regions = reporting.region_ids(region, None)
    start, end = _bounds(period)
    issued = list(
        db.session.execute(
            select(Notice)
            .where(Notice.region_id.in_(regions), Notice.issued_at >= start, Notice.issued_at < end)
            .order_by(Notice.issued_at)
        ).scalars()
    )
    closed = (
        db.session.execute(
            select(NoticeTransition.notice_id)
            .join(Notice)
            .where(
                Notice.region_id.in_(regions),
                NoticeTransition.to_state == NoticeState.CLOSED,
                NoticeTransition.at >= start,
                NoticeTransition.at < end,
            )
        )
        .scalars()
        .all()
    )
    if not issued and not closed:
        return []
    by_kind = Counter(NoticeKind(n.kind).label for n in issued)
    summary = "、".join(f"{label}{count}件" for label, count in by_kind.items()) or "无"
    paragraphs = [f"{period.label}，共发出问责类通知{len(issued)}件（{summary}），整改销号{len(set(closed))}件。"]
    criticised = sorted({n.target_unit.name for n in issued if n.kind == NoticeKind.CRITICISM})
    if criticised:
        paragraphs.append("予以通报批评的单位：" + "、".join(criticised) + "。")
    rows = [
        [n.number, NoticeKind(n.kind).label, n.target_unit.name, n.title, NoticeState(n.state).label] for n in issued
    ]
    table = Table(["文号", "类别", "对象单位", "事由", "状态"], rows, widths=[3, 1.5, 3, 6, 1.5]) if rows else None
    return [Section("督办问责情况", paragraphs=paragraphs, table=table)]
