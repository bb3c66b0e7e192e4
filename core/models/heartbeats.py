"""Heartbeats of the suite's long-running processes, read by ``/healthz``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db


class WorkerHeartbeat(db.Model):
    """One row per running (or lately stopped) worker process: event worker, render worker, scan.

    A row is kept in the database, not a file, so that a load balancer's health check on any
    app server sees the workers of every host.
    """

    __tablename__ = "worker_heartbeat"
    #: Bookkeeping written every few seconds: auditing it would flood the trail.
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``<kind>@<host>:<pid>``: one process.
    process: Mapped[str] = mapped_column(String(160), unique=True)
    #: What the process does: ``events``, ``circulars`` or ``deadline_scan``.
    kind: Mapped[str] = mapped_column(String(32), index=True)
    host: Mapped[str] = mapped_column(String(128))
    pid: Mapped[int] = mapped_column(Integer)
    #: When the process started (UTC).
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Its last sign of life (UTC).
    beat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    #: Set when it stopped cleanly (SIGTERM, Ctrl+C); a killed process just stops beating.
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
