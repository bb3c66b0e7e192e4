"""Module switches: which plugins are on for which region.

A region without its own switch inherits from its parent (a township follows its county),
and the root default is on. The resolution reads the whole region tree and all switches in
two queries and is cached for the request, since a city has at most a few hundred regions.
"""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select

from core.audit import record_event
from core.extensions import db
from core.models import ModuleSwitch, Region, User
from core.tenancy import unscoped


def _resolution() -> dict[int, dict[str, bool]]:
    """{region id: {plugin key: enabled}} for every region, switches inherited down the tree."""
    if has_request_context() and "fazhi_module_resolution" in g:
        return g.fazhi_module_resolution
    with unscoped():
        regions = db.session.execute(select(Region.id, Region.path)).all()
        switches = db.session.execute(
            select(ModuleSwitch.region_id, ModuleSwitch.plugin_key, ModuleSwitch.enabled)
        ).all()
    explicit: dict[int, dict[str, bool]] = {}
    for region_id, key, enabled in switches:
        explicit.setdefault(region_id, {})[key] = bool(enabled)
    resolved: dict[int, dict[str, bool]] = {}
    # Paths sort parents before children, so each region can start from its parent's answer.
    for region_id, path in sorted(regions, key=lambda row: (row[1].count("/"), row[1])):
        ids = [int(p) for p in path.strip("/").split("/") if p]
        parent = ids[-2] if len(ids) > 1 else None
        state = dict(resolved.get(parent, {})) if parent is not None else {}
        state.update(explicit.get(region_id, {}))
        resolved[region_id] = state
    if has_request_context():
        g.fazhi_module_resolution = resolved
    return resolved


def forget_cached_switches() -> None:
    """Drop the request's cached resolution (after a switch changes)."""
    if has_request_context():
        g.pop("fazhi_module_resolution", None)


def is_enabled(plugin_key: str, region_id: int) -> bool:
    """Whether `plugin_key` is switched on for the region (inherited; default on)."""
    return _resolution().get(region_id, {}).get(plugin_key, True)


def enabled_keys(region_id: int, keys: list[str]) -> set[str]:
    """Those of `keys` that are switched on for the region."""
    return {key for key in keys if is_enabled(key, region_id)}


def enabled_region_ids(plugin_key: str, within: frozenset[int] | None) -> frozenset[int] | None:
    """Regions (among `within`, None meaning all) where `plugin_key` is on.

    Returns None only when `within` is None and the plugin is on everywhere, so callers can
    keep "unscoped" cheap.
    """
    resolution = _resolution()
    candidates = resolution.keys() if within is None else within
    enabled = frozenset(r for r in candidates if resolution.get(r, {}).get(plugin_key, True))
    if within is None and len(enabled) == len(resolution):
        return None
    return enabled


def set_module(region: Region, plugin_key: str, enabled: bool | None, by: User | None) -> None:
    """Switch `plugin_key` on/off for `region`, or back to inherited when `enabled` is None.

    Audited as a ``module_switch`` entry; the caller commits.
    """
    with unscoped():
        switch = db.session.execute(
            select(ModuleSwitch).where(ModuleSwitch.region_id == region.id, ModuleSwitch.plugin_key == plugin_key)
        ).scalar_one_or_none()
        before = None if switch is None else switch.enabled
        if enabled is None:
            if switch is not None:
                db.session.delete(switch)
        elif switch is None:
            db.session.add(
                ModuleSwitch(
                    region_id=region.id, plugin_key=plugin_key, enabled=enabled, changed_by_id=by.id if by else None
                )
            )
        else:
            switch.enabled = enabled
            switch.changed_by_id = by.id if by else None
        record_event(
            "module_switch",
            user=by,
            region_id=region.id,
            subject_type="module_switch",
            subject_id=plugin_key,
            summary=f"{region.name}：{plugin_key}",
            changes={"enabled": [before, enabled]},
        )
    forget_cached_switches()
