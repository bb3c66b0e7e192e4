"""Benchmark: a load test of the production process list on PostgreSQL, driven by locust.

It builds (or, with ``--reuse``, reuses) a PostgreSQL database holding the demo
(``flask demo``; ``--scale province`` once that demo exists), then for each number of gunicorn
workers (``--workers 1,2,4``) and each number of users (``--users 10,50``):

- starts gunicorn with the project's settings (``deploy/gunicorn.conf.py``, ``-w N``) on
  127.0.0.1 against it, in the production profile (JSON logs, a real secret; plain HTTP on
  loopback, so ``FAZHI_HTTPS=0``), and one circular render worker as the Procfile does;
- runs locust headless in a second process (``tests/benchmarks/locustfile.py``: county staff and
  city admins — lists, search, details, an edit, the home page, exports, publishing a circular)
  for ``--duration`` seconds; statistics are reset once every user has logged in;
- samples the outbox every second (deliveries waiting, age of the oldest waiting event).

Then it runs the same load again with ``--event-workers`` (2) ``flask events work`` processes
beside ``--lag-web-workers`` (2) gunicorn workers, for the second table, the outbox lag: once as
deployed (a request delivers its own events after its commit, the workers take the rest) and once
with the workers alone delivering (``FAZHI_EVENT_DELIVER_AFTER_REQUEST=0``).

It prints one table of p50 / p95 / requests per second for every page kind and run, the
errors (locust's failures, ramp-up included, and the server's 5xx responses and logged errors:
all must be zero) and the outbox table. The outbox is drained between runs.

Needs PostgreSQL: ``FAZHI_TEST_POSTGRES_URL`` (set by ``bash scripts/bench.sh --postgres``) or
``--database-url`` (a server URL; the database ``fazhi_load_<scale>`` is made on it).

Run: ``.venv/bin/python tests/benchmarks/bench_load.py [--workers 1,2,4] [--users 10,50]
[--duration 35] [--event-workers 2] [--scale city|province] [--reuse] [--keep]``
Small first try: ``--workers 1 --users 5 --duration 15 --no-lag``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.testing.fixtures import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
BIN = Path(sys.executable).parent
#: Page kinds in the order the table shows them (others follow, sorted).
PAGES = [
    "home",
    "list",
    "search",
    "details",
    "edit (form)",
    "edit (save)",
    "act (报送进展)",
    "export (list xlsx)",
    "export (register xlsx)",
    "circular (new form)",
    "circular (compose)",
    "circular (details with preview)",
    "circular (publish)",
    "circular (status)",
    "circular (download PDF)",
]
HIDDEN = {"login (form)", "login (account page)"}


# -- processes ---------------------------------------------------------------------------------

_started: list[subprocess.Popen] = []


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A child in its own process group (so it and its children stop together), output to `log`."""
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    _started.append(process)
    return process


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM the process (gunicorn's master stops its workers), then SIGKILL its group if it lingers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # stragglers of the group (workers of a killed master)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    if process in _started:
        _started.remove(process)


def stop_all() -> None:
    for process in list(reversed(_started)):
        stop(process, timeout=15)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, process: subprocess.Popen, log: Path) -> None:
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited ({process.returncode}); see {log}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s; see {log}:\n{tail(log)}")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def flask(env: dict[str, str], *args: str, log: Path, timeout: float | None = None) -> None:
    """Run ``flask --app wsgi ARGS`` to the end; its output goes to `log` (shown if it fails)."""
    with open(log, "ab") as out:
        out.write(f"\n$ flask --app wsgi {' '.join(args)}\n".encode())
        out.flush()
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", *args], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, timeout=timeout, check=False,
        )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed ({result.returncode}):\n{tail(log)}")


# -- the database ------------------------------------------------------------------------------


def prepare_database(
    server_url: str, name: str, scale: str, reuse: bool, env: dict[str, str], log: Path
) -> tuple[str, bool]:
    """The URL of database `name` with the demo in it; returns (url, built now)."""
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None
        if exists and reuse and demo_loaded(url):
            admin.dispose()
            return url, False
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    build_env = {**env, "DATABASE_URL": url}
    began = time.monotonic()
    demo = ["demo"] if scale == "city" else ["demo", "--scale", scale]
    print(f"building the {scale} demo in {name} (flask {' '.join(demo)}) …", flush=True)
    flask(build_env, *demo, log=log)
    # As scripts/run.sh does on first start: issue the missed deadlines' notices, deliver the events.
    flask(build_env, "deadlines", "scan", "--no-deliver", log=log)
    flask(build_env, "events", "work", "--once", log=log)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    print(f"  built in {time.monotonic() - began:.0f} s", flush=True)
    return url, True


