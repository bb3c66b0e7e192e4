"""Amounts exact to the fen and unified social credit codes, on their own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plugins.contracts import credit_code, money


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1.2亿", 12_000_000_000),
        ("1.2亿元", 12_000_000_000),
        ("3500万", 3_500_000_000),
        ("1,234.56", 123_456),
        ("１２３４．５６元", 123_456),
        ("4890亿", 48_900_000_000_000),
        ("0.01", 1),
        (Decimal("10.10"), 1010),
        (0.1, 10),
        (120000000, 12_000_000_000),
    ],
)
def test_amounts_are_read_exactly(typed, fen):
    assert money.parse_fen(typed) == fen


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "不能为负数"),
        ("1.2亿3千万", "无法识别"),
        ("一千万", "无法识别"),
        ("0.001", "最多精确到分"),
        ("1.23456789123亿", "最多精确到分"),
        ("", "无法识别"),
    ],
)
def test_amounts_that_cannot_be_read_exactly_are_refused(typed, message):
    with pytest.raises(money.AmountError, match=message):
        money.parse_fen(typed)


def test_amounts_are_shown_as_a_reader_expects():
    assert money.readable(12_000_000_000) == "1.20亿元"
    assert money.readable(3_500_000_000) == "3500.00万元"
    assert money.readable(123_456) == "1,234.56元"
    assert money.in_yi(48_900_000_000_000) == "4890.00"
    assert money.in_yi(1_234_500_000) == "0.12" and money.in_yi(1_250_000_000) == "0.13"  # half up
    assert money.plain_yuan(12_000_000_001) == "120000000.01"
    assert money.parse_fen(money.plain_yuan(98_765_432_101)) == 98_765_432_101


def test_credit_codes_are_checked_by_their_check_character():
    assert credit_code.validate(" 91350100m000100y43 ") == "91350100M000100Y43"
    made = credit_code.make("91420800MA4912345")
    assert credit_code.validate(made) == made
    with pytest.raises(credit_code.CreditCodeError, match="校验位错误"):
        credit_code.validate("91350100M000100Y44")
    with pytest.raises(credit_code.CreditCodeError, match="应为18位"):
        credit_code.validate("9135010")
    with pytest.raises(credit_code.CreditCodeError, match="不允许的字符“I”"):
        credit_code.validate("91350100I000100Y43")


def test_every_event_of_the_plugin_is_in_the_catalogue():
    # The docs test finds events published by a literal name; these are published by their class.
    from plugins.contracts.events import ALL
    from tests.test_docs import catalogue_names

    names = set(catalogue_names())
    assert len({e.name for e in ALL}) == len(ALL)
    assert [e.name for e in ALL if e.name not in names] == []
