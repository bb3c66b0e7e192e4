"""The working-day calendar on real dates (DOMAIN.md, "Counting periods"); no database needed.

Expected dates are worked out by hand from the State Council notices, day by day in the comments,
never computed with the code under test.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from core.models.calendar import CalendarDay, CalendarYear
from core.workcalendar import DueDate, WorkCalendar

D = dt.date.fromisoformat


@pytest.fixture
def cal() -> WorkCalendar:
    """The package's data alone, as before any admin entry."""
    return WorkCalendar()


# 国办发明电〔2026〕X号 as we pretend it reads: 国庆节 2027-10-01 (Fri) to 10-07 (Thu) off, Saturday
# 2027-10-09 worked in lieu. Oct 2 and 3 are a weekend anyway but the notice lists them, so they are
# entered too.
PRETEND_2027 = {D("2027-10-01") + dt.timedelta(days=i): False for i in range(7)} | {D("2027-10-09"): True}


@pytest.fixture
def cal_2027() -> WorkCalendar:
    """The package's data plus an admin's complete entry of the (pretend) 2027 notice."""
    return WorkCalendar(PRETEND_2027, complete_years={2027})


# -- single days ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-09-29", True),  # Sunday, worked in lieu for 国庆节 2024
        ("2024-10-12", True),  # Saturday, likewise
        ("2025-01-26", True),  # Sunday, worked in lieu for 春节 2025
        ("2025-02-08", True),  # Saturday, likewise
        ("2024-09-28", False),  # an ordinary Saturday
        ("2024-10-07", False),  # Monday inside 国庆节
        ("2025-01-28", False),  # Tuesday, 除夕, inside 春节
        ("2025-02-04", False),  # Tuesday, last day of 春节
        ("2025-02-05", True),  # Wednesday, first day back
    ],
)
def test_is_working_day_follows_the_notices(cal: WorkCalendar, day: str, working: bool) -> None:
    assert cal.is_working_day(D(day)) is working


def test_knows_year(cal: WorkCalendar, cal_2027: WorkCalendar) -> None:
    assert cal.knows_year(2024) and cal.knows_year(2026)
    assert not cal.knows_year(2027)  # chinesecalendar 1.11.0 stops at 2026
    assert cal_2027.knows_year(2027)
    assert not WorkCalendar(PRETEND_2027).knows_year(2027)  # entries alone are not a complete year


# -- working days (行政复议法 art 88 ¶2) ----------------------------------------------------------------


def test_five_working_days_over_national_day_2024(cal: WorkCalendar) -> None:
    # From Friday 2024-09-27, not counted: Sat 28 rest; Sun 29 worked in lieu (1); Mon 30 (2);
    # Oct 1–7 holiday; Tue 8 (3); Wed 9 (4); Thu 10 (5).
    assert cal.add_working_days(D("2024-09-27"), 5) == DueDate(D("2024-10-10"), provisional=False)


def test_working_days_from_a_holiday(cal: WorkCalendar) -> None:
    # Start on 国庆节 itself: the remaining holiday days count for nothing.
    assert cal.add_working_days(D("2024-10-01"), 1).date == D("2024-10-08")
    assert cal.add_working_days(D("2024-10-03"), 3).date == D("2024-10-10")


def test_working_days_over_spring_festival_2025(cal: WorkCalendar) -> None:
    # From Friday 2025-01-24: Sat 25 rest; Sun 26 worked (1); Mon 27 (2); Jan 28–Feb 4 holiday;
    # Wed 5 (3); Thu 6 (4); Fri 7 (5); Sat 8 worked (6); Sun 9 rest; Mon 10 (7).
    assert cal.add_working_days(D("2025-01-24"), 7).date == D("2025-02-10")


# -- calendar days, 民诉法 art 85 -------------------------------------------------------------------


