"""The Procfile's processes run together: the README's run command and production start them.

Started exactly as ``scripts/run.sh`` starts them (honcho, the Procfile, gunicorn), on a copy of
the test database: a missed deadline left by nobody must draw its 督办 notice without a human,
every delivery must be done, /healthz must see every worker — and Ctrl+C must stop them all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from core.app import PROJECT_ROOT
from core.deadlines.models import Deadline, DeadlineState
from core.deadlines.operations import open_deadline
from core.extensions import db
from core.models import Region, Unit, WorkerHeartbeat
from core.notices.models import Notice
from core.notices.types import NoticeKind
from core.tenancy import unscoped
from tests.plugins.hookcheck.models import InspectionObject


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _health(port: int) -> dict:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return json.load(response)
    except OSError as exc:  # not up yet, or 503
        return {"status": f"unreachable: {exc}"}


def test_the_process_list_delivers_scans_reports_and_stops_on_ctrl_c(app, database_url, tmp_path):
    with app.app_context(), unscoped():
        region = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
        unit = db.session.execute(select(Unit).where(Unit.region_id == region.id)).scalars().first()
        record = InspectionObject(name="某超市", region_id=region.id)
        db.session.add(record)
        db.session.flush()
        deadline = open_deadline(
            record,
            plugin_key="hookcheck",
            kind="acceptance_review",
            label="受理审查期限",
            basis="《行政复议法》第三十条",
            start=dt.date(2024, 3, 1),
            working_days=5,
            responsible_unit_id=unit.id,
        )
        db.session.commit()
        deadline_id = deadline.id
        db.session.remove()
        db.engine.dispose()

    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FAZHI_INSTANCE_PATH": str(tmp_path / "instance"),
        "FAZHI_ATTACHMENT_DIR": str(tmp_path / "attachments"),
        "FAZHI_PLUGINS": ",".join(app.config["FAZHI_PLUGINS"]),
        "FAZHI_HOST": "127.0.0.1",
        "FAZHI_PORT": str(port),
        "FAZHI_WEB_WORKERS": "1",
        "FAZHI_PASSWORD_HASH_FAST": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    env.pop("FAZHI_ENV", None)
    honcho = subprocess.Popen(
        [str(Path(sys.executable).parent / "honcho"), "--no-colour", "-f", "Procfile", "start"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        # Health turns "ok" as soon as every worker has beaten once; the scan's events may still
        # be on their way through the outbox then, so wait (on a slow machine) until they are out.
        report: dict = {}
        deadline_at = time.monotonic() + 120
        while time.monotonic() < deadline_at:
            report = _health(port)
            if report.get("status") == "ok" and report["checks"]["outbox"]["pending"] == 0:
                break
            time.sleep(1)
        assert report.get("status") == "ok", report
        assert report["checks"]["outbox"]["pending"] == 0, report
        for kind in ("events", "circulars", "deadline_scan"):
            assert report["checks"]["workers"][kind]["alive"] == 1, report

        with app.app_context(), unscoped():
            state = db.session.get(Deadline, deadline_id).state
            notices = (
                db.session.execute(select(Notice).where(Notice.subject_type == "hookcheck_inspection_object"))
                .scalars()
                .all()
            )
            assert state == DeadlineState.MISSED
            assert [n.kind for n in notices] == [NoticeKind.SUPERVISION]  # one 督办, no human involved
            db.session.remove()
            db.engine.dispose()

        honcho.send_signal(signal.SIGINT)
        honcho.communicate(timeout=60)
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()
    try:
        os.killpg(honcho.pid, 0)
        leftover = True
    except ProcessLookupError:
        leftover = False
    assert not leftover, "a process of the list outlived Ctrl+C"
    with app.app_context(), unscoped():
        beats = db.session.execute(select(WorkerHeartbeat)).scalars().all()
        assert {b.kind for b in beats} == {"events", "circulars", "deadline_scan"}
        db.engine.dispose()


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        (["events", "work"], "events"),
        (["circulars", "worker"], "circulars"),
        (["deadlines", "scan", "--no-deliver", "--every", "3600"], "deadline_scan"),
    ],
)
def test_a_worker_stops_cleanly_on_sigterm_and_says_so(app, database_url, tmp_path, command, kind):
    """SIGTERM (systemd, honcho): the worker finishes what it is doing, records a clean stop, exits 0."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FAZHI_INSTANCE_PATH": str(tmp_path / "instance"),
        "FAZHI_PLUGINS": ",".join(app.config["FAZHI_PLUGINS"]),
    }
    env.pop("FAZHI_ENV", None)
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", *command],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with app.app_context(), unscoped():
            for _ in range(120):
                beat = db.session.execute(select(WorkerHeartbeat).where(WorkerHeartbeat.kind == kind)).scalar()
                db.session.rollback()
                if beat is not None:
                    break
                time.sleep(0.5)
            assert beat is not None, "the worker never beat"
            assert beat.stopped_at is None
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=60)
            assert worker.returncode == 0, output[-3000:]
            db.session.expire_all()
            beat = db.session.execute(select(WorkerHeartbeat).where(WorkerHeartbeat.kind == kind)).scalar_one()
            assert beat.stopped_at is not None
            db.engine.dispose()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
