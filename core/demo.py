"""The Jingmen demo: the real region tree, typical units, one admin and one staff login per county."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import String, func, inspect, literal, select

from core.audit import acting_as
from core.demo_copy import copy_records, deliver_template_events, mark_template, template_of
from core.extensions import db
from core.models import Region, RegionLevel, Role, Unit, User
from core.passwords import hash_password
from core.tenancy import unscoped

#: The demo password of every demo login (printed by `flask demo`).
DEMO_PASSWORD = "Fazhi2026!"

CITY = ("荆门市", "420800")
#: (name, division code or None for a functional zone, login prefix, townships)
COUNTIES: list[tuple[str, str | None, str, list[str]]] = [
    ("东宝区", "420802", "dongbao", ["龙泉街道", "泉口街道", "子陵铺镇"]),
    ("掇刀区", "420804", "duodao", ["掇刀石街道", "白庙街道"]),
    ("沙洋县", "420822", "shayang", ["沙洋镇", "后港镇"]),
    ("钟祥市", "420881", "zhongxiang", ["郢中街道", "胡集镇"]),
    ("京山市", "420882", "jingshan", ["新市街道", "宋河镇"]),
    ("屈家岭管理区", None, "qujialing", []),
    ("漳河新区", None, "zhanghe", []),
    ("荆门高新区", None, "gaoxin", []),
]
CITY_UNITS = [
    "市司法局",
    "市住房和城乡建设局",
    "市公安局",
    "市自然资源和规划局",
    "市市场监督管理局",
    "市生态环境局",
    "市人力资源和社会保障局",
    "市交通运输局",
    "市城市管理执法委员会",
    "市教育局",
]
COUNTY_UNIT_SUFFIXES = ["司法局", "住房和城乡建设局", "公安局", "自然资源局", "市场监督管理局", "人力资源和社会保障局"]


@dataclass(frozen=True)
class DemoLogin:
    """A login printed for the newcomer."""

    username: str
    role: str
    region: str


def _user(username: str, full_name: str, role: Role, region: Region, unit: Unit | None = None) -> User:
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        region_id=region.id,
        unit_id=unit.id if unit else None,
        password_hash=hash_password(DEMO_PASSWORD),
    )
    db.session.add(user)
    return user


def demo_exists() -> bool:
    """Whether the demo region tree is already loaded."""
    with unscoped():
        return db.session.execute(select(Region.id).where(Region.code == CITY[1])).first() is not None


def load_demo_tenancy() -> tuple[Region, list[Region], list[DemoLogin]]:
    """Create the region tree, units and demo users; returns (city, counties, logins)."""
    logins: list[DemoLogin] = []
    with unscoped(), acting_as(None):
        city = Region(name=CITY[0], code=CITY[1], level=RegionLevel.CITY)
        db.session.add(city)
        db.session.flush()
        city_units = [Unit(name=name, region_id=city.id, is_legal_office=(name == "市司法局")) for name in CITY_UNITS]
        db.session.add_all(city_units)
        db.session.flush()
        _user("admin", "系统管理员", Role.SYSTEM_ADMIN, city)
        _user("city_admin", "市司法局管理员", Role.REGION_ADMIN, city, city_units[0])
        _user("city_staff", "市司法局工作人员", Role.STAFF, city, city_units[0])
        _user("leader", "市政府领导", Role.VIEWER, city)
        logins += [
            DemoLogin("admin", "系统管理员", CITY[0]),
            DemoLogin("city_admin", "区域管理员", CITY[0]),
            DemoLogin("city_staff", "工作人员", CITY[0]),
            DemoLogin("leader", "只读（领导）", CITY[0]),
        ]
        counties = []
        for name, code, login, townships in COUNTIES:
            level = RegionLevel.COUNTY if code else RegionLevel.ZONE
            county = Region(name=name, code=code, level=level, parent_id=city.id)
            db.session.add(county)
            db.session.flush()
            counties.append(county)
            units = [
                Unit(name=f"{name}{suffix}", region_id=county.id, is_legal_office=(suffix == "司法局"))
                for suffix in COUNTY_UNIT_SUFFIXES
            ]
            db.session.add_all(units)
            for township in townships:
                town = Region(name=township, level=RegionLevel.TOWNSHIP, parent_id=county.id)
                db.session.add(town)
                db.session.flush()
                db.session.add(
                    Unit(name=f"{township}{'办事处' if township.endswith('街道') else '人民政府'}", region_id=town.id)
                )
            db.session.flush()
            _user(f"{login}_admin", f"{name}管理员", Role.REGION_ADMIN, county, units[0])
            _user(f"{login}_staff", f"{name}工作人员", Role.STAFF, county, units[0])
            logins += [DemoLogin(f"{login}_admin", "区域管理员", name), DemoLogin(f"{login}_staff", "工作人员", name)]
        db.session.commit()
    return city, counties, logins


# ---------------------------------------------------------------------------------------------
# The province demo (`flask demo --scale province`): 湖北省, its 17 prefecture-level divisions and
# their county-level divisions (GB/T 2260 codes). 荆门市 keeps the city demo's counties, functional
# zones, townships and logins, so a city login works the same in both demos.

PROVINCE = ("湖北省", "420000")
PROVINCE_UNITS = [
    "省司法厅",
    "省人民政府办公厅",
    "省住房和城乡建设厅",
    "省公安厅",
    "省自然资源厅",
    "省市场监督管理局",
    "省生态环境厅",
    "省人力资源和社会保障厅",
    "省交通运输厅",
    "省教育厅",
]
#: (name, code, login prefix, counties as in `COUNTIES`); the four divisions administered directly by
#: the province (仙桃, 潜江, 天门, 神农架) are county-level themselves and have no counties under them.
DIVISIONS: list[tuple[str, str, str, list[tuple[str, str | None, str, list[str]]]]] = [
    ("武汉市", "420100", "wuhan", [
        ("江岸区", "420102", "jiangan", []), ("江汉区", "420103", "jianghan", []),
        ("硚口区", "420104", "qiaokou", []), ("汉阳区", "420105", "hanyang", []),
        ("武昌区", "420106", "wuchang", []), ("青山区", "420107", "qingshan", []),
        ("洪山区", "420111", "hongshan", []), ("东西湖区", "420112", "dongxihu", []),
        ("汉南区", "420113", "hannan", []), ("蔡甸区", "420114", "caidian", []),
        ("江夏区", "420115", "jiangxia", []), ("黄陂区", "420116", "huangpi", []),
        ("新洲区", "420117", "xinzhou", []),
    ]),
    ("黄石市", "420200", "huangshi", [
        ("黄石港区", "420202", "huangshigang", []), ("西塞山区", "420203", "xisaishan", []),
        ("下陆区", "420204", "xialu", []), ("铁山区", "420205", "tieshan", []),
        ("阳新县", "420222", "yangxin", []), ("大冶市", "420281", "daye", []),
    ]),
    ("十堰市", "420300", "shiyan", [
        ("茅箭区", "420302", "maojian", []), ("张湾区", "420303", "zhangwan", []),
        ("郧阳区", "420304", "yunyang", []), ("郧西县", "420322", "yunxi", []),
        ("竹山县", "420323", "zhushan", []), ("竹溪县", "420324", "zhuxi", []),
        ("房县", "420325", "fangxian", []), ("丹江口市", "420381", "danjiangkou", []),
    ]),
    ("宜昌市", "420500", "yichang", [
        ("西陵区", "420502", "xiling", []), ("伍家岗区", "420503", "wujiagang", []),
        ("点军区", "420504", "dianjun", []), ("猇亭区", "420505", "xiaoting", []),
        ("夷陵区", "420506", "yiling", []), ("远安县", "420525", "yuanan", []),
        ("兴山县", "420526", "xingshan", []), ("秭归县", "420527", "zigui", []),
        ("长阳土家族自治县", "420528", "changyang", []), ("五峰土家族自治县", "420529", "wufeng", []),
        ("宜都市", "420581", "yidu", []), ("当阳市", "420582", "dangyang", []),
        ("枝江市", "420583", "zhijiang", []),
    ]),
    ("襄阳市", "420600", "xiangyang", [
        ("襄城区", "420602", "xiangcheng", []), ("樊城区", "420606", "fancheng", []),
        ("襄州区", "420607", "xiangzhou", []), ("南漳县", "420624", "nanzhang", []),
        ("谷城县", "420625", "gucheng", []), ("保康县", "420626", "baokang", []),
        ("老河口市", "420682", "laohekou", []), ("枣阳市", "420683", "zaoyang", []),
        ("宜城市", "420684", "yicheng", []),
    ]),
    ("鄂州市", "420700", "ezhou", [
        ("梁子湖区", "420702", "liangzihu", []), ("华容区", "420703", "huarong", []),
        ("鄂城区", "420704", "echeng", []),
    ]),
    ("荆门市", "420800", "jingmen", COUNTIES),
    ("孝感市", "420900", "xiaogan", [
        ("孝南区", "420902", "xiaonan", []), ("孝昌县", "420921", "xiaochang", []),
        ("大悟县", "420922", "dawu", []), ("云梦县", "420923", "yunmeng", []),
        ("应城市", "420981", "yingcheng", []), ("安陆市", "420982", "anlu", []),
        ("汉川市", "420984", "hanchuan", []),
    ]),
    ("荆州市", "421000", "jingzhou", [
        ("沙市区", "421002", "shashi", []), ("荆州区", "421003", "jingzhouqu", []),
        ("公安县", "421022", "gongan", []), ("江陵县", "421024", "jiangling", []),
        ("石首市", "421081", "shishou", []), ("洪湖市", "421083", "honghu", []),
        ("松滋市", "421087", "songzi", []), ("监利市", "421088", "jianli", []),
    ]),
    ("黄冈市", "421100", "huanggang", [
        ("黄州区", "421102", "huangzhou", []), ("团风县", "421121", "tuanfeng", []),
        ("红安县", "421122", "hongan", []), ("罗田县", "421123", "luotian", []),
        ("英山县", "421124", "yingshan", []), ("浠水县", "421125", "xishui", []),
        ("蕲春县", "421126", "qichun", []), ("黄梅县", "421127", "huangmei", []),
        ("麻城市", "421181", "macheng", []), ("武穴市", "421182", "wuxue", []),
    ]),
    ("咸宁市", "421200", "xianning", [
        ("咸安区", "421202", "xianan", []), ("嘉鱼县", "421221", "jiayu", []),
        ("通城县", "421222", "tongcheng", []), ("崇阳县", "421223", "chongyang", []),
        ("通山县", "421224", "tongshan", []), ("赤壁市", "421281", "chibi", []),
    ]),
    ("随州市", "421300", "suizhou", [
        ("曾都区", "421303", "zengdu", []), ("随县", "421321", "suixian", []),
        ("广水市", "421381", "guangshui", []),
    ]),
    ("恩施土家族苗族自治州", "422800", "enshi", [
        ("恩施市", "422801", "enshishi", []), ("利川市", "422802", "lichuan", []),
        ("建始县", "422822", "jianshi", []), ("巴东县", "422823", "badong", []),
        ("宣恩县", "422825", "xuanen", []), ("咸丰县", "422826", "xianfeng", []),
        ("来凤县", "422827", "laifeng", []), ("鹤峰县", "422828", "hefeng", []),
    ]),
    ("仙桃市", "429004", "xiantao", []),
    ("潜江市", "429005", "qianjiang", []),
    ("天门市", "429006", "tianmen", []),
    ("神农架林区", "429021", "shennongjia", []),
]  # fmt: skip


def _division_unit_names(name: str) -> list[str]:
    """The city demo's agencies, named for the division: 市司法局, 州司法局 (恩施), 神农架林区司法局."""
    if name.endswith("林区"):
        return [f"{name}{unit[1:]}" for unit in CITY_UNITS]
    prefix = "州" if name.endswith("州") else "市"
    return [f"{prefix}{unit[1:]}" for unit in CITY_UNITS]


