"""Indexed search returns exactly what a full scan returns, one- and two-character terms included."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, or_, select, update

from core.extensions import db
from core.models import Region
from core.tenancy import unscoped
from core.testing.fixtures import builtin_plugin_modules, listed_ids
from tests.plugins.hookcheck.models import InspectionObject

# On PostgreSQL the index is a table of 1-3 character tokens (core.search); the same expectations hold.

NAMES = [
    ("荆门市东宝区龙泉街道某超市", "东宝区泉口路1号"),
    ("东宝区门东餐馆", "门（东）巷2号"),  # "门东" must not match "门（东"
    ("掇刀石加油站", "掇刀区白庙路"),
    ("ABC商贸有限公司", "abc路10号"),
    ("荆门高新区某科技公司", "高新区 创业路-8号"),
    ("宋河镇卫生院", "宋河镇"),
    ("100%食品店", "百分百路_3号"),
    # Every three-character run of "长宁大道8" is here, but not the term: PostgreSQL's token
    # index finds the row, the recheck must drop it.
    ("大道8号长宁大宁大道", "某地"),
]
TERMS = [
    "门",
    "东",
    "门东",
    "（东",
    "东）",
    "区",
    "荆门",
    "abc",
    "ABC",
    "-8",
    "100%",
    "_3",
    "路1",
    "镇卫",
    "不存在",
    "号 门",
    "宋河 卫生",
    "长宁大道8",
    "宁大道",
]


def _full_scan_ids(term_string: str) -> set[int]:
    query = select(InspectionObject.id)
    for term in term_string.split(" "):
        if term:
            query = query.where(
                or_(
                    db.func.lower(InspectionObject.name).contains(term.lower(), autoescape=True),
                    db.func.lower(InspectionObject.address).contains(term.lower(), autoescape=True),
                )
            )
    return set(db.session.execute(query).scalars())


@pytest.fixture
def plugins():
    return [*builtin_plugin_modules(), "tests.plugins.hookcheck.plugin"]


def test_index_equals_full_scan(app, login_as):
    with app.app_context(), unscoped():
        region_id = db.session.execute(select(Region.id).where(Region.code == "420802")).scalar_one()
        for name, address in NAMES:
            db.session.add(InspectionObject(name=name, address=address, region_id=region_id))
        db.session.commit()
        # An update and a delete must reach the index too.
        first = db.session.execute(select(InspectionObject).where(InspectionObject.name == NAMES[5][0])).scalar_one()
        first.address = "宋河镇卫生路"
        doomed = db.session.execute(select(InspectionObject).where(InspectionObject.name == NAMES[6][0])).scalar_one()
        db.session.delete(doomed)
        db.session.commit()
        expected = {term: _full_scan_ids(term) for term in TERMS}
    client = login_as("admin")
    for term, ids in expected.items():
        page = client.get("/admin/inspection_objects/", query_string={"search": term, "page_size": 100})
        assert page.status_code == 200, page.get_data(as_text=True)[-2000:]
        html = page.get_data(as_text=True)
        assert listed_ids(html) == ids, term
        # The count, answered by the index alone (Flask-Admin shows none for zero).
        assert (f"列表 ({len(ids)})" in html) if ids else ("列表 (" not in html), term
    # A county user's search stays inside the county, in the index's count too.
    other = login_as("duodao_staff").get("/admin/inspection_objects/", query_string={"search": "门"})
    assert listed_ids(other.get_data(as_text=True)) == set() and "列表 (" not in other.get_data(as_text=True)
    assert (expected["门东"] and not (expected["门东"] & expected["（东"])) or expected["（东"]
    assert expected["100%"] == set()  # deleted above
    assert expected["长宁大道8"] == set() and expected["宁大道"]  # the recheck is exercised


@pytest.mark.postgres
def test_postgres_index_follows_writes_that_bypass_the_orm(app, login_as):
    """Bulk inserts and plain UPDATEs (registers, scripts, the demo) reach the index by trigger."""
    with app.app_context(), unscoped():
        region_id = db.session.execute(select(Region.id).where(Region.code == "420802")).scalar_one()
        db.session.execute(
            insert(InspectionObject),
            [
                {"name": "漳河水库管理处", "address": "漳河镇", "region_id": region_id},
                {"name": "某药房", "region_id": region_id},
            ],
        )
        db.session.execute(
            update(InspectionObject).where(InspectionObject.name == "某药房").values(address="象山大道1号")
        )
        db.session.commit()
    client = login_as("dongbao_staff")
    for term, expected in (("漳河", 1), ("象山大道1", 1), ("药", 1), ("水库管理", 1), ("库漳", 0)):
        html = client.get("/admin/inspection_objects/", query_string={"search": term}).get_data(as_text=True)
        assert len(listed_ids(html)) == expected, term


@pytest.mark.postgres
def test_postgres_search_is_served_by_the_expression_index(app):
    """The query's expression is the index's, so the planner can use it (count and page shapes)."""
    from core.search import id_filter, pg_index_name

    with app.app_context(), unscoped():
        db.session.execute(db.text("SET LOCAL enable_seqscan = off"))
        for terms, for_count in ((["门"], True), (["长宁大道8"], True), (["东宝", "区"], False)):
            criterion = id_filter(InspectionObject, terms, "postgresql", None, for_count=for_count)
            statement = select(db.func.count()).select_from(InspectionObject).where(criterion)
            compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
            plan = "\n".join(db.session.execute(db.text(f"EXPLAIN {compiled}")).scalars())
            assert pg_index_name(InspectionObject.__tablename__) in plan, plan
        db.session.rollback()


@pytest.mark.postgres
def test_postgres_index_replaces_the_token_side_table(app):
    """A database indexed by the former scheme (side table + row trigger) is converted in place."""
    from core.search import create_search_index, pg_index_name

    table = InspectionObject.__tablename__
    with app.app_context():
        connection = db.session.connection()
        connection.execute(db.text(f"DROP INDEX {pg_index_name(table)}"))
        connection.execute(db.text(f"CREATE TABLE search_{table} (id bigint PRIMARY KEY, tokens text[])"))
        connection.execute(
            db.text("CREATE FUNCTION fazhi_test_noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$")
        )
        connection.execute(
            db.text(
                f"CREATE TRIGGER trg_search_{table} AFTER INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION fazhi_test_noop()"
            )
        )
        create_search_index(connection, table, ["name", "address"])
        left = connection.execute(
            db.text(
                "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = :trigger), to_regclass(:side) IS NULL, "
                "to_regclass(:index) IS NOT NULL"
            ),
            {"trigger": f"trg_search_{table}", "side": f"search_{table}", "index": pg_index_name(table)},
        ).one()
        assert tuple(left) == (0, True, True)
        connection.execute(db.text("DROP FUNCTION fazhi_test_noop()"))
        db.session.commit()
