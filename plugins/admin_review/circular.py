"""The 行政复议 section of a 《政府情况通报》: a paragraph of figures and a table by respondent agency."""

from __future__ import annotations

from core.circulars.render import Section, Table
from core.models import Region
from core.periods import Period
from plugins.admin_review.indicators import figures
from plugins.admin_review.vocabulary import DecisionType

HEADING = "行政复议工作情况"


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator * 100:.1f}%" if denominator else "—"


def collect_circular_sections(region: Region, period: Period) -> list[Section]:
    """One section: the figures, and a table by respondent agency."""
    start, end = period.start, period.end
    f = figures(region, start, end)
    if not (f.received or f.concluded):
        nothing = f"{start.isoformat()}至{end.isoformat()}，{region.name}未收到行政复议申请。"
        return [Section(HEADING, paragraphs=[nothing])]
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
        [name, str(c["received"]), str(c["concluded"]), str(c["corrected"]), _rate(c["corrected"], c["concluded"])]
        for name, c in sorted(f.by_respondent.items(), key=lambda kv: (-kv[1]["received"], kv[0]))
    ]
    table = Table(["被申请人", "收案", "审结", "纠错", "纠错率"], rows)
    return [Section(HEADING, paragraphs=paragraphs, table=table)]
