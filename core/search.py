"""Indexed search for the list views, exact for what users type (one Chinese character included).

Flask-Admin's stock search is ``CAST(col AS VARCHAR) ILIKE '%term%'``: correct, but a scan
of the whole table on every keystroke. Trigram indexes cannot serve one- and two-character
terms, which is most of what users type in Chinese. So on SQLite a model that declares
``__searchable__ = ("name", …)`` gets an FTS5 table in which **every character is its own
token**; a term becomes a phrase of its characters, and a phrase matches exactly where the
term occurs as a substring of one column — any length, no tokenizer guessing at words.

Characters that FTS5 would treat as separators (punctuation, spaces) are kept as tokens of
their own ("x3001"), so "门东" does not match "门（东". Text is case-folded the same way on
both sides. The index is kept by a session listener (inserts, updates, deletes through the
ORM) and can be rebuilt with `rebuild_search_index`. On other databases the view falls back
to the stock ILIKE search (PostgreSQL: use pg_trgm indexes in the owner's migration).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, column, event, inspect, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


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


def match_expression(columns: Sequence[str], term: str) -> str:
    """The FTS5 MATCH string for one search term over `columns` (a phrase of its characters)."""
    return "{" + " ".join(columns) + '}: "' + tokens(term) + '"'


def create_search_index(connection: Connection | Any, table_name: str, columns: Sequence[str]) -> None:
    """Create (and fill) the search index of a table; call it from the owner's migration.

    Accepts an Alembic ``op`` or a connection. Does nothing on databases other than SQLite.
    """
    bind = connection.get_bind() if hasattr(connection, "get_bind") else connection
    if bind.dialect.name != "sqlite":
        return
    fts = index_table_name(table_name)
    cols = ", ".join(columns)
    bind.execute(
        text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, tokenize='unicode61 remove_diacritics 0')")
    )
    rebuild_search_index(bind, table_name, columns)


def drop_search_index(connection: Connection | Any, table_name: str) -> None:
    """Drop the search index of a table (the migration's downgrade)."""
    bind = connection.get_bind() if hasattr(connection, "get_bind") else connection
    if bind.dialect.name == "sqlite":
        bind.execute(text(f"DROP TABLE IF EXISTS {index_table_name(table_name)}"))


def rebuild_search_index(connection: Connection, table_name: str, columns: Sequence[str], batch: int = 20000) -> int:
    """Refill a table's search index from its rows; returns the number of rows indexed."""
    fts = index_table_name(table_name)
    connection.execute(text(f"DELETE FROM {fts}"))
    insert = text(
        f"INSERT INTO {fts} (rowid, {', '.join(columns)}) VALUES (:id, {', '.join(':' + c for c in columns)})"
    )
    rows = connection.execute(text(f"SELECT id, {', '.join(columns)} FROM {table_name}"))
    count = 0
    while chunk := rows.fetchmany(batch):
        connection.execute(
            insert, [{"id": r[0], **{c: tokens(v) for c, v in zip(columns, r[1:], strict=True)}} for r in chunk]
        )
        count += len(chunk)
    return count


def id_filter(model: type, terms: Iterable[str], dialect_name: str) -> Any | None:
    """A WHERE clause: rows of `model` whose columns contain every term; None if not indexed here."""
    columns = searchable_columns(model)
    if not columns or dialect_name != "sqlite":
        return None
    fts = table(index_table_name(model.__tablename__), column("rowid"))
    criteria = []
    for position, term in enumerate(t for t in terms if t):
        param = bindparam(f"fazhi_search_{position}", match_expression(columns, term))
        matches = (
            fts.select().with_only_columns(fts.c.rowid).where(text(f"{fts.name} MATCH :{param.key}").bindparams(param))
        )
        criteria.append(model.id.in_(matches))
    if not criteria:
        return None
    from sqlalchemy import and_

    return and_(*criteria)


def _maintain(session: Session, flush_context: Any) -> None:
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        columns = searchable_columns(type(obj))
        if not columns:
            continue
        fts = index_table_name(type(obj).__tablename__)
        record_id = inspect(obj).mapper.primary_key_from_instance(obj)[0]
        connection.execute(text(f"DELETE FROM {fts} WHERE rowid = :id"), {"id": record_id})
        if obj in session.deleted:
            continue
        values = {c: tokens(getattr(obj, c)) for c in columns}
        connection.execute(
            text(
                f"INSERT INTO {fts} (rowid, {', '.join(columns)}) VALUES (:id, {', '.join(':' + c for c in columns)})"
            ),
            {"id": record_id, **values},
        )


_installed = False


def install_search_listener() -> None:
    """Keep search indexes in step with ORM writes (idempotent, process-wide)."""
    global _installed
    if not _installed:
        event.listen(Session, "after_flush", _maintain)
        _installed = True
