"""A reference to "any record": its table name and primary key.

Deadlines, notices, attachments and events point at records of every plugin without a foreign
key. `SubjectRef` stands for such a record when only its table and id are known (an event's
subject), and is accepted wherever a record is (`publish(subject=…)` reads the same two
attributes).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

from core.extensions import db


class SubjectRef:
    """A record known by table name and id, without loading it."""

    __slots__ = ("__tablename__", "id", "region_id")

    def __init__(self, table: str, id: int, region_id: int | None = None) -> None:
        self.__tablename__ = table
        self.id = id
        self.region_id = region_id

    def __repr__(self) -> str:
        return f"SubjectRef({self.__tablename__!r}, {self.id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SubjectRef) and (self.__tablename__, self.id) == (other.__tablename__, other.id)

    def __hash__(self) -> int:
        return hash((self.__tablename__, self.id))


def subject_key(subject: Any) -> tuple[str, int]:
    """(table name, id) of `subject`; a record added in this transaction is flushed for its id."""
    table = getattr(subject, "__tablename__", None)
    if not table:
        raise TypeError(f"{subject!r} 不是数据库记录（没有 __tablename__）")
    subject_id = getattr(subject, "id", None)
    if subject_id is None and not isinstance(subject, SubjectRef) and inspect(subject, raiseerr=False) is not None:
        db.session.flush()
        subject_id = subject.id
    if subject_id is None:
        raise ValueError(f"记录 {table} 还没有编号（请先保存）")
    return table, int(subject_id)
