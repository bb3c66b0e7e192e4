"""Operations: /healthz, worker heartbeats, request ids and JSON logs, backup and restore."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url

from core.attachments import store_attachment
from core.circulars.publishing import pdf_path, store_pdf
from core.extensions import db
from core.heartbeats import WORKER_KINDS, Heartbeat
from core.logs import JsonFormatter
from core.models import Region, Unit, WorkerHeartbeat
from core.models.base import utcnow
from core.tenancy import unscoped
from core.testing.fixtures import make_app, using_postgres

# -- /healthz ----------------------------------------------------------------------------------


def _health(app) -> tuple[int, dict]:
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()


def test_healthz_needs_every_worker_kind_to_beat(app):
    status, report = _health(app)
    assert status == 200
    assert report["status"] == "degraded"
    assert report["checks"]["database"]["ok"] is True
    assert report["checks"]["migrations"]["ok"] is True
    assert report["checks"]["workers"]["events"]["alive"] == 0

    with app.app_context():
        beats = {kind: Heartbeat(kind) for kind in WORKER_KINDS}
        for beat in beats.values():
            beat()
    status, report = _health(app)
    assert (status, report["status"]) == (200, "ok"), report
    assert report["checks"]["outbox"] == {"ok": True, "pending": 0, "dead": 0, "lag_seconds": 0.0}

    # A worker that stops cleanly is reported at once, by name.
    with app.app_context():
        beats["events"].stop()
    status, report = _health(app)
    assert report["status"] == "degraded"
    assert report["checks"]["workers"]["events"] == {
        "alive": 0,
        "stopped": [beats["events"].process],
        "silent": [],
    }


def test_healthz_reports_a_killed_worker_within_a_minute(app):
    with app.app_context():
        for kind in WORKER_KINDS:
            Heartbeat(kind)()
        # A killed process writes nothing more: its last beat simply ages.
        table = WorkerHeartbeat.__table__
        db.session.execute(
            update(table).where(table.c.kind == "circulars").values(beat_at=utcnow() - timedelta(seconds=50))
        )
        db.session.commit()
    _status, report = _health(app)
    assert report["status"] == "degraded"
    assert report["checks"]["workers"]["circulars"]["alive"] == 0
    assert len(report["checks"]["workers"]["circulars"]["silent"]) == 1
    assert app.config["FAZHI_HEALTH_STALE_SECONDS"] < 60


def test_healthz_is_down_when_the_database_is_behind_the_code(app):
    with app.app_context():
        db.session.execute(text("DELETE FROM alembic_version"))
        db.session.commit()
    status, report = _health(app)
    assert status == 503
    assert report["status"] == "down"
    migrations = report["checks"]["migrations"]
    assert migrations["missing"] == migrations["heads"] != []


def test_healthz_needs_no_login_and_is_not_cached(app):
    response = app.test_client().get("/healthz")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.is_json


# -- request ids and JSON logs -----------------------------------------------------------------


def test_every_response_carries_a_request_id(app):
    client = app.test_client()
    forwarded = client.get("/login", headers={"X-Request-ID": "lb-1234abcd"})
    assert forwarded.headers["X-Request-ID"] == "lb-1234abcd"
    fresh = client.get("/login", headers={"X-Request-ID": "<script>"})
    assert fresh.headers["X-Request-ID"] != "<script>"
    assert len(fresh.headers["X-Request-ID"]) == 32


def test_access_log_is_one_json_object_with_the_request_id(app, caplog):
    with caplog.at_level(logging.INFO, logger="fazhi.access"):
        app.test_client().get("/login", headers={"X-Request-ID": "req-00000042"})
    records = [r for r in caplog.records if r.name == "fazhi.access"]
    assert records, "no access log line"
    entry = json.loads(JsonFormatter().format(records[-1]))
    assert entry["request_id"] == "req-00000042"
    assert entry["path"] == "/login"
    assert entry["status"] == 200
    assert entry["level"] == "INFO"


# -- backup and restore ------------------------------------------------------------------------


def _empty_database_url(source_url: str, tmp_path: Path) -> str:
    if not using_postgres():
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    url = make_url(source_url)
    name = f"{url.database}_restored"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _counts(app) -> dict[str, int]:
    from core.backup import _table_counts

    with app.app_context():
        counts = _table_counts()
        db.session.remove()
        db.engine.dispose()
    return counts


def test_backup_restores_into_an_empty_database_with_every_record_and_file(app, database_url, tmp_path):
    pdf = b"%PDF-1.4\n% a published circular\n%%EOF\n"
    with app.app_context(), unscoped():
        region = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        unit = db.session.execute(select(Unit).where(Unit.region_id == region.id)).scalars().first()
        attachment = store_attachment(unit, "授权委托书.pdf", b"%PDF-1.4\n" + b"x" * 2048 + b"\n%%EOF\n")
        pdf_hash = store_pdf(pdf)
        db.session.commit()
        attachment_hash = attachment.sha256
    archive = tmp_path / "backup.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "已备份到" in result.output
    before = _counts(app)

    target_url = _empty_database_url(database_url, tmp_path)
    restored = make_app(
        target_url,
        app.config["FAZHI_PLUGINS"],
        FAZHI_ATTACHMENT_DIR=str(tmp_path / "restored-attachments"),
        FAZHI_INSTANCE_PATH=str(tmp_path / "restored-instance"),
    )
    result = restored.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "核对无误" in result.output
    assert _counts(restored) == before
    with restored.app_context():
        stored = Path(restored.config["FAZHI_ATTACHMENT_DIR"]) / attachment_hash[:2] / attachment_hash
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == attachment_hash
        assert pdf_path(pdf_hash).read_bytes() == pdf
        db.engine.dispose()

    # A second restore into the now full database is refused and changes nothing.
    again = restored.test_cli_runner().invoke(args=["restore", str(archive)])
    assert again.exit_code != 0
    assert "不是空库" in again.output
    assert _counts(restored) == before
