"""Record panels: the blocks shown under any record's details (attachments, history, …).

The core's features register panels here; each panel renders for one record and sees it
only after the view has scoped it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class Panel:
    """A rendered panel: a key (for the HTML id), a title and its HTML."""

    key: str
    title: str
    html: Markup


#: (order, key, renderer(record) -> Panel | None)
_panels: list[tuple[int, str, Callable[[Any], Panel | None]]] = []


def register_record_panel(key: str, renderer: Callable[[Any], Panel | None], order: int = 100) -> None:
    """Add a panel to every record's details page (idempotent per key)."""
    global _panels
    _panels = [p for p in _panels if p[1] != key]
    _panels.append((order, key, renderer))
    _panels.sort(key=lambda p: (p[0], p[1]))


def panels_for(record: Any) -> list[Panel]:
    """The panels of `record`, in order; a renderer that returns None shows nothing."""
    rendered = []
    for _order, _key, renderer in _panels:
        panel = renderer(record)
        if panel is not None:
            rendered.append(panel)
    return rendered
