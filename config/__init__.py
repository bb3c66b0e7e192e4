"""Settings: defaults, test and production, overridden by environment variables.

`load_settings(name)` returns a plain dict the app factory applies to ``app.config``.
Environment variables win over files: ``DATABASE_URL``, ``SECRET_KEY`` and any ``FAZHI_*``.
"""

from __future__ import annotations

import os
from typing import Any

from config import defaults, production, testing

_PROFILES = {"default": defaults, "testing": testing, "production": production}

#: The placeholder secret of the embedded defaults; production refuses to start with it.
DEFAULT_SECRET_KEY = defaults.SECRET_KEY


def _settings_of(module: object) -> dict[str, Any]:
    return {k: getattr(module, k) for k in dir(module) if k.isupper()}


#: Settings given as comma-separated lists in the environment even though their default is None.
_LIST_SETTINGS = {"FAZHI_PLUGINS"}


def coerce_setting(raw: str, current: Any, key: str = "") -> Any:
    """Environment values are strings; give them the type of the default they replace."""
    if key in _LIST_SETTINGS:
        return [part.strip() for part in raw.split(",") if part.strip()]
    if isinstance(current, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, list | tuple):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def load_settings(profile: str | None = None) -> dict[str, Any]:
    """Settings for `profile` (``default``, ``testing``, ``production``; env ``FAZHI_ENV``)."""
    profile = profile or os.environ.get("FAZHI_ENV", "default")
    if profile not in _PROFILES:
        raise ValueError(f"unknown settings profile {profile!r}; choose one of {sorted(_PROFILES)}")
    settings = _settings_of(defaults)
    settings.update(_settings_of(_PROFILES[profile]))
    if os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
    for key, raw in os.environ.items():
        if key.startswith("FAZHI_") and key != "FAZHI_ENV":
            settings[key] = coerce_setting(raw, settings.get(key, ""), key)
    settings["FAZHI_PROFILE"] = profile
    return settings