def test_60_days_ending_in_spring_festival_2025_roll_over(cal: WorkCalendar) -> None:
    # 2024-11-29 + 60: Nov 30 is day 1, Dec adds 31 (32), Jan 28 is day 60 — 除夕, a holiday;
    # Jan 28–Feb 4 are all rest days, so the period ends Wednesday Feb 5.
    assert cal.add_calendar_days(D("2024-11-29"), 60) == DueDate(D("2025-02-05"))
    # 2024-12-03 + 60 = Saturday Feb 1, inside the holiday: also Feb 5.
    assert cal.add_calendar_days(D("2024-12-03"), 60).date == D("2025-02-05")


def test_last_day_on_a_make_up_working_day_does_not_roll(cal: WorkCalendar) -> None:
    # 2024-12-10 + 60 = Saturday 2025-02-08, worked in lieu: offices are open, so no roll-over.
    assert cal.add_calendar_days(D("2024-12-10"), 60).date == D("2025-02-08")


def test_15_days_over_national_day_2024(cal: WorkCalendar) -> None:
    # Holidays inside the period count: 2024-09-25 + 15 = Thursday Oct 10, a working day.
    assert cal.add_calendar_days(D("2024-09-25"), 15).date == D("2024-10-10")
    # 2024-09-22 + 15 = Monday Oct 7, the last holiday: the first working day after is Tue Oct 8.
    assert cal.add_calendar_days(D("2024-09-22"), 15).date == D("2024-10-08")


def test_last_day_on_an_ordinary_weekend_rolls_to_monday(cal: WorkCalendar) -> None:
    # 2024-11-01 + 15 = Saturday Nov 16 → Monday Nov 18 (a weekly rest day is a 法定休假日 too).
    assert cal.add_calendar_days(D("2024-11-01"), 15).date == D("2024-11-18")


def test_calendar_days_from_a_holiday(cal: WorkCalendar) -> None:
    # Start on Oct 1, not counted: day 3 is Oct 4 (holiday) → Oct 8; day 10 is Friday Oct 11.
    assert cal.add_calendar_days(D("2024-10-01"), 3).date == D("2024-10-08")
    assert cal.add_calendar_days(D("2024-10-01"), 10).date == D("2024-10-11")


def test_zero_days(cal: WorkCalendar) -> None:
    # n = 0: the start day is the last day, rolled over if it is a rest day.
    assert cal.add_working_days(D("2024-10-09"), 0).date == D("2024-10-09")
    assert cal.add_working_days(D("2024-10-01"), 0).date == D("2024-10-08")
    assert cal.add_calendar_days(D("2024-10-01"), 0).date == D("2024-10-08")
    assert cal.add_calendar_days(D("2024-09-29"), 0).date == D("2024-09-29")  # Sunday worked in lieu
    assert cal.add_months(D("2024-10-05"), 0).date == D("2024-10-08")


def test_negative_periods_are_refused(cal: WorkCalendar) -> None:
    for add in (cal.add_working_days, cal.add_calendar_days, cal.add_months):
        with pytest.raises(ValueError):
            add(D("2024-10-09"), -1)


def test_datetime_is_taken_as_its_date(cal: WorkCalendar) -> None:
    assert cal.add_working_days(dt.datetime(2024, 9, 27, 16, 30), 5).date == D("2024-10-10")
    assert cal.is_working_day(dt.datetime(2024, 9, 29, 9))


# -- months (民法典 art 202 for the month end, then 民诉法 art 85) -------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        ("2024-01-31", 1, "2024-02-29"),  # no Feb 31: the month's last day (leap year), a Thursday
        ("2023-01-31", 1, "2023-02-28"),  # Tuesday
        ("2024-08-31", 1, "2024-09-30"),  # Monday
        ("2024-09-01", 1, "2024-10-08"),  # Oct 1 is 国庆节 → first working day after
        ("2024-10-31", 3, "2025-02-05"),  # Jan 31 is a Friday inside 春节 (Jan 28–Feb 4) → Wed Feb 5
        ("2024-02-29", 12, "2025-02-28"),  # a year from a leap day: Feb 28, a Friday
        ("2025-11-15", 2, "2026-01-15"),  # across the year end, both years known: Thursday
    ],
)
def test_add_months(cal: WorkCalendar, start: str, months: int, due: str) -> None:
    assert cal.add_months(D(start), months) == DueDate(D(due))


