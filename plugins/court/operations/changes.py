"""What a save changed (`Changes`), and the people records (heads and staff) every case names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect

from core.i18n import say
from core.refusals import Refusal
from plugins.court.models import UnitHead, UnitStaff


@dataclass
class Changes:
    """The columns a save changes: {column: (old, new)}; for a new record every set column."""

    values: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, record: Any, columns: tuple[str, ...]) -> Changes:
        state = inspect(record)
        values: dict[str, tuple[Any, Any]] = {}
        for name in columns:
            history = state.attrs[name].history
            new = getattr(record, name)
            if state.pending or state.transient:
                old = None
            elif history.added or history.deleted:
                # SQLAlchemy leaves a None it replaced out of `deleted`.
                old = history.deleted[0] if history.deleted else None
            else:
                old = new
            if old != new:
                values[name] = (old, new)
        return cls(values)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def newly_set(self, name: str) -> bool:
        """The column went from empty to a value."""
        return name in self.values and self.values[name][0] is None and self.values[name][1] is not None

    def corrected(self, name: str) -> bool:
        """The column went from one value to another."""
        return name in self.values and self.values[name][0] is not None and self.values[name][1] is not None


# -- heads and staff ------------------------------------------------------------------------------


def prepare_person(person: UnitHead | UnitStaff) -> None:
    """A head or staff member belongs to its agency's region; a head's term must make sense."""
    if person.unit is None:
        raise Refusal("unit", say("请选择单位"), label=say("所属单位"))
    if not (person.name or "").strip():
        raise Refusal("name", say("不能为空"), label=say("姓名"))
    term = (person.in_office_from, person.in_office_until) if isinstance(person, UnitHead) else (None, None)
    if term[0] and term[1] and term[1] < term[0]:
        raise Refusal("in_office_until", say("早于任职起始日期"), label=say("任职截止日期"))
    person.region_id = person.unit.region_id
