"""Local practice of 政府法律顾问, as settings with defaults (``FAZHI_COUNSEL_*`` in config or environment).

The statutory period of a legality review (条例 art 26 ¶2: 一般不少于7个工作日) is the default of
its kind; the other kinds' periods are an office's own practice. See `core.settings.PluginSettings`.
"""

from __future__ import annotations

from core.settings import PluginSettings

SETTINGS = PluginSettings(
    "counsel",
    #: Region levels whose agencies must have counsel (中办发〔2016〕30号: county level and above;
    #: townships "as needed" — add "township" to require them).
    REQUIRED_LEVELS=["city", "county", "zone"],
    #: An engagement ending within this many days raises a 预警 to the engaging agency.
    EXPIRY_WARNING_DAYS=30,
    #: Working days counsel have for an opinion, by matter kind (major_decision: art 26 ¶2).
    MAJOR_DECISION_WORKING_DAYS=7,
    NORMATIVE_DOCUMENT_WORKING_DAYS=7,
    CONTRACT_WORKING_DAYS=5,
    LITIGATION_WORKING_DAYS=5,
    OTHER_WORKING_DAYS=10,
    #: Days an agency has to rectify after the coverage 督办 (engage counsel).
    RECTIFY_DAYS=30,
    #: Demo data: matters a year at the city (counties get a quarter of it).
    DEMO_MATTERS_PER_YEAR=40,
)
#: The value of one setting by its short name (``setting("RECTIFY_DAYS")``).
setting = SETTINGS.get


def working_days_for(kind: str) -> int:
    """The opinion period of a matter kind, in working days."""
    return int(setting(f"{kind.upper()}_WORKING_DAYS"))


def required_levels() -> set[str]:
    """Region levels whose agencies must have counsel."""
    return set(setting("REQUIRED_LEVELS"))
