"""Worker processes (``flask events work``) on a real database: killed mid-batch, and two at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.app import PROJECT_ROOT
from core.events import DeliveryState, EventDelivery, publish
from core.extensions import db
from core.models import Region
from core.tenancy import unscoped
from core.testing.fixtures import using_postgres
from tests.plugins.eventcheck.events import ThingHappened
from tests.plugins.hookcheck.models import InspectionObject

PLUGINS = ["tests.plugins.hookcheck.plugin", "tests.plugins.eventcheck.plugin"]
HAPPENED = ThingHappened.name
SLOWED = "eventcheck:tests.plugins.eventcheck.plugin.on_thing_slowed"


@pytest.fixture
def plugins():
    return PLUGINS


def worker(
    database_url: str, tmp_path: Path, *args: str, lease: float = 2, log: Path | None = None
) -> subprocess.Popen:
    """Start ``flask events work`` in its own process on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FAZHI_ENV": "testing",
        "FAZHI_PLUGINS": ",".join(PLUGINS),
        "FAZHI_EVENT_LEASE_SECONDS": str(lease),
        "FAZHI_EVENT_POLL_SECONDS": "1",
        "FAZHI_INSTANCE_PATH": str(tmp_path / "instance"),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    if log is not None:
        env["EVENTCHECK_LOG"] = str(log)
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "events", "work", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def publish_slow_events(n: int, sleep: float) -> list[str]:
    with unscoped():
        regions = db.session.execute(select(Region.id).where(Region.code.is_not(None))).scalars().all()
    data = ThingHappened(sleep=sleep, probe=True)
    ids = [publish(data, region_id=regions[i % len(regions)]).id for i in range(n)]
    db.session.commit()
    return ids


def state_counts() -> dict[str, int]:
    db.session.rollback()  # a fresh snapshot: the workers write from other processes
    with unscoped():
        rows = db.session.execute(select(EventDelivery.state, func.count()).group_by(EventDelivery.state)).all()
    return dict(rows)


def effect_counts(prefix: str) -> dict[str, int]:
    db.session.rollback()
    with unscoped():
        names = db.session.execute(
            select(InspectionObject.name).where(InspectionObject.name.startswith(prefix + ":"))
        ).scalars()
        counts: dict[str, int] = defaultdict(int)
        for name in names:
            counts[name.split(":", 1)[1]] += 1
    return dict(counts)


def finish(process: subprocess.Popen, timeout: float = 60) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    return out


def test_a_worker_killed_mid_batch_and_restarted_delivers_everything_exactly_once(app, database_url, tmp_path):
    with app.app_context():
        event_ids = publish_slow_events(10, sleep=0.3)
        first = worker(database_url, tmp_path, "--once", "--batch", "100", lease=2)
        deadline = time.monotonic() + 30
        while state_counts().get("delivered", 0) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Somewhere in the middle of the batch, very likely inside a slow handler's transaction.
        time.sleep(0.15)
        first.send_signal(signal.SIGKILL)
        first.wait()
        killed = state_counts()
        assert 0 < killed.get("delivered", 0) < 40, killed
        with unscoped():
            leased = db.session.execute(
                select(func.count()).select_from(EventDelivery).where(EventDelivery.locked_by.is_not(None))
            ).scalar_one()
        assert leased > 0  # the dead worker's rows are still leased to it…

        time.sleep(2.2)  # …until the lease runs out
        out = finish(worker(database_url, tmp_path, "--once", lease=2))
        assert "认领" in out
        assert state_counts() == {"delivered": 40}
        # Exactly once in effect: the guarded effects and the deliberately unguarded probe rows.
        for prefix in ("happened", "slowed", "slowed-run"):
            assert effect_counts(prefix) == dict.fromkeys(event_ids, 1), prefix


def test_a_running_worker_delivers_new_events_and_stops_on_sigterm(app, database_url, tmp_path):
    with app.app_context():
        running = worker(database_url, tmp_path)  # no --once: polls every second
        try:
            event_ids = publish_slow_events(3, sleep=0)
            deadline = time.monotonic() + 30
            while state_counts().get("delivered", 0) < 12 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert state_counts() == {"delivered": 12}
            assert effect_counts("happened") == dict.fromkeys(event_ids, 1)
        finally:
            running.send_signal(signal.SIGTERM)
        out = finish(running, timeout=15)
        assert "投递 12" in out


def overlaps(log: Path) -> list[str]:
    """Events whose handler ran in two processes at overlapping times, according to the probe log."""
    spans: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    open_runs: dict[tuple[str, str], float] = {}
    for line in log.read_text().splitlines():
        what, event_id, pid, at = line.split()
        if what == "start":
            open_runs[(event_id, pid)] = float(at)
        else:
            spans[event_id].append((open_runs.pop((event_id, pid)), float(at), pid))
    bad = []
    for event_id, runs in spans.items():
        runs.sort()
        bad.extend(event_id for a, b in pairwise(runs) if b[0] < a[1])
    return bad


def run_two_workers(app, database_url: str, tmp_path: Path) -> Path:
    # The handler sleeps longer than the lease: a worker whose lease runs out mid-delivery
    # must still not see its row taken by the other one.
    log = tmp_path / "probe.log"
    with app.app_context():
        event_ids = publish_slow_events(4, sleep=1.1)
        workers = [worker(database_url, tmp_path, "--once", "--batch", "2", lease=1, log=log) for _ in range(2)]
        outputs = [finish(w) for w in workers]
        assert state_counts() == {"delivered": 16}, outputs
        for prefix in ("happened", "slowed", "slowed-run"):
            assert effect_counts(prefix) == dict.fromkeys(event_ids, 1), prefix
        assert overlaps(log) == []
        with unscoped():
            slowed = db.session.execute(select(EventDelivery).where(EventDelivery.handler == SLOWED)).scalars().all()
        assert all(d.state == DeliveryState.DELIVERED and d.locked_by is None for d in slowed)
        return log


@pytest.mark.postgres
def test_two_workers_on_postgresql_never_deliver_the_same_row_concurrently(app, database_url, tmp_path):
    log = run_two_workers(app, database_url, tmp_path)
    # On PostgreSQL the two really work side by side (SKIP LOCKED), unlike on SQLite.
    pids = {line.split()[2] for line in log.read_text().splitlines()}
    assert len(pids) == 2


@pytest.mark.skipif(using_postgres(), reason="the SQLite case")
def test_a_second_worker_on_sqlite_neither_corrupts_nor_double_delivers(app, database_url, tmp_path):
    run_two_workers(app, database_url, tmp_path)
