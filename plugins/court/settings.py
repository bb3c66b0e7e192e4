"""Local practices of 出庭应诉 as settings (``FAZHI_COURT_*`` in the config or the environment)."""

from __future__ import annotations

from core.settings import PluginSettings

SETTINGS = PluginSettings(
    "court",
    #: The appearance report (应诉报告, local practice) is due within this many working days of the
    #: court's notice to appear; the notice comes at least 3 days before the hearing (规定 art 5 ¶2),
    #: so the legal office can still approve a delegation.
    REPORT_WORKING_DAYS=1,
)
