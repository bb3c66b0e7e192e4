"""List filters the core's views share."""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.filters import BaseSQLAFilter

from core.extensions import db
from core.models import Region
from core.tenancy import region_subtree_ids

#: How `RegionSubtreeFilter` names its operation (used by `core.admin.links.filtered_list_url`).
SUBTREE_OPERATION = "含下级区划"


class RegionSubtreeFilter(BaseSQLAFilter):
    """Records of a region and every region below it (a figure for 东宝区 includes its townships).

    The value is the region's id; the view's own scoping still applies on top.
    """

    def clean(self, value: Any) -> int:
        return int(value)

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        region = db.session.get(Region, int(value))
        if region is None:
            return query.filter(self.get_column(alias).in_([]))
        return query.filter(self.get_column(alias).in_(sorted(region_subtree_ids(region))))

    def operation(self) -> str:
        return SUBTREE_OPERATION
