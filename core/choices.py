"""Labelled choices: an enum whose members carry their Chinese label, for every place a value is shown.

Values are stored as short English text; users see the label. One declaration serves the
form's select, the list's column, the list filter, the register's column and the export:

    class CaseState(LabelledEnum):
        RECEIVED = "received", "受理审查中"
        ACCEPTED = "accepted", "已受理"

    CaseState.ACCEPTED.label                      # "已受理"
    CaseState.label_of(case.state)                # the label of a stored value ("" for None)
    CaseState.choices()                           # [("received", "受理审查中"), …] for selects and filters
    state_label = CaseState.label_property("state")   # on a model: the label of its column
    column_formatters = {"state": CaseState.formatter()}
    form_args = {"state": CaseState.form_args(optional=True)}
    Column("state", "状态", kind="choice", choices=CaseState)   # a register column
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, Self

from core.i18n import is_drawing, translate

#: The label of the blank first choice of an optional select.
BLANK = "—"


class LabelledEnum(enum.StrEnum):
    """A `StrEnum` whose members are declared as ``NAME = "value", "中文标签"``."""

    _label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label or value
        return member

    @property
    def label(self) -> str:
        """The Chinese label; on a page drawn for a user who chose English, its translation.

        Read while a request is handled rather than drawn (the label goes into a record, a
        deadline's name, a circular), it is the Chinese one: see `core.i18n.is_drawing`.
        """
        return translate(self._label) if is_drawing() else self._label

    @property
    def chinese(self) -> str:
        """The Chinese label, whatever the user's language (for what is stored or printed)."""
        return self._label

    @classmethod
    def labels(cls) -> dict[Self, str]:
        """{member: label}, in declaration order."""
        return {member: member.label for member in cls}

    @classmethod
    def label_of(cls, value: Any, default: str | None = None) -> str:
        """The label of a stored value; "" for None, the value itself (or `default`) when unknown."""
        if value is None or value == "":
            return ""
        try:
            return cls(str(value)).label
        except ValueError:
            return str(value) if default is None else default

    @classmethod
    def chinese_of(cls, value: Any) -> str:
        """The Chinese label of a stored value whoever reads it (text written into records and
        circulars); "" for None, the value itself when unknown."""
        if value is None or value == "":
            return ""
        try:
            return cls(str(value)).chinese
        except ValueError:
            return str(value)

    @classmethod
    def choices(
        cls,
        *,
        optional: bool = False,
        blank: str = BLANK,
        only: Iterable[Self] | None = None,
        exclude: Iterable[Self] = (),
    ) -> list[tuple[str, str]]:
        """(value, label) pairs for a select, a list filter's options or a register column.

        `optional` puts a blank first choice; `only`/`exclude` narrow the members offered.
        """
        members = list(cls) if only is None else [cls(m) for m in only]
        skip = {cls(m) for m in exclude}
        pairs = [(member.value, member.label) for member in members if member not in skip]
        return [("", blank), *pairs] if optional else pairs

    @classmethod
    def label_property(cls, attribute: str) -> property:
        """A model property giving the label of its column `attribute` (``CaseState.label_property("state")``)."""
        return property(
            lambda record: cls.label_of(getattr(record, attribute)), doc=f"The Chinese label of `{attribute}`."
        )

    @classmethod
    def form_args(cls, *, optional: bool = False, blank: str = BLANK, **extra: Any) -> dict[str, Any]:
        """`form_args` of a Flask-Admin select over a column holding the enum's values.

        An optional select stores None for the blank choice.
        """
        args: dict[str, Any] = {"choices": cls.choices(optional=optional, blank=blank), **extra}
        if optional:
            args.update(coerce=lambda value: value or None, validate_choice=False)
        return args

    @classmethod
    def formatter(cls, attribute: str | None = None) -> Callable[[Any, Any, Any, str], str]:
        """A Flask-Admin list/details formatter showing the label of the column's value.

        `attribute` defaults to the column being formatted.
        """

        def format_label(view: Any, context: Any, model: Any, name: str) -> str:
            return cls.label_of(getattr(model, attribute or name))

        return format_label


def format_list(values: Iterable[Any], enum_type: type[LabelledEnum], separator: str = "、") -> str:
    """Several stored values as their labels, joined the Chinese way ("撤销、变更")."""
    return separator.join(enum_type.label_of(value) for value in values)
