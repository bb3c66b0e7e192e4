"""Today's date where the offices are: statutory periods run on local calendar days, not UTC.

A period "expires at the end of its last day" (民诉法 art 85) in China Standard Time, so a scan
run at 07:30 Beijing time (23:30 UTC the day before) must already count the new day. The
setting ``FAZHI_TODAY`` (an ISO date) pins the date for tests and demonstrations; it is never
set in production.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

_DEFAULT_ZONE = "Asia/Shanghai"


def local_zone() -> ZoneInfo:
    """The offices' time zone (``BABEL_DEFAULT_TIMEZONE``, default Asia/Shanghai)."""
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE", _DEFAULT_ZONE) if has_app_context() else _DEFAULT_ZONE
    return ZoneInfo(name or _DEFAULT_ZONE)


def _pinned() -> dt.date | None:
    if not has_app_context():
        return None
    value = current_app.config.get("FAZHI_TODAY")
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def today() -> dt.date:
    """The local date (or ``FAZHI_TODAY`` when pinned)."""
    return _pinned() or dt.datetime.now(local_zone()).date()


def now() -> dt.datetime:
    """The local time, timezone-aware; on a pinned date, that date at the current local time."""
    current = dt.datetime.now(local_zone())
    pinned = _pinned()
    return current if pinned is None else dt.datetime.combine(pinned, current.timetz())


def local_time(value: dt.datetime) -> dt.datetime:
    """A stored time (UTC; naive values are UTC too, as SQLite returns them) in the offices' zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(local_zone())


def local_minute(value: dt.datetime | None) -> str:
    """A stored time as users read it: local time to the minute (2026-11-30 13:34); None → ""."""
    if value is None:
        return ""
    return local_time(value).strftime("%Y-%m-%d %H:%M")
