"""The province demo's bulk path: one county's demo records copied, table by table, to another county.

Walking every record of a county through the plugins' operations costs about 10 seconds on
SQLite and 20 on PostgreSQL (each act flushes, audits, publishes and opens deadlines); a province
has about a hundred counties. So `flask demo --scale province` walks one county of each 市州 (the
*template*) and copies its rows to the division's other counties: every table's new rows of the
template's subtree, with

- new ids (taken from each table's own sequence), and every foreign key and every polymorphic
  subject reference (``subject_type`` + ``subject_id``) into the copied rows moved to the copies;
- the template's regions, units and users (made by the tenancy, before the records) replaced by
  the target's, matched by their order within each region; a township the target lacks is left
  out with every row that depends on it;
- the template's names in text (东宝区, 东宝, its townships, the division code in court case
  numbers) replaced by the target's;
- keys that must stay unique (event uids, consultation request keys, notices' dedupe keys) made
  the target's, the same way wherever they appear, so a pair that matched still matches; a
  "table:id" in a key (``deadline:12``, or ``engagement:7`` in a key of the plugin whose table is
  ``counsel_engagement``) names the copy's row;
- the template's idempotency claims (`core.events.idempotency.claim`) copied the same way, so
  what was done once for a template's record — its notice, a scan's event — is not done again
  for the copy;
- an audit entry's recorded changes following the same ids, so a copied record's history reads
  true.

The template's events are delivered before it is copied (`deliver_template_events`), so each copy
holds what the handlers made (matters, notices) and no delivery is left pending on a payload that
names the template's records: a copied event's payload keeps the template's ids (a record of
what was published, not read again). Foreign keys that point outside the template's subtree (the
division's plan, the province's units) are kept as they are.

Tables, keys and references are read from the metadata: no plugin's table is named here. The
words renamed are the region's names as the demo loaders write them — including the court demo's
court name and case-number code (`_words`); a loader that names a region another way adds its
form there.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from sqlalchemy import JSON, Enum, Integer, String, Table, Text, UniqueConstraint, func, inspect, or_, select, text
from sqlalchemy.engine import Connection

from core.events.idempotency import claim_key
from core.events.models import IdempotencyKey, OutboxEvent
from core.events.worker import deliver_now
from core.extensions import db
from core.models import Region
from core.notices.numbering import region_short_name
from core.search import index_rows, searchable_columns

#: A table's rows by id, as dicts of column values.
Rows = dict[int, dict[str, Any]]

_HEX_ID = re.compile(r"[0-9a-f]{32}")
#: A record named in a key: "deadline:12", "counsel_engagement:7", or "engagement:7" in a key of
#: the counsel plugin (its tables are prefixed with the plugin's key).
_NAMED_RECORD = re.compile(r"([a-z_]+):(\d+)")
_PLUGIN_PREFIX = re.compile(r"([a-z_]+)\.")


@dataclass(frozen=True)
class Template:
    """A county whose records are about to be loaded, and each table's newest id before them."""

    region_id: int
    before: dict[str, int]


@dataclass
class _Copy:
    """One copy in the making: the id maps of every table, and the rows left out."""

    target_id: int
    regions: dict[int, int]
    ids: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    dropped: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    copied: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def _tables() -> list[Table]:
    present = set(inspect(db.engine).get_table_names())
    return [table for table in db.metadata.sorted_tables if table.name in present]


def _has_id(table: Table) -> bool:
    return "id" in table.c and isinstance(table.c.id.type, Integer)


def mark_template(region: Region) -> Template:
    """Remember each table's newest id; call it just before loading `region`'s demo records."""
    before = {}
    for table in _tables():
        if _has_id(table):
            before[table.name] = db.session.execute(select(func.max(table.c.id))).scalar() or 0
    return Template(region.id, before)


def deliver_template_events(app: Flask, template: Template) -> int:
    """Deliver the events the template's records published (committed first); returns how many."""
    outbox = OutboxEvent.__table__
    subtree = _subtree(template.region_id)
    ids = db.session.execute(
        select(outbox.c.id).where(outbox.c.id > template.before["event_outbox"], outbox.c.region_id.in_(subtree))
    ).scalars()
    event_ids = list(ids)
    db.session.commit()
    deliver_now(app, event_ids, rounds=20)
    return len(event_ids)


def _subtree(region_id: int) -> list[int]:
    """The region and its townships, in id order (a county's subtree is two levels deep)."""
    children = db.session.execute(select(Region.id).where(Region.parent_id == region_id).order_by(Region.id))
    return [region_id, *children.scalars()]