# -- a year beyond the package's data ----------------------------------------------------------------


def test_2027_is_provisional_on_weekdays_then_official_once_entered(cal: WorkCalendar, cal_2027: WorkCalendar) -> None:
    start = D("2027-09-30")  # Thursday
    # Weekdays less the 国庆节 days the 放假办法 fixes (Oct 1–3): Fri Oct 1 off; Mon 4 (1), Tue 5 (2),
    # Wed 6 (3), Thu 7 (4), Fri 8 (5).
    assert cal.add_working_days(start, 5) == DueDate(D("2027-10-08"), provisional=True)
    # Entered: Oct 1–7 off; Fri 8 (1), Sat 9 worked in lieu (2), Mon 11 (3), Tue 12 (4), Wed 13 (5).
    assert cal_2027.add_working_days(start, 5) == DueDate(D("2027-10-13"), provisional=False)

    # 2027-09-20 + 15 = Tuesday Oct 5: a working day on weekdays, a holiday once entered → Fri Oct 8.
    assert cal.add_calendar_days(D("2027-09-20"), 15) == DueDate(D("2027-10-05"), provisional=True)
    assert cal_2027.add_calendar_days(D("2027-09-20"), 15) == DueDate(D("2027-10-08"), provisional=False)

    # 2027-09-24 + 15 = Saturday Oct 9: rolls to Monday on weekdays; worked in lieu once entered.
    assert cal.add_calendar_days(D("2027-09-24"), 15) == DueDate(D("2027-10-11"), provisional=True)
    assert cal_2027.add_calendar_days(D("2027-09-24"), 15) == DueDate(D("2027-10-09"), provisional=False)


def test_entries_without_a_complete_year_stay_provisional() -> None:
    partial = WorkCalendar(PRETEND_2027)
    assert partial.add_working_days(D("2027-09-30"), 5) == DueDate(D("2027-10-13"), provisional=True)


def test_provisional_only_when_an_unknown_year_is_touched(cal: WorkCalendar) -> None:
    # From Wednesday 2026-12-30: Thu 31 (1) is official; Fri 2027-01-01 is 元旦 (放假办法 art 2, a
    # day off without the notice); Mon 4 (2), Tue 5 (3), Wed 6 (4), Thu 7 (5).
    assert cal.add_working_days(D("2026-12-30"), 5) == DueDate(D("2027-01-07"), provisional=True)
    assert cal.add_calendar_days(D("2026-12-01"), 30) == DueDate(D("2026-12-31"), provisional=False)
    assert cal.add_calendar_days(D("2026-12-01"), 31).provisional  # 2027-01-01
    assert cal.add_months(D("2026-12-15"), 1) == DueDate(D("2027-01-15"), provisional=True)
    assert str(DueDate(D("2027-01-15"), provisional=True)) == "2027-01-15（暂定）"


def test_admin_entries_override_the_package() -> None:
    # A correction of a known year: the admin's row wins over chinesecalendar.
    corrected = WorkCalendar({D("2024-10-10"): False})
    assert not corrected.is_working_day(D("2024-10-10"))
    assert corrected.add_working_days(D("2024-09-27"), 5) == DueDate(D("2024-10-11"), provisional=False)


def test_from_session_loads_the_tables(app) -> None:
    from core.extensions import db

    with app.app_context():
        session = db.session
        source = "国办发明电〔2026〕X号"
        session.add_all(
            CalendarDay(date=day, is_working_day=working, name="国庆节", source=source)
            for day, working in PRETEND_2027.items()
        )
        year = CalendarYear(year=2027, complete=False, announced_by=source)
        session.add(year)
        session.commit()
        assert WorkCalendar.from_session(session).add_working_days(D("2027-09-30"), 5).provisional

        year.complete = True
        session.commit()
        loaded = WorkCalendar.from_session(session)
    assert loaded.add_working_days(D("2027-09-30"), 5) == DueDate(D("2027-10-13"), provisional=False)


