"""Who may read a circular: its own region's subtree always; once published, the regions it is sent to.

A 《政府情况通报》 is issued downward (报/送/发): the counties a city's circular is addressed to
must read the published text. The rule widens the circular list only, for published circulars
only: drafts and everything else of the issuing region stay behind the ordinary tenancy scope
(`core.tenancy`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_

from core.circulars.models import Circular, CircularState
from core.models.tenancy import Region


def ancestor_ids(region: Region) -> list[int]:
    """`region`'s id and its ancestors' ids, read from its materialised path ("/1/4/12/")."""
    return [int(part) for part in (region.path or "").strip("/").split("/") if part.isdigit()]


def addressed_to(region: Region) -> Any:
    """Published circulars that reach `region`'s users: sent to it or to a region above it, or,
    with no addressees named, issued by it or a region above it (the issuer's whole subtree)."""
    above = ancestor_ids(region)
    return and_(
        Circular.state == CircularState.PUBLISHED,
        or_(
            Circular.addressees.any(Region.id.in_(above)),
            and_(~Circular.addressees.any(), Circular.region_id.in_(above)),
        ),
    )


def readable(visible: frozenset[int], region: Region) -> Any:
    """The circulars a user who sees `visible` and belongs to `region` may open."""
    return or_(Circular.region_id.in_(sorted(visible)), addressed_to(region))


def reaches(circular: Circular, region: Region) -> bool:
    """Whether the published `circular` is addressed to `region` (Python twin of `addressed_to`)."""
    if circular.state != CircularState.PUBLISHED:
        return False
    above = set(ancestor_ids(region))
    if circular.addressees:
        return any(r.id in above for r in circular.addressees)
    return circular.region_id in above