def _words(template: Region, target: Region) -> dict[str, str]:
    """The template's names as they appear in its records, with what the target calls the same."""
    words = {template.name: target.name, region_short_name(template.name): region_short_name(target.name)}
    court = "{}人民法院"  # the court's demo name: 东宝人民法院
    words[court.format(template.name.rstrip("区县市"))] = court.format(target.name.rstrip("区县市"))
    # Court case numbers carry the division code's last four digits: (2024)鄂0802行初1号.
    words[f"鄂{_code(template)[-4:]}"] = f"鄂{_code(target)[-4:]}"
    for town, other in zip(template.children, target.children, strict=False):
        words[town.name] = other.name
    words = {old: new for old, new in words.items() if len(old) >= 2 and old != new}
    # The division's and the province's names stay whole (荆州区 → 沙市区 leaves 荆州市 alone).
    for region in (template.parent, template.parent.parent if template.parent else None):
        if region is not None and any(old in region.name for old in words):
            words[region.name] = region.name
    return words


def template_of(counties: list[Region]) -> Region:
    """The county to walk and copy: the most townships, and a short name its division's lacks."""
    return max(
        counties,
        key=lambda county: (
            county.parent is None or region_short_name(county.name) not in county.parent.name,
            len(county.children),
        ),
    )


def _code(region: Region) -> str:
    return region.code or f"Z{region.id:03d}"


