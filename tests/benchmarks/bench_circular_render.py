"""Benchmark: rendering a 20-page-plus circular with hundreds of table rows.

Run from the repository root:

    python tests/benchmarks/bench_circular_render.py [--rows 480] [--repeat 3]

Prints, for the same document in one process:

- bare: ``weasyprint.HTML(string=html).write_pdf()`` of the preview HTML (stylesheet inline,
  system fonts, a new FontConfiguration each time) — what a naive implementation does;
- render_pdf, cold: the suite's renderer with its per-process caches emptied (fonts resolved,
  stylesheet parsed, FontConfiguration built again);
- render_pdf, warm: the suite's renderer as a worker runs it after the first circular;

with the median of ``--repeat`` runs, pages and PDF sizes. Targets (issue 6): render_pdf within
1.3× the bare render, PDF under 300 KB.
"""

from __future__ import annotations

import argparse
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


def _time(fn, repeat: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=480, help="table rows (480 ≈ 23 pages)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median printed)")
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
    bare_time, bare = _time(lambda: weasyprint.HTML(string=html).write_pdf(), args.repeat)

    def cold() -> bytes:
        _clear_caches()
        return render.render_pdf(doc)

    cold_time, _ = _time(cold, args.repeat)
    render.render_pdf(doc)
    warm_time, ours = _time(lambda: render.render_pdf(doc), args.repeat)
    assert ours == first, "render_pdf is not deterministic"

    print(f"document: {args.rows} table rows, {_pages(ours)} pages ({_pages(bare)} in the bare render)")
    print(f"render_pdf, first in process : {first_time:6.2f} s")
    print(f"bare write_pdf (median)      : {bare_time:6.2f} s   {len(bare) / 1024:7.1f} KB")
    print(f"render_pdf, caches cleared   : {cold_time:6.2f} s")
    print(f"render_pdf, caches warm      : {warm_time:6.2f} s   {len(ours) / 1024:7.1f} KB")
    print(f"warm / bare                  : {warm_time / bare_time:6.2f}   (target ≤ 1.30)")
    print(f"warm / caches cleared        : {warm_time / cold_time:6.2f}")
    print(f"PDF size                     : {len(ours) / 1024:6.1f} KB (target < 300 KB)")


if __name__ == "__main__":
    main()
