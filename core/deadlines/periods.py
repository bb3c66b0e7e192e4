"""The one place a period's last day is computed (docs/periods.md, "how periods are counted").

A period that moves keeps one end, computed once from what the law counts (DOMAIN.md):

    start + length + the days it was suspended (+ an approved extension),
    then the holiday roll-over (民诉法 art 85 ¶3) applied to that final day only.

- The starting day is not counted (民诉法 art 85 ¶2; 行政复议法 art 88 ¶1; 行诉解释 art 48).
- Calendar days and months: the suspended time does not count (行政复议法 art 39 ¶2 with art 88
  ¶1), so the suspended days are added to the *unrolled* last day, and so is an extension, which
  extends the period itself (行政复议法 art 62 ¶1: 60 + at most 30 days from acceptance). Only
  then is a last day falling on a rest day rolled over to the first working day after it — once.
- Working days (行政复议法 art 88 ¶2, "不含法定休假日"): the days of a suspension are skipped, so
  after resumption the remaining *working* days are counted; an extension adds working days.

`period_end` is the only function that adds days to a due date: opening, resuming, extending and
recounting a deadline all call it with the deadline's whole history (`history_of`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from core.deadlines.models import ChangeAction, Counting
from core.workcalendar import DueDate, WorkCalendar

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Stop:
    """A suspension: the clock stops on `start` and runs again on `end` (None: still stopped).

    The days ``start … end - 1`` do not count; a suspension still open does not move the end yet
    (the due date shown while suspended is the one the period had when it stopped).
    """

    start: dt.date
    end: dt.date | None = None

    @property
    def days(self) -> int:
        """Calendar days not counted (0 while still open)."""
        return (self.end - self.start).days if self.end is not None else 0


@dataclass(frozen=True, slots=True)
class History:
    """What moved a period since it was (re)opened: its suspensions and its extension in total."""

    stops: tuple[Stop, ...] = ()
    #: In the period's unit for day periods (working days for working-day periods); calendar
    #: days added to the last day of a month period.
    extension: int = 0


def period_end(
    cal: WorkCalendar,
    start: dt.date,
    counting: Counting | str,
    amount: int,
    stops: Sequence[Stop] = (),
    extension: int = 0,
) -> DueDate:
    """The last day of a period of `amount` units from `start`, its suspensions and extension included.

    The holiday roll-over (民诉法 art 85 ¶3) is applied once, to the final day; a working-day
    period always ends on a working day. The result is provisional when a day it rests on lies in
    a year without the State Council's notice.
    """
    if amount < 0 or extension < 0:
        raise ValueError(f"a period cannot be negative: {amount}, {extension}")
    if isinstance(start, dt.datetime):
        start = start.date()
    counting = Counting(counting)
    closed = [s for s in stops if s.end is not None]
    if counting is Counting.WORKING_DAYS:
        return _working_end(cal, start, amount + extension, closed)
    last = start + dt.timedelta(days=amount) if counting is Counting.CALENDAR_DAYS else _months_on(start, amount)
    last += dt.timedelta(days=sum(s.days for s in closed) + extension)
    return cal.roll_over(last)


def _months_on(start: dt.date, months: int) -> dt.date:
    """The same day `months` months on, or that month's last day (民法典 art 202), not rolled over."""
    years, month0 = divmod(start.month - 1 + months, 12)
    year = start.year + years
    return dt.date(year, month0 + 1, min(start.day, calendar.monthrange(year, month0 + 1)[1]))


def _working_end(cal: WorkCalendar, start: dt.date, n: int, stops: Iterable[Stop]) -> DueDate:
    """The n-th working day after `start`, the days of each suspension skipped (行政复议法 art 88 ¶2)."""
    if n == 0:
        return cal.roll_over(start)
    ranges = [(s.start, s.end) for s in stops]
    day, official = start, True
    while n:
        day += _ONE_DAY
        if any(a <= day < b for a, b in ranges):  # type: ignore[operator]
            continue
        working, known = cal.day_info(day)
        official = official and known
        if working:
            n -= 1
    return DueDate(day, not official)


def history_of(changes: Iterable[Any]) -> History:
    """The suspensions and extension of a deadline since it was last (re)opened, from its change rows.

    `changes` are `DeadlineChange` rows (or objects with ``action``, ``on_date`` and ``days``) in
    the order they happened.
    """
    stops: list[Stop] = []
    extension = 0
    stopped: dt.date | None = None
    for change in changes:
        action = change.action
        on, days = change.on_date, change.days
        if action in (ChangeAction.OPENED.value, ChangeAction.REOPENED.value):
            stops, extension, stopped = [], 0, None
        elif action == ChangeAction.SUSPENDED.value:
            stopped = on
        elif action == ChangeAction.RESUMED.value and on is not None:
            begun = stopped if stopped is not None else on - dt.timedelta(days=days or 0)
            stops.append(Stop(begun, on))
            stopped = None
        elif action == ChangeAction.EXTENDED.value and days:
            extension += days
    if stopped is not None:
        stops.append(Stop(stopped))
    return History(tuple(stops), extension)


__all__ = ["History", "Stop", "history_of", "period_end"]
