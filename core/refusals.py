"""Refusals: the one error a plugin raises when the rules refuse input, and how each surface shows it.

An operation or a check raises ``Refusal(field, message)``: `field` is the form field / register
column at fault (None for the record as a whole), `message` a Chinese sentence for the user,
`label` optionally the field's Chinese name put in front ("开庭日期：晚于本案裁判日期"). Nothing is
saved: every surface rolls the transaction back and shows the message the same way —

- admin forms (`core.admin.ScopedModelView`): flashed, and written under the field, with the form
  shown again holding what the user typed (a `Refusal` is a WTForms `ValidationError`);
- registers (`core.registers`): a row error under the column of `field` ("第5行「收到日期」：…");
- the command line (`present_refusals_on`, applied to every ``flask`` command): ``错误：…``, exit status 1.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click
from flask import has_app_context
from wtforms.validators import ValidationError

if TYPE_CHECKING:
    from core.choices import LabelledEnum

Choice = TypeVar("Choice", bound="LabelledEnum")


class Refusal(ValidationError):
    """Input the rules refuse: `message` (Chinese) says why; `field` names the field or column at fault."""

    def __init__(self, field: str | None, message: str, *, label: str | None = None) -> None:
        self.field = field
        self.label = label
        self.message = message
        super().__init__(self.text)

    @property
    def text(self) -> str:
        """The message as shown to the user, with the field's label in front when one was given."""
        from core.i18n import punctuation, translate

        if not self.label:
            return translate(self.message)
        return f"{translate(self.label)}{punctuation('：', ': ')}{translate(self.message)}"

    def __str__(self) -> str:
        return self.text


# -- the checks every plugin makes of an act's input ---------------------------------------------------------


def require_text(value: str | None, field: str, label: str) -> str:
    """`value` stripped; refused when blank (`label`: the field's Chinese name)."""
    from core.i18n import say, translate

    text = (value or "").strip()
    if not text:
        raise Refusal(field, say("「%(label)s」必填", label=translate(label)))
    return text


def require_date(value: dt.date | None, field: str, label: str, *, future: bool = False) -> dt.date:
    """A date that is given and, unless `future`, not after today: acts are recorded after they happen."""
    from core import clock
    from core.i18n import say, translate

    if value is None:
        raise Refusal(field, say("「%(label)s」必填", label=translate(label)))
    if not future and value > clock.today():
        raise Refusal(
            field, say("「%(label)s」不能晚于今天（%(date)s）", label=translate(label), date=value.isoformat())
        )
    return value


def not_before(value: dt.date, earlier: dt.date | None, field: str, label: str, what: str) -> None:
    """Refuse `value` earlier than `earlier`, the date of the act (`what`) it follows."""
    from core.i18n import say, translate

    if earlier is not None and value < earlier:
        raise Refusal(
            field,
            say(
                "「%(label)s」（%(date)s）不能早于%(what)s（%(earlier)s）",
                label=translate(label),
                date=value.isoformat(),
                what=translate(what),
                earlier=earlier.isoformat(),
            ),
        )


def require_choice(value: Any, choices: type[Choice], field: str, label: str, *, message: str | None = None) -> Choice:
    """The member of `choices` whose value is `value`; refused when it is none of them (or blank).

    Refused as a select of the act forms is ("「合同类别」请从列表中选择"; `label`: the field's Chinese
    name), or with `message`, the whole sentence in the act's own words ("「终止情形」请选择第四十一条规定的情形").
    """
    from core.i18n import say, translate

    if value is not None and value != "":
        try:
            return choices(str(value))
        except ValueError:
            pass
    raise Refusal(field, message or say("「%(field)s」请从列表中选择", field=translate(label)))


def require_state(
    state: LabelledEnum,
    allowed: Collection[str],
    act: str,
    record: str,
    *,
    field: str = "state",
    label: str = "状态",
) -> None:
    """Refuse `act` (its Chinese label, "受理") unless `state` is one of `allowed`; empty allows any.

    `state` is a member of a `core.choices.LabelledEnum`, `allowed` members (or values) of the same;
    `record` names what is
    refused as the sentence says it ("案件", "合同"); `field`/`label` the field at fault. The
    message lists the allowed states in the enum's order, in the user's language — one wording of
    "not in this state" for every plugin's state machine.
    """
    from core.i18n import listing, say, translate

    if not allowed or state in allowed:
        return
    states = type(state)
    order = list(states)
    raise Refusal(
        field,
        say(
            "「%(label)s」%(record)s当前为“%(state)s”，不能%(act)s（仅在%(allowed)s时可以）",
            label=translate(label),
            record=translate(record),
            state=translate(state.chinese),
            act=translate(act),
            allowed=listing(s.chinese for s in sorted((states(a) for a in allowed), key=order.index)),
        ),
    )


def attach_to_form(refusal: Refusal, form: object) -> bool:
    """Write the refusal under its field of `form` (a WTForms form); False when the form has no such field."""
    field = getattr(form, refusal.field, None) if refusal.field else None
    if field is None or not hasattr(field, "errors"):
        return False
    errors = list(field.errors or ())
    from core.i18n import translate

    message = translate(refusal.message)
    if message not in errors:
        errors.append(message)
    field.errors = errors
    return True


class RefusedOnCommandLine(click.ClickException):
    """A `Refusal` met by a command: printed as ``错误：…``, exit status 1."""

    def show(self, file: object = None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


@contextmanager
def refusals_as_click_errors() -> Iterator[None]:
    """Inside a CLI command: a `Refusal` becomes ``错误：…`` on stderr and exit status 1 (nothing saved)."""
    try:
        yield
    except Refusal as refusal:
        if has_app_context():
            from core.extensions import db

            db.session.rollback()
        raise RefusedOnCommandLine(refusal.text) from None


def present_refusals_on(group: click.Group) -> None:
    """Make every command of `group` (sub-groups included) show a `Refusal` as ``错误：…``, exit status 1.

    Called once the core's and the plugins' commands are registered, so a plugin's command
    needs nothing of its own.
    """
    for command in group.commands.values():
        if isinstance(command, click.Group):
            present_refusals_on(command)
        callback = command.callback
        if callback is None or getattr(callback, "fazhi_presents_refusals", False):
            continue

        @functools.wraps(callback)
        def presenting(*args: Any, __callback: Callable[..., Any] = callback, **kwargs: Any) -> Any:
            with refusals_as_click_errors():
                return __callback(*args, **kwargs)

        presenting.fazhi_presents_refusals = True  # type: ignore[attr-defined]
        command.callback = presenting
