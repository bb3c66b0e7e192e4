"""Circulars end to end: composed from plugins, published through the admin by a job process, parsed back."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from core import clock
from core.circulars.models import Circular, CircularCounter, CircularState
from core.extensions import db
from core.models import Region
from core.tenancy import unscoped
from core.testing.fixtures import builtin_plugin_modules

A4 = (595.28, 841.89)


@pytest.fixture
def plugins():
    return [*builtin_plugin_modules(), "tests.plugins.circular_source", "tests.plugins.broken_sections"]


def _dongbao(app) -> int:
    with app.app_context(), unscoped():
        return db.session.execute(select(Region.id).where(Region.code == "420802")).scalar_one()


def _create(client, region_id: int, title: str = "关于2026年度法治政府建设实施方案落实情况的通报") -> int:
    with client.application.app_context():
        today = clock.today()  # the period runs to today in Beijing, whatever the UTC hour
    response = client.post_form(
        "/admin/circulars/new/",
        {
            "title": title,
            "issuing_office": "荆门市东宝区人民政府办公室",
            "region": region_id,
            "period_start": f"{today.year}-01-01",
            "period_end": today.isoformat(),
            "report_to": "市人民政府",
            "distribute_to": "各乡镇人民政府、街道办事处，区直各部门",
            "copies": "30",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    with client.application.app_context(), unscoped():
        return db.session.execute(select(Circular.id).where(Circular.title == title)).scalars().all()[-1]


def _wait_published(app, circular_id: int, timeout: float = 90) -> Circular:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context(), unscoped():
            circular = db.session.get(Circular, circular_id)
            if circular.state != CircularState.PUBLISHING:
                db.session.expunge(circular)
                return circular
        time.sleep(0.3)
    raise AssertionError(f"circular {circular_id} still publishing after {timeout}s")


def test_compose_publish_download_and_parse(app, login_as):
    client = login_as("dongbao_staff")
    circular_id = _create(client, _dongbao(app))
    details = client.get(f"/admin/circulars/details/?id={circular_id}").get_data(as_text=True)
    assert "东宝区第60号检查对象" in details  # the preview holds the plugin's table
    response = client.post_form("/admin/circulars/publish/", {"id": circular_id}, follow_redirects=True)
    assert "正在生成" in response.get_data(as_text=True)
    circular = _wait_published(app, circular_id)
    assert circular.state == CircularState.PUBLISHED, circular.last_error
    assert (circular.number, circular.year) == (1, circular.issue_date.year)

    pdf = client.get(f"/admin/circulars/download/?id={circular_id}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "filename*=UTF-8''" in pdf.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "政府情况通报" in text and "第1期" in text
    assert "东宝区住房和城乡建设局" in text  # the criticised unit of the period
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    # The unit's page lists the circular that names it.
    with app.app_context(), unscoped():
        from core.models import Unit

        unit_id = db.session.execute(select(Unit.id).where(Unit.name == "东宝区住房和城乡建设局")).scalar_one()
    unit_page = client.get(f"/admin/units/details/?id={unit_id}").get_data(as_text=True)
    assert "出现在以下政府情况通报中" in unit_page and "第1期" in unit_page
    # Published circulars never change.
    edit = client.post_form(
        f"/admin/circulars/edit/?id={circular_id}",
        {"title": "改过的标题", "issuing_office": "x", "period_start": "2026-01-01", "period_end": "2026-11-27"},
    )
    assert edit.status_code in (200, 302)
    with app.app_context(), unscoped():
        assert db.session.get(Circular, circular_id).title != "改过的标题"
    # Another county sees neither the circular nor its file.
    other = login_as("duodao_staff")
    assert other.get(f"/admin/circulars/download/?id={circular_id}").status_code == 404


def test_a_failing_section_hook_is_reported_and_the_rest_composed(app, login_as):
    client = login_as("dongbao_staff")
    response = client.post_form(
        "/admin/circulars/new/",
        {
            "title": "测试通报",
            "issuing_office": "东宝区人民政府办公室",
            "region": _dongbao(app),
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "故障通报模块" in page and "统计口径未配置" in page


def test_empty_circular_is_refused_and_consumes_no_number(app, login_as):
    client = login_as("dongbao_staff")
    circular_id = _create(client, _dongbao(app), title="空通报")
    with app.app_context(), unscoped():
        circular = db.session.get(Circular, circular_id)
        for section in circular.sections:
            section.included = False
        db.session.commit()
    response = client.post_form("/admin/circulars/publish/", {"id": circular_id}, follow_redirects=True)
    assert "没有任何正文内容" in response.get_data(as_text=True)
    with app.app_context(), unscoped():
        assert db.session.get(Circular, circular_id).state == CircularState.DRAFT
        assert db.session.execute(select(CircularCounter.last_number)).scalars().all() in ([], [0])


def test_failed_render_leaves_the_draft_and_the_number(app, login_as, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("the storage folder is a file: storing the PDF fails")
    app.config["FAZHI_CIRCULAR_DIR"] = str(blocker)
    client = login_as("dongbao_staff")
    circular_id = _create(client, _dongbao(app))
    client.post_form("/admin/circulars/publish/", {"id": circular_id})
    circular = _wait_published(app, circular_id)
    assert circular.state == CircularState.DRAFT and circular.number is None
    assert "生成失败" in circular.last_error
    with app.app_context(), unscoped():
        assert db.session.execute(select(CircularCounter.last_number)).scalar_one() == 0
    page = client.get(f"/admin/circulars/details/?id={circular_id}").get_data(as_text=True)
    assert "生成失败" in page


def test_two_concurrent_publishes_get_consecutive_numbers(app, login_as):
    client = login_as("dongbao_staff")
    region_id = _dongbao(app)
    ids = [_create(client, region_id, title=f"并发通报{i}") for i in range(2)]
    clients = [login_as("dongbao_staff"), login_as("dongbao_admin")]
    threads = [
        threading.Thread(target=c.post_form, args=("/admin/circulars/publish/", {"id": i}))
        for c, i in zip(clients, ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = sorted(_wait_published(app, i).number for i in ids)
    assert numbers == [1, 2]


def test_html_in_a_title_is_printed_as_text(app, login_as):
    client = login_as("dongbao_staff")
    circular_id = _create(client, _dongbao(app), title="<b>加粗</b>的标题")
    details = client.get(f"/admin/circulars/details/?id={circular_id}").get_data(as_text=True)
    assert "<b>加粗</b>" not in details  # escaped in the page and in the preview


def test_two_workers_never_take_the_same_circular(app, login_as):
    import subprocess
    import sys

    from core.circulars.publishing import heartbeat_path, job_environment

    client = login_as("dongbao_staff")
    region_id = _dongbao(app)
    ids = [_create(client, region_id, title=f"双进程通报{i}") for i in range(3)]
    with app.app_context():
        heartbeat_path().parent.mkdir(parents=True, exist_ok=True)
        heartbeat_path().touch()  # pretend a worker runs, so the requests start none
        for circular_id in ids:
            client.post_form("/admin/circulars/publish/", {"id": circular_id})
            heartbeat_path().touch()
        env = job_environment()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "circulars", "worker", "--once"],
            env=env,
            cwd=str(Path(__file__).resolve().parents[1]),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=180)[0].decode() for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    rendered = sum(int(o.rsplit("rendered ", 1)[1].split()[0]) for o in outputs)
    assert rendered == 3, outputs  # each circular rendered by exactly one of the two
    circulars = [_wait_published(app, i) for i in ids]
    assert sorted(c.number for c in circulars) == [1, 2, 3]


def test_criticised_units_of_the_period_are_in_the_published_pdf(app, login_as):
    from core.models import Unit
    from core.notices import NoticeKind, issue_notice

    with app.app_context(), unscoped():
        unit = db.session.execute(select(Unit).where(Unit.name == "东宝区公安局")).scalar_one()
        issue_notice(
            kind=NoticeKind.CRITICISM,
            target_unit_id=unit.id,
            title="行政机关负责人未出庭应诉",
            basis="《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》第十二条",
            issued_by=None,
        )
        db.session.commit()
    client = login_as("dongbao_staff")
    circular_id = _create(client, _dongbao(app), title="关于督办问责情况的通报")
    client.post_form("/admin/circulars/publish/", {"id": circular_id})
    circular = _wait_published(app, circular_id)
    assert circular.state == CircularState.PUBLISHED, circular.last_error
    pdf = client.get(f"/admin/circulars/download/?id={circular_id}")
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "督办问责情况" in text and "予以通报批评的单位：东宝区公安局" in text
