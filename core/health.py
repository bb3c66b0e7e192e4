"""``GET /healthz``: what a load balancer (and an operator) needs to know about one app server.

Checks, each cheap: the database answers; it is migrated to the head of every owner (core and
plugins); the workers of the Procfile beat (`core.heartbeats`); the outbox is not lagging and has
no dead deliveries. A database that fails or migrations behind the code answer 503 (take this
server out of rotation); stopped workers, lag or dead letters answer 200 with ``"degraded"``:
the server still serves pages, but somebody must look.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select, text

from core.events.models import DeliveryState, EventDelivery, OutboxEvent
from core.extensions import db
from core.models.base import utcnow
from core.models.heartbeats import WorkerHeartbeat
from core.tenancy import unscoped

bp = Blueprint("health", __name__)

_HEADS_KEY = "fazhi.migration_heads"


def _code_heads(app: Flask) -> set[str]:
    """The head revisions the code ships (read once per app: the files do not change under it)."""
    heads = app.extensions.get(_HEADS_KEY)
    if heads is None:
        config = app.extensions["migrate"].migrate.get_config()
        heads = app.extensions[_HEADS_KEY] = set(ScriptDirectory.from_config(config).get_heads())
    return heads


def check_database() -> dict[str, Any]:
    """The database answers a trivial query; how long it took."""
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # the check reports; it never raises
        db.session.rollback()
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_migrations() -> dict[str, Any]:
    """The database is at the head revision of every owner."""
    wanted = _code_heads(current_app)
    current = set(MigrationContext.configure(db.session.connection()).get_current_heads())
    missing = sorted(wanted - current)
    return {"ok": not missing, "heads": sorted(wanted), "missing": missing}


def check_workers() -> dict[str, Any]:
    """For each expected kind of worker: processes alive, stopped and silent (killed or hung)."""
    now = utcnow()
    stale_after = timedelta(seconds=current_app.config["FAZHI_HEALTH_STALE_SECONDS"])
    recent = now - timedelta(days=1)
    rows = db.session.execute(select(WorkerHeartbeat).where(WorkerHeartbeat.beat_at >= recent)).scalars().all()
    report: dict[str, Any] = {"ok": True}
    for kind in current_app.config["FAZHI_HEALTH_WORKERS"]:
        alive, stopped, silent = [], [], []
        for row in (r for r in rows if r.kind == kind):
            beat_at = row.beat_at if row.beat_at.tzinfo else row.beat_at.replace(tzinfo=now.tzinfo)
            if row.stopped_at is not None:
                stopped.append(row.process)
            elif now - beat_at > stale_after:
                silent.append(row.process)
            else:
                alive.append(row.process)
        report[kind] = {"alive": len(alive), "stopped": stopped, "silent": silent}
        if not alive:
            report["ok"] = False
    return report


def check_outbox() -> dict[str, Any]:
    """Deliveries waiting, the age of the oldest waiting event, and dead letters."""
    waiting = (DeliveryState.PENDING.value, DeliveryState.FAILED.value)
    counts = dict(db.session.execute(select(EventDelivery.state, func.count()).group_by(EventDelivery.state)).all())
    oldest = db.session.execute(
        select(func.min(OutboxEvent.occurred_at))
        .join(EventDelivery, EventDelivery.event_id == OutboxEvent.id)
        .where(EventDelivery.state.in_(waiting))
    ).scalar_one_or_none()
    lag = 0.0
    if oldest is not None:
        now = utcnow()
        lag = max(0.0, (now - (oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo))).total_seconds())
    dead = counts.get(DeliveryState.DEAD.value, 0)
    return {
        "ok": dead == 0 and lag <= current_app.config["FAZHI_HEALTH_OUTBOX_LAG_SECONDS"],
        "pending": sum(counts.get(state, 0) for state in waiting),
        "dead": dead,
        "lag_seconds": round(lag, 1),
    }


def health_report() -> tuple[dict[str, Any], int]:
    """The whole report and its HTTP status (200 ok or degraded, 503 down)."""
    with unscoped():
        checks: dict[str, Any] = {"database": check_database()}
        if checks["database"]["ok"]:
            checks["migrations"] = check_migrations()
            if checks["migrations"]["ok"]:
                checks["workers"] = check_workers()
                checks["outbox"] = check_outbox()
        db.session.rollback()
    if not checks["database"]["ok"] or not checks.get("migrations", {}).get("ok"):
        return {"status": "down", "checks": checks}, 503
    status = "ok" if all(check["ok"] for check in checks.values()) else "degraded"
    return {"status": status, "checks": checks}, 200


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Health of this app server and the suite's workers, as JSON (no login: for load balancers)."""
    report, status = health_report()
    response = jsonify(report)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
