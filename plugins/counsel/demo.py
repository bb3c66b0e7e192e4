"""Deterministic demo data: the city's 447 Party and government organs with exactly 427 covered
(source report: "447家市、县、乡党政机关中427家聘请了法律顾问"), the city legal office's 9 staff
(8 with law degrees: 88.9%), 5 lawyers and 8 legal experts, each county's own team, and a year of
matters walked through the real operations — one major decision held at the legality-review gate.

`load_demo_data` is called once per region (the city, then each county); each call fills its own
region and its townships. The figures add up to 447/427 when the city and all eight counties of
the demo tenancy are loaded.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select

from core import clock
from core.extensions import db
from core.models import Region, RegionLevel, Role, Unit, User
from core.passwords import hash_password
from plugins.counsel import operations
from plugins.counsel.models import CounselMember, Engagement, Matter
from plugins.counsel.settings import setting
from plugins.counsel.vocabulary import Degree, MatterKind, MemberKind

#: Required agencies (city/county level) per region, and how many of them have no counsel.
TARGETS: dict[str, tuple[int, int]] = {
    "荆门市": (50, 2),
    "东宝区": (54, 3),
    "掇刀区": (52, 2),
    "沙洋县": (52, 4),
    "钟祥市": (52, 3),
    "京山市": (52, 2),
    "屈家岭管理区": (45, 2),
    "漳河新区": (45, 1),
    "荆门高新区": (45, 1),
}
#: Any other region (not in the demo tenancy): a small set.
OTHER = (12, 1)

ORGANS = [
    "委办公室",
    "委组织部",
    "委宣传部",
    "委统战部",
    "委政法委员会",
    "纪委监委",
    "委机构编制委员会办公室",
    "委政策研究室",
    "委网络安全和信息化委员会办公室",
    "直机关工作委员会",
    "人大常委会办公室",
    "政协办公室",
    "人民政府办公室",
    "发展和改革局",
    "经济和信息化局",
    "科学技术局",
    "民政局",
    "财政局",
    "农业农村局",
    "水利和湖泊局",
    "商务局",
    "文化和旅游局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "统计局",
    "医疗保障局",
    "林业局",
    "信访局",
    "机关事务服务中心",
    "粮食和物资储备局",
    "人民防空办公室",
    "国有资产监督管理局",
    "行政审批局",
    "政务服务和大数据管理局",
    "体育局",
    "档案馆",
    "乡村振兴局",
    "城市管理局",
    "总工会",
    "共青团委员会",
    "妇女联合会",
    "工商业联合会",
    "科学技术协会",
    "残疾人联合会",
    "供销合作社联合社",
    "地方金融工作局",
    "住房公积金中心",
    "民族宗教事务局",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国海涛明华丽敏静伟芳军洋勇艳杰娟涛强磊超霞平刚桂英文斌红梅志坚晓东立新"
FIRMS = ["湖北荆楚律师事务所", "湖北漳河律师事务所", "湖北象山律师事务所", "湖北石城律师事务所", "湖北龙泉律师事务所"]
SCHOOLS = [
    "武汉大学法学院",
    "中南财经政法大学",
    "华中科技大学法学院",
    "湖北大学法学院",
    "荆楚理工学院",
    "长江大学法学院",
]
EXPERTISE = ["行政法", "民商法", "经济法", "土地与规划", "环境资源法", "劳动与社会保障", "政府采购与合同", "刑事合规"]
MATTER_TITLES = {
    MatterKind.MAJOR_DECISION: [
        "关于调整中心城区公共停车收费标准的决定（草案）",
        "关于实施老旧小区改造三年行动的决定（草案）",
    ],
    MatterKind.NORMATIVE_DOCUMENT: [
        "关于加强城市绿化管理的通知（送审稿）",
        "关于规范行政执法自由裁量权的意见（送审稿）",
    ],
    MatterKind.CONTRACT: ["污水处理厂特许经营协议", "政府购买物业服务合同", "土地收储补偿协议"],
    MatterKind.LITIGATION: ["某公司诉行政处罚决定案应诉意见", "某村民行政复议案答复意见"],
    MatterKind.OTHER: ["信访事项法律风险评估", "历史遗留问题处置方案法律意见"],
}
#: The major decision the demo leaves held at the gate (no legality review yet).
HELD_AT_GATE = "关于中心城区渣土运输特许经营的决定（草案）"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _licence(rng: random.Random, year: int) -> str:
    return f"14208{year:04d}1{rng.randrange(10**7):07d}"


def _prefix(region: Region) -> str:
    return "市" if region.level == RegionLevel.CITY else region.name


def _agencies(region: Region, count: int) -> list[Unit]:
    """The region's own agencies, topped up to `count` with typical organs (existing units kept)."""
    units = list(db.session.execute(select(Unit).where(Unit.region_id == region.id).order_by(Unit.id)).scalars())
    names = {u.name for u in units}
    for organ in ORGANS:
        if len(units) >= count:
            break
        name = f"{_prefix(region)}{organ}"
        if name not in names:
            unit = Unit(name=name, region_id=region.id)
            db.session.add(unit)
            units.append(unit)
    n = 1
    while len(units) < count:  # beyond the list: numbered organs, never in the demo tenancy
        unit = Unit(name=f"{_prefix(region)}直属机关{n}", region_id=region.id)
        db.session.add(unit)
        units.append(unit)
        n += 1
    db.session.flush()
    return units[:count]


