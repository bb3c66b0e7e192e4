"""Plugin settings: declared once with their defaults, overridden by ``FAZHI_<PLUGIN>_<NAME>``.

A plugin's local practices (periods set by local rules, number formats, demo sizes) are
settings, not code. It declares them in one place, with their defaults and a comment each:

    SETTINGS = PluginSettings(
        "court",
        #: Working days after the court's notice within which the appearance report is due.
        REPORT_WORKING_DAYS=1,
    )
    SETTINGS.get("REPORT_WORKING_DAYS")     # 1, or FAZHI_COURT_REPORT_WORKING_DAYS from the config / environment

A value set in the app config wins; the environment (``FAZHI_COURT_REPORT_WORKING_DAYS=2``, read
into the config at start-up by `config.load_settings`, or read here outside an app) comes as text
and is given the default's type (int, bool, a comma-separated list; "all" for a list means all).
"""

from __future__ import annotations

import os
from typing import Any

from flask import current_app, has_app_context

from config import coerce_setting


class PluginSettings:
    """The settings of one plugin, by short name (``REPORT_WORKING_DAYS``), with their defaults."""

    def __init__(self, plugin_key: str, **defaults: Any) -> None:
        self.plugin_key = plugin_key
        self.defaults = defaults

    def name(self, short: str) -> str:
        """The full name of a setting in the config and the environment: ``FAZHI_COURT_REPORT_WORKING_DAYS``."""
        if short not in self.defaults:
            raise KeyError(f"{self.plugin_key} declares no setting {short!r}")
        return f"FAZHI_{self.plugin_key.upper()}_{short}"

    def get(self, short: str) -> Any:
        """The value of setting `short`: the app config's, else the environment's, else the default."""
        name, default = self.name(short), self.defaults[short]
        value = current_app.config.get(name) if has_app_context() else None
        if value is None:
            value = os.environ.get(name)
        if value is None:
            return default
        if isinstance(value, str) and not isinstance(default, str):
            if isinstance(default, list | tuple) and value.strip() == "all":
                return "all"
            return coerce_setting(value, default)
        return value

    def all(self) -> dict[str, Any]:
        """{full name: current value} of every setting (for the docs and the modules page)."""
        return {self.name(short): self.get(short) for short in self.defaults}
