"""Time 100,000 `WorkCalendar.add_working_days(…, 5)` calls, as a deadline scan makes them.

Run: ``python tests/benchmarks/bench_workcalendar.py``. The start dates cycle through every day of
2024–2027 (1,461 distinct days, one year beyond the package's data), so the first pass fills the
per-day cache and later passes read it.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.workcalendar import WorkCalendar

CALLS = 100_000


def main() -> None:
    """Print the time of 100,000 calls on a fresh calendar (cold cache), then on the same one (warm)."""
    first = dt.date(2024, 1, 1)
    days = (dt.date(2027, 12, 31) - first).days + 1
    starts = [first + dt.timedelta(days=i % days) for i in range(CALLS)]
    cal = WorkCalendar()
    for label in ("cold cache", "warm cache"):
        began = time.perf_counter()
        for start in starts:
            cal.add_working_days(start, 5)
        elapsed = time.perf_counter() - began
        print(f"{CALLS:,} add_working_days(…, 5), {label}: {elapsed:.3f} s ({elapsed / CALLS * 1e6:.2f} µs each)")


if __name__ == "__main__":
    main()
