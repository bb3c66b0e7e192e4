"""Local practice of 政府法律顾问, as settings with defaults (``FAZHI_COUNSEL_*`` in config or environment).

The statutory period of a legality review (条例 art 26 ¶2: 一般不少于7个工作日) is the default of
its kind; the other kinds' periods are an office's own practice.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

DEFAULTS: dict[str, Any] = {
    #: Region levels whose agencies must have counsel (中办发〔2016〕30号: county level and above;
    #: townships "as needed" — add "township" to require them).
    "FAZHI_COUNSEL_REQUIRED_LEVELS": ["city", "county", "zone"],
    #: An engagement ending within this many days raises a 预警 to the engaging agency.
    "FAZHI_COUNSEL_EXPIRY_WARNING_DAYS": 30,
    #: Working days counsel have for an opinion, by matter kind (major_decision: art 26 ¶2).
    "FAZHI_COUNSEL_MAJOR_DECISION_WORKING_DAYS": 7,
    "FAZHI_COUNSEL_NORMATIVE_DOCUMENT_WORKING_DAYS": 7,
    "FAZHI_COUNSEL_CONTRACT_WORKING_DAYS": 5,
    "FAZHI_COUNSEL_LITIGATION_WORKING_DAYS": 5,
    "FAZHI_COUNSEL_OTHER_WORKING_DAYS": 10,
    #: Days an agency has to rectify after the coverage 督办 (engage counsel).
    "FAZHI_COUNSEL_RECTIFY_DAYS": 30,
    #: Demo data: matters a year at the city (counties get a quarter of it).
    "FAZHI_COUNSEL_DEMO_MATTERS_PER_YEAR": 40,
}


def setting(name: str) -> Any:
    """The configured value of `name` (a key of `DEFAULTS`), coerced to the default's type."""
    default = DEFAULTS[name]
    value = current_app.config.get(name, default) if has_app_context() else default
    if isinstance(default, list) and isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(default, int) and not isinstance(value, int):
        return int(value)
    return value


def working_days_for(kind: str) -> int:
    """The opinion period of a matter kind, in working days."""
    return setting(f"FAZHI_COUNSEL_{kind.upper()}_WORKING_DAYS")


def required_levels() -> set[str]:
    """Region levels whose agencies must have counsel."""
    return set(setting("FAZHI_COUNSEL_REQUIRED_LEVELS"))


def install_defaults(config: dict[str, Any]) -> None:
    """Put the defaults into an app's config where the operator set nothing (called at start-up)."""
    for name, value in DEFAULTS.items():
        config.setdefault(name, value)