# -- the yearly check -----------------------------------------------------------------------------


def test_missing_next_year_warning(cal: WorkCalendar, cal_2027: WorkCalendar) -> None:
    warning = cal.missing_next_year_warning(D("2026-11-27"))
    assert warning is not None and "2027年" in warning and "暂定" in warning
    assert cal.missing_next_year_warning(D("2026-10-31")) is None  # not yet November
    assert cal_2027.missing_next_year_warning(D("2026-11-27")) is None
    # Still missing once the year has begun: warned all year round.
    assert "2027年" in (cal.missing_next_year_warning(D("2027-03-01")) or "")


# -- bulk use -------------------------------------------------------------------------------------


def test_each_day_is_looked_up_once(cal: WorkCalendar, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dt.date] = []
    real = chinese_calendar.is_workday

    def counting(day: dt.date) -> bool:
        calls.append(day)
        return real(day)

    monkeypatch.setattr(chinese_calendar, "is_workday", counting)
    for _ in range(3):
        assert cal.add_working_days(D("2024-09-27"), 5).date == D("2024-10-10")
    period = [day for day in calls if day >= D("2024-09-28")]  # not the one-off probe of the year
    assert len(period) == len(set(period)) == 13  # Sep 28 … Oct 10, once each


# -- a year without the notice: the holidays of 《全国年节及纪念日放假办法》 -------------------------------


def test_fangjia_banfa_art_2_holidays_of_2027_are_computed_not_typed() -> None:
    """《全国年节及纪念日放假办法》 art 2 (2024 revision): the days off of a year without the notice."""
    from core.statutory_holidays import statutory_holidays

    # 2027: 正月初一 is Saturday 02-06, so 除夕 is Friday 02-05 (the twelfth month has 30 days); 清明
    # falls on 04-05; 端午 (五月初五) on 06-09; 中秋 (八月十五) on 09-15.
    assert sorted(statutory_holidays(2027)) == [
        D("2027-01-01"),
        D("2027-02-05"), D("2027-02-06"), D("2027-02-07"), D("2027-02-08"),
        D("2027-04-05"),
        D("2027-05-01"), D("2027-05-02"),
        D("2027-06-09"),
        D("2027-09-15"),
        D("2027-10-01"), D("2027-10-02"), D("2027-10-03"),
    ]  # fmt: skip
    # Before the revision (in force 2025-01-01): 春节 3 days from 初一, 劳动节 1 day (2024).
    assert [d for d, name in statutory_holidays(2024).items() if name in ("春节", "劳动节")] == [
        D("2024-02-10"), D("2024-02-11"), D("2024-02-12"), D("2024-05-01"),
    ]  # fmt: skip


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_computed_holidays_are_rest_days_in_the_official_notices(year: int) -> None:
    """The computation agrees with every State Council notice the package carries (放假办法 art 2)."""
    from core.statutory_holidays import statutory_holidays

    assert [d for d in statutory_holidays(year) if chinese_calendar.is_workday(d)] == []


def test_a_provisional_year_treats_the_fixed_holidays_as_days_off(cal: WorkCalendar) -> None:
    """Issue 13 item 10: 元旦 and 春节 2027 are rest days before the notice; only 调休 is provisional."""
    assert not cal.is_working_day(D("2027-01-01"))  # Friday, 元旦
    assert not cal.is_working_day(D("2027-02-05"))  # Friday, 除夕
    assert not cal.is_working_day(D("2027-02-08"))  # Monday, 正月初三
    assert cal.is_working_day(D("2027-02-09"))  # Tuesday: a working day until the notice says otherwise
    # 2027-01-09 + 30 = Monday 02-08, 春节 → Tuesday 02-09, provisional.
    assert cal.add_calendar_days(D("2027-01-09"), 30) == DueDate(D("2027-02-09"), provisional=True)
