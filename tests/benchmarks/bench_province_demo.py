"""Benchmark: the province demo loaded into an empty database, then scanned and delivered — timed, and checked.

Runs the commands a newcomer would, each in its own process: `flask demo --scale province`,
`flask deadlines scan --no-deliver`, `flask events work --once`; prints the time of each. After
the first it checks the copies (`core.demo_copy`): per 市州, the counties with as many townships
hold as many review cases and notices (the template's records, copied), and no copied case,
contract, notice or court names another county of the 市州. Exits 1 when a check fails.

Run: ``.venv/bin/python tests/benchmarks/bench_province_demo.py [--jobs N] [--cases-per-year N]
[--walk-every-county]`` (SQLite; `scripts/bench.sh`'s SQLite pass skips it), or with
``FAZHI_BENCH_DATABASE=postgres`` and ``FAZHI_TEST_POSTGRES_URL`` (a fresh database is made on
that server); ``bash scripts/bench.sh --postgres --only province_demo``. The load takes 11–12½
minutes on PostgreSQL with two cores, 12½ on SQLite; delivering what the scan publishes, 9–13 more.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, text

from core.notices.numbering import region_short_name
from tests.benchmarks.bench_dashboard import database_url

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).parent / "flask"


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """`flask --app wsgi ARGS` in a process of its own: (seconds, its output's last line)."""
    started = time.perf_counter()
    result = subprocess.run(
        [str(FLASK), "--app", "wsgi", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    lines = [line for line in result.stdout.replace("\r", "\n").splitlines() if line.strip()]
    return elapsed, next((line for line in lines if "载入完成" in line), lines[-1] if lines else "")


def check(url: str) -> int:
    """Print the copies' checks; returns the number of problems found."""
    problems = 0
    engine = create_engine(url)
    with engine.connect() as c:
        regions = c.execute(text("SELECT id, name, parent_id, level FROM region")).all()
        per_region = {
            table: dict(c.execute(text(f"SELECT region_id, count(*) FROM {table} GROUP BY region_id")).all())
            for table in ("admin_review_case", "notice")
        }
        children = collections.defaultdict(list)
        for region in regions:
            children[region.parent_id].append(region)
        named = (
            ("admin_review_case", "case_number"),
            ("contracts_contract", "number"),
            ("notice", "number"),
            ("notice", "title"),
            ("court_case", "court"),
        )
        for division in (r for r in regions if r.level == "city"):
            counties = [r for r in children[division.id] if r.level in ("county", "zone")]
            if len(counties) < 2:
                continue
            for table, counts in per_region.items():
                # Counties with as many townships hold the same (a township the template has and a
                # county lacks is left out of the copy, with its rows).
                found = collections.defaultdict(set)
                for county in counties:
                    found[len(children[county.id])].add(counts.get(county.id, 0))
                if any(len(numbers) != 1 for numbers in found.values()):
                    problems += 1
                    print(f"  {division.name}: counties hold different numbers of {table}: {dict(found)}")
            shorts = {county.id: region_short_name(county.name) for county in counties}
            for county in counties:
                others = [s for i, s in shorts.items() if i != county.id and s not in county.name + division.name]
                for table, column in named:
                    query = text(f"SELECT {column} FROM {table} WHERE region_id = :r")
                    for (value,) in c.execute(query, {"r": county.id}):
                        if any(other in value for other in others):
                            problems += 1
                            print(f"  {county.name}: {table}.{column} names another county: {value}")
    engine.dispose()
    print(f"  the copies as loaded: {problems} problems")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cases-per-year", type=int, default=40, help="行政复议 demo cases a county a year")
    parser.add_argument("--walk-every-county", action="store_true")
    parser.add_argument("--divisions", help="only these 市州 (codes, comma-separated: a trial)")
    args = parser.parse_args()
    if os.environ.get("FAZHI_BENCH_DATABASE") == "sqlite":
        # scripts/bench.sh's SQLite pass: 25 minutes more for a figure the PostgreSQL pass gives.
        print("The province demo benchmark runs in the PostgreSQL pass (run it directly for SQLite): skipped.")
        return
    with tempfile.TemporaryDirectory() as workdir:
        url = database_url(workdir, "province")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "FAZHI_INSTANCE_PATH": str(Path(workdir) / "instance"),
            "FAZHI_ADMIN_REVIEW_DEMO_CASES_PER_YEAR": str(args.cases_per_year),
        }
        env.pop("FAZHI_ENV", None)
        demo = ["demo", "--scale", "province", "--jobs", str(args.jobs)]
        demo += ["--walk-every-county"] if args.walk_every_county else []
        demo += ["--divisions", args.divisions] if args.divisions else []
        database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        print(f"{database}, --jobs {args.jobs}, {args.cases_per_year} review cases a county a year")
        problems = 0
        for label, command in (
            (" ".join(demo), demo),
            ("deadlines scan --no-deliver", ["deadlines", "scan", "--no-deliver"]),
            ("events work --once", ["events", "work", "--once"]),
        ):
            seconds, last = run(command, env)
            print(f"  flask {label:<40} {seconds // 60:>3.0f} min {seconds % 60:04.1f} s  {last}")
            if command is demo and not args.walk_every_county:
                # As loaded: the scan then finds what differs between counties beyond the copies
                # (rows the 市州's own records made in some of its counties: counsel's agencies).
                problems = check(url)
        engine = create_engine(url)
        with engine.connect() as c:
            states = dict(c.execute(text("SELECT state, count(*) FROM event_delivery GROUP BY state")).all())
        engine.dispose()
        print(f"deliveries by state at the end: {states}")
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