def demo_loaded(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM user_account")).scalar_one())
    except Exception:
        return False
    finally:
        engine.dispose()


def demo_logins(url: str) -> tuple[list[str], list[str], dict[str, int]]:
    """County staff and city admins of the demo (by role and region level), and the data's size."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT u.username, u.role, r.level FROM user_account u JOIN region r ON r.id = u.region_id "
                "WHERE u.active ORDER BY u.username"
            )
        ).all()
        sizes = {
            table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("region", "user_account", "admin_review_case", "court_case", "contracts_contract",
                          "supervision_task", "deadline", "event_outbox")
        }  # fmt: skip
    engine.dispose()
    staff = [u for u, role, level in rows if role == "staff" and level in ("county", "zone")]
    admins = [u for u, role, level in rows if role == "region_admin" and level == "city"]
    return staff, admins, sizes


@dataclass
class Outbox:
    """The outbox sampled during a run."""

    samples: list[tuple[float, int, float]] = field(default_factory=list)
    events_before: int = 0
    events_after: int = 0
    dead: int = 0
    drained_after: float | None = None


OUTBOX_SQL = text(
    "SELECT count(*), extract(epoch FROM now() - min(o.occurred_at)) "
    "FROM event_delivery d JOIN event_outbox o ON o.id = d.event_id WHERE d.state IN ('pending', 'failed')"
)


#: The load test's circulars by state (their titles say 负载测试).
CIRCULARS_SQL = text("SELECT state, count(*) FROM circular WHERE title LIKE '%负载测试%' GROUP BY state")


def outbox_now(conn: Any) -> tuple[int, float]:
    pending, age = conn.execute(OUTBOX_SQL).one()
    return int(pending), float(age or 0.0)


class Sampler(threading.Thread):
    """Samples the outbox every `every` seconds until stopped."""

    def __init__(self, url: str, outbox: Outbox, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.outbox, self.every = outbox, every
        self.halt = threading.Event()
        self.began = time.monotonic()

    def run(self) -> None:
        with self.engine.connect() as conn:
            while not self.halt.is_set():
                pending, age = outbox_now(conn)
                self.outbox.samples.append((time.monotonic() - self.began, pending, age))
                self.halt.wait(self.every)

    def finish(self) -> None:
        self.halt.set()
        self.join(timeout=30)
        self.engine.dispose()


def count_events(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        events = conn.execute(text("SELECT count(*) FROM event_outbox")).scalar_one()
        dead = conn.execute(text("SELECT count(*) FROM event_delivery WHERE state = 'dead'")).scalar_one()
    engine.dispose()
    return events, dead


# -- one run -----------------------------------------------------------------------------------


@dataclass
class Run:
    web_workers: int
    users: int
    event_workers: int
    #: False: requests leave their events to the workers (FAZHI_EVENT_DELIVER_AFTER_REQUEST=0).
    after_request: bool = True
    stats: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    outbox: Outbox = field(default_factory=Outbox)
    circulars: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def label(self) -> str:
        return f"{self.web_workers} w × {self.users} u"

    @property
    def errors(self) -> int:
        return len(self.failures) + len(self.server_errors)


def server_errors(log: Path) -> list[str]:
    """5xx responses and ERROR/CRITICAL records in a JSON-lines server log, and tracebacks."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            if "Traceback" in line or "[ERROR]" in line or "[CRITICAL]" in line:
                found.append(line.strip())
            continue
        if not isinstance(entry, dict):
            continue
        if int(entry.get("status") or 0) >= 500 or entry.get("level") in ("ERROR", "CRITICAL"):
            found.append(f"{entry.get('status', '')} {entry.get('level')} {entry.get('msg', '')[:200]}")
    return found


def read_stats(prefix: Path) -> dict[str, dict[str, float]]:
    def number(value: str) -> float:
        try:
            return float(value)
        except ValueError:  # "N/A": no request of that kind after the reset
            return 0.0

    stats = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            stats[name] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": number(row["50%"]),
                "p95": number(row["95%"]),
                "rps": number(row["Requests/s"]),
            }
    return stats