def _member(region: Region, kind: MemberKind, name: str, **values: object) -> CounselMember:
    member = CounselMember(region_id=region.id, kind=kind, name=name, status="active", **values)
    db.session.add(member)
    operations.prepare_member(member, None, region.id)
    operations.member_saved(member, None)
    return member


def _legal_office(region: Region) -> Unit | None:
    return db.session.execute(
        select(Unit).where(Unit.region_id == region.id, Unit.is_legal_office.is_(True))
    ).scalar_one_or_none()


def _staff(region: Region, rng: random.Random, count: int) -> list[CounselMember]:
    """The legal office's own staff: its users (created to reach `count`), 1 in 9 without a law degree."""
    office = _legal_office(region)
    users = (
        list(
            db.session.execute(
                select(User).where(User.unit_id == office.id, User.role != Role.VIEWER).order_by(User.id)
            ).scalars()
        )
        if office
        else []
    )
    prefix = f"counsel{region.id}_"
    n = 1
    while office is not None and len(users) < count:
        user = User(
            username=f"{prefix}{n:02d}",
            full_name=_name(rng),
            role=Role.STAFF,
            region_id=region.id,
            unit_id=office.id,
            password_hash=hash_password(f"demo-{rng.random()}"),  # not a demo login: nobody knows it
            active=False,
        )
        db.session.add(user)
        users.append(user)
        n += 1
    db.session.flush()
    members = []
    for i, user in enumerate(users[:count]):
        degree = (
            Degree.OTHER_BACHELOR
            if i == count - 1 and count >= 9
            else rng.choice((Degree.LAW_BACHELOR, Degree.LAW_MASTER))
        )
        members.append(
            _member(
                region,
                MemberKind.STAFF,
                user.full_name or user.username,
                user=user,
                unit=office,
                legal_qualification=degree != Degree.OTHER_BACHELOR,
                degree=degree,
                expertise=rng.choice(EXPERTISE),
            )
        )
    return members


def _outside(region: Region, rng: random.Random, lawyers: int, experts: int) -> list[CounselMember]:
    team = []
    for _ in range(lawyers):
        years = rng.randrange(6, 25)
        team.append(
            _member(
                region,
                MemberKind.LAWYER,
                _name(rng),
                firm=rng.choice(FIRMS),
                legal_qualification=True,
                licence_number=_licence(rng, 2024 - years),
                practice_years=years,
                degree=rng.choice((Degree.LAW_BACHELOR, Degree.LAW_MASTER)),
                expertise=rng.choice(EXPERTISE),
            )
        )
    for _ in range(experts):
        team.append(
            _member(
                region,
                MemberKind.EXPERT,
                _name(rng),
                firm=rng.choice(SCHOOLS),
                legal_qualification=rng.random() < 0.7,
                degree=Degree.LAW_DOCTOR,
                expertise=rng.choice(EXPERTISE),
            )
        )
    return team


def _engage(unit: Unit, member: CounselMember, starts: dt.date, ends: dt.date, rng: random.Random) -> Engagement:
    engagement = Engagement(
        unit=unit,
        member=member,
        contract_number=f"法顾〔{starts.year}〕{rng.randrange(1, 999)}号",
        starts_on=starts,
        ends_on=ends,
        scope="重大行政决策、规范性文件、合同审查及诉讼复议法律意见",
        fee=Decimal(rng.choice((0, 20000, 30000, 50000, 80000))),
    )
    # Checked like a typed contract; no events: the demo's agencies start out as the report found them.
    operations.prepare_engagement(engagement, None)
    db.session.add(engagement)
    return engagement


