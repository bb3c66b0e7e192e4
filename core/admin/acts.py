"""Acts on a record page: the small forms under a record ("受理", "出具法律意见", "销号验收") and
the one way they are read and run.

A plugin declares each act as an `ActForm` of `Field`s and posts it to a view endpoint that calls
`run_act(view, record, form, operation)`: the posted values are read into the operation's
keyword arguments (`read_form`), the operation runs, and the session commits — or, when the
operation refuses (`core.refusals.Refusal`), rolls back and flashes the refusal, so a refused act
changes nothing. The form is drawn by ``fazhi/_act_form.html``.

Field kinds read here: ``date``, ``text``, ``textarea``, ``int``, ``decimal``, ``bool``,
``select`` (one of `Field.choices`) and ``unit`` (a `Unit` the user may see). A plugin reads kinds
of its own (its records, a list of counsel) by passing `readers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from core import tenancy
from core.extensions import db
from core.i18n import in_english, translate
from core.models import Unit
from core.refusals import Refusal
from core.registers.spec import CellError, parse_date

#: Kinds whose empty input is the empty string; every other kind's is None.
TEXT_KINDS = frozenset({"text", "textarea", "select"})
#: Posted values that tick a ``bool`` field.
TICKED = frozenset({"y", "on", "1", "true", "是"})


@dataclass(frozen=True)
class Field:
    """One input of an act: the operation's argument, its Chinese label, its kind, whether required."""

    name: str
    label: str
    kind: str = "date"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    #: Shown in an empty text input (e.g. how to type an amount).
    placeholder: str = ""
    #: A plugin kind drawn as ticks (several values) rather than a drop-down.
    multiple: bool = False


@dataclass(frozen=True)
class ActForm:
    """The form of one act: its title ("受理" → flashes "已受理" / "未受理：…") and its fields.

    `operation` names the function the view calls, for views that look acts up by name.
    """

    title: str
    fields: tuple[Field, ...]
    operation: str = ""


#: Reads a non-empty value of a plugin's own kind: (field, the posted text, the user's regions) →
#: value; for a `Field.multiple` field the posted text is the list of the values ticked.
Reader = Callable[[Field, Any, "frozenset[int] | None"], Any]


def read_form(
    form: ActForm, data: Any, scope: frozenset[int] | None = None, readers: Mapping[str, Reader] | None = None
) -> dict[str, Any]:
    """The operation's keyword arguments from posted `data`; raises `Refusal` naming the field.

    `scope` limits ``unit`` fields to those regions (None: the request's own scope); `readers`
    read the plugin's own kinds. An empty optional field is "" for text kinds and None otherwise.
    """
    values: dict[str, Any] = {}
    for field in form.fields:
        reader = (readers or {}).get(field.kind)
        if field.multiple and reader is not None:
            # The operation says how many it needs (e.g. "at least one counsel").
            values[field.name] = reader(field, [v.strip() for v in data.getlist(field.name) if v.strip()], scope)
            continue
        raw = (data.get(field.name) or "").strip()
        if field.kind == "bool":
            values[field.name] = raw.lower() in TICKED
        elif not raw:
            if field.required:
                raise Refusal(field.name, gettext("「%(field)s」必填", field=translate(field.label)))
            values[field.name] = "" if field.kind in TEXT_KINDS else None
        elif reader is not None:
            values[field.name] = reader(field, raw, scope)
        else:
            values[field.name] = read_value(field, raw, scope)
    return values


def read_value(field: Field, raw: str, scope: frozenset[int] | None = None) -> Any:
    """One non-empty value of a core kind; raises `Refusal` naming the field."""
    if field.kind == "date":
        try:
            return parse_date(raw)
        except CellError as exc:
            label = translate(field.label)
            raise Refusal(field.name, f"“{label}”: {exc}" if in_english() else f"「{label}」{exc}") from None
    if field.kind in ("int", "decimal"):
        try:
            return int(raw) if field.kind == "int" else Decimal(raw)
        except (ValueError, InvalidOperation):
            label = translate(field.label)
            message = (
                gettext("「%(field)s」应为整数（“%(raw)s”）", field=label, raw=raw)
                if field.kind == "int"
                else gettext("「%(field)s」应为数字（“%(raw)s”）", field=label, raw=raw)
            )
            raise Refusal(field.name, message) from None
    if field.kind == "select" and raw not in {value for value, _label in field.choices}:
        raise Refusal(field.name, gettext("「%(field)s」请从列表中选择", field=translate(field.label)))
    if field.kind == "unit":
        return visible_unit(field, raw, scope)
    return raw


def visible_unit(field: Field, raw: str, scope: frozenset[int] | None = None) -> Unit:
    """The unit `raw` names (its id or exact name) among those the user may see."""
    query = select(Unit).where(Unit.id == int(raw) if raw.isdigit() else Unit.name == raw)
    unit = db.session.execute(_within(query, Unit, scope)).scalars().first()
    if unit is None:
        raise Refusal(field.name, gettext("「%(field)s」找不到该单位", field=translate(field.label)))
    return unit


def visible_record(model: type, field: Field, raw: str, scope: frozenset[int] | None = None) -> Any:
    """The record of `model` with id `raw` among those the user may see."""
    if not raw.isdigit():
        raise Refusal(field.name, gettext("「%(field)s」请从列表中选择", field=translate(field.label)))
    found = db.session.execute(_within(select(model).where(model.id == int(raw)), model, scope)).scalars().first()
    if found is None:
        raise Refusal(field.name, gettext("「%(field)s」找不到该记录", field=translate(field.label)))
    return found


def unit_options(scope: frozenset[int] | None = None) -> list[tuple[str, str]]:
    """(id, name) of the units the user may see, for ``unit`` drop-downs."""
    query = select(Unit.id, Unit.name).order_by(Unit.region_id, Unit.id)
    return [(str(i), name) for i, name in db.session.execute(_within(query, Unit, scope))]


def _within(query: Any, model: type, scope: frozenset[int] | None) -> Any:
    criterion = tenancy.scope_filter(model, scope)
    return query if criterion is None else query.where(criterion)


def run_act(
    view: Any,
    record: Any,
    form: ActForm,
    operation: Callable[[dict[str, Any]], Any],
    readers: Mapping[str, Reader] | None = None,
) -> Any:
    """Run one act posted to `view` on `record`, and come back to the record's page.

    The request's form is read within the view's regions (`read_form`) and passed to
    `operation`. A `Refusal` rolls everything back and is flashed as "未<title>：<why>"; otherwise
    the session commits and "已<title>" is flashed, and a text the operation returns (what the law
    made of the act, e.g. a late acceptance deemed made earlier) is flashed as a warning.
    """
    back = url_for(".details_view", id=record.id)
    try:
        result = operation(read_form(form, request.form, view.visible_region_ids(), readers))
        db.session.commit()
    except Refusal as exc:
        db.session.rollback()
        flash(gettext("未%(act)s：%(reason)s", act=translate(form.title), reason=translate(exc.text)), "error")
        return redirect(back)
    flash(gettext("已%(act)s", act=translate(form.title)), "success")
    if isinstance(result, str) and result:
        flash(translate(result), "warning")
    return redirect(back)


__all__ = [
    "ActForm",
    "Field",
    "read_form",
    "read_value",
    "run_act",
    "unit_options",
    "visible_record",
    "visible_unit",
]