def one_run(run: Run, db_url: str, env: dict[str, str], args: argparse.Namespace, work: Path, logins: Any) -> None:
    tag = f"w{run.web_workers}-u{run.users}-e{run.event_workers}{'' if run.after_request else '-workers-only'}"
    port = free_port()
    web_env = {**env, "DATABASE_URL": db_url, "FAZHI_HOST": "127.0.0.1", "FAZHI_PORT": str(port)}
    if not run.after_request:
        web_env["FAZHI_EVENT_DELIVER_AFTER_REQUEST"] = "0"
    # Start from an empty outbox, so the lag is this run's.
    flask(web_env, "events", "work", "--once", log=work / "drain.log")
    run.outbox.events_before, dead_before = count_events(db_url)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        circulars_before = dict(conn.execute(CIRCULARS_SQL).all())
    engine.dispose()
    web_log = work / f"web-{tag}.log"
    began = time.monotonic()
    web = start(
        [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "-w", str(run.web_workers), "wsgi:app"],
        web_env,
        web_log,
    )
    helpers = [start([str(BIN / "flask"), "--app", "wsgi", "circulars", "worker"], web_env, work / f"circ-{tag}.log")]
    helpers += [
        start([str(BIN / "flask"), "--app", "wsgi", "events", "work"], web_env, work / f"events{i}-{tag}.log")
        for i in range(run.event_workers)
    ]
    sampler = None
    try:
        wait_http(f"http://127.0.0.1:{port}/login", 180, web, web_log)
        staff, admins = logins
        failures_file = work / f"failures-{tag}.jsonl"
        locust_env = {
            **env,
            "FAZHI_LOAD_STAFF": ",".join(staff),
            "FAZHI_LOAD_ADMINS": ",".join(admins),
            "FAZHI_LOAD_PASSWORD": DEMO_PASSWORD,
            "FAZHI_LOAD_WAIT": args.wait,
            "FAZHI_LOAD_FAILURES": str(failures_file),
        }
        sampler = Sampler(db_url, run.outbox)
        sampler.start()
        prefix = work / tag
        spawn_rate = max(1.0, run.users / args.ramp)
        locust = start(
            [
                str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--only-summary",
                "-u", str(run.users), "-r", f"{spawn_rate:g}", "-t", f"{args.duration}s",
                "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--reset-stats",
                "--stop-timeout", "30", "--loglevel", "WARNING",
            ],
            locust_env,
            work / f"locust-{tag}.log",
        )  # fmt: skip
        try:
            locust.wait(timeout=args.duration + 120)
        except subprocess.TimeoutExpired:
            stop(locust)
            raise RuntimeError(f"locust did not finish; see {work / f'locust-{tag}.log'}") from None
        if locust.returncode not in (0, 1):  # 1: some requests failed (counted below)
            raise RuntimeError(f"locust exited {locust.returncode}:\n{tail(work / f'locust-{tag}.log')}")
        stop(locust)  # already ended: forgets it
        if run.event_workers:
            # How long the workers take to empty the outbox once the load stops (up to 30 s).
            stopped = time.monotonic()
            engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                while time.monotonic() - stopped < 30:
                    if outbox_now(conn)[0] == 0:
                        run.outbox.drained_after = time.monotonic() - stopped
                        break
                    time.sleep(0.5)
            engine.dispose()
        sampler.finish()
        sampler = None
        # Circulars sent to publication during the load: each must be published (the render
        # worker keeps going), within --publish-wait seconds of the load's end.
        engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            stopped = time.monotonic()
            while True:
                counts = dict(conn.execute(CIRCULARS_SQL).all())
                if not counts.get("publishing") or time.monotonic() - stopped > args.publish_wait:
                    break
                time.sleep(1)
        engine.dispose()
        run.circulars = {state: n - circulars_before.get(state, 0) for state, n in counts.items()}
        if counts.get("publishing"):
            run.server_errors.append(
                f"{counts['publishing']} circular(s) still being rendered {args.publish_wait} s after the load"
            )
        run.stats = read_stats(prefix)
        if failures_file.exists():
            run.failures = [json.loads(line) for line in failures_file.read_text().splitlines() if line.strip()]
    finally:
        if sampler is not None:
            sampler.finish()
        for helper in helpers:
            stop(helper)
        stop(web)
    run.server_errors += server_errors(web_log)
    run.outbox.events_after, dead_after = count_events(db_url)
    run.outbox.dead = dead_after - dead_before
    run.seconds = time.monotonic() - began