class _Text:
    """Replaces the template's words in strings, and re-keys ids that must stay unique."""

    def __init__(self, words: dict[str, str], target_id: int) -> None:
        self.words = words
        self.target_id = target_id
        alternatives = sorted(words, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def __call__(self, value: str) -> str:
        if _HEX_ID.fullmatch(value):
            return self.key(value)
        if self.pattern is None:
            return value
        return self.pattern.sub(lambda m: self.words[m.group(0)], value)

    def key(self, value: str) -> str:
        """A unique key of the template made the target's; the same key always becomes the same."""
        if _HEX_ID.fullmatch(value):
            return uuid.uuid5(uuid.NAMESPACE_OID, f"{value}:{self.target_id}").hex
        return f"{value}@{self.target_id}"

    def json(self, value: Any) -> Any:
        """Strings inside a JSON value, replaced the same way."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {key: self.json(item) for key, item in value.items()}
        return value


@dataclass
class _Shape:
    """What a table's copy needs to know about its columns."""

    table: Table
    foreign: dict[str, str]  # column -> referenced table
    texts: list[str]
    jsons: list[str]
    keys: list[list[str]]  # unique constraints that nothing else would keep unique
    subject: bool

    @classmethod
    def of(cls, table: Table) -> _Shape:
        foreign = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        texts = [
            c.name
            for c in table.columns
            if isinstance(c.type, String | Text)
            and not isinstance(c.type, Enum)
            and c.name not in foreign
            and c.name not in ("subject_type", "subject_id")
        ]
        jsons = [c.name for c in table.columns if isinstance(c.type, JSON)]
        keys = []
        for columns in _unique_sets(table):
            if "region_id" in columns or any(c in foreign for c in columns):
                continue  # the region or a moved reference keeps it unique already
            if "subject_id" in columns:
                continue
            keys.append(columns)
        subject = "subject_type" in table.c and "subject_id" in table.c
        return cls(table, foreign, texts, jsons, keys, subject)


def _unique_sets(table: Table) -> list[list[str]]:
    sets = [[c.name for c in con.columns] for con in table.constraints if isinstance(con, UniqueConstraint)]
    sets += [[c.name for c in index.columns] for index in table.indexes if index.unique]
    sets += [[c.name] for c in table.columns if c.unique]
    unique: list[list[str]] = []
    for columns in sets:
        if columns not in unique and columns != ["id"]:
            unique.append(columns)
    return unique


def copy_records(template: Template, target: Region) -> int:
    """Copy the template's records to `target` (a county of the same shape); returns the rows written.

    Runs in the current transaction; the caller commits.
    """
    source = db.session.get(Region, template.region_id)
    if source is None:
        raise ValueError(f"模板区划 {template.region_id} 不存在")
    connection = db.session.connection()
    source_regions, target_regions = _subtree(source.id), _subtree(target.id)
    copy = _Copy(target.id, dict(zip(source_regions, target_regions, strict=False)))
    tables = [table for table in _tables() if table.name != "region"]
    shapes = {table.name: _Shape.of(table) for table in tables}
    rows = {table.name: _template_rows(connection, table, template, source_regions) for table in tables}
    _match_tenancy(connection, tables, template, copy)
    _drop_orphans(shapes, rows, copy)
    _allocate(connection, shapes, rows, copy)
    text_of = _Text(_words(source, target), target.id)
    written = 0
    for table in tables:
        shape = shapes[table.name]
        if _has_id(table):
            new_rows = [
                _moved(shape, row, copy, text_of, shapes)
                for old_id, row in sorted(rows[table.name].items())
                if old_id not in copy.dropped[table.name]
            ]
        else:
            new_rows = _linked(connection, shape, copy)
        if not new_rows:
            continue
        connection.execute(table.insert(), new_rows)
        written += len(new_rows)
        index_rows(connection, table.name, searchable_columns(_model_of(table.name)), new_rows)
    uids = {row["uid"] for old_id, row in rows["event_outbox"].items() if old_id in copy.copied["event_outbox"]}
    claims = _claims(connection, template, copy, text_of, uids)
    if claims:
        connection.execute(IdempotencyKey.__table__.insert(), claims)
    return written + len(claims)


def _model_of(table_name: str) -> type:
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    return object


def _template_rows(connection: Connection, table: Table, template: Template, regions: list[int]) -> Rows:
    """The rows the template's records added to a region-owned `table`, by id."""
    if _has_id(table) and "region_id" in table.c:
        query = select(table).where(table.c.id > template.before[table.name], table.c.region_id.in_(regions))
        return {row["id"]: dict(row) for row in connection.execute(query.order_by(table.c.id)).mappings()}
    return {}


def _linked(connection: Connection, shape: _Shape, copy: _Copy) -> list[dict[str, Any]]:
    """The rows without ids (link tables, per-region counters) that belong to the template's records,
    as the copies': every reference copied or matched, at least one of them into the template."""
    table = shape.table
    conditions = [table.c[c].in_(copy.copied[t]) for c, t in shape.foreign.items() if copy.copied[t]]
    if "region_id" in table.c:
        conditions.append(table.c.region_id.in_(copy.regions))
    if not conditions:
        return []
    keys = [c.name for c in table.primary_key.columns]
    linked = []
    for row in connection.execute(select(table).where(or_(*conditions))).mappings():
        moved = dict(row)
        for column, target in shape.foreign.items():
            if row[column] is None:
                continue
            mapped = copy.regions if target == "region" else copy.ids[target]
            if row[column] not in mapped:
                break  # a reference to something else's row (the division's circular, say)
            moved[column] = mapped[row[column]]
        else:
            linked.append(moved)
    if keys and linked:  # the target may already have some (a counter its division's records started)
        existing = {tuple(r) for r in connection.execute(select(*(table.c[k] for k in keys)))}
        linked = [row for row in linked if tuple(row[k] for k in keys) not in existing]
    return linked


def _match_tenancy(connection: Connection, tables: Iterable[Table], template: Template, copy: _Copy) -> None:
    """Map rows made before the template's records (units, users, switches) to the target's, by order."""
    for table in tables:
        if not (_has_id(table) and "region_id" in table.c):
            continue
        for old_region, new_region in copy.regions.items():
            old = _ids(connection, table, old_region, template.before[table.name])
            if not old:
                continue
            new = _ids(connection, table, new_region, None)
            if len(old) == len(new):
                copy.ids[table.name].update(zip(old, new, strict=True))


def _ids(connection: Connection, table: Table, region_id: int, up_to: int | None) -> list[int]:
    query = select(table.c.id).where(table.c.region_id == region_id).order_by(table.c.id)
    if up_to is not None:
        query = query.where(table.c.id <= up_to)
    return list(connection.execute(query).scalars())


def _drop_orphans(shapes: dict[str, _Shape], rows: dict[str, Rows], copy: _Copy) -> None:
    """Leave out rows of a township the target lacks, and every row depending on one left out."""
    for name, table_rows in rows.items():
        copy.copied[name] = set(table_rows)
        for old_id, row in table_rows.items():
            if row["region_id"] not in copy.regions:
                copy.dropped[name].add(old_id)
    changed = True
    while changed:
        changed = False
        for name, table_rows in rows.items():
            shape = shapes[name]
            for old_id, row in table_rows.items():
                if old_id in copy.dropped[name]:
                    continue
                references = [(shape.foreign[c], row[c]) for c in shape.foreign]
                if shape.subject and (subject := _subject(row)):
                    references.append(subject)
                if any(value in copy.dropped.get(target, ()) for target, value in references):
                    copy.dropped[name].add(old_id)
                    changed = True
    for name in rows:
        copy.copied[name] -= copy.dropped[name]


def _allocate(connection: Connection, shapes: dict[str, _Shape], rows: dict[str, Rows], copy: _Copy) -> None:
    """New ids for the copied rows, from each table's own sequence (so copies in parallel never meet)."""
    for name, table_rows in rows.items():
        old_ids = sorted(set(table_rows) - copy.dropped[name])
        if not old_ids:
            continue
        new_ids = _new_ids(connection, shapes[name].table, len(old_ids))
        copy.ids[name].update(zip(old_ids, new_ids, strict=True))


def _new_ids(connection: Connection, table: Table, n: int) -> list[int]:
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(text(f"SELECT pg_get_serial_sequence('{table.name}', 'id')")).scalar_one()
        query = text("SELECT nextval(:sequence) FROM generate_series(1, :n)")
        return sorted(connection.execute(query, {"sequence": sequence, "n": n}).scalars())
    # SQLite has one writer at a time: the ids after the newest are free.
    newest = connection.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(newest + 1, newest + n + 1))


