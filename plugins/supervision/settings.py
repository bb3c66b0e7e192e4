"""Local practices of 实施方案督办 that differ between offices, as settings with the source report's defaults.

The periods of 政府督查工作条例 (30 days for an objection, 30 for the review, art 17) are the law and
not settings. Set any of these in the app config or the environment (``FAZHI_SUPERVISION_RECTIFY_DAYS=20``).
"""

from __future__ import annotations

from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    #: Days a unit has to rectify after a 督办 notice of this plugin (local practice).
    "FAZHI_SUPERVISION_RECTIFY_DAYS": 15,
    #: Days a unit has to rectify an inspection finding when the conclusion names no date.
    "FAZHI_SUPERVISION_FINDING_RECTIFY_DAYS": 60,
    #: The annual assessment: metric → points (metrics in vocabulary.METRIC_LABELS). Rates earn their
    #: share of the points; "overdue" and "findings" lose `FAZHI_SUPERVISION_PENALTY_POINTS` each.
    "FAZHI_SUPERVISION_ASSESSMENT_SCHEME": {
        "on_time": 40,
        "accepted": 30,
        "overdue": 10,
        "findings": 10,
        "rectification": 10,
    },
    "FAZHI_SUPERVISION_PENALTY_POINTS": 2,
    #: Demo: measures of the city's plan and the lead units they are spread over (source report: 140, 32).
    "FAZHI_SUPERVISION_DEMO_MEASURES": 140,
    "FAZHI_SUPERVISION_DEMO_LEAD_UNITS": 32,
}


def setting(name: str) -> Any:
    """The configured value of `name` (a key of `DEFAULTS`), coerced to the default's type."""
    default = DEFAULTS[name]
    value = current_app.config.get(name, default)
    if isinstance(default, int) and not isinstance(value, int):
        return int(value)
    if isinstance(default, dict) and isinstance(value, str):
        pairs = (part.split(":", 1) for part in value.split(",") if ":" in part)
        return {key.strip(): int(points) for key, points in pairs}
    return value


def install_defaults(config: dict[str, Any]) -> None:
    """Put the defaults into an app's config where the operator set nothing (called at start-up)."""
    for name, value in DEFAULTS.items():
        config.setdefault(name, value)