# -- printing ----------------------------------------------------------------------------------


def print_tables(runs: list[Run], lag_runs: list[Run]) -> None:
    names = [p for p in PAGES if any(p in r.stats for r in runs)]
    names += sorted({n for r in runs for n in r.stats} - set(names) - HIDDEN - {"all"})
    print("\nResponse times (ms, p50 / p95) and requests per second, after every user has logged in:\n")
    print("| page | " + " | ".join(r.label for r in runs) + " |")
    print("| --- | " + " | ".join("---:" for _ in runs) + " |")
    for name in [*names, "all"]:
        cells = []
        for r in runs:
            s = r.stats.get(name)
            cells.append("–" if s is None or not s["count"] else f"{s['p50']:.0f} / {s['p95']:.0f} · {s['rps']:.2f}/s")
        print(f"| {'**all**' if name == 'all' else name} | " + " | ".join(cells) + " |")
    print(
        "| errors (locust failures + server 5xx/errors) | "
        + " | ".join(f"{len(r.failures)} + {len(r.server_errors)}" for r in runs)
        + " |"
    )
    print(
        "| circulars published (composed and sent during the load) | "
        + " | ".join(f"{r.circulars.get('published', 0)}" for r in runs)
        + " |"
    )
    if lag_runs:
        print("\nOutbox under the same load (deliveries waiting; age of the oldest waiting event, s):\n")
        print(
            "| run | delivered by | events published | waiting: max / at end | oldest waiting: max | "
            "emptied after load | dead | p95 all (ms) | req/s |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in lag_runs:
            o = r.outbox
            waiting = [s[1] for s in o.samples] or [0]
            ages = [s[2] for s in o.samples] or [0.0]
            drained = "–" if not r.event_workers else (f"{o.drained_after:.1f} s" if o.drained_after is not None
                                                       else "> 30 s")  # fmt: skip
            s = r.stats.get("all", {"p95": 0, "rps": 0})
            by = "the request" if r.after_request else f"{r.event_workers} event workers only"
            if r.after_request and r.event_workers:
                by += f" + {r.event_workers} event workers"
            print(
                f"| {r.label} | {by} | {o.events_after - o.events_before:,} | "
                f"{max(waiting):,} / {waiting[-1]:,} | {max(ages):.1f} | {drained} | {o.dead} | "
                f"{s['p95']:.0f} | {s['rps']:.2f} |"
            )
    problems = [(r, f) for r in [*runs, *lag_runs] for f in r.failures[:5]]
    problems_server = [(r, e) for r in [*runs, *lag_runs] for e in r.server_errors[:5]]
    if problems or problems_server:
        print("\nErrors (first five of each run):")
        for r, f in problems:
            print(f"  {r.label} e{r.event_workers}: {f['name']}: {f['status']} {f['error'][:300]}")
        for r, e in problems_server:
            print(f"  {r.label} e{r.event_workers}: server: {e[:300]}")


# -- main --------------------------------------------------------------------------------------


def numbers(value: str) -> list[int]:
    return [int(v) for v in value.split(",") if v.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=numbers, default=[1, 2, 4], help="gunicorn workers per run (1,2,4)")
    parser.add_argument("--users", type=numbers, default=[10, 50], help="locust users per run (10,50)")
    parser.add_argument("--duration", type=int, default=35, help="seconds of load per run (35)")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds to start every user (5)")
    parser.add_argument("--wait", default="1,3", help="think time between a user's pages, MIN,MAX s (1,3)")
    parser.add_argument(
        "--publish-wait", type=int, default=120, help="seconds a circular may still render after the load (120)"
    )
    parser.add_argument("--event-workers", type=int, default=2, help="event workers of the outbox runs (2)")
    parser.add_argument("--lag-web-workers", type=int, default=2, help="gunicorn workers of the outbox runs (2)")
    parser.add_argument("--no-lag", action="store_true", help="skip the outbox runs")
    parser.add_argument("--scale", default="city", help="the demo: city (default) or province (flask demo --scale)")
    parser.add_argument("--database", help="the database's name on the server (default: fazhi_load_<scale>)")
    parser.add_argument("--reuse", action="store_true", help="reuse the database if it holds the demo; keep it")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: FAZHI_TEST_POSTGRES_URL)")
    args = parser.parse_args()

    if os.environ.get("FAZHI_BENCH_DATABASE") == "sqlite":
        print("The load test runs on PostgreSQL only (bash scripts/bench.sh --postgres): skipped on SQLite.")
        return 0
    server = args.database_url or os.environ.get("FAZHI_TEST_POSTGRES_URL")
    if not server:
        print("The load test needs PostgreSQL: set FAZHI_TEST_POSTGRES_URL or pass --database-url.")
        return 0 if os.environ.get("FAZHI_BENCH_DATABASE") is None else 1
    if not make_url(server).drivername.startswith("postgresql"):
        print(f"--database-url must be PostgreSQL, not {make_url(server).drivername}")
        return 1

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",) and not k.startswith("FAZHI_")},
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "FAZHI_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "FAZHI_HTTPS": "0",  # plain HTTP on loopback (TLS would end at the reverse proxy)
        "FAZHI_INSTANCE_PATH": str(work / "instance"),
        "FAZHI_LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    (work / "instance").mkdir()
    began = time.monotonic()
    db_url, built = None, False
    runs: list[Run] = []
    lag_runs: list[Run] = []
    try:
        name = args.database or f"fazhi_load_{args.scale}"
        db_url, built = prepare_database(server, name, args.scale, args.reuse, env, work / "build.log")
        staff, admins, sizes = demo_logins(db_url)
        if not staff or not admins:
            raise RuntimeError(f"the demo has no county staff ({len(staff)}) or city admins ({len(admins)})")
        engine = create_engine(db_url)
        with engine.connect() as conn:
            pg_version = conn.execute(text("SHOW server_version")).scalar_one()
        engine.dispose()
        print(
            f"Load test — {platform.node()}, {os.cpu_count()} CPUs, load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at start; PostgreSQL {pg_version}; "
            f"demo: {args.scale} ({', '.join(f'{k} {v:,}' for k, v in sizes.items())})"
        )
        print(
            f"{len(staff)} county staff and {len(admins)} city admin logins (4 : 1 users); "
            f"{args.duration} s per run, {args.ramp:g} s ramp-up, think time {args.wait} s; work folder {work}",
            flush=True,
        )
        for workers in args.workers:
            for users in args.users:
                run = Run(workers, users, 0)
                one_run(run, db_url, env, args, work, (staff, admins))
                runs.append(run)
                s = run.stats.get("all", {"p50": 0, "p95": 0, "rps": 0})
                print(
                    f"  {run.label}: p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, {s['rps']:.2f} req/s, "
                    f"{run.errors} errors, {run.circulars.get('published', 0)} circular(s) published "
                    f"({run.seconds:.0f} s)",
                    flush=True,
                )
        if not args.no_lag and args.event_workers:
            # As deployed (each request delivers its own events right after its commit; the workers
            # take what that leaves), and with the workers alone delivering every event.
            for after_request in (True, False):
                for users in args.users:
                    run = Run(args.lag_web_workers, users, args.event_workers, after_request)
                    one_run(run, db_url, env, args, work, (staff, admins))
                    lag_runs.append(run)
                    waiting = max((x[1] for x in run.outbox.samples), default=0)
                    print(
                        f"  {run.label} + {run.event_workers} event workers"
                        f"{'' if after_request else ' (workers only)'}: max {waiting} waiting, {run.errors} errors",
                        flush=True,
                    )
        # Beside them, the first table's runs of the same size (no event worker: only the delivery
        # right after each request), for comparison.
        print_tables(runs, [r for r in runs if r.web_workers == args.lag_web_workers and lag_runs] + lag_runs)
    finally:
        stop_all()
        if db_url and not (args.keep or args.reuse):
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(db_url).database}" WITH (FORCE)'))
            admin.dispose()
    total = time.monotonic() - began
    errors = sum(r.errors for r in [*runs, *lag_runs])
    print(f"\nTook {total / 60:.1f} min{' (demo built in this run)' if built else ''}; {errors} errors in all.")
    print(f"Logs: {work}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