def province_demo_exists() -> bool:
    """Whether the province demo's root (湖北省) is loaded."""
    with unscoped():
        return db.session.execute(select(Region.id).where(Region.code == PROVINCE[1])).first() is not None


def any_region_exists() -> bool:
    """Whether the database holds any region at all (the province demo needs an empty one)."""
    with unscoped():
        return db.session.execute(select(Region.id).limit(1)).first() is not None


def unattached_divisions() -> list[Region]:
    """Divisions loaded but not yet put under the province (a load that was interrupted)."""
    codes = [code for _, code, _, _ in DIVISIONS]
    with unscoped():
        query = select(Region).where(Region.code.in_(codes), Region.parent_id.is_(None)).order_by(Region.id)
        return list(db.session.execute(query).scalars())


class _DemoUsers:
    """Makes the demo users with one Argon2 hash of the demo password (hashing ~240 times takes long)."""

    def __init__(self) -> None:
        self.password_hash = hash_password(DEMO_PASSWORD)
        self.logins: list[DemoLogin] = []

    def add(self, username: str, full_name: str, role: Role, region: Region, unit: Unit | None = None) -> None:
        db.session.add(
            User(
                username=username,
                full_name=full_name,
                role=role,
                region_id=region.id,
                unit_id=unit.id if unit else None,
                password_hash=self.password_hash,
            )
        )
        self.logins.append(DemoLogin(username, Role(role).label, region.name))


