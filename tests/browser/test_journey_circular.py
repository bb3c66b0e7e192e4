"""A circular in the browser: composed, published, downloaded and read back from its PDF."""

from __future__ import annotations

import io
import time
from pathlib import Path

from pypdf import PdfReader

from core import clock


def test_compose_publish_download_and_read_a_circular(journey):
    app = journey.app
    with app.app_context():
        today = clock.today()
    page = journey.page
    title = "关于2026年度法治政府建设工作情况的通报"
    journey.login("dongbao_staff")
    journey.go("/admin/circulars/new/")
    journey.assert_chinese()
    page.fill("#title", title)
    page.fill("#issuing_office", "荆门市东宝区人民政府办公室")
    page.fill("#period_start", f"{today.year}-01-01")
    page.fill("#period_end", today.isoformat())
    page.fill("#report_to", "市人民政府")
    page.fill("#distribute_to", "各乡镇人民政府、街道办事处，区直各部门")
    page.fill("#copies", "30")
    with page.expect_navigation():
        page.click("form.admin-form input[type=submit]:not([name])")
    page.click("table a[href*='/details/']")
    page.wait_for_load_state("load")
    assert "草稿" in journey.text()
    journey.shot("circular-draft")

    with page.expect_navigation():
        page.click("#publish")
    deadline = time.monotonic() + 120
    while page.locator("#download").count() == 0:  # the page refreshes itself every 2 seconds
        assert time.monotonic() < deadline, journey.text()[:500]
        assert page.locator("#publish-error").count() == 0, page.inner_text("#publish-error")
        page.wait_for_timeout(1000)
    journey.assert_chinese()
    journey.shot("circular-published")
    with page.expect_download() as info:
        page.click("#download")
    pdf = info.value
    content = Path(pdf.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "政府情况通报" in text
    assert "法治政府建设" in text
    assert pdf.suggested_filename.endswith(".pdf")