def _moved(shape: _Shape, row: dict[str, Any], copy: _Copy, text_of: _Text, shapes: dict[str, _Shape]) -> dict:
    """`row` as the target's: its ids, references, names and keys."""
    new = dict(row)
    name = shape.table.name
    new["id"] = copy.ids[name][row["id"]]
    new["region_id"] = copy.regions[row["region_id"]]
    for column, target in shape.foreign.items():
        if column != "region_id" and row[column] is not None:
            new[column] = _reference(copy, target, row[column])
    if shape.subject and (subject := _subject(row)):
        moved = _reference(copy, *subject)
        new["subject_id"] = str(moved) if isinstance(row["subject_id"], str) else moved
    for column in shape.texts:
        if isinstance(row[column], str):
            new[column] = text_of(row[column])
    for column in shape.jsons:
        new[column] = text_of.json(row[column])
    if name == "audit_entry" and isinstance(row["changes"], dict) and row["subject_type"] in shapes:
        new["changes"] = _audited_changes(new["changes"], shapes[row["subject_type"]], copy)
    for columns in shape.keys:
        keyed = [c for c in columns if isinstance(row[c], str)]
        if keyed and all(new[c] == row[c] is not None for c in columns):  # NULLs never collide
            new[keyed[-1]] = _rekeyed(row[keyed[-1]], copy, text_of, row.get("plugin_key"))
    return new


def _subject(row: dict[str, Any]) -> tuple[str, int] | None:
    """A row's polymorphic reference (the audit trail keeps its ids as text)."""
    table, value = row["subject_type"], row["subject_id"]
    if not table or value is None or (isinstance(value, str) and not value.isdigit()):
        return None
    return table, int(value)


def _reference(copy: _Copy, table: str, value: int) -> int:
    if table == "region":
        return copy.regions.get(value, value)
    return copy.ids.get(table, {}).get(value, value)


def _rekeyed(value: str, copy: _Copy, text_of: _Text, plugin: str | None = None) -> str:
    """A key naming copied records names their copies; any other gets the target's mark."""
    moved, named = _renamed_records(value, copy, plugin)
    return moved if named else text_of.key(value)


def _renamed_records(value: str, copy: _Copy, plugin: str | None) -> tuple[str, bool]:
    """`value` with every "table:id" of a template's row made its copy's; and whether there was one."""
    if plugin is None and (prefix := _PLUGIN_PREFIX.search(value)):
        plugin = prefix.group(1)
    named = False

    def renamed(match: re.Match[str]) -> str:
        nonlocal named
        word, old = match.group(1), int(match.group(2))
        for table in (word, f"{plugin}_{word}" if plugin else ""):
            if old in copy.ids.get(table, {}):
                named = True
                return f"{word}:{copy.ids[table][old]}"
        return match.group(0)

    return _NAMED_RECORD.sub(renamed, value), named


def _claims(
    connection: Connection, template: Template, copy: _Copy, text_of: _Text, uids: set[str]
) -> list[dict[str, Any]]:
    """The template's idempotency claims as the copy's, so what was done once for a template's
    record (a notice, a scan's event) is not done again for its copy: the claims made while its
    events (`uids`) were delivered, and those naming its records."""
    table = IdempotencyKey.__table__
    claims = []
    for row in connection.execute(select(table).where(table.c.id > template.before[table.name])).mappings():
        key, named = _renamed_records(row["key"], copy, None)
        if not named and row["event_uid"] not in uids:
            continue
        claims.append(
            {
                "key": claim_key(key if named else text_of.key(row["key"])),
                "event_uid": text_of(row["event_uid"]) if row["event_uid"] else None,
                "claimed_at": row["claimed_at"],
            }
        )
    for claim, new_id in zip(claims, _new_ids(connection, table, len(claims)), strict=True):
        claim["id"] = new_id
    return claims


def _audited_changes(changes: dict[str, Any], subject: _Shape, copy: _Copy) -> dict[str, Any]:
    """An audit entry's recorded values of a copied record, with its ids moved like the record's."""
    moved = dict(changes)
    for column, value in changes.items():
        target = "self" if column == "id" else subject.foreign.get(column)
        if target is None or not isinstance(value, int | list):
            continue
        table = subject.table.name if target == "self" else target
        if isinstance(value, list):  # an update's [old, new]
            moved[column] = [_reference(copy, table, v) if isinstance(v, int) else v for v in value]
        else:
            moved[column] = _reference(copy, table, value)
    return moved
