"""The hook test plugin's event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events import EventData


@dataclass(frozen=True)
class ObjectCreated(EventData):
    """An inspection object was created (handled by two plugins in the module switch test)."""

    name: ClassVar[str] = "hookcheck.object.created"