def _matters(region: Region, units: list[Unit], team: list[CounselMember], rng: random.Random, per_year: int) -> None:
    today = clock.today()
    if not team or not units:
        return
    kinds = list(MatterKind)
    for i in range(per_year):
        kind = kinds[i % len(kinds)]
        received = today - dt.timedelta(days=rng.randrange(20, 365))
        matter = Matter(
            unit=units[rng.randrange(len(units))],
            kind=kind,
            title=rng.choice(MATTER_TITLES[kind]),
            question="请就合法性及法律风险提出意见",
            received_on=received,
        )
        db.session.add(matter)
        operations.prepare_matter(matter, None)
        operations.open_matter(matter)
        late = rng.random() < 0.1
        given = (
            matter.due_on + dt.timedelta(days=rng.randrange(1, 6))
            if late
            else received + dt.timedelta(days=rng.randrange(1, 6))
        )
        given = min(given, today)
        counsel = rng.sample(team, k=min(len(team), rng.choice((1, 1, 2))))
        review = "lawful" if kind == MatterKind.MAJOR_DECISION else None
        operations.give_opinion(
            matter,
            opinion="经审查，该事项符合法定权限和程序，建议完善相关条款后实施。",
            on=given,
            counsel=counsel,
            review_result=review,
        )
        roll = rng.random()
        if roll < 0.75:
            operations.record_adoption(matter, adoption="adopted")
        elif roll < 0.9:
            operations.record_adoption(matter, adoption="partly", reason="部分意见与上级政策衔接需进一步研究")
        else:
            operations.record_adoption(matter, adoption="not_adopted", reason="该事项已按上级要求调整，意见不再适用")
        if kind == MatterKind.MAJOR_DECISION:
            operations.submit(matter, on=given)
        if rng.random() < 0.6:
            operations.close(matter, on=min(given + dt.timedelta(days=10), today))
    if region.level == RegionLevel.CITY:
        held = Matter(
            unit=units[0],
            kind=MatterKind.MAJOR_DECISION,
            title=HELD_AT_GATE,
            question="决策草案及相关材料、依据和履行法定程序的说明已送审",
            received_on=today - dt.timedelta(days=2),
        )
        db.session.add(held)
        operations.prepare_matter(held, None)
        operations.open_matter(held)


def load_demo_data(region: Region, scale: int = 1) -> int:
    """Fill `region` (and its townships); returns the number of agencies covered (0 when loaded before)."""
    if region.level not in (RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE):
        return 0
    if db.session.execute(select(CounselMember.id).where(CounselMember.region_id == region.id)).first():
        return 0
    rng = random.Random(f"counsel:{region.code or region.name}:{scale}")
    today = clock.today()
    count, uncovered = TARGETS.get(region.name, OTHER)
    units = _agencies(region, count)
    if region.level == RegionLevel.CITY:
        staff = _staff(region, rng, 9)
        outside = _outside(region, rng, 5, 8)
    else:
        staff = _staff(region, rng, 2)
        outside = _outside(region, rng, 3, 0)
    starts, ends = dt.date(today.year - 1, 1, 1), dt.date(today.year + 1, 12, 31)
    covered = 0
    for i, unit in enumerate(units):
        if i >= len(units) - uncovered:
            if i % 2:  # some had counsel until mid-last-year; the others never had
                _engage(
                    unit, outside[i % len(outside)], dt.date(today.year - 3, 7, 1), dt.date(today.year - 1, 6, 30), rng
                )
            continue
        soon = i % 17 == 5  # a few contracts end within the warning days, not renewed yet
        end = today + dt.timedelta(days=20) if soon else ends
        _engage(unit, outside[i % len(outside)], starts, max(end, starts), rng)
        covered += 1
    for j, town in enumerate(region.children):  # townships as needed: every other one engages counsel
        if j % 2 == 0:
            for unit in db.session.execute(select(Unit).where(Unit.region_id == town.id)).scalars():
                _engage(unit, outside[j % len(outside)], starts, ends, rng)
    per_year = setting("DEMO_MATTERS_PER_YEAR") * max(scale, 1)
    _matters(region, units, staff + outside, rng, per_year if region.level == RegionLevel.CITY else per_year // 4)
    for member in outside:  # the engaged counsel's evaluations of last year and this
        for year in (today.year - 1, today.year):
            operations.evaluate(member, year, rating=rng.randrange(70, 100))
    db.session.flush()
    return covered
