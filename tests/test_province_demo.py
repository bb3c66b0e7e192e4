"""The province demo (`flask demo --scale province`): 湖北省 → 17 divisions → 100-odd counties, scoped.

The tree is built once per module through the real command, with only the test plugin loaded (three
records per region), so it takes seconds; every test gets a copy. Checked: the division codes, each
county under its division, a division admin seeing exactly their subtree on a list page through
HTTP, a county admin their county, and the province's admins everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core import reporting, tenancy
from core.demo import DIVISIONS, PROVINCE
from core.extensions import db
from core.models import Region, RegionLevel
from core.tenancy import unscoped
from core.testing.fixtures import TEST_PLUGINS, Databases, built_databases, listed_ids, make_app
from tests.plugins.hookcheck.models import InspectionObject

LIST = "/admin/inspection_objects/"
EXPECTED_DIVISIONS = {
    "武汉市": "420100",
    "黄石市": "420200",
    "十堰市": "420300",
    "宜昌市": "420500",
    "襄阳市": "420600",
    "鄂州市": "420700",
    "荆门市": "420800",
    "孝感市": "420900",
    "荆州市": "421000",
    "黄冈市": "421100",
    "咸宁市": "421200",
    "随州市": "421300",
    "恩施土家族苗族自治州": "422800",
    "仙桃市": "429004",
    "潜江市": "429005",
    "天门市": "429006",
    "神农架林区": "429021",
}
JINGMEN_COUNTIES = {"东宝区": "420802", "掇刀区": "420804", "京山市": "420882", "沙洋县": "420822", "钟祥市": "420881"}


class ProvinceDatabases(Databases):
    """A template with the province demo loaded by `flask demo --scale province` (test plugin only)."""

    output = ""

    def build_template(self) -> None:
        if self.pg_url:
            self._admin_execute(f'CREATE DATABASE "{self.template_name}"')
        app = make_app(self.template_url, plugins=TEST_PLUGINS, FAZHI_INSTANCE_PATH=str(self.workdir / "instance"))
        result = app.test_cli_runner().invoke(args=["demo", "--scale", "province", "--jobs", "1"])
        assert result.exit_code == 0, result.output + repr(result.exception)
        self.output = result.output
        again = app.test_cli_runner().invoke(args=["demo", "--scale", "province", "--jobs", "1"])
        assert again.exit_code == 0 and "省级演示数据已存在" in again.output, again.output
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    yield from built_databases(ProvinceDatabases, tmp_path_factory)


@pytest.fixture
def plugins() -> list[str]:
    return TEST_PLUGINS


def _region(code: str) -> Region:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one()


def _object_ids(region: Region | None = None) -> set[int]:
    query = select(InspectionObject.id)
    if region is not None:
        query = query.where(InspectionObject.region_id.in_(tenancy.region_subtree_ids(region)))
    return set(db.session.execute(query).scalars())


def _listed(client: Any, path: str = LIST) -> set[int]:
    """Every record id of a list page, page after page (100 a page)."""
    ids: set[int] = set()
    for page in range(50):
        html = client.get(f"{path}?page_size=100&page={page}").get_data(as_text=True)
        found = listed_ids(html, path)
        if not found - ids:
            return ids
        ids |= found
    raise AssertionError("more than 50 pages")


def test_the_command_prints_time_counts_and_logins(databases: ProvinceDatabases) -> None:
    out = databases.output
    assert "17个市州" in out and "载入完成，用时" in out
    assert "hookcheck" in out and "演示账号（密码均为 Fazhi2026!）" in out
    assert "wuhan" in out and "dongbao" in out and "xiantao" in out and "province_admin" in out


def test_the_tree_has_the_17_divisions_and_their_counties(app: Any) -> None:
    with app.app_context(), unscoped():
        province = _region(PROVINCE[1])
        assert province.level == RegionLevel.PROVINCE and province.parent_id is None and province.path == "/1/"
        assert db.session.execute(select(Region.id).where(Region.parent_id.is_(None))).scalars().all() == [province.id]
        divisions = {
            r.name: r for r in db.session.execute(select(Region).where(Region.parent_id == province.id)).scalars()
        }
        assert {name: r.code for name, r in divisions.items()} == EXPECTED_DIVISIONS
        counties = (
            db.session.execute(select(Region).where(Region.level.in_((RegionLevel.COUNTY, RegionLevel.ZONE))))
            .scalars()
            .all()
        )
        assert len(counties) >= 100
        by_id = {r.id: r for r in divisions.values()}
        for county in counties:
            division = by_id[county.parent_id]  # each county lies directly under a division
            assert county.path == f"{division.path}{county.id}/"
            if county.code:  # the real division code: the county's first four digits are its division's
                assert county.code[:4] == division.code[:4], county.name
        jingmen = divisions["荆门市"]
        assert {c.name: c.code for c in counties if c.parent_id == jingmen.id and c.code} == JINGMEN_COUNTIES
        # Every region is reached from the province's subtree; a division's subtree holds its counties' townships.
        assert len(tenancy.region_subtree_ids(province)) == db.session.query(Region).count()
        dongbao = _region("420802")
        assert set(dongbao.ancestor_ids()) == {province.id, jingmen.id, dongbao.id}
        assert {r.id for r in dongbao.children} <= tenancy.region_subtree_ids(jingmen)
        assert len(DIVISIONS) == 17


def test_a_division_admin_sees_its_subtree_and_the_province_everything(app: Any, login_as: Any) -> None:
    with app.app_context(), unscoped():
        wuhan, jingmen, dongbao = _region("420100"), _region("420800"), _region("420802")
        everything = _object_ids()
        in_wuhan, in_jingmen, in_dongbao = _object_ids(wuhan), _object_ids(jingmen), _object_ids(dongbao)
        # Three records a region: the division's own and its 13 districts'.
        assert len(in_wuhan) == 3 * 14 and in_dongbao < in_jingmen and not in_wuhan & in_jingmen
        wuhan_ids = tenancy.region_subtree_ids(wuhan)
        with tenancy.scoped_to(wuhan_ids):  # the reporting scope of a division's figure: its subtree
            assert reporting.region_ids(wuhan, None) == wuhan_ids
            assert reporting.region_ids(_region(PROVINCE[1]), None) == wuhan_ids
    assert _listed(login_as("wuhan_admin")) == in_wuhan
    assert _listed(login_as("jingmen_staff")) == in_jingmen
    assert _listed(login_as("dongbao_admin")) == in_dongbao
    assert _listed(login_as("province_admin")) == everything
    assert _listed(login_as("admin")) == everything
    # A record of another division answers 404 to a division admin, and is shown to the province.
    foreign = min(in_jingmen)
    assert login_as("wuhan_admin").get(f"/admin/inspection_objects/details/?id={foreign}").status_code == 404
    assert login_as("province_admin").get(f"/admin/inspection_objects/details/?id={foreign}").status_code == 200


def test_the_region_list_of_a_division_admin_is_its_subtree(app: Any, login_as: Any) -> None:
    with app.app_context(), unscoped():
        enshi = _region("422800")
        subtree = set(tenancy.region_subtree_ids(enshi))
    assert _listed(login_as("enshi_admin"), "/admin/regions/") == subtree and len(subtree) == 9


def test_province_needs_an_empty_database(tmp_path: Path) -> None:
    from core.demo import load_demo_tenancy
    from core.migrations_config import upgrade_database

    app = make_app(f"sqlite:///{tmp_path / 'city.sqlite3'}", plugins=TEST_PLUGINS)
    with app.app_context():
        upgrade_database()
        load_demo_tenancy()
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["demo", "--scale", "province"])
    assert result.exit_code == 1 and "需要空数据库" in result.output
    assert app.test_cli_runner().invoke(args=["demo", "--scale", "prov"]).exit_code == 2
    assert app.test_cli_runner().invoke(args=["demo", "--scale", "0"]).exit_code == 2
