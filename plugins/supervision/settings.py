"""Local practices of 实施方案督办 that differ between offices, as settings with the source report's defaults.

The periods of 政府督查工作条例 (30 days for an objection, 30 for the review, art 17) are the law and
not settings. Set any of these in the app config or the environment (``FAZHI_SUPERVISION_RECTIFY_DAYS=20``).
"""

from __future__ import annotations

from typing import Any

from core.settings import PluginSettings

SETTINGS = PluginSettings(
    "supervision",
    #: Days a unit has to rectify after a 督办 notice of this plugin (local practice).
    RECTIFY_DAYS=15,
    #: Days a unit has to rectify an inspection finding when the conclusion names no date.
    FINDING_RECTIFY_DAYS=60,
    #: The annual assessment: metric → points (metrics of vocabulary.Metric). Rates earn their share of
    #: the points; "overdue" and "findings" lose `PENALTY_POINTS` each. In the environment:
    #: ``FAZHI_SUPERVISION_ASSESSMENT_SCHEME=on_time:40,accepted:30,…``.
    ASSESSMENT_SCHEME={"on_time": 40, "accepted": 30, "overdue": 10, "findings": 10, "rectification": 10},
    PENALTY_POINTS=2,
    #: Demo: measures of the city's plan and the lead units they are spread over (source report: 140, 32).
    DEMO_MEASURES=140,
    DEMO_LEAD_UNITS=32,
)


def setting(short: str) -> Any:
    """The configured value of setting `short` (``RECTIFY_DAYS``…); the scheme read from "metric:points,…" text too."""
    value = SETTINGS.get(short)
    if short == "ASSESSMENT_SCHEME" and isinstance(value, str):
        pairs = (part.split(":", 1) for part in value.split(",") if ":" in part)
        return {key.strip(): int(points) for key, points in pairs}
    return value
