"""工作日历: the official holidays and make-up working days, and which years are complete.

Everyone reads the calendar; only system admins change it (it is national, not regional). Every
change recounts the deadlines it may move: completing a year recounts the provisional ones
(DOMAIN.md: "until they are, deadlines in those years are marked provisional").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.validators import NumberRange

from core.admin.views import ScopedModelView, user_can_write
from core.extensions import db
from core.models.calendar import CalendarDay, CalendarYear

CATEGORY = _l("系统管理")


def _is_system_admin() -> bool:
    return bool(getattr(current_user, "is_authenticated", False) and current_user.is_system_admin)


def recount_after_calendar_change(year: int) -> None:
    """Recount the deadlines a change to `year` may move, commit, and tell the admin."""
    from core.deadlines.operations import forget_calendar
    from core.deadlines.recompute import recompute_deadlines

    forget_calendar()
    report = recompute_deadlines(year=year)
    db.session.commit()
    if report.changed or report.confirmed:
        flash(gettext("已按新的工作日历重新计算期限：%(report)s", report=report), "info")


class CalendarAdminMixin:
    """Everyone reads; system admins write; each change recounts deadlines."""

    @property
    def can_create(self) -> bool:
        return user_can_write() and _is_system_admin()

    @property
    def can_edit(self) -> bool:
        return user_can_write() and _is_system_admin()

    @property
    def can_delete(self) -> bool:
        return user_can_write() and _is_system_admin()

    def _year_of(self, model: Any) -> int:
        raise NotImplementedError

    def after_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        recount_after_calendar_change(self._year_of(model))

    def after_model_delete(self, model: Any) -> None:
        recount_after_calendar_change(self._year_of(model))


class CalendarYearView(CalendarAdminMixin, ScopedModelView):
    """工作日历年度: a year counts as official only once every holiday of its notice is entered."""

    column_default_sort = ("year", True)
    column_list = ["year", "complete", "announced_by", "updated_at"]
    column_labels = {"year": "年度", "complete": "已完整录入", "announced_by": "依据通知", "updated_at": "更新时间"}
    form_columns = ["year", "complete", "announced_by"]
    form_args = {"year": {"validators": [NumberRange(min=2000, max=2100, message=_l("年度应在 2000—2100 之间"))]}}
    column_description = {"complete": "该年全部放假日和调休上班日录入后勾选；勾选后落在该年的暂定期限将重新计算。"}

    def _year_of(self, model: CalendarYear) -> int:
        return model.year


class CalendarDayView(CalendarAdminMixin, ScopedModelView):
    """工作日历: holidays on weekdays (放假) and make-up working days on weekends (调休上班)."""

    column_default_sort = ("date", True)
    column_list = ["date", "is_working_day", "name", "source"]
    column_labels = {"date": "日期", "is_working_day": "调休上班", "name": "节日", "source": "依据"}
    column_filters = ["date", "is_working_day", "name"]
    column_searchable_list = ["name"]
    form_columns = ["date", "is_working_day", "name", "source"]
    column_description = {"is_working_day": "勾选：该日为调休上班日；不勾选：该日放假。"}
    list_template = "fazhi/calendar/day_list.html"

    def _year_of(self, model: CalendarDay) -> int:
        return model.date.year

    @expose("/bulk", methods=["GET", "POST"])
    def bulk(self) -> Any:
        """Enter a year's notice at once: one line per day or range, "放假" or "上班"."""
        if not self.can_create:
            abort(403)
        text = request.form.get("lines", "")
        if request.method == "POST":
            try:
                entries = parse_calendar_lines(text)
            except ValueError as exc:
                flash(str(exc), "error")
                return self.render("fazhi/calendar/bulk.html", lines=text, form=request.form)
            source = request.form.get("source", "").strip()[:128]
            years = save_calendar_entries(entries, source)
            complete_year = request.form.get("complete_year", "").strip()
            if complete_year:
                if not complete_year.isdigit() or not 2000 <= int(complete_year) <= 2100:
                    db.session.rollback()
                    flash("已完整录入的年度应为 2000—2100 之间的年份", "error")
                    return self.render("fazhi/calendar/bulk.html", lines=text, form=request.form)
                mark_year_complete(int(complete_year), source)
                years.add(int(complete_year))
            db.session.commit()
            flash(gettext("已录入 %(n)s 天。", n=len(entries)), "success")
            for year in sorted(years):
                recount_after_calendar_change(year)
            return redirect(url_for(".index_view"))
        return self.render("fazhi/calendar/bulk.html", lines=text, form=request.form)


_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*[~～至]\s*(\d{4}-\d{2}-\d{2}))?\s+(\S+?)\s*(放假|休息|上班|调休上班)$")


def parse_calendar_lines(text: str) -> list[tuple[dt.date, bool, str]]:
    """Parse lines like "2027-10-01~2027-10-07 国庆节 放假" and "2027-10-09 国庆节 上班".

    Returns (day, is working day, holiday name); raises ValueError naming the bad line.
    """
    entries: list[tuple[dt.date, bool, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(
                gettext(
                    "第 %(n)s 行格式不对：“%(line)s”（应为“2027-10-01~2027-10-07 国庆节 放假”）", n=number, line=line
                )
            )
        first, last, name, kind = match.groups()
        try:
            start = dt.date.fromisoformat(first)
            end = dt.date.fromisoformat(last) if last else start
        except ValueError as exc:
            raise ValueError(gettext("第 %(n)s 行日期无效：“%(line)s”", n=number, line=line)) from exc
        if end < start or (end - start).days > 31:
            raise ValueError(gettext("第 %(n)s 行日期范围无效：“%(line)s”", n=number, line=line))
        working = kind in ("上班", "调休上班")
        day = start
        while day <= end:
            entries.append((day, working, name[:32]))
            day += dt.timedelta(days=1)
    if not entries:
        raise ValueError("没有可录入的日期")
    return entries


def save_calendar_entries(entries: list[tuple[dt.date, bool, str]], source: str) -> set[int]:
    """Insert or update one `CalendarDay` per entry; returns the years touched."""
    existing = {
        day.date: day
        for day in db.session.execute(
            select(CalendarDay).where(CalendarDay.date.in_([d for d, _w, _n in entries]))
        ).scalars()
    }
    for day, working, name in entries:
        row = existing.get(day)
        if row is None:
            db.session.add(CalendarDay(date=day, is_working_day=working, name=name, source=source))
        else:
            row.is_working_day, row.name = working, name
            row.source = source or row.source
    return {d.year for d, _w, _n in entries}


def mark_year_complete(year: int, announced_by: str) -> CalendarYear:
    """Mark `year` as completely entered (creating its row if needed)."""
    row = db.session.execute(select(CalendarYear).where(CalendarYear.year == year)).scalar_one_or_none()
    if row is None:
        row = CalendarYear(year=year, complete=True, announced_by=announced_by)
        db.session.add(row)
    else:
        row.complete = True
        row.announced_by = announced_by or row.announced_by
    return row


def calendar_admin_views() -> list[Any]:
    """The calendar pages."""
    return [
        CalendarDayView(CalendarDay, name="工作日历", category=CATEGORY, endpoint="calendar_days"),
        CalendarYearView(CalendarYear, name="工作日历年度", category=CATEGORY, endpoint="calendar_years"),
    ]
