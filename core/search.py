"""Indexed search for the list views, exact for what users type (one Chinese character included).

Flask-Admin's stock search is ``CAST(col AS VARCHAR) ILIKE '%term%'``: correct, but a scan
of the whole table on every keystroke. Trigram indexes cannot serve one- and two-character
terms, which is most of what users type in Chinese. So on SQLite a model that declares
``__searchable__ = ("name", …)`` gets an FTS5 table in which **every character is its own
token**; a term becomes a phrase of its characters, and a phrase matches exactly where the
term occurs as a substring of one column — any length, no tokenizer guessing at words.

Characters that FTS5 would treat as separators (punctuation, spaces) are kept as tokens of
their own ("x3001"), so "门东" does not match "门（东". Text is case-folded the same way on
both sides. A region-owned row also carries its region as a token in a column of its own
(``fazhi_scope``), so the index itself answers "matches in these regions" and the list page
can count its hits without touching the table. The index is kept by a session listener
(inserts, updates, deletes through the ORM) and can be rebuilt with `rebuild_search_index`.

On PostgreSQL the same call creates a GIN **expression index on the table itself**:
``fazhi_search_grams(ARRAY[col::text, …])`` — every run of one, two and three characters of each
searchable column, case-folded (runs never span two columns). A term of up to three characters is
exactly "the row has this run"; a longer term needs all its three-character runs (a superset,
narrowed by an ``ILIKE`` recheck on the columns). The database keeps the index like any other
(bulk inserts and plain UPDATEs included), and the count and the page read the table's own narrow
rows: a side table, even with the region in it, cannot count from its index alone on PostgreSQL
(GIN has no index-only scan), so its wide token rows only made every count slower.
Trigram indexes (pg_trgm), by contrast, cannot serve one- and two-character terms at all.
``flask search rebuild`` (re)creates every index, e.g. after restoring an old dump.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import Text, and_, bindparam, cast, column, func, inspect, or_, select, table, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import array as pg_array
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.extensions import listen_on_sessions

#: The FTS5 column holding a row's region token ("r12").
SCOPE_COLUMN = "fazhi_scope"


def searchable_columns(model: type) -> tuple[str, ...]:
    """The columns a model indexes for search (its ``__searchable__``), or ()."""
    return tuple(getattr(model, "__searchable__", ()))


def index_table_name(table_name: str) -> str:
    """The FTS5 table serving `table_name`."""
    return f"search_{table_name}"


def tokens(value: Any) -> str:
    """`value` as space-separated one-character tokens (punctuation kept as xNNNN tokens)."""
    if value is None:
        return ""
    return " ".join(ch if ch.isalnum() else f"x{ord(ch):x}" for ch in str(value).lower())


def _scope_token(region_id: Any) -> str:
    return "" if region_id is None else f"r{int(region_id)}"


#: PostgreSQL: the longest run of characters indexed as one token.
PG_TOKEN_LENGTH = 3
#: PostgreSQL: the function whose result the search index holds — every run of one, two and three
#: characters of each value, case-folded (runs never span two values). GIN drops duplicates itself.
#: An index depends on this body: a changed body needs a new function name (and the indexes
#: rebuilt on it, in a migration), never CREATE OR REPLACE over the old one.
PG_GRAMS_FUNCTION = "fazhi_search_grams"
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PG_GRAMS_FUNCTION}(vals text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    result text[] := '{{}}';
    v text;
    c text[];
    n int;
BEGIN
    FOREACH v IN ARRAY vals LOOP
        CONTINUE WHEN v IS NULL;
        c := string_to_array(lower(v), NULL);
        n := cardinality(c);
        result := result || c;
        FOR i IN 1 .. n - 1 LOOP
            result := result || (c[i] || c[i + 1]);
            IF i < n - 1 THEN
                result := result || (c[i] || c[i + 1] || c[i + 2]);
            END IF;
        END LOOP;
    END LOOP;
    RETURN result;
END
$fn$
"""


def pg_index_name(table_name: str) -> str:
    """PostgreSQL: the name of the GIN expression index serving `table_name`."""
    return f"ix_search_{table_name}"[:63]


def pg_tokens_sql(columns: Sequence[str]) -> str:
    """PostgreSQL: the indexed expression, as the index is created with it."""
    return f"{PG_GRAMS_FUNCTION}(ARRAY[{', '.join(f'{c}::text' for c in columns)}])"


def _drop_pg_side_table(bind: Any, table_name: str) -> None:
    # The scheme before revision 3f6b2c8d9e1a: a side table of tokens kept by a row trigger.
    bind.execute(text(f"DROP TRIGGER IF EXISTS {f'trg_search_{table_name}'[:63]} ON {table_name}"))
    bind.execute(text(f"DROP TABLE IF EXISTS {index_table_name(table_name)}"))


