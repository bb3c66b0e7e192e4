"""Local practice of 政府合同管理, as settings with the defaults of the city's regulation.

The periods are local rules (DOMAIN.md, "政府合同管理": 《荆门市政府合同管理暂行办法》 as the
source report describes it), so every office may set its own. Set any of them in the app config
or the environment (``FAZHI_CONTRACTS_REVIEW_WORKING_DAYS=7``).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

DEFAULTS: dict[str, Any] = {
    #: The department submits a contract at least this many working days before the planned signing.
    "FAZHI_CONTRACTS_SUBMISSION_LEAD_WORKING_DAYS": 5,
    #: The legal office returns its review within this many working days of the submission.
    "FAZHI_CONTRACTS_REVIEW_WORKING_DAYS": 5,
    #: A copy of the signed contract is filed with the legal office within this many working days (5–7).
    "FAZHI_CONTRACTS_FILING_WORKING_DAYS": 5,
    #: A borrowed contract is returned within this many working days of lending.
    "FAZHI_CONTRACTS_RETURN_WORKING_DAYS": 3,
    #: Subject-matter amounts (元) from which a contract of a kind is major; 0: every contract of the kind.
    "FAZHI_CONTRACTS_MAJOR_THRESHOLDS": {
        "land_transfer": 50_000_000,
        "ppp": 0,
        "concession": 0,
        "procurement": 10_000_000,
        "construction": 30_000_000,
        "lease": 5_000_000,
        "loan": 10_000_000,
        "guarantee": 0,
        "cooperation": 50_000_000,
        "other": 10_000_000,
    },
    #: How contract review numbers are made: {body} the region's short name, {year}, {seq}.
    "FAZHI_CONTRACTS_NUMBER_FORMAT": "{body}政合审〔{year}〕{seq}号",
    #: Days a unit has to rectify after a 督办 notice of this plugin.
    "FAZHI_CONTRACTS_RECTIFY_DAYS": 15,
    #: Demo: contracts a year in each county (last year and this year); the city gets its report's history.
    "FAZHI_CONTRACTS_DEMO_PER_COUNTY_YEAR": 12,
}


def setting(name: str) -> Any:
    """The configured value of `name` (a key of `DEFAULTS`), coerced to the default's type."""
    default = DEFAULTS[name]
    value = current_app.config.get(name, default) if has_app_context() else default
    if isinstance(default, int) and not isinstance(value, int):
        return int(value)
    return value


def install_defaults(config: dict[str, Any]) -> None:
    """Put the defaults into an app's config where the operator set nothing (called at start-up)."""
    for name, value in DEFAULTS.items():
        config.setdefault(name, value)
