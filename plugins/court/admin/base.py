"""The base of the court plugin's admin views: the menu category, the module key, the figure links."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_admin.model import typefmt
from flask_babel import lazy_gettext as _l

from core import clock
from core.admin import ScopedModelView
from core.extensions import db
from core.i18n import translate
from core.models import Region
from core.periods import Period
from plugins.court import indicators

CATEGORY = _l("出庭应诉")
PLUGIN_KEY = indicators.PLUGIN_KEY


def _yes_no(view: Any, value: bool, name: str = "") -> str:
    return translate("是") if value else translate("否")


class CourtView(ScopedModelView):
    """Common settings of the plugin's views."""

    plugin_key = PLUGIN_KEY
    column_display_pk = False
    column_type_formatters = {**typefmt.BASE_FORMATTERS, bool: _yes_no}
    column_type_formatters_detail = {**typefmt.DETAIL_FORMATTERS, bool: _yes_no}

    # -- the records behind an indicator (``?figure=&year=&region=``, see `indicators.figure_record_ids`) --

    def _figure(self, query: Any) -> Any:
        figure = request.args.get("figure", "")
        if not figure:
            return query
        region = db.session.get(Region, request.args.get("region", type=int) or 0)
        year = request.args.get("year", type=int) or clock.today().year
        found = indicators.figure_record_ids(figure, region, Period.year(year)) if region is not None else None
        if found is None or found[0] is not self.model:
            return query.filter(self.model.id.in_([]))
        return query.filter(self.model.id.in_(sorted(found[1])))

    def get_query(self) -> Any:
        return self._figure(super().get_query())

    def get_count_query(self) -> Any:
        return self._figure(super().get_count_query())
