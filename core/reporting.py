"""The reporting scope: which regions a figure, a list, a chart, an export or a circular section covers.

One rule for all of them, so that a city's figure and the list it links to count the same
records: the region's subtree (or the region alone), inside what the current user may see,
**where the plugin's module is switched on**. A county that switched 行政复议 off is left out of
the city's 行政复议 figures exactly as its cases are left out of the city's case list.

    ids = reporting.region_ids(region, "court")                  # a figure of a region
    query = query.where(reporting.within(Hearing, region, "court"))
    ids = reporting.visible_region_ids("court")                  # a list or an export of the user
"""

from __future__ import annotations

from typing import Any

from core import modules, tenancy
from core.models import Region


def visible_region_ids(plugin_key: str | None) -> frozenset[int] | None:
    """The regions the current user may see where `plugin_key` is on (None: everything, unscoped).

    What every list view, register export and statistics page of the plugin shows; a core
    feature (`plugin_key` None) is on everywhere.
    """
    scope = tenancy.current_scope()
    if plugin_key is None:
        return scope
    return modules.enabled_region_ids(plugin_key, scope)


def region_ids(region: Region, plugin_key: str | None, *, own_only: bool = False) -> frozenset[int]:
    """The regions a figure of `region` covers: its subtree (or itself only), visible, with the module on."""
    ids = frozenset({region.id}) if own_only else tenancy.region_subtree_ids(region)
    visible = visible_region_ids(plugin_key)
    return ids if visible is None else ids & visible


def within(model: type, region: Region, plugin_key: str | None, *, own_only: bool = False) -> Any:
    """A WHERE clause keeping the records of `model` inside `region`'s reporting scope."""
    ids = region_ids(region, plugin_key, own_only=own_only)
    return model.scope_column().in_(sorted(ids))  # type: ignore[attr-defined]


def scoped(query: Any, model: type, region_ids: frozenset[int] | None) -> Any:
    """`query` (a select) limited to the records of `model` in `region_ids` (None: unchanged)."""
    criterion = tenancy.scope_filter(model, region_ids)
    return query if criterion is None else query.where(criterion)
