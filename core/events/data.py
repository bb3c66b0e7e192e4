"""Events as data: the base of every event class, and its round trip through the outbox's JSON.

A plugin declares each of its events once, in its ``events.py``, as a frozen dataclass::

    @dataclass(frozen=True, kw_only=True)
    class MatterOpened(EventData):
        name: ClassVar[str] = "counsel.matter.opened"
        matter_id: int
        kind: str
        due_on: date | None = None

and publishes an instance (``publish(MatterOpened(matter_id=…, kind=…), region_id=…, subject=…)``).
The outbox stores the fields as JSON (dates and datetimes as ISO strings, enums by value, tuples
as lists); a handler gets the instance rebuilt from them as ``event.data``. A payload stored by an
older version of the class still loads: keys the class no longer has are ignored, fields it did
not have take their defaults — so a field added later must have a default.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import re
import types
import typing
from functools import cache
from typing import Any, ClassVar, TypeVar

#: ``<plugin>.<entity>.<past-tense verb>``: lower-case words joined by dots, three parts.
EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

D = TypeVar("D", bound="EventData")


def check_event_name(name: str) -> str:
    """Return `name` if it is ``<plugin>.<entity>.<past-tense verb>``; raise ValueError otherwise."""
    if not isinstance(name, str) or not EVENT_NAME.match(name):
        raise ValueError(f"事件名称 {name!r} 不符合“<插件>.<对象>.<过去式动词>”格式（如 admin_review.case.accepted）")
    return name


class EventData:
    """Base of every event class: a frozen dataclass with a `name` and typed payload fields.

    Fields may be ``int``, ``float``, ``str``, ``bool``, ``date``, ``datetime``, an enum, a
    ``tuple``/``list`` of those, a ``dict`` of JSON values, or any of them ``| None``. A class
    that sets no `name` of its own is a base for others (shared fields) and cannot be published.
    """

    #: ``<plugin>.<entity>.<past-tense verb>``, set by each concrete event class.
    name: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:
            check_event_name(cls.__dict__["name"])

    @classmethod
    def is_concrete(cls) -> bool:
        """Whether the class names an event (and so may be published and handled)."""
        return "name" in cls.__dict__ and dataclasses.is_dataclass(cls)

    def to_payload(self) -> dict[str, Any]:
        """The fields as JSON values (what the outbox stores)."""
        payload = {f.name: _dump(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        try:
            json.dumps(payload, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"事件 {self.name} 的字段无法保存为 JSON：{exc}") from exc
        return payload

    @classmethod
    def from_payload(cls: type[D], payload: dict[str, Any]) -> D:
        """Rebuild the event from a stored payload (unknown keys ignored, missing fields defaulted)."""
        hints = _hints(cls)
        values = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in payload and f.init:
                values[f.name] = _load(hints[f.name], payload[f.name], f"{cls.name}.{f.name}")
        try:
            return cls(**values)
        except TypeError as exc:  # a field without default that the stored payload lacks
            raise ValueError(f"事件 {cls.name} 的内容缺少必填字段：{exc}") from exc


def event_class_of(data: object) -> type[EventData]:
    """The class of `data` if it is a publishable event; a clear TypeError otherwise."""
    cls = type(data)
    if not isinstance(data, EventData) or not cls.is_concrete():
        raise TypeError(f"只能发布事件类的实例（core.events.EventData 的子类，带 name），而不是 {data!r}")
    return cls


def check_event_class(cls: object) -> type[EventData]:
    """Return `cls` if it is a concrete event class (hooks declare handlers and rules by class)."""
    if not (isinstance(cls, type) and issubclass(cls, EventData) and cls.is_concrete()):
        raise TypeError(f"{cls!r} 不是事件类（core.events.EventData 的子类，带 name 的 dataclass）")
    return cls


def all_event_classes(base: type[EventData] = EventData) -> list[type[EventData]]:
    """Every concrete event class defined so far (imported modules only), by name."""
    found: dict[type[EventData], None] = {}
    stack = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.is_concrete():
            found[cls] = None
    return sorted(found, key=lambda c: (c.name, c.__module__))


# -- JSON round trip ---------------------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load(hint: Any, value: Any, where: str) -> Any:
    """`value` (from JSON) as type `hint`; a value of the wrong shape is an error naming the field."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _load(options[0], value, where)
        return value  # a mixed union: kept as stored
    if origin in (tuple, list):
        if not isinstance(value, list | tuple):
            raise ValueError(f"{where}：应为列表，而不是 {value!r}")
        item = args[0] if args else Any
        loaded = [_load(item, v, where) for v in value]
        return tuple(loaded) if origin is tuple else loaded
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if hint is dt.date:
        return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value
