"""`Period`: the span of days a circular or an indicator covers — one type for the whole suite.

Hooks receive a `Period` (``collect_indicators``, ``collect_circular_sections``); plugins read
`start` and `end` (both days included, Beijing days) and print `label`. Build one with
`Period.year`, `half`, `quarter` or `month`, or `Period(start, end)` for any other span.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

_QUARTERS = ("一", "二", "三", "四")


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"期间的结束日期（{self.end.isoformat()}）早于开始日期（{self.start.isoformat()}）")

    # -- constructors ------------------------------------------------------------------------

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year: 2024-01-01 to 2024-12-31."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """The first (1: 上半年) or second (2: 下半年) half of `year`."""
        if half not in (1, 2):
            raise ValueError(f"半年只能是1（上半年）或2（下半年），收到{half}")
        return cls.months(year, 6 * half - 5, 6 * half)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4 of `year`."""
        if quarter not in (1, 2, 3, 4):
            raise ValueError(f"季度只能是1至4，收到{quarter}")
        return cls.months(year, 3 * quarter - 2, 3 * quarter)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Month 1–12 of `year`."""
        return cls.months(year, month, month)

    @classmethod
    def months(cls, year: int, first: int, last: int) -> Period:
        """From the first day of month `first` to the last day of month `last` of `year`."""
        if not 1 <= first <= last <= 12:
            raise ValueError(f"月份应为1至12且不倒置，收到{first}至{last}")
        return cls(dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]))

    # -- reading -----------------------------------------------------------------------------

    @property
    def is_year(self) -> bool:
        """Whether it is exactly one calendar year."""
        return self == Period.year(self.start.year)

    @property
    def calendar_year(self) -> int:
        """The year a period within one calendar year lies in: what figures kept per year (a
        notice's number, a plan task's year) and the lists' ``?year=`` filter are read by."""
        if self.start.year != self.end.year:
            raise ValueError(f"期间跨越了{self.start.year}年和{self.end.year}年，不能按年统计")
        return self.start.year

    @property
    def label(self) -> str:
        """As a circular prints it: 2024年, 2024年上半年, 2024年第二季度, 2024年4月, or
        2024年1月1日至2024年11月27日 for any other span."""
        year = self.start.year
        if self.end.year == year:
            for half, text in ((1, "上半年"), (2, "下半年")):
                if self == Period.half(year, half):
                    return f"{year}年{text}"
            for quarter in (1, 2, 3, 4):
                if self == Period.quarter(year, quarter):
                    return f"{year}年第{_QUARTERS[quarter - 1]}季度"
            if self.is_year:
                return f"{year}年"
            if self == Period.month(year, self.start.month):
                return f"{year}年{self.start.month}月"
        return f"{_day(self.start)}至{_day(self.end)}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        """How many days it spans (both ends included)."""
        return (self.end - self.start).days + 1


def _day(day: dt.date) -> str:
    # As GB/T 9704-2012 prints dates: Arabic numerals, no padding.
    return f"{day.year}年{day.month}月{day.day}日"
