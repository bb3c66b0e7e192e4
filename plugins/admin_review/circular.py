"""The 行政复议 section of a 《政府情况通报》: a paragraph of figures and a table by respondent agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.admin_review.indicators import figures
from plugins.admin_review.vocabulary import DecisionType


def period_bounds(period: Any) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a period given as a year, a (start, end) pair or an object with them."""
    if isinstance(period, int):
        return dt.date(period, 1, 1), dt.date(period, 12, 31)
    if isinstance(period, tuple | list) and len(period) == 2:
        return period[0], period[1]
    start = getattr(period, "start", None) or getattr(period, "start_date", None)
    end = getattr(period, "end", None) or getattr(period, "end_date", None)
    if start and end:
        return start, end
    year = getattr(period, "year", None)
    if year:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise TypeError(f"无法识别的通报期间：{period!r}")


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator * 100:.1f}%" if denominator else "—"


def collect_circular_sections(region: Any, period: Any) -> list[dict[str, Any]]:
    """One section: heading, paragraphs, and a table {header, rows} by respondent agency."""
    start, end = period_bounds(period)
    f = figures(region, start, end)
    if not (f.received or f.concluded):
        return [
            {
                "heading": "行政复议工作情况",
                "paragraphs": [f"{start.isoformat()}至{end.isoformat()}，{region.name}未收到行政复议申请。"],
                "table": None,
            }
        ]
    decisions = "、".join(
        f"{DecisionType(k).label}{v}件" for k, v in sorted(f.by_decision.items(), key=lambda kv: -kv[1])
    )
    paragraphs = [
        f"{start.isoformat()}至{end.isoformat()}，{region.name}共收到行政复议申请{f.received}件，受理{f.accepted}件，"
        f"审结{f.concluded}件" + (f"（{decisions}）" if decisions else "") + "。",
        f"直接纠错{f.corrected}件，纠错率{_rate(f.corrected, f.concluded)}（{f.corrected}/{f.concluded}）；"
        f"以调解、和解方式结案{f.mediated_or_settled}件，占审结案件的{_rate(f.mediated_or_settled, f.concluded)}。",
    ]
    if f.overdue:
        paragraphs.append(f"有{f.overdue}件案件超过法定期限未办结或逾期办理，已按规定督办。")
    rows = [
        [name, c["received"], c["concluded"], c["corrected"], _rate(c["corrected"], c["concluded"])]
        for name, c in sorted(f.by_respondent.items(), key=lambda kv: (-kv[1]["received"], kv[0]))
    ]
    return [
        {
            "heading": "行政复议工作情况",
            "paragraphs": paragraphs,
            "table": {"header": ["被申请人", "收案", "审结", "纠错", "纠错率"], "rows": rows},
        }
    ]
