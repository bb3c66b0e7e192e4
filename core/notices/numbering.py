"""Notice numbers: one gap-free sequence per region and year (东宝督〔2026〕3号, or 2026-0003).

`next_seq` increments a counter row inside the issuing transaction: ``UPDATE … SET last = last
+ 1 … RETURNING last``. The row lock it takes (PostgreSQL) or the database write lock (SQLite)
makes a concurrent issuer wait until this transaction ends, and a rollback takes the increment
back with the notice — so two notices never share a number and no number is skipped.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.notices.models import NoticeCounter
from core.notices.types import NoticeKind

DEFAULT_FORMAT = "{region}{kind}〔{year}〕{seq}号"
#: (suffix, characters to drop): 东宝区 → 东宝, 沙洋县 → 沙洋, 屈家岭管理区 → 屈家岭, 荆门高新区 → 荆门高新.
_SUFFIXES = (
    ("管理区", 3),
    ("高新区", 1),
    ("新区", 2),
    ("街道", 2),
    ("自治县", 3),
    ("市", 1),
    ("区", 1),
    ("县", 1),
    ("镇", 1),
    ("乡", 1),
)


def region_short_name(name: str) -> str:
    """The region's name as document numbers abbreviate it (东宝区 → 东宝)."""
    for suffix, drop in _SUFFIXES:
        if name.endswith(suffix) and len(name) - drop >= 2:
            return name[:-drop]
    return name


def format_number(region_name: str, kind: NoticeKind | str, year: int, seq: int) -> str:
    """The printed number, by ``FAZHI_NOTICE_NUMBER_FORMAT`` (fields region, kind, year, seq)."""
    pattern = DEFAULT_FORMAT
    if has_app_context():
        pattern = current_app.config.get("FAZHI_NOTICE_NUMBER_FORMAT") or DEFAULT_FORMAT
    return pattern.format(region=region_short_name(region_name), kind=NoticeKind(kind).short, year=year, seq=seq)


def next_seq(region_id: int, year: int) -> int:
    """The next number of `region_id` in `year`, taken inside the current transaction."""
    session = db.session
    table = NoticeCounter.__table__
    bump = (
        update(table)
        .where(table.c.region_id == region_id, table.c.year == year)
        .values(last=table.c.last + 1)
        .returning(table.c.last)
    )
    seq = session.execute(bump).scalar()
    if seq is not None:
        return int(seq)
    # The first notice of the year: create the row (a concurrent first issuer may win the race;
    # DO NOTHING then waits for it and the increment below counts after its number).
    _insert_ignore(session, table, {"region_id": region_id, "year": year, "last": 0})
    return int(session.execute(bump).scalar_one())


def _insert_ignore(session: Any, table: Any, values: dict[str, Any]) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(pg_insert(table).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite_insert(table).values(values).on_conflict_do_nothing())
    else:
        try:
            with session.begin_nested():
                session.execute(insert(table).values(values))
        except IntegrityError:
            pass
