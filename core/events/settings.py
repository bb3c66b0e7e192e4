"""The event bus settings, read once per app from ``app.config`` (defaults in config/defaults.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask


@dataclass(frozen=True)
class BusSettings:
    """How hard the bus tries, and how the worker claims work."""

    #: Attempts before a delivery is dead-lettered (FAZHI_EVENT_MAX_ATTEMPTS).
    max_attempts: int = 5
    #: Backoff after the n-th failure: base × 2^(n-1) seconds, at most `retry_max_seconds`.
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    #: How long a claimed delivery belongs to its worker; a dead worker's rows are free after it.
    lease_seconds: float = 300.0
    #: Deliveries claimed at once by a worker.
    batch: int = 100
    #: How long an idle worker sleeps before looking again.
    poll_seconds: float = 2.0
    #: Deliver a request's committed events right after it (False: leave all to the worker).
    deliver_after_request: bool = True
    #: PostgreSQL: commit deliveries with ``synchronous_commit = off``. A crash may then lose the
    #: last few delivery transactions — the handler's writes and the row's "delivered" state
    #: together, never one without the other — and those rows simply run again after their lease.
    #: Later synchronous commits (a user acting on what a handler made) flush them first.
    async_commit: bool = True
    #: PostgreSQL: seconds a delivery made right after a request waits for a row lock before it
    #: fails (and the worker retries it); see `DeliveryRunner`.
    request_lock_timeout: float = 5.0

    @classmethod
    def from_app(cls, app: Flask) -> BusSettings:
        """The settings of `app`."""
        c = app.config
        return cls(
            max_attempts=max(1, int(c.get("FAZHI_EVENT_MAX_ATTEMPTS", cls.max_attempts))),
            retry_base_seconds=float(c.get("FAZHI_EVENT_RETRY_BASE_SECONDS", cls.retry_base_seconds)),
            retry_max_seconds=float(c.get("FAZHI_EVENT_RETRY_MAX_SECONDS", cls.retry_max_seconds)),
            lease_seconds=float(c.get("FAZHI_EVENT_LEASE_SECONDS", cls.lease_seconds)),
            batch=max(1, int(c.get("FAZHI_EVENT_BATCH", cls.batch))),
            poll_seconds=float(c.get("FAZHI_EVENT_POLL_SECONDS", cls.poll_seconds)),
            deliver_after_request=bool(c.get("FAZHI_EVENT_DELIVER_AFTER_REQUEST", cls.deliver_after_request)),
            async_commit=bool(c.get("FAZHI_EVENT_ASYNC_COMMIT", cls.async_commit)),
            request_lock_timeout=float(c.get("FAZHI_EVENT_REQUEST_LOCK_TIMEOUT", cls.request_lock_timeout)),
        )

    def backoff(self, attempts: int) -> timedelta:
        """The wait before the next try after `attempts` failed ones (exponential, capped)."""
        seconds = self.retry_base_seconds * 2 ** max(0, attempts - 1)
        return timedelta(seconds=min(seconds, self.retry_max_seconds))

    @property
    def lease(self) -> timedelta:
        """The lease as a timedelta."""
        return timedelta(seconds=self.lease_seconds)
