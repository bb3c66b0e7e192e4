"""Benchmark: publishing a 20-page-plus circular through the suite beside a bare WeasyPrint render.

Prints, in one run and for the same document (the sample circular, 480 table rows):

- bare: ``weasyprint.HTML(string=html).write_pdf()`` of the same HTML with the system fonts;
- publish: from the publish request (HTTP POST through the admin) until the circular is
  published — numbered, rendered by the warm render worker, stored with its SHA-256 and
  announced — measured by polling the database;
- the published PDF's size, and the median time of downloading it (hash checked on the way out).

Targets (issue 6): publish within 1.3× the bare render, PDF under 300 KB, download under 20 ms.

Run: ``.venv/bin/python tests/benchmarks/bench_circular_publish.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import weasyprint
from sqlalchemy import select

from core.circulars.compose import document_of
from core.circulars.models import Circular, CircularSection, CircularState
from core.circulars.publishing import job_environment, worker_alive
from core.circulars.render import render_html
from core.circulars.samples import sample_circular
from core.demo import load_demo_tenancy
from core.extensions import db
from core.migrations_config import upgrade_database
from core.models import Region
from core.tenancy import unscoped
from core.testing.fixtures import login, make_app


def make_draft(region_id: int, title: str) -> int:
    """A draft holding the sample circular's sections."""
    sample = sample_circular(rows=480)
    circular = Circular(
        region_id=region_id,
        title=title,
        issuing_office=sample.issuing_office,
        period_start=sample.issue_date.replace(month=1, day=1),
        period_end=sample.issue_date,
        report_to=sample.report_to,
        send_to=sample.send_to,
        distribute_to=sample.distribute_to,
        copies=sample.copies,
    )
    for position, section in enumerate(sample.sections):
        table = None
        if section.table:
            table = {
                "header": section.table.header,
                "rows": section.table.rows,
                "caption": section.table.caption,
                "widths": section.table.widths,
            }
        circular.sections.append(
            CircularSection(
                region_id=region_id,
                position=position,
                heading=section.heading,
                level=section.level,
                body="\n".join(section.paragraphs),
                table=table,
            )
        )
    db.session.add(circular)
    db.session.commit()
    return circular.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fazhi-bench-circ-"))
    app = make_app(f"sqlite:///{workdir / 'bench.sqlite3'}", plugins=[], FAZHI_INSTANCE_PATH=str(workdir / "instance"))
    with app.app_context(), unscoped():
        upgrade_database()
        load_demo_tenancy()
        region_id = db.session.execute(select(Region.id).where(Region.code == "420800")).scalar_one()
        ids = [
            make_draft(region_id, f"关于法治政府建设实施方案落实情况的通报（{i + 1}）") for i in range(args.repeat + 1)
        ]
        html = render_html(document_of(db.session.get(Circular, ids[0])))
        env = job_environment()
    # A render worker as operators run it: started once, fonts loaded once.
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "circulars", "worker"],
        env=env,
        cwd=str(Path(__file__).resolve().parents[2]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        with app.app_context():
            while not worker_alive(1.0):
                time.sleep(0.1)
        client = login(app, "city_staff")

        def publish(circular_id: int) -> float:
            start = time.perf_counter()
            client.post_form("/admin/circulars/publish/", {"id": circular_id})
            while True:
                with app.app_context(), unscoped():
                    state = db.session.get(Circular, circular_id).state
                    db.session.remove()
                if state != CircularState.PUBLISHING:
                    break
                time.sleep(0.02)
            elapsed = time.perf_counter() - start
            assert state == CircularState.PUBLISHED, state
            return elapsed

        publish(ids[0])  # the worker's first document: warms its caches as a service's first would
        weasyprint.HTML(string=html).write_pdf()  # likewise warm the bare path
        bare, published = [], []
        for circular_id in ids[1:]:
            start = time.perf_counter()
            pdf = weasyprint.HTML(string=html).write_pdf()
            bare.append(time.perf_counter() - start)
            published.append(publish(circular_id))
        with app.app_context(), unscoped():
            size = db.session.get(Circular, ids[-1]).pdf_size
        downloads = []
        for _ in range(50):
            start = time.perf_counter()
            response = client.get(f"/admin/circulars/download/?id={ids[-1]}")
            downloads.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        bare_s, publish_s = statistics.median(bare), statistics.median(published)
        print("document: the sample circular, 480 table rows")
        print(f"bare weasyprint write_pdf (median of {len(bare)}): {bare_s:6.2f} s   {len(pdf) / 1024:7.1f} KB")
        print(f"suite publish, request → published (median)     : {publish_s:6.2f} s   {size / 1024:7.1f} KB")
        print(f"publish / bare                                  : {publish_s / bare_s:6.2f}   (target ≤ 1.30)")
        print(f"download of a published circular (median of 50) : {statistics.median(downloads):6.1f} ms (target < 20)")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
