"""The official working-day calendar as entered by an admin, for years `chinesecalendar` does not know.

The State Council's General Office announces each year's public holidays and make-up working days
(调休) in a notice published around November of the year before. The `chinesecalendar` package
carries them up to its last release; for later years an admin enters the notice here. Both tables
are national (not region-owned): every region counts periods on the same calendar.
"""

from __future__ import annotations

import datetime  # the module, not the class: the column below is called `date`

from flask_babel import gettext
from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import TimestampMixin


class CalendarDay(TimestampMixin, db.Model):
    """One day whose status differs from the plain weekday rule (Mon–Fri working, Sat–Sun rest).

    A holiday on a weekday is entered with ``is_working_day=False``; a make-up working day on a
    weekend (调休上班, e.g. Sunday 2024-09-29) with ``is_working_day=True``. An entry overrides
    `chinesecalendar` too, so a correction of the package's data is possible.
    """

    __tablename__ = "calendar_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The day; at most one entry per day.
    date: Mapped[datetime.date] = mapped_column(Date, unique=True)
    #: False for a public holiday (法定节假日), True for a make-up working day (调休上班).
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    #: The holiday it belongs to, e.g. 春节, 国庆节 (a make-up day names the holiday it serves).
    name: Mapped[str] = mapped_column(String(32), default="")
    #: Where it was announced, e.g. 国办发明电〔2026〕7号.
    source: Mapped[str] = mapped_column(String(128), default="")

    def __str__(self) -> str:
        if self.is_working_day:
            return gettext("%(date)s %(name)s调休上班", date=self.date.isoformat(), name=self.name)
        return gettext("%(date)s %(name)s放假", date=self.date.isoformat(), name=self.name)


class CalendarYear(TimestampMixin, db.Model):
    """A year whose official notice has been entered completely in `CalendarDay`.

    Only a complete year counts as official data: until then deadlines touching it are computed on
    plain weekdays and marked provisional (DOMAIN.md, "Counting periods").
    """

    __tablename__ = "calendar_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The calendar year, e.g. 2027.
    year: Mapped[int] = mapped_column(Integer, unique=True)
    #: Set by the admin once every holiday and make-up day of the notice is entered.
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The notice the entries come from, e.g. 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕7号）.
    announced_by: Mapped[str] = mapped_column(String(255), default="")

    def __str__(self) -> str:
        if self.complete:
            return gettext("%(year)s年（已完整录入）", year=self.year)
        return gettext("%(year)s年（未完整录入）", year=self.year)
