"""Refusals: the one error a plugin raises when the rules refuse input, and how each surface shows it.

An operation or a check raises ``Refusal(field, message)``: `field` is the form field / register
column at fault (None for the record as a whole), `message` a Chinese sentence for the user,
`label` optionally the field's Chinese name put in front ("开庭日期：晚于本案裁判日期"). Nothing is
saved: every surface rolls the transaction back and shows the message the same way —

- admin forms (`core.admin.ScopedModelView`): flashed, and written under the field, with the form
  shown again holding what the user typed (a `Refusal` is a WTForms `ValidationError`);
- registers (`core.registers`): a row error under the column of `field` ("第5行「收到日期」：…");
- the command line (`refusals_as_click_errors`): ``错误：…`` and exit status 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from wtforms.validators import ValidationError


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
        return f"{self.label}：{self.message}" if self.label else self.message

    def __str__(self) -> str:
        return self.text


def attach_to_form(refusal: Refusal, form: object) -> bool:
    """Write the refusal under its field of `form` (a WTForms form); False when the form has no such field."""
    field = getattr(form, refusal.field, None) if refusal.field else None
    if field is None or not hasattr(field, "errors"):
        return False
    errors = list(field.errors or ())
    if refusal.message not in errors:
        errors.append(refusal.message)
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
        from core.extensions import db

        db.session.rollback()
        raise RefusedOnCommandLine(refusal.text) from None