def _county_tree(users: _DemoUsers, parent: Region, county: tuple[str, str | None, str, list[str]]) -> Region:
    name, code, login, townships = county
    region = Region(name=name, code=code, level=RegionLevel.COUNTY if code else RegionLevel.ZONE, parent_id=parent.id)
    db.session.add(region)
    db.session.flush()
    units = [
        Unit(name=f"{name}{suffix}", region_id=region.id, is_legal_office=(suffix == "司法局"))
        for suffix in COUNTY_UNIT_SUFFIXES
    ]
    db.session.add_all(units)
    for township in townships:
        town = Region(name=township, level=RegionLevel.TOWNSHIP, parent_id=region.id)
        db.session.add(town)
        db.session.flush()
        db.session.add(
            Unit(name=f"{township}{'办事处' if township.endswith('街道') else '人民政府'}", region_id=town.id)
        )
    db.session.flush()
    users.add(f"{login}_admin", f"{name}管理员", Role.REGION_ADMIN, region, units[0])
    users.add(f"{login}_staff", f"{name}工作人员", Role.STAFF, region, units[0])
    return region


def load_province_tenancy(
    codes: list[str] | None = None,
) -> tuple[Region, list[tuple[Region, list[Region]]], list[DemoLogin]]:
    """Create the province, its divisions and counties, their units and users; commits.

    Returns (province, [(division, its counties)], logins). Each division is made as a root of its
    own (no parent) and `attach_division` puts it under the province once its records are loaded, so
    a load that was interrupted is recognisable (`unattached_divisions`); the plugins' demo loaders
    know a 市州 by its level, wherever it stands in the tree.
    `codes` limits the divisions (trials and tests); None loads all 17.
    """
    users = _DemoUsers()
    trees: list[tuple[Region, list[Region]]] = []
    with unscoped(), acting_as(None):
        province = Region(name=PROVINCE[0], code=PROVINCE[1], level=RegionLevel.PROVINCE)
        db.session.add(province)
        db.session.flush()
        units = [
            Unit(name=name, region_id=province.id, is_legal_office=(name == "省司法厅")) for name in PROVINCE_UNITS
        ]
        db.session.add_all(units)
        db.session.flush()
        users.add("admin", "系统管理员", Role.SYSTEM_ADMIN, province)
        users.add("province_admin", "省司法厅管理员", Role.REGION_ADMIN, province, units[0])
        users.add("province_staff", "省司法厅工作人员", Role.STAFF, province, units[0])
        users.add("leader", "省政府领导", Role.VIEWER, province)
        for name, code, login, counties in DIVISIONS:
            if codes is not None and code not in codes:
                continue
            division = Region(name=name, code=code, level=RegionLevel.CITY)
            db.session.add(division)
            db.session.flush()
            division_units = [
                Unit(name=unit, region_id=division.id, is_legal_office=(i == 0))
                for i, unit in enumerate(_division_unit_names(name))
            ]
            db.session.add_all(division_units)
            db.session.flush()
            users.add(
                f"{login}_admin", f"{division_units[0].name}管理员", Role.REGION_ADMIN, division, division_units[0]
            )
            users.add(f"{login}_staff", f"{division_units[0].name}工作人员", Role.STAFF, division, division_units[0])
            trees.append((division, [_county_tree(users, division, county) for county in counties]))
        db.session.commit()
    return province, trees, users.logins


