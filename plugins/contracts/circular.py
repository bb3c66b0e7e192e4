"""The 政府合同管理 section of a 《政府情况通报》: the review, the opinions, filing, checks; a table by department."""

from __future__ import annotations

from core.circulars.render import Section, Table
from core.models import Region
from core.periods import Period
from plugins.contracts import money
from plugins.contracts.indicators import figures, scope_ids


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator * 100:.1f}%（{numerator}/{denominator}）" if denominator else "—"


def sections(region: Region, period: Period) -> list[Section]:
    """One section for `period`: paragraphs and a table by department."""
    start, end = period.start, period.end
    f = figures(scope_ids(region), start, end)
    span = f"{start.isoformat()}至{end.isoformat()}"
    heading = "政府合同合法性审查和履行监督情况"
    if not (f.reviewed or f.submitted or f.checked):
        return [Section(heading=heading, paragraphs=[f"{span}，{region.name}未报送政府合同审查。"])]
    paragraphs = [
        f"{span}，{region.name}共审查政府合同{f.reviewed}件，涉及标的额{f.amount_yi}亿元，"
        f"其中同意签订{f.approved}件、重大合同{f.major}件；提出审查意见{f.opinions}条，"
        f"已答复的意见采纳率{_rate(f.adopted, f.answered)}；重大问题提请法律顾问协商{f.consultations}次。",
        f"按期完成审查{_rate(f.reviews_on_time, f.reviews_due)}；签订合同{f.signed}件，"
        f"按期报送备案{_rate(f.filings_on_time, f.filings_due)}。",
    ]
    if f.late_submissions:
        paragraphs.append(f"有{f.late_submissions}件合同未按规定提前报送审查。")
    if f.checked:
        paragraphs.append(
            f"对{f.checked}件合同的履行情况进行了监督检查，发现问题{f.problems}个，已整改{f.rectified}个。"
        )
    rows = [
        [name, str(c["reviewed"]), str(money.in_yi(c["amount_fen"])), str(c["opinions"]), str(c["adopted"])]
        for name, c in sorted(f.by_unit.items(), key=lambda kv: (-kv[1]["amount_fen"], kv[0]))
    ]
    header = ["报送单位", "审查合同（件）", "标的额（亿元）", "审查意见（条）", "采纳（条）"]
    return [Section(heading=heading, paragraphs=paragraphs, table=Table(header=header, rows=rows))]
