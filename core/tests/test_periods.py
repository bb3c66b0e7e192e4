"""`Period`: the constructors, the label a circular prints, and refused spans."""

from __future__ import annotations

import datetime as dt

import pytest

from core.periods import Period

D = dt.date


def test_constructors_cover_their_months():
    assert Period.year(2024) == Period(D(2024, 1, 1), D(2024, 12, 31))
    assert Period.half(2024, 2) == Period(D(2024, 7, 1), D(2024, 12, 31))
    assert Period.quarter(2024, 1) == Period(D(2024, 1, 1), D(2024, 3, 31))
    assert Period.month(2024, 2) == Period(D(2024, 2, 1), D(2024, 2, 29))  # a leap year
    assert Period.month(2023, 2).days == 28 and Period.year(2024).days == 366


def test_the_label_is_what_a_circular_prints():
    assert Period.year(2024).label == "2024年"
    assert Period.half(2024, 1).label == "2024年上半年"
    assert Period.quarter(2024, 2).label == "2024年第二季度"
    assert Period.month(2024, 4).label == "2024年4月"
    assert Period(D(2024, 4, 1), D(2024, 5, 9)).label == "2024年4月1日至2024年5月9日"
    assert Period(D(2023, 12, 1), D(2024, 1, 31)).label == "2023年12月1日至2024年1月31日"


def test_is_year_and_membership():
    assert Period.year(2024).is_year and not Period.half(2024, 1).is_year
    assert D(2024, 6, 30) in Period.half(2024, 1) and D(2024, 7, 1) not in Period.half(2024, 1)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Period(D(2024, 5, 1), D(2024, 4, 30)), "早于开始日期"),
        (lambda: Period.half(2024, 3), "半年"),
        (lambda: Period.quarter(2024, 5), "季度"),
        (lambda: Period.month(2024, 13), "月份"),
    ],
)
def test_impossible_periods_are_refused_in_chinese(build, message):
    with pytest.raises(ValueError, match=message):
        build()
