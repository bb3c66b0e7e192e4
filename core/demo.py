"""The Jingmen demo: the real region tree, typical units, one admin and one staff login per county."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.audit import acting_as
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
