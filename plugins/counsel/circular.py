"""The 政府法律顾问 section of a 《政府情况通报》: coverage by county and level with the agencies
without counsel named, and the opinions given and adopted in the period."""

from __future__ import annotations

from typing import Any

from core import reporting
from core.circulars.render import Section, Table
from core.extensions import db
from core.models import Region
from core.models.tenancy import REGION_LEVEL_LABELS, RegionLevel
from core.periods import Period
from plugins.counsel import PLUGIN_KEY
from plugins.counsel.indicators import coverage, opinions
from plugins.counsel.vocabulary import MatterKind

HEADING = "政府法律顾问工作情况"


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator * 100:.1f}%（{numerator}/{denominator}）" if denominator else "—"


def _county_of(region: Region, top: Region, regions: dict[int, Region]) -> Region:
    """The child of `top` that `region` lies in (itself when it is `top`)."""
    ids = region.ancestor_ids()
    if top.id in ids and len(ids) > ids.index(top.id) + 1:
        return regions.get(ids[ids.index(top.id) + 1], region)
    return top


def collect_circular_sections(region: Region, period: Period) -> list[Section]:
    """One section: paragraphs (coverage, the agencies without counsel, opinions) and a table by county."""
    start, end = period.start, period.end
    ids = reporting.region_ids(region, PLUGIN_KEY)
    cov = coverage(ids, end)
    ops = opinions(ids, start, end)
    regions = {r.id: r for r in db.session.query(Region).filter(Region.id.in_(ids))}
    paragraphs = [
        f"截至{end.isoformat()}，{region.name}应当聘请法律顾问的党政机关{cov.required}家，已聘请{cov.covered}家，"
        f"覆盖率{_rate(cov.covered, cov.required)}。"
    ]
    levels = "；".join(
        f"{REGION_LEVEL_LABELS.get(RegionLevel(level), level)}{_rate(c['covered'], c['required'])}"
        for level, c in sorted(cov.by_level.items())
    )
    if levels:
        paragraphs.append(f"分层级：{levels}。")
    if cov.uncovered:
        names = "、".join(u.name for u in cov.uncovered)
        paragraphs.append(
            f"尚未聘请法律顾问的单位（{len(cov.uncovered)}家）：{names}。请上述单位限期聘请，并报送整改情况。"
        )
    else:
        paragraphs.append("应当聘请法律顾问的党政机关已全部聘请。")
    # The circular is Chinese whoever composes it: the kinds' Chinese labels, not the reader's.
    kinds = "、".join(f"{MatterKind.chinese_of(k)}{v}件" for k, v in sorted(ops.by_kind.items()))
    paragraphs.append(
        f"{start.isoformat()}至{end.isoformat()}，法律顾问共出具法律意见{ops.given}件"
        + (f"（{kinds}）" if kinds else "")
        + f"，按时出具率{_rate(ops.on_time, ops.with_period)}，采纳率{_rate(ops.adopted, ops.adoption_recorded)}。"
    )
    by_county: dict[int, dict[str, Any]] = {}
    for region_id, c in cov.by_region.items():
        county = _county_of(regions[region_id], region, regions)
        row = by_county.setdefault(county.id, {"name": county.name, "required": 0, "covered": 0, "uncovered": []})
        row["required"] += c["required"]
        row["covered"] += c["covered"]
    for unit in cov.uncovered:
        county = _county_of(regions[unit.region_id], region, regions)
        by_county[county.id]["uncovered"].append(unit.name)
    rows = [
        [
            r["name"],
            str(r["required"]),
            str(r["covered"]),
            _rate(r["covered"], r["required"]),
            "、".join(r["uncovered"]) or "—",
        ]
        for _id, r in sorted(by_county.items())
    ]
    table = Table(header=["地区", "应聘请单位", "已聘请", "覆盖率", "未聘请单位"], rows=rows)
    return [Section(heading=HEADING, paragraphs=paragraphs, table=table)]