def attach_division(division: Region, province: Region) -> None:
    """Put a division (loaded as a root) under the province: its parent and its subtree's paths; commits."""
    with unscoped(), acting_as(None):
        old_path = division.path
        division.parent_id = province.id
        db.session.flush()
        table = Region.__table__
        db.session.execute(
            table.update()
            .where(table.c.path.startswith(old_path))
            .values(path=literal(province.path.rstrip("/"), String) + table.c.path)
        )
        db.session.commit()


def load_division_records(
    app: Flask,
    host: Any,
    division_id: int,
    county_ids: list[int],
    scale: int,
    on_region: Callable[[str], None],
    copy_counties: bool = True,
) -> None:
    """Each plugin's demo records of a division and then of each of its counties, as the city demo
    does for its city and counties (one commit per region); `on_region(name)` after each.

    With `copy_counties` only one county (`core.demo_copy.template_of`) is walked through the
    operations; its records are then copied to the others (`core.demo_copy`), ten times faster.
    """
    walked = [division_id, *county_ids]
    template = None
    if copy_counties and county_ids:
        with unscoped():
            counties = [db.session.get(Region, county_id) for county_id in county_ids]
        walked = [division_id, template_of(counties).id]
    for region_id in walked:
        with unscoped(), acting_as(None):
            region = db.session.get(Region, region_id)
            if len(walked) == 2 and region_id == walked[1]:
                template = mark_template(region)
            host.call_each("load_demo_data", ctx=None, region=region, scale=scale)
            db.session.commit()
            on_region(region.name)
    if template is None:
        return
    with unscoped(), acting_as(None):
        deliver_template_events(app, template)
        for county_id in county_ids:
            if county_id != template.region_id:
                county = db.session.get(Region, county_id)
                copy_records(template, county)
                db.session.commit()
                on_region(county.name)


