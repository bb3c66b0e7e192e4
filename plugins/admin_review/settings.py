"""Local practices of 行政复议 that differ between offices, as settings with the source report's defaults.

The law's own periods are not settings (they are the law); these are the local systems the
source report describes (现场调查, 行政首长告知, 回访) and the office's own conventions. Set any of
them in the app config or the environment (``FAZHI_ADMIN_REVIEW_FOLLOW_UP_DAYS=60``); see
`core.settings.PluginSettings`.
"""

from __future__ import annotations

from core.settings import PluginSettings

SETTINGS = PluginSettings(
    "admin_review",
    #: How case numbers (案号) are made: {body} the review body's short name, {year}, {seq}.
    CASE_NUMBER_FORMAT="{body}行复〔{year}〕{seq}号",
    #: Short names of review bodies for case numbers, by region name (default: the name without 市/区/县).
    BODY_ABBREVIATIONS={},
    #: Dispute categories that need an on-site investigation record before a decision (source report:
    #: "土地、林权纠纷等，全部到现场调查核实").
    ONSITE_CATEGORIES=["land", "forest"],
    #: 行政首长告知: the decision types after which the respondent's head must be told of the outcome
    #: ("all" for every decision), and within how many days of the decision.
    HEAD_NOTICE_DECISIONS=[
        "vary",
        "revoke",
        "partial_revoke",
        "confirm_illegal",
        "order_performance",
        "confirm_invalid",
    ],
    HEAD_NOTICE_DAYS=15,
    #: 回访: the follow-up visit within this many days of service (0: no visits are tracked).
    FOLLOW_UP_DAYS=90,
    #: The time limit written into a decision ordering the respondent to redo or perform, when none is given.
    DEFAULT_PERFORMANCE_DAYS=60,
    #: Demo data: cases a year per county at scale 1 (the city gets a third more).
    DEMO_CASES_PER_YEAR=200,
    #: Days a unit has to rectify after a 督办 or 通报批评 notice of this plugin.
    RECTIFY_DAYS=15,
)
#: The value of one setting by its short name (``setting("FOLLOW_UP_DAYS")``).
setting = SETTINGS.get