def pg_term_tokens(term: str) -> list[str]:
    """The tokens a row must have to contain `term`: the term itself if short, else its 3-runs."""
    term = term.lower()
    if len(term) <= PG_TOKEN_LENGTH:
        return [term]
    return sorted({term[i : i + PG_TOKEN_LENGTH] for i in range(len(term) - PG_TOKEN_LENGTH + 1)})


def match_expression(columns: Sequence[str], terms: Iterable[str], region_ids: Iterable[int] | None = None) -> str:
    """The FTS5 MATCH string: every term as a phrase over `columns`, within `region_ids` if given."""
    parts = ["{" + " ".join(columns) + '}: "' + tokens(term) + '"' for term in terms if term]
    if region_ids is not None:
        ids = sorted(region_ids)
        # No visible region: a token no row carries, so nothing matches.
        parts.append(f"{SCOPE_COLUMN}: (" + (" OR ".join(f"r{i}" for i in ids) or "rnone") + ")")
    return " AND ".join(f"({p})" for p in parts)


def _bind_of(connection: Connection | Any) -> Any:
    return connection.get_bind() if hasattr(connection, "get_bind") else connection


def create_search_index(connection: Connection | Any, table_name: str, columns: Sequence[str]) -> int:
    """Create (if missing) and fill the search index of a table; call it from the owner's migration.

    Accepts an Alembic ``op`` or a connection; returns the number of rows indexed.
    """
    bind = _bind_of(connection)
    if bind.dialect.name == "postgresql":
        bind.execute(text(_PG_FUNCTION))
        _drop_pg_side_table(bind, table_name)
        bind.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {pg_index_name(table_name)} ON {table_name} "
                f"USING gin ({pg_tokens_sql(columns)})"
            )
        )
        return rebuild_search_index(bind, table_name, columns)
    if bind.dialect.name != "sqlite":
        return 0
    fts = index_table_name(table_name)
    cols = ", ".join([*columns, SCOPE_COLUMN])
    bind.execute(
        text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, tokenize='unicode61 remove_diacritics 0')")
    )
    return rebuild_search_index(bind, table_name, columns)


def drop_search_index(connection: Connection | Any, table_name: str, columns: Sequence[str] = ()) -> None:
    """Drop the search index of a table (the migration's downgrade)."""
    bind = _bind_of(connection)
    if bind.dialect.name == "postgresql":
        bind.execute(text(f"DROP INDEX IF EXISTS {pg_index_name(table_name)}"))
        _drop_pg_side_table(bind, table_name)
    elif bind.dialect.name == "sqlite":
        bind.execute(text(f"DROP TABLE IF EXISTS {index_table_name(table_name)}"))


def _insert_statement(table_name: str, columns: Sequence[str]) -> Any:
    names = [*columns, SCOPE_COLUMN]
    return text(
        f"INSERT INTO {index_table_name(table_name)} (rowid, {', '.join(names)}) "
        f"VALUES (:id, {', '.join(':' + c for c in names)})"
    )


def _has_region(connection: Connection, table_name: str) -> bool:
    return any(column["name"] == "region_id" for column in inspect(connection).get_columns(table_name))


def rebuild_search_index(connection: Connection, table_name: str, columns: Sequence[str], batch: int = 20000) -> int:
    """Refill a table's search index from its rows; returns the number of rows indexed.

    On PostgreSQL the index is the database's own (always in step): this counts the rows.
    """
    if connection.dialect.name == "postgresql":
        return connection.execute(text(f"SELECT count(*) FROM {table_name}")).scalar_one()
    connection.execute(text(f"DELETE FROM {index_table_name(table_name)}"))
    region = "region_id" if _has_region(connection, table_name) else "NULL AS region_id"
    rows = connection.execute(text(f"SELECT id, {region}, {', '.join(columns)} FROM {table_name}")).mappings()
    count = 0
    while chunk := rows.fetchmany(batch):
        index_rows(connection, table_name, columns, chunk)
        count += len(chunk)
    return count


def index_rows(connection: Connection, table_name: str, columns: Sequence[str], rows: Sequence[Any]) -> None:
    """SQLite: add rows written without the ORM (mappings with ``id``, ``region_id`` and `columns`)
    to their table's search index; PostgreSQL's expression index needs nothing."""
    if connection.dialect.name != "sqlite" or not columns or not rows:
        return
    values_list = [
        {"id": r["id"], SCOPE_COLUMN: _scope_token(r.get("region_id")), **{c: tokens(r[c]) for c in columns}}
        for r in rows
    ]
    connection.execute(_insert_statement(table_name, columns), values_list)


def _fts_match(model: type, terms: list[str], region_ids: frozenset[int] | None) -> tuple[Any, Any]:
    fts = table(index_table_name(model.__tablename__), column("rowid"))
    param = bindparam("fazhi_search", match_expression(searchable_columns(model), terms, region_ids))
    return fts, text(f"{fts.name} MATCH :fazhi_search").bindparams(param)


