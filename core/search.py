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

On PostgreSQL the same call creates a side table ``search_<table>(id, tokens text[])`` with a
GIN index: a row's tokens are every run of one, two and three characters of each searchable
column (case-folded), plus its region token. A term of up to three characters is then exactly
"the row has this token" — answered by the index alone, count included — and a longer term needs
every three-character run of it (a superset, narrowed by an ``ILIKE`` recheck on the columns).
Trigram indexes (pg_trgm), by contrast, cannot serve one- and two-character terms at all.
``flask search rebuild`` (re)creates and refills every index, e.g. after restoring an old dump.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import Text, and_, bindparam, cast, column, event, func, inspect, or_, select, table, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

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
#: PostgreSQL: a row's tokens — each run of one, two and three characters of every searchable
#: column, case-folded (runs never span two columns, so "has the token" means "one column contains
#: it"), plus the region token "region:12" (longer than any text token, so they never collide) —
#: and the trigger function that keeps ``search_<table>`` in step with its table.
_PG_FUNCTIONS = (
    """
CREATE OR REPLACE FUNCTION fazhi_search_tokens(vals text[], region_id bigint) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT coalesce(array_agg(DISTINCT t ORDER BY t), '{}') FROM (
        SELECT substr(lower(v), i, 1) AS t FROM unnest(vals) AS v, generate_series(1, length(v)) AS i
        UNION ALL
        SELECT substr(lower(v), i, 2) FROM unnest(vals) AS v, generate_series(1, length(v) - 1) AS i
        UNION ALL
        SELECT substr(lower(v), i, 3) FROM unnest(vals) AS v, generate_series(1, length(v) - 2) AS i
        UNION ALL
        SELECT 'region:' || region_id WHERE region_id IS NOT NULL
    ) AS tokens
$fn$
""",
    """
CREATE OR REPLACE FUNCTION fazhi_search_maintain() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    record jsonb := to_jsonb(NEW);
    vals text[] := '{}';
    col text;
BEGIN
    FOREACH col IN ARRAY TG_ARGV LOOP
        vals := vals || (record ->> col);
    END LOOP;
    EXECUTE format('INSERT INTO %I (id, tokens) VALUES ($1, $2) '
                   'ON CONFLICT (id) DO UPDATE SET tokens = EXCLUDED.tokens', 'search_' || TG_TABLE_NAME)
        USING (record ->> 'id')::bigint, fazhi_search_tokens(vals, (record ->> 'region_id')::bigint);
    RETURN NULL;
END
$fn$
""",
)


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
        side = index_table_name(table_name)
        for function in _PG_FUNCTIONS:
            bind.execute(text(function))
        bind.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {side} (id bigint PRIMARY KEY "
                f"REFERENCES {table_name} (id) ON DELETE CASCADE, tokens text[] NOT NULL)"
            )
        )
        bind.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{side}_tokens ON {side} USING gin (tokens)"))
        # A trigger, not the ORM listener: bulk inserts and plain SQL updates keep the index too.
        trigger = f"trg_{side}"[:63]
        arguments = ", ".join(f"'{c}'" for c in columns)
        bind.execute(text(f"DROP TRIGGER IF EXISTS {trigger} ON {table_name}"))
        bind.execute(
            text(
                f"CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE ON {table_name} "
                f"FOR EACH ROW EXECUTE FUNCTION fazhi_search_maintain({arguments})"
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
    if bind.dialect.name in ("sqlite", "postgresql"):
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
    """Refill a table's search index from its rows; returns the number of rows indexed."""
    connection.execute(text(f"DELETE FROM {index_table_name(table_name)}"))
    region = "region_id" if _has_region(connection, table_name) else "NULL"
    if connection.dialect.name == "postgresql":
        values = ", ".join(f"{c}::text" for c in columns)
        return connection.execute(
            text(
                f"INSERT INTO {index_table_name(table_name)} (id, tokens) "
                f"SELECT id, fazhi_search_tokens(ARRAY[{values}], {region}) FROM {table_name}"
            )
        ).rowcount
    rows = connection.execute(text(f"SELECT id, {region}, {', '.join(columns)} FROM {table_name}"))
    insert = _insert_statement(table_name, columns)
    count = 0
    while chunk := rows.fetchmany(batch):
        values_list = [
            {
                "id": r[0],
                SCOPE_COLUMN: _scope_token(r[1]),
                **{c: tokens(v) for c, v in zip(columns, r[2:], strict=True)},
            }
            for r in chunk
        ]
        connection.execute(insert, values_list)
        count += len(chunk)
    return count


def _fts_match(model: type, terms: list[str], region_ids: frozenset[int] | None) -> tuple[Any, Any]:
    fts = table(index_table_name(model.__tablename__), column("rowid"))
    param = bindparam("fazhi_search", match_expression(searchable_columns(model), terms, region_ids))
    return fts, text(f"{fts.name} MATCH :fazhi_search").bindparams(param)


def id_filter(
    model: type, terms: Iterable[str], dialect_name: str, region_ids: frozenset[int] | None = None
) -> Any | None:
    """A WHERE clause: rows of `model` whose columns contain every term; None if not indexed here.

    `region_ids` (the view's visible regions, None for all) narrows the match inside the index.
    """
    columns = searchable_columns(model)
    terms = [t for t in terms if t]
    if not columns or not terms:
        return None
    if dialect_name == "postgresql":
        side, where = _pg_match(model, terms, region_ids)
        criterion = model.id.in_(select(side.c.id).where(where))
        # Runs of three are a superset for longer terms: recheck those on the columns.
        long_terms = [t for t in terms if len(t) > PG_TOKEN_LENGTH]
        return and_(criterion, *(_ilike_any(model, columns, t) for t in long_terms))
    if dialect_name != "sqlite":
        return None
    fts, match = _fts_match(model, terms, region_ids)
    return model.id.in_(select(fts.c.rowid).where(match))


def count_statement(
    model: type, terms: Iterable[str], region_ids: frozenset[int] | None, dialect_name: str = "sqlite"
) -> Any:
    """``SELECT count(*)`` of the matches, answered by the index alone (see `count_from_index`)."""
    terms = [t for t in terms if t]
    if dialect_name == "postgresql":
        side, where = _pg_match(model, terms, region_ids)
        return select(func.count()).select_from(side).where(where)
    fts, match = _fts_match(model, terms, region_ids)
    return select(func.count()).select_from(fts).where(match)


def count_from_index(dialect_name: str, terms: Iterable[str]) -> bool:
    """Whether the index alone counts the matches exactly: always on SQLite; on PostgreSQL when
    every term has at most three characters (longer ones need the recheck on the columns)."""
    terms = [t for t in terms if t]
    if dialect_name == "sqlite":
        return True
    return dialect_name == "postgresql" and all(len(t) <= PG_TOKEN_LENGTH for t in terms)


def _pg_match(model: type, terms: list[str], region_ids: frozenset[int] | None) -> tuple[Any, Any]:
    side = table(index_table_name(model.__tablename__), column("id"), column("tokens", ARRAY(Text)))
    required = sorted({token for t in terms for token in pg_term_tokens(t)})
    where = side.c.tokens.contains(cast(required, ARRAY(Text)))
    if region_ids is not None:
        scopes = [f"region:{i}" for i in sorted(region_ids)] or ["region:none"]
        where = and_(where, side.c.tokens.overlap(cast(scopes, ARRAY(Text))))
    return side, where


def _ilike_any(model: type, columns: Sequence[str], term: str) -> Any:
    return or_(*(getattr(model, c).ilike(f"%{_escape_like(term)}%", escape="\\") for c in columns))


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _maintain(session: Session, flush_context: Any) -> None:
    # PostgreSQL keeps its index by trigger (see create_search_index); SQLite's FTS5 by this.
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


_installed = False


def install_search_listener() -> None:
    """Keep search indexes in step with ORM writes (idempotent, process-wide)."""
    global _installed
    if not _installed:
        event.listen(Session, "after_flush", _maintain)
        _installed = True


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
