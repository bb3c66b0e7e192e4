"""The one period function (core.deadlines.periods.period_end) on real dates; no database needed.

Dates counted by hand on the State Council's notices (docs/periods.md): 国庆节 2024 10-01…10-07 off,
Sunday 09-29 and Saturday 10-12 worked.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from core.deadlines import Counting, Stop, history_of, period_end
from core.workcalendar import DueDate, WorkCalendar

D = dt.date.fromisoformat
CAL = WorkCalendar()


def test_minsu_art_85_3_roll_over_once_on_the_final_day_after_a_suspension() -> None:
    """民诉法 art 85 ¶3; 行政复议法 art 39: 08-02 + 60 + 11 = Saturday 10-12, a make-up working day."""
    stops = [Stop(D("2024-08-12"), D("2024-08-23"))]
    assert period_end(CAL, D("2024-08-02"), Counting.CALENDAR_DAYS, 60) == DueDate(D("2024-10-08"))
    assert period_end(CAL, D("2024-08-02"), Counting.CALENDAR_DAYS, 60, stops) == DueDate(D("2024-10-12"))
    # An open suspension does not move the end yet.
    assert period_end(CAL, D("2024-08-02"), Counting.CALENDAR_DAYS, 60, [Stop(D("2024-08-12"))]).date == D("2024-10-08")


def test_art_88_working_days_skip_the_suspension() -> None:
    """行政复议法 art 88 ¶2: 10 working days from 09-23, suspended 09-26 … 10-09 → Friday 10-18."""
    stops = [Stop(D("2024-09-26"), D("2024-10-10"))]
    assert period_end(CAL, D("2024-09-23"), Counting.WORKING_DAYS, 10, stops) == DueDate(D("2024-10-18"))


def test_months_with_an_extension_count_from_the_unrolled_last_day() -> None:
    """民法典 art 202, 民诉法 art 85 ¶3: 1 month from 2024-08-31 is 09-30; + 1 day = 10-01 (国庆) → 10-08."""
    assert period_end(CAL, D("2024-08-31"), Counting.MONTHS, 1) == DueDate(D("2024-09-30"))
    assert period_end(CAL, D("2024-08-31"), Counting.MONTHS, 1, extension=1) == DueDate(D("2024-10-08"))


def test_history_of_reads_suspensions_and_extensions_since_the_last_reopening() -> None:
    def row(action: str, on: str | None = None, days: int | None = None) -> SimpleNamespace:
        return SimpleNamespace(action=action, on_date=D(on) if on else None, days=days)

    history = history_of(
        [
            row("opened", "2024-08-01"),
            row("suspended", "2024-08-05"),
            row("resumed", "2024-08-06", 1),
            row("reopened", "2024-08-02"),
            row("suspended", "2024-08-12"),
            row("resumed", "2024-08-23", 11),
            row("extended", None, 20),
            row("suspended", "2024-09-01"),
        ]
    )
    assert history.stops == (Stop(D("2024-08-12"), D("2024-08-23")), Stop(D("2024-09-01")))
    assert history.extension == 20
