"""The home page: the dashboard of the user's region for a chosen year (see `core.dashboard`)."""

from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from core import clock
from core.dashboard import build_dashboard, plugin_title
from core.plugins.host import get_host


def calendar_warning(user: Any) -> str | None:
    """The yearly calendar check, for admins: next year's holidays missing from November on."""
    if not user.is_region_admin:
        return None
    from core.deadlines.operations import current_calendar

    return current_calendar().missing_next_year_warning(clock.today())


class HomeView(AdminIndexView):
    """首页: indicators, notices, deadlines and charts of the user's region for a chosen year."""

    def is_accessible(self) -> bool:
        return bool(getattr(current_user, "is_authenticated", False))

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self) -> Any:
        this_year = clock.today().year
        try:
            year = int(request.args.get("year", this_year))
        except ValueError:
            year = this_year
        year = min(max(year, 2000), this_year + 1)
        region = current_user.region
        host = get_host()
        board = build_dashboard(region, year)
        return self.render(
            "fazhi/home.html",
            region=region,
            year=year,
            years=list(range(this_year, this_year - 6, -1)),
            indicators=board.indicators,
            plugin_title=plugin_title,
            board=board,
            calendar_warning=calendar_warning(current_user),
            failures=host.failures if current_user.is_region_admin else [],
        )
