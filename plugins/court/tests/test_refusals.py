"""A `core.refusals.Refusal` is shown the same way everywhere: under its field in the admin form, flashed,
the typed input kept and nothing saved; on the command line as 错误：… with exit status 1."""

from __future__ import annotations

import datetime as dt
import re

import click
from click.testing import CliRunner

from core.refusals import Refusal, present_refusals_on
from plugins.court.models import CourtHearing

D = dt.date


def _field_errors(html: str, field: str) -> str:
    """The text of the form group of `field` (its input, label and the errors written under it)."""
    match = re.search(
        rf'<div class="form-group[^"]*"[^>]*>(?:(?!<div class="form-group).)*?name="{field}".*?</div>\s*</div>',
        html,
        re.S,
    )
    assert match, f"no form group for {field}"
    return re.sub(r"<[^>]+>", " ", match.group(0))


def test_a_refusal_is_written_under_its_field_and_the_form_keeps_the_input(court):
    case = court.case("东宝区公安局", "(2024)鄂0802行初9号", D(2024, 3, 1))
    before = court.count(CourtHearing)
    response = court.post("court_hearings", court.hearing_form(case, D(2024, 2, 20)))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "早于本案立案日期2024-03-01" in _field_errors(html, "held_on")
    assert 'value="2024-02-20"' in html
    assert court.count(CourtHearing) == before


def test_a_refusal_on_the_command_line_is_an_error_message_and_exit_status_1():
    @click.group()
    def cli() -> None:
        """A command group as the app's."""

    @cli.command("act")
    def act() -> None:
        raise Refusal("held_on", "早于本案立案日期", label="开庭日期")

    present_refusals_on(cli)
    result = CliRunner().invoke(cli, ["act"])
    assert result.exit_code == 1
    assert "错误：开庭日期：早于本案立案日期" in result.output


def test_every_command_of_the_app_presents_refusals(app):
    def walk(group):
        for command in group.commands.values():
            yield command
            if isinstance(command, click.Group):
                yield from walk(command)

    commands = [c for c in walk(app.cli) if c.callback is not None]
    assert commands and all(getattr(c.callback, "fazhi_presents_refusals", False) for c in commands)
