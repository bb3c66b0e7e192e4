"""Benchmark: rendering a 20-page-plus circular with hundreds of table rows.

Run from the repository root:

    python tests/benchmarks/bench_circular_render.py [--rows 480] [--repeat 5]

Prints, for the same document in one process:

- bare: ``weasyprint.HTML(string=html).write_pdf()`` of the preview HTML (stylesheet inline,
  system fonts, a new FontConfiguration each time) — what a naive implementation does;
- render_pdf, cold: the suite's renderer with its per-process caches emptied (fonts resolved,
  stylesheet parsed, FontConfiguration built again);
- render_pdf, warm: the suite's renderer as a worker runs it after the first circular;

with wall-clock and CPU seconds (median and fastest of ``--repeat`` interleaved rounds; on a
shared machine CPU time is the steadier figure), pages and PDF sizes. Targets (issue 6): render_pdf within
1.3× the bare render, PDF under 300 KB.
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pypdf
import weasyprint
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

from core.circulars import fonts as circular_fonts
from core.circulars import render
from core.circulars.samples import sample_circular


def _clear_caches() -> None:
    for cached in (render._engine, render._stylesheet, circular_fonts.resolve_fonts, circular_fonts._codepoints):
        cached.cache_clear()


def _run(fn) -> tuple[float, float, bytes]:
    """Wall-clock and CPU seconds of one call, and its result."""
    gc.collect()  # garbage from the previous run is not charged to this one
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=480, help="table rows (480 ≈ 23 pages)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median printed)")
    args = parser.parse_args()

    subsetter = "HarfBuzz" if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0) else "fontTools (slow)"
    print(f"WeasyPrint {weasyprint.__version__}, font subsetting by {subsetter}")

    doc = sample_circular(rows=args.rows)
    html = render.render_html(doc)  # the preview: the same markup, stylesheet inline

    start = time.perf_counter()
    first = render.render_pdf(doc)
    first_time = time.perf_counter() - start

    # Warm the bare path too (imports, WeasyPrint's own user-agent stylesheet), so it is not
    # charged for what the first render_pdf already paid.
    weasyprint.HTML(string=html).write_pdf()

    def bare_render() -> bytes:
        return weasyprint.HTML(string=html).write_pdf()

    def cold_render() -> bytes:
        _clear_caches()
        return render.render_pdf(doc)

    def warm_render() -> bytes:
        return render.render_pdf(doc)

    # Interleaved, so a busy machine slows every figure alike.
    wall: dict[str, list[float]] = {"bare": [], "cold": [], "warm": []}
    cpu: dict[str, list[float]] = {"bare": [], "cold": [], "warm": []}
    results: dict[str, bytes] = {}
    for _ in range(args.repeat):
        for name, fn in (("bare", bare_render), ("cold", cold_render), ("warm", warm_render)):
            seconds, cpu_seconds, results[name] = _run(fn)
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
    bare, ours = results["bare"], results["warm"]
    assert ours == first, "render_pdf is not deterministic"

    def fig(times: dict[str, list[float]], name: str) -> str:
        return f"{statistics.median(times[name]):6.2f} s {min(times[name]):6.2f} s"

    print(f"document: {args.rows} table rows, {_pages(ours)} pages ({_pages(bare)} in the bare render)")
    print(f"render_pdf, first in process : {first_time:6.2f} s")
    print(f"{args.repeat} rounds                     : wall median, fastest | CPU median, fastest")
    for name, label in (
        ("bare", "bare write_pdf"),
        ("cold", "render_pdf, caches cleared"),
        ("warm", "render_pdf, caches warm"),
    ):
        print(f"{label:29s}: {fig(wall, name)} | {fig(cpu, name)}")
    for times, kind in ((wall, "wall"), (cpu, "CPU")):
        ratio = statistics.median(times["warm"]) / statistics.median(times["bare"])
        cached = statistics.median(times["warm"]) / statistics.median(times["cold"])
        print(f"warm / bare ({kind:4s} medians)   : {ratio:6.2f}  (target ≤ 1.30); warm / caches cleared: {cached:.2f}")
    print(f"PDF size: render_pdf {len(ours) / 1024:.1f} KB (target < 300 KB), bare {len(bare) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
