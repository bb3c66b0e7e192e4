"""The province demo's bulk path (`core.demo_copy`): a county's records copied to another county.

The template is 掇刀区 (two townships), walked through every plugin's operations with its events
delivered; it is copied to 沙洋县 (two townships: the same shape) and to 屈家岭管理区 (none: the
township rows are left out with what depends on them). Checked on the copies: the same rows under
their own names, no reference into the template, the same figures, and the copied county working
through HTTP — listed, searched, opened, and scanned for missed deadlines like a walked one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import JSON, String, Text, func, inspect, select

from core.audit import acting_as
from core.clock import today
from core.dashboard import indicators_for
from core.deadlines.models import Deadline
from core.demo import load_province_tenancy
from core.demo_copy import copy_records, deliver_template_events, mark_template
from core.events.models import IdempotencyKey
from core.extensions import db
from core.models import Region
from core.notices.models import Notice
from core.plugins.host import get_host
from core.tenancy import region_subtree_ids, unscoped
from core.testing.fixtures import Databases, built_databases, builtin_plugin_modules, listed_ids, make_app
from plugins.admin_review.models import AdministrativeReviewCase

TEMPLATE, SAME_SHAPE, NO_TOWNSHIPS = "掇刀区", "沙洋县", "屈家岭管理区"


class CopiedDatabases(Databases):
    """A template database: 荆门市's tenancy, 掇刀区's records walked, then copied to two counties."""

    written: dict[str, int]

    def build_template(self) -> None:
        if self.pg_url:
            self._admin_execute(f'CREATE DATABASE "{self.template_name}"')
        app = make_app(
            self.template_url,
            plugins=builtin_plugin_modules(),
            FAZHI_INSTANCE_PATH=str(self.workdir / "instance"),
            FAZHI_ATTACHMENT_DIR=str(self.workdir / "attachments"),
            FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR=10,
        )
        with app.app_context():
            from core.migrations_config import upgrade_database

            upgrade_database()
            load_province_tenancy(["420800"])
            with unscoped(), acting_as(None):
                source = _region(TEMPLATE)
                template = mark_template(source)
                get_host().call_each("load_demo_data", ctx=None, region=source, scale=1)
                db.session.commit()
                assert deliver_template_events(app, template) > 100
                self.written = {name: copy_records(template, _region(name)) for name in (SAME_SHAPE, NO_TOWNSHIPS)}
                db.session.commit()
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    yield from built_databases(CopiedDatabases, tmp_path_factory)


def _region(name: str) -> Region:
    return db.session.execute(select(Region).where(Region.name == name)).scalar_one()


def _owned_tables() -> list[Any]:
    present = set(inspect(db.engine).get_table_names())  # other tests' plugins share the metadata
    return [t for t in db.metadata.sorted_tables if t.name in present and "region_id" in t.c and "id" in t.c]


def _rows(table: Any, region_ids: set[int]) -> list[Any]:
    return db.session.execute(select(table).where(table.c.region_id.in_(region_ids))).mappings().all()


def test_a_copy_holds_the_template_rows_under_its_own_names(app: Any, databases: CopiedDatabases) -> None:
    with app.app_context(), unscoped():
        source, same, bare = _region(TEMPLATE), _region(SAME_SHAPE), _region(NO_TOWNSHIPS)
        for table in _owned_tables():
            counts = [
                db.session.execute(select(func.count()).where(table.c.region_id == r.id)).scalar_one()
                for r in (source, same, bare)
            ]
            if table.name in ("unit", "user_account", "module_switch"):
                continue  # the tenancy's own, not copied
            # A county's own rows: the same in all three; the townships' only where there are townships.
            assert counts[0] == counts[1] == counts[2], (table.name, counts)
            in_towns = [
                db.session.execute(
                    select(func.count()).where(table.c.region_id.in_(region_subtree_ids(r) - {r.id}))
                ).scalar_one()
                for r in (source, same, bare)
            ]
            assert in_towns[0] == in_towns[1] and in_towns[2] == 0, (table.name, in_towns)
        assert databases.written[SAME_SHAPE] > databases.written[NO_TOWNSHIPS] > 2000
        # Nothing of the copy is named after the template: 掇刀区 → 沙洋县, 掇刀 → 沙洋, 掇刀石街道 → 沙洋镇.
        for table in _owned_tables():
            texts = [c.name for c in table.columns if isinstance(c.type, String | Text | JSON)]
            for row in _rows(table, region_subtree_ids(same)):
                for column in texts:
                    assert "掇刀" not in str(row[column] or ""), (table.name, column, row[column])
        # The claims of what was done once for the template's deadlines (their notices) name the copy's.
        claimed = []
        for region in (source, same):
            deadlines = db.session.execute(select(Deadline.id).where(Deadline.region_id == region.id)).scalars()
            names = {f"deadline:{deadline_id}" for deadline_id in deadlines}
            keys = db.session.execute(select(IdempotencyKey.key).where(IdempotencyKey.key.like("notice:%"))).scalars()
            claimed.append(sum(1 for key in keys if any(key.endswith(name) for name in names)))
        assert claimed[0] == claimed[1] > 0, claimed
        numbers = set(
            db.session.execute(
                select(AdministrativeReviewCase.case_number).where(AdministrativeReviewCase.region_id == same.id)
            ).scalars()
        )
        assert numbers and all(n.startswith("沙洋行复〔") for n in numbers)


def test_no_reference_of_a_copy_points_into_the_template(app: Any) -> None:
    with app.app_context(), unscoped():
        template = region_subtree_ids(_region(TEMPLATE))
        owned = {t.name: t for t in _owned_tables()}
        checked = 0
        for name in (SAME_SHAPE, NO_TOWNSHIPS):
            copy = region_subtree_ids(_region(name))
            for table in owned.values():
                rows = _rows(table, copy)
                references: list[tuple[str, Any]] = []
                for fk in table.foreign_keys:
                    if fk.column.table.name == "region":
                        references += [("region", row[fk.parent.name]) for row in rows]
                    elif fk.column.table.name in owned:
                        references += [(fk.column.table.name, row[fk.parent.name]) for row in rows]
                if "subject_type" in table.c:
                    # The audit trail keeps subject ids as text.
                    references += [(row["subject_type"], int(row["subject_id"])) for row in rows if row["subject_type"]]
                for target, value in references:
                    if value is None:
                        continue
                    checked += 1
                    if target == "region":
                        assert value not in template, (table.name, target, value)
                    elif target in owned:
                        region_id = db.session.execute(
                            select(owned[target].c.region_id).where(owned[target].c.id == value)
                        ).scalar_one()
                        assert region_id not in template, (table.name, target, value)
        assert checked > 10_000


def test_a_copy_counts_as_its_template(app: Any) -> None:
    with app.app_context(), unscoped():
        source, same = _region(TEMPLATE), _region(SAME_SHAPE)
        for year in range(today().year - 2, today().year + 1):
            expected = [(title, i.key, i.numerator, i.denominator) for title, i in indicators_for(source, year)]
            found = [(title, i.key, i.numerator, i.denominator) for title, i in indicators_for(same, year)]
            assert found == expected and any(row[2] for row in found), year


def test_a_copied_county_is_listed_searched_and_scanned(app: Any, login_as: Any) -> None:
    with app.app_context(), unscoped():
        same = _region(SAME_SHAPE)
        cases = db.session.execute(
            select(AdministrativeReviewCase).where(AdministrativeReviewCase.region_id == same.id)
        ).scalars()
        case = next(iter(sorted(cases, key=lambda c: c.id)))
        case_id, number = case.id, case.case_number
    staff = login_as("shayang_staff")
    path = "/admin/admin_review_cases/"
    assert case_id in listed_ids(staff.get(f"{path}?search={number}").get_data(as_text=True), path)
    details = staff.get(f"{path}details/?id={case_id}")
    assert details.status_code == 200 and number in details.get_data(as_text=True)
    assert staff.get("/", follow_redirects=True).status_code == 200
    # 掇刀区's staff sees none of the copy.
    assert login_as("duodao_staff").get(f"{path}details/?id={case_id}").status_code == 404

    # The scan finds the copy's missed deadlines as it finds the template's, and issues its notices.
    result = app.test_cli_runner().invoke(args=["deadlines", "scan"])
    assert result.exit_code == 0, result.output
    with app.app_context(), unscoped():
        source, same = _region(TEMPLATE), _region(SAME_SHAPE)

        def as_shayang(text: str) -> str:
            return text.replace(TEMPLATE, SAME_SHAPE).replace("掇刀", "沙洋")

        notices = [
            sorted(
                # Titles, not numbers: a region's numbers follow the order its notices were issued in,
                # which the worker's batches do not fix on PostgreSQL.
                as_shayang(n.title)
                for n in db.session.execute(select(Notice).where(Notice.region_id == r.id)).scalars()
            )
            for r in (source, same)
        ]
        assert notices[0] == notices[1] and len(notices[0]) > 5
