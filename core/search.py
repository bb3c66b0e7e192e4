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

On PostgreSQL the owner's migration creates pg_trgm GIN indexes and the search is a plain
ILIKE on the columns (served by the index from three characters on, by a scan below that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, column, event, func, inspect, or_, select, table, text
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


def create_search_index(connection: Connection | Any, table_name: str, columns: Sequence[str]) -> None:
    """Create (and fill) the search index of a table; call it from the owner's migration.

    Accepts an Alembic ``op`` or a connection. On PostgreSQL it creates pg_trgm GIN indexes
    (needs the extension, or the right to create it).
    """
    bind = _bind_of(connection)
    if bind.dialect.name == "postgresql":
        bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        for col in columns:
            index = f"ix_{table_name}_{col}_trgm"
            bind.execute(text(f"CREATE INDEX IF NOT EXISTS {index} ON {table_name} USING gin ({col} gin_trgm_ops)"))
        return
    if bind.dialect.name != "sqlite":
        return
    fts = index_table_name(table_name)
    cols = ", ".join([*columns, SCOPE_COLUMN])
    bind.execute(
        text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, tokenize='unicode61 remove_diacritics 0')")
    )
    rebuild_search_index(bind, table_name, columns)


def drop_search_index(connection: Connection | Any, table_name: str, columns: Sequence[str] = ()) -> None:
    """Drop the search index of a table (the migration's downgrade)."""
    bind = _bind_of(connection)
    if bind.dialect.name == "sqlite":
        bind.execute(text(f"DROP TABLE IF EXISTS {index_table_name(table_name)}"))
    elif bind.dialect.name == "postgresql":
        for col in columns:
            bind.execute(text(f"DROP INDEX IF EXISTS ix_{table_name}_{col}_trgm"))


def _insert_statement(table_name: str, columns: Sequence[str]) -> Any:
    names = [*columns, SCOPE_COLUMN]
    return text(
        f"INSERT INTO {index_table_name(table_name)} (rowid, {', '.join(names)}) "
        f"VALUES (:id, {', '.join(':' + c for c in names)})"
    )


def _has_region(connection: Connection, table_name: str) -> bool:
    return any(row[1] == "region_id" for row in connection.execute(text(f"PRAGMA table_info({table_name})")))


def rebuild_search_index(connection: Connection, table_name: str, columns: Sequence[str], batch: int = 20000) -> int:
    """Refill a table's search index from its rows; returns the number of rows indexed."""
    connection.execute(text(f"DELETE FROM {index_table_name(table_name)}"))
    region = "region_id" if _has_region(connection, table_name) else "NULL"
    rows = connection.execute(text(f"SELECT id, {region}, {', '.join(columns)} FROM {table_name}"))
    insert = _insert_statement(table_name, columns)
    count = 0
    while chunk := rows.fetchmany(batch):
        values = [
            {
                "id": r[0],
                SCOPE_COLUMN: _scope_token(r[1]),
                **{c: tokens(v) for c, v in zip(columns, r[2:], strict=True)},
            }
            for r in chunk
        ]
        connection.execute(insert, values)
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
        # Plain ILIKE on the column (no CAST, unlike Flask-Admin) so the trigram index applies.
        return and_(
            *(or_(*(getattr(model, c).ilike(f"%{_escape_like(t)}%", escape="\\") for c in columns)) for t in terms)
        )
    if dialect_name != "sqlite":
        return None
    fts, match = _fts_match(model, terms, region_ids)
    return model.id.in_(select(fts.c.rowid).where(match))


def count_statement(model: type, terms: Iterable[str], region_ids: frozenset[int] | None) -> Any:
    """``SELECT count(*)`` of the matches, answered by the SQLite index alone."""
    fts, match = _fts_match(model, [t for t in terms if t], region_ids)
    return select(func.count()).select_from(fts).where(match)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _maintain(session: Session, flush_context: Any) -> None:
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
