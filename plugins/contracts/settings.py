"""Local practice of 政府合同管理, as settings with the defaults of the city's regulation.

The periods are local rules (DOMAIN.md, "政府合同管理": 《荆门市政府合同管理暂行办法》 as the
source report describes it), so every office may set its own. Set any of them in the app config
or the environment (``FAZHI_CONTRACTS_REVIEW_WORKING_DAYS=7``); see `core.settings.PluginSettings`.
"""

from __future__ import annotations

from core.settings import PluginSettings

SETTINGS = PluginSettings(
    "contracts",
    #: The department submits a contract at least this many working days before the planned signing.
    SUBMISSION_LEAD_WORKING_DAYS=5,
    #: The legal office returns its review within this many working days of the submission.
    REVIEW_WORKING_DAYS=5,
    #: A copy of the signed contract is filed with the legal office within this many working days (5–7).
    FILING_WORKING_DAYS=5,
    #: A borrowed contract is returned within this many working days of lending.
    RETURN_WORKING_DAYS=3,
    #: Subject-matter amounts (元) from which a contract of a kind is major; 0: every contract of the kind.
    MAJOR_THRESHOLDS={
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
    NUMBER_FORMAT="{body}政合审〔{year}〕{seq}号",
    #: Days a unit has to rectify after a 督办 notice of this plugin.
    RECTIFY_DAYS=15,
    #: Demo: contracts a year in each county (last year and this year); the city gets its report's history.
    DEMO_PER_COUNTY_YEAR=12,
)
#: The value of one setting by its short name (``setting("REVIEW_WORKING_DAYS")``).
setting = SETTINGS.get
