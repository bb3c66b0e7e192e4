"""The reporting scope of the plugin's figures: a region's subtree where the module is switched on.

The kit will offer one core helper for this; until then this is the plugin's one place for it, used
by the indicators, the circular section and the coverage list.
"""

from __future__ import annotations

from core import modules, tenancy
from core.models import Region

PLUGIN_KEY = "counsel"


def reporting_region_ids(region: Region) -> frozenset[int]:
    """Ids of `region`'s subtree where 政府法律顾问 is on."""
    subtree = tenancy.region_subtree_ids(region)
    enabled = modules.enabled_region_ids(PLUGIN_KEY, subtree)
    return subtree if enabled is None else frozenset(enabled)
