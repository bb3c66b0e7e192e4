"""Worker heartbeats: each long-running process says it is alive, so ``/healthz`` can tell.

The event worker, the circular render worker and the scheduled deadline scan create a
`Heartbeat` and call it from their loops. A beat is written through a connection of its own,
never the worker's session: it must not commit (or wait on) the work in progress.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import datetime

from sqlalchemy import insert, update

from core.extensions import db
from core.models.base import utcnow
from core.models.heartbeats import WorkerHeartbeat

#: The kinds of process the suite runs beside the web server (the Procfile's list).
WORKER_KINDS = ("events", "circulars", "deadline_scan")

log = logging.getLogger(__name__)


class Heartbeat:
    """A process's heartbeat; call it often, it writes at most once every `every` seconds.

    Use inside an app context. ``stop()`` records a clean stop, so a health check reports the
    process as stopped at once instead of after its beats grow stale.
    """

    def __init__(self, kind: str, *, every: float = 10.0) -> None:
        self.kind = kind
        self.every = every
        self.host = socket.gethostname()[:128]
        self.pid = os.getpid()
        self.process = f"{kind}@{self.host}:{self.pid}"[:160]
        self.started_at = utcnow()
        self._last = float("-inf")

    def __call__(self) -> None:
        """Record a beat unless one was written less than `every` seconds ago."""
        if time.monotonic() - self._last < self.every:
            return
        self._write(utcnow(), stopped_at=None)
        self._last = time.monotonic()

    def stop(self) -> None:
        """Record that the process stopped cleanly."""
        now = utcnow()
        self._write(now, stopped_at=now)

    def _write(self, now: datetime, stopped_at: datetime | None) -> None:
        table = WorkerHeartbeat.__table__
        try:
            with db.engine.begin() as connection:
                values = {"beat_at": now, "stopped_at": stopped_at}
                done = connection.execute(update(table).where(table.c.process == self.process).values(**values))
                if not done.rowcount:
                    connection.execute(
                        insert(table).values(
                            process=self.process,
                            kind=self.kind,
                            host=self.host,
                            pid=self.pid,
                            started_at=self.started_at,
                            **values,
                        )
                    )
        except Exception:  # a heartbeat must never stop the work it reports on
            log.warning("heartbeat of %s not written", self.process, exc_info=True)
