"""The core's circular event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.events.data import EventData


@dataclass(frozen=True, kw_only=True)
class CircularPublished(EventData):
    """A circular was numbered and its PDF stored (the circular is the subject)."""

    name: ClassVar[str] = "core.circular.published"
    #: The circular's number in its region and year (〔2026〕3号 → 3).
    number: int
    year: int
    title: str
    #: SHA-256 of the stored PDF.
    sha256: str