#: What a loader process of `load_province_records` works with (set before the processes fork).
_worker: dict[str, Any] = {}


def _load_in_worker(task: tuple[int, list[int]]) -> int:
    app, host, queue = _worker["app"], _worker["host"], _worker["queue"]
    with app.app_context():
        try:
            load_division_records(app, host, task[0], task[1], _worker["scale"], queue.put, _worker["copy_counties"])
            with unscoped():
                attach_division(db.session.get(Region, task[0]), db.session.get(Region, _worker["province_id"]))
        finally:
            db.session.remove()
    return task[0]


def load_province_records(
    app: Flask,
    host: Any,
    province: Region,
    trees: list[tuple[Region, list[Region]]],
    scale: int,
    jobs: int,
    on_region: Callable[[str], None],
    copy_counties: bool = True,
) -> None:
    """Load every division's and county's demo records, then put each division under the province.

    `copy_counties`: see `load_division_records`.

    `jobs` > 1 loads divisions in that many processes at once (PostgreSQL: the records of different
    divisions never touch the same rows); SQLite has one writer at a time, so it always loads in one.
    """
    province_id = province.id
    tasks = [(division.id, [county.id for county in counties]) for division, counties in trees]
    if jobs <= 1 or db.engine.dialect.name == "sqlite":
        for division_id, county_ids in tasks:
            load_division_records(app, host, division_id, county_ids, scale, on_region, copy_counties)
            with unscoped():
                attach_division(db.session.get(Region, division_id), db.session.get(Region, province_id))
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.SimpleQueue()
    _worker.update(app=app, host=host, queue=queue, scale=scale, province_id=province_id, copy_counties=copy_counties)
    db.session.remove()
    db.engine.dispose()  # the processes open their own connections
    # The largest divisions first, so the last to finish is a small one.
    tasks.sort(key=lambda task: -len(task[1]))
    with context.Pool(min(jobs, len(tasks))) as pool:
        pending = pool.map_async(_load_in_worker, tasks, chunksize=1)
        while not pending.ready() or not queue.empty():
            while not queue.empty():
                on_region(queue.get())
            pending.wait(0.2)
        pending.get()  # re-raises a loader's error


def record_counts() -> dict[str, int]:
    """Rows per table (tables with rows only), for the summary `flask demo` prints."""
    counts = {}
    present = set(inspect(db.engine).get_table_names())  # the models of plugins not loaded have none
    with unscoped():
        for table in db.metadata.sorted_tables:
            if table.name not in present:
                continue
            n = db.session.execute(select(func.count()).select_from(table)).scalar_one()
            if n:
                counts[table.name] = n
    return counts


def default_jobs() -> int:
    """Loader processes for the province demo: one per core on PostgreSQL, one on SQLite."""
    return 1 if db.engine.dialect.name == "sqlite" else max(1, os.cpu_count() or 1)


def elapsed_since(start: float) -> str:
    """`start` (time.perf_counter()) to now as 12分34秒."""
    seconds = int(time.perf_counter() - start)
    return f"{seconds // 60}分{seconds % 60:02d}秒"