def id_filter(
    model: type,
    terms: Iterable[str],
    dialect_name: str,
    region_ids: frozenset[int] | None = None,
    *,
    for_count: bool = False,
) -> Any | None:
    """A WHERE clause: rows of `model` whose columns contain every term; None if not indexed here.

    `region_ids` (the view's visible regions, None for all) narrows the match inside the index.
    On PostgreSQL the page (default) and the count (`for_count`) get different shapes of one
    match, see `_pg_criterion`.
    """
    columns = searchable_columns(model)
    terms = [t for t in terms if t]
    if not columns or not terms:
        return None
    if dialect_name == "postgresql":
        if for_count:
            return _pg_criterion(model.__table__, columns, terms)
        # The page: `id IN (matches within the visible regions)`. The view's own scope filter
        # comes twice (view and session), so the planner would expect far fewer matches than
        # there are and sort every match of a common term instead of walking the primary key
        # until the page is full; the semi-join, scoped once inside (a plain table alias, which
        # the session's scope criteria leave alone), gives it the right order of magnitude.
        matches = model.__table__.alias("fazhi_search")
        inner = select(matches.c.id).where(_pg_criterion(matches, columns, terms))
        if region_ids is not None:
            inner = inner.where(matches.c.region_id.in_(sorted(region_ids)))
        return model.id.in_(inner)
    if dialect_name != "sqlite":
        return None
    fts, match = _fts_match(model, terms, region_ids)
    return model.id.in_(select(fts.c.rowid).where(match))


def _pg_criterion(source: Any, columns: Sequence[str], terms: list[str]) -> Any:
    # Every run the terms need, from the table's GIN expression index (exact for terms of up to
    # three characters); longer terms rechecked on the columns.
    values = pg_array([cast(source.c[c], Text) for c in columns])
    grams = func.fazhi_search_grams(values, type_=ARRAY(Text))
    required = sorted({token for t in terms for token in pg_term_tokens(t)})
    rechecks = [_contains(source, columns, t) for t in terms if len(t) > PG_TOKEN_LENGTH]
    return and_(grams.contains(cast(required, ARRAY(Text))), *rechecks)


def _contains(source: Any, columns: Sequence[str], term: str) -> Any:
    # A term without letters that have a case (Chinese, digits) is rechecked with LIKE: the same
    # rows as ILIKE, without folding the case of every candidate row.
    pattern = f"%{_escape_like(term)}%"
    if term.lower() == term.upper():
        return or_(*(source.c[c].like(pattern, escape="\\") for c in columns))
    return or_(*(source.c[c].ilike(pattern, escape="\\") for c in columns))


def count_statement(
    model: type, terms: Iterable[str], region_ids: frozenset[int] | None, dialect_name: str = "sqlite"
) -> Any:
    """SQLite: ``SELECT count(*)`` of the matches, answered by the FTS5 index alone."""
    fts, match = _fts_match(model, [t for t in terms if t], region_ids)
    return select(func.count()).select_from(fts).where(match)


def count_from_index(dialect_name: str, terms: Iterable[str]) -> bool:
    """Whether `count_statement` counts the matches: on SQLite (FTS5 carries the region token).

    PostgreSQL counts with the view's own count query and `id_filter`: GIN has no index-only
    scan, so the rows are read either way, and the table's rows are the narrowest at hand.
    """
    return dialect_name == "sqlite"


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _maintain(session: Session, flush_context: Any) -> None:
    # PostgreSQL keeps its index itself (an expression index); SQLite's FTS5 is kept by this.
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        columns = searchable_columns(type(obj))
        if not columns:
            continue
        table_name = type(obj).__tablename__
        record_id = inspect(obj).mapper.primary_key_from_instance(obj)[0]
        connection.execute(text(f"DELETE FROM {index_table_name(table_name)} WHERE rowid = :id"), {"id": record_id})
        if obj in session.deleted:
            continue
        values = {c: tokens(getattr(obj, c)) for c in columns}
        values[SCOPE_COLUMN] = _scope_token(getattr(obj, "region_id", None))
        connection.execute(_insert_statement(table_name, columns), {"id": record_id, **values})


def install_search_listener() -> None:
    """Keep search indexes in step with ORM writes (idempotent, process-wide)."""
    listen_on_sessions(("after_flush", _maintain))


def rebuild_all(connection: Connection, models: Iterable[type]) -> dict[str, int]:
    """(Re)create and refill the search index of every model that declares ``__searchable__``."""
    done = {}
    for model in models:
        columns = searchable_columns(model)
        if columns:
            done[model.__tablename__] = create_search_index(connection, model.__tablename__, columns)
    return done


search_group = AppGroup("search", help="列表页检索索引。")


@search_group.command("rebuild")
def rebuild_command() -> None:
    """重建全部检索索引（缺失的先创建），例如恢复旧备份或升级检索方式之后。"""
    from core.extensions import db

    models = [m.class_ for m in db.Model.registry.mappers if searchable_columns(m.class_)]
    with db.engine.begin() as connection:
        done = rebuild_all(connection, models)
    for table_name, rows in sorted(done.items()):
        click.echo(f"{table_name}: {rows} 行")
