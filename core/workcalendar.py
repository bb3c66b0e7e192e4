"""The working-day calendar: one service every module counts its statutory periods with.

How periods are counted (DOMAIN.md, "Counting periods"):

- 行政复议法 art 88 ¶2: its periods of 三日、五日、七日、十日 are working days, "不含法定休假日" →
  `WorkCalendar.add_working_days`.
- Every other period in days, months or years follows 民诉法 art 85 (applied by 行政复议法 art 88 ¶1,
  and restated for 行政诉讼 by 行诉解释 art 48): the starting day is not counted (¶2), and "期间届满的
  最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期" (¶3) → `add_calendar_days`,
  `add_months`.

Which days are rest days (法定休假日): the weekly rest days and the public holidays, as rearranged by the
State Council's yearly notice. A weekend day declared a make-up working day (调休上班, e.g. Sunday
2024-09-29) is a working day — offices are open, so a period ending on it does not roll over — and a
weekday inside a holiday (e.g. Monday 2024-10-07) is a rest day. One predicate, `is_working_day`,
therefore decides both the working-day count and the roll-over.

Official data, in order: the admin-entered `CalendarDay` rows (they override), then the
`chinesecalendar` package. A year known to neither is counted on weekdays (Mon–Fri) less the
holidays that 《全国年节及纪念日放假办法》 itself fixes (`core.statutory_holidays`: 元旦, 春节 from 除夕,
清明, 劳动节, 端午, 中秋, 国庆), and every result touching it is marked provisional — the make-up
working days are unknown — to be recomputed once the year is entered.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import chinese_calendar
from sqlalchemy import select

from core.models.calendar import CalendarDay, CalendarYear
from core.statutory_holidays import statutory_holidays

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_ONE_DAY = dt.timedelta(days=1)
# The longest run of rest days in the package's data is 10 (Spring Festival 2020, extended for the
# epidemic); a run past a month means the admin entries are wrong, and an endless loop must not be
# the symptom.
_MAX_REST_RUN = 31


@dataclass(frozen=True, slots=True)
class DueDate:
    """The last day of a period, and whether it rests on unofficial (weekday-only) data."""

    #: The day the period ends (expires at the end of that day).
    date: dt.date
    #: True when a year the computation consulted had no official calendar: the date was counted on
    #: Mon–Fri and must be recomputed once the year's notice is entered (DOMAIN.md).
    provisional: bool = False

    def __str__(self) -> str:
        return f"{self.date.isoformat()}（暂定）" if self.provisional else self.date.isoformat()


@cache
def _package_knows(year: int) -> bool:
    """Whether the installed `chinesecalendar` carries the State Council notice for `year`."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Working days and statutory periods on the official Chinese calendar.

    An instance is an immutable snapshot of the admin entries it was built with, and caches every
    day it has looked at, so a bulk scan should build one (`from_session`) and reuse it. After an
    admin edits the calendar, build a new one.
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None, complete_years: Iterable[int] = ()) -> None:
        """Build a calendar from admin entries already loaded: {day: is_working_day} and complete years.

        Needs no database; `WorkCalendar()` uses `chinesecalendar` alone.
        """
        self._overrides: dict[dt.date, bool] = dict(overrides or {})
        self._complete_years: frozenset[int] = frozenset(complete_years)
        #: day → (is working day, rests on official data); filled lazily.
        self._days: dict[dt.date, tuple[bool, bool]] = {}

    @classmethod
    def from_session(cls, session: Session) -> WorkCalendar:
        """Load every `CalendarDay` and the complete `CalendarYear`s once, in two queries."""
        overrides = {
            day: working for day, working in session.execute(select(CalendarDay.date, CalendarDay.is_working_day))
        }
        years = session.scalars(select(CalendarYear.year).where(CalendarYear.complete.is_(True)))
        return cls(overrides, years)

    # -- single days -------------------------------------------------------------------------------

    def knows_year(self, year: int) -> bool:
        """Whether `year` has official data: a complete admin entry or the package's."""
        return year in self._complete_years or _package_knows(year)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether offices work on `day` (weekday not a holiday, or a make-up working day)."""
        return self._day(_as_date(day))[0]

    def day_info(self, day: dt.date) -> tuple[bool, bool]:
        """(is working day, rests on official data) for `day`."""
        return self._day(_as_date(day))

    def roll_over(self, day: dt.date) -> DueDate:
        """`day` as the last day of a period: itself, or the first working day after it (民诉法 art 85 ¶3)."""
        return self._roll_over(_as_date(day), official=True)

    def _day(self, day: dt.date) -> tuple[bool, bool]:
        """(is working day, is official) for `day`, computed once per instance."""
        try:
            return self._days[day]
        except KeyError:
            pass
        official = self.knows_year(day.year)
        working = self._overrides.get(day)
        if working is None:
            try:
                working = chinese_calendar.is_workday(day)
            except NotImplementedError:
                # No notice for this year yet: the holidays 《全国年节及纪念日放假办法》 fixes are days
                # off all the same; only the make-up arrangements (调休) are unknown, so the day
                # counts Mon–Fri otherwise, and `official` is already False.
                working = day.weekday() < 5 and day not in statutory_holidays(day.year)
        self._days[day] = answer = (working, official)
        return answer

    # -- periods -----------------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> DueDate:
        """The day on which a period of `n` working days starting on `start` ends.

        For 行政复议法 art 88 ¶2 (三日、五日、七日、十日 are working days). The start day is not
        counted (民诉法 art 85 ¶2), whether or not it is a working day; with ``n == 0`` the start day
        itself is the last day and rolls over to the next working day if it is a rest day.
        """
        day = _as_date(start)
        _check(n)
        if n == 0:
            return self._roll_over(day, official=True)
        official = True
        days = self._days
        while n:
            day += _ONE_DAY
            # Inline cache hit: a deadline scan calls this for every open deadline.
            answer = days.get(day) or self._day(day)
            official = official and answer[1]
            if answer[0]:
                n -= 1
        return DueDate(day, not official)

    def add_calendar_days(self, start: dt.date, n: int) -> DueDate:
        """The day on which a period of `n` days starting on `start` ends (民诉法 art 85).

        Rest days inside the period count; only the last day rolls over when it is a rest day.
        """
        day = _as_date(start)
        _check(n)
        return self._roll_over(day + dt.timedelta(days=n), official=True)

    def add_months(self, start: dt.date, n: int) -> DueDate:
        """The day on which a period of `n` months starting on `start` ends; a year is ``n=12``.

        The last day is the same day of the month `n` months on, or the month's last day when that
        month is shorter (民法典 art 202: "没有对应日的，月末日为期间的最后一日"), then rolled over
        like any period (民诉法 art 85 ¶3).
        """
        day = _as_date(start)
        _check(n)
        years, month0 = divmod(day.month - 1 + n, 12)
        year = day.year + years
        last = calendar.monthrange(year, month0 + 1)[1]
        return self._roll_over(dt.date(year, month0 + 1, min(day.day, last)), official=True)

    def _roll_over(self, day: dt.date, official: bool) -> DueDate:
        """`day`, or the first working day after it when it is a rest day (民诉法 art 85 ¶3)."""
        for _ in range(_MAX_REST_RUN):
            working, known = self._day(day)
            official = official and known
            if working:
                return DueDate(day, not official)
            day += _ONE_DAY
        raise ValueError(f"no working day in the {_MAX_REST_RUN} days before {day}: check the calendar entries")

    # -- the yearly check --------------------------------------------------------------------------

    def missing_next_year_warning(self, today: dt.date) -> str | None:
        """The admins' warning when the calendar lacks official data they will soon need, else None.

        From November on (the State Council usually publishes next year's notice in late October
        or November) next year must be entered; the current year, if missing, is warned about all
        year round.
        """
        if not self.knows_year(today.year):
            return _missing_message(today.year, already=True)
        if today.month >= 11 and not self.knows_year(today.year + 1):
            return _missing_message(today.year + 1, already=False)
        return None


def _missing_message(year: int, already: bool) -> str:
    from flask_babel import gettext

    when = gettext("现在") if already else gettext("明年起")
    return gettext(
        "%(year)s年的法定节假日和调休安排尚未录入工作日历，%(when)s落在%(year)s年的期限只能按周一至周五暂算，"
        "并标为“暂定”。请在国务院办公厅公布%(year)s年部分节假日安排的通知后，于“工作日历”中逐日录入放假日"
        "和调休上班日，并将%(year)s年标记为已完整录入；录入后暂定期限将重新计算。",
        year=year,
        when=when,
    )


def _as_date(value: dt.date) -> dt.date:
    """`value` as a plain date: a datetime would never hit the per-day cache."""
    return value.date() if isinstance(value, dt.datetime) else value


def _check(n: int) -> None:
    if n < 0:
        raise ValueError(f"a period cannot be negative: {n}")
