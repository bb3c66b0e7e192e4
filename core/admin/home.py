"""The home page: the indicators of the user's region, contributed by the enabled plugins."""

from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from core import modules
from core.models.base import utcnow
from core.plugins.host import get_host
from core.plugins.types import Indicator


def indicators_for(region: Any, year: int) -> list[tuple[str, Indicator]]:
    """(plugin title, indicator) for `region` and `year`, from plugins switched on there."""
    host = get_host()
    enabled = modules.enabled_keys(region.id, list(host.plugins))
    results = []
    for key, indicator in host.collect("collect_indicators", only=enabled, ctx=None, region=region, year=year):
        if isinstance(indicator, Indicator):
            results.append((host.plugins[key].title, indicator))
    return results


class HomeView(AdminIndexView):
    """首页: indicators of the user's region for a chosen year."""

    def is_accessible(self) -> bool:
        return bool(getattr(current_user, "is_authenticated", False))

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self) -> Any:
        this_year = utcnow().year
        try:
            year = int(request.args.get("year", this_year))
        except ValueError:
            year = this_year
        year = min(max(year, 2000), this_year + 1)
        region = current_user.region
        host = get_host()
        return self.render(
            "fazhi/home.html",
            region=region,
            year=year,
            years=list(range(this_year, this_year - 6, -1)),
            indicators=indicators_for(region, year),
            failures=host.failures if current_user.is_region_admin else [],
        )
