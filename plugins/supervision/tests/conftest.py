"""Fixtures for 实施方案督办: a helper that drives the HTTP admin as an office user would."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from openpyxl import Workbook
from sqlalchemy import func, select

from core.extensions import db
from core.models import Region, Unit
from core.registers import wait_for
from core.tenancy import unscoped

PDF = b"%PDF-1.4\n% evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLAN = "荆门市法治政府建设实施方案（2016—2020年）"
HEADERS = [
    "实施方案",
    "措施编号",
    "领域",
    "章节",
    "工作措施",
    "牵头单位",
    "责任单位",
    "起始年度",
    "截止年度",
    "完成时限",
    "成果形式",
]
AREAS = [
    "依法全面履行政府职能",
    "完善依法行政制度体系",
    "推进行政决策科学化、民主化、法治化",
    "坚持严格规范公正文明执法",
    "强化对行政权力的制约和监督",
    "依法有效化解社会矛盾纠纷",
    "全面提高政府工作人员法治思维和依法行政能力",
]


def flashes(response: Any) -> list[str]:
    """The flashed messages of a rendered page."""
    html = response.get_data(as_text=True)
    return [
        re.sub(r"<[^>]+>|&times;|×", "", m).strip()
        for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)
    ]


def lead_unit_names() -> list[str]:
    """32 lead units: the 10 demo city units and 22 more."""
    from core.demo import CITY_UNITS

    extra = [f"市第{i}牵头局" for i in range(1, 23)]
    return [*CITY_UNITS, *extra]


def plan_rows(count: int = 140) -> list[list[Any]]:
    """The 140 measures of the plan, spread over 32 lead units (each one lead unit, a responsible unit)."""
    units = lead_unit_names()
    rows = []
    for i in range(1, count + 1):
        year = 2016 if i <= 40 else 2017 if i <= 109 else 2018
        rows.append(
            [
                PLAN,
                str(i),
                AREAS[i % len(AREAS)],
                f"第{i % 7 + 1}章",
                f"第{i}项工作措施：推进依法行政制度建设",
                units[i % 32],
                units[(i + 1) % 32],
                year,
                2020 if i % 5 == 0 else year,
                dt.date(year, 12, 31),
                "制度文件、工作总结",
            ]
        )
    return rows


def workbook(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    """An Excel file of the plan's table (title row, header row, the rows)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["法治政府建设实施方案工作措施清单"])
    sheet.append(headers or HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class Desk:
    """Drives the supervision admin for one logged-in user."""

    app: Flask
    client: Any

    def unit(self, name: str) -> int:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(Unit.id).where(Unit.name == name)).scalar_one()

    def region(self, code: str = "420800") -> int:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(Region.id).where(Region.code == code)).scalar_one()

    def count(self, model: type, *where: Any) -> int:
        with self.app.app_context(), unscoped():
            return db.session.scalar(select(func.count()).select_from(model).where(*where))

    def last_id(self, model: type) -> int | None:
        with self.app.app_context(), unscoped():
            return db.session.scalar(select(func.max(model.id)))

    def get(self, model: type, record_id: int, *attributes: str) -> tuple[Any, ...]:
        with self.app.app_context(), unscoped():
            record = db.session.get(model, record_id)
            return tuple(getattr(record, a) for a in attributes)

    def create_plan(self, title: str = PLAN, code: str = "420800", end_year: int = 2020) -> int:
        from plugins.supervision.models import Plan

        response = self.client.post_form(
            "/admin/supervision_plans/new/",
            {"region": self.region(code), "title": title, "start_year": "2016", "end_year": str(end_year)},
        )
        assert response.status_code == 302, flashes(response)
        return self.last_id(Plan)

    def import_plan(self, content: bytes, mode: str = "all_or_nothing") -> dict[str, Any]:
        response = self.client.post_form(
            "/admin/supervision_register/import",
            {"file": (io.BytesIO(content), "工作措施清单.xlsx"), "mode": mode},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, flashes(response)
        job_id = int(re.search(r"/jobs/(\d+)", response.headers["Location"]).group(1))
        assert wait_for(job_id, timeout=120)
        status = self.client.get(f"/admin/supervision_register/jobs/{job_id}.json").get_json()
        status["page"] = self.client.get(f"/admin/supervision_register/jobs/{job_id}").get_data(as_text=True)
        return status

    def act(self, endpoint: str, act: str, record_id: int, **data: Any) -> Any:
        clean = {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in data.items() if v is not None}
        return self.client.post_form(f"/admin/{endpoint}/act/{act}/?id={record_id}", clean, follow_redirects=True)

    def done(self, endpoint: str, act: str, record_id: int, **data: Any) -> Any:
        response = self.act(endpoint, act, record_id, **data)
        messages = flashes(response)
        assert messages and messages[-1].startswith("已"), messages
        return response

    def attach(self, table: str, record_id: int, name: str = "成果材料.pdf") -> None:
        response = self.client.post_form(
            f"/attachments/{table}/{record_id}",
            {"file": (io.BytesIO(PDF), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302


def add_lead_units(app: Flask) -> None:
    """The 22 city units the demo tenancy lacks, so 32 lead units exist."""
    with app.app_context(), unscoped():
        city = db.session.execute(select(Region).where(Region.code == "420800")).scalar_one()
        existing = set(db.session.execute(select(Unit.name)).scalars())
        for name in lead_unit_names():
            if name not in existing:
                db.session.add(Unit(name=name, region_id=city.id))
        db.session.commit()


@pytest.fixture
def desk(app: Flask, login_as: Any) -> Desk:
    """The city's legal office (市司法局 staff), with the 32 lead units in place."""
    add_lead_units(app)
    return Desk(app, login_as("city_staff"))


def make_user(app: Flask, username: str, unit_name: str, role: str = "staff") -> None:
    """A login of `unit_name` (in its region), with the demo password."""
    from core.demo import DEMO_PASSWORD
    from core.models import User
    from core.passwords import hash_password

    with app.app_context(), unscoped():
        unit = db.session.execute(select(Unit).where(Unit.name == unit_name)).scalar_one()
        db.session.add(
            User(
                username=username,
                full_name=f"{unit_name}工作人员",
                role=role,
                region_id=unit.region_id,
                unit_id=unit.id,
                password_hash=hash_password(DEMO_PASSWORD),
            )
        )
        db.session.commit()


def one_measure(desk: Desk, year: int, number: str = "1", lead: str = "市公安局", responsible: str = "市教育局") -> int:
    """A plan with one measure of `year` (imported), returns the measure's id."""
    from plugins.supervision.models import Measure

    if not desk.count(Measure):
        desk.create_plan(end_year=max(2020, year))
    row = [PLAN, number, AREAS[3], "第四章", "推行行政执法公示制度", lead, responsible, 2016, max(2020, year),
           dt.date(year, 12, 31), "公示平台、制度文件"]  # fmt: skip
    result = desk.import_plan(workbook([row]))
    assert result["state"] == "done", result["page"][-1500:]
    with desk.app.app_context(), unscoped():
        return db.session.execute(select(Measure.id).where(Measure.number == number)).scalar_one()


def open_task(desk: Desk, measure_id: int, year: int, deadline: dt.date | None = None) -> int:
    """Open the measure's task of `year` from the measure page; returns the task id."""
    from plugins.supervision.models import Task

    desk.done("supervision_measures", "open_task", measure_id, year=year, deadline=deadline)
    with desk.app.app_context(), unscoped():
        return db.session.execute(select(Task.id).where(Task.measure_id == measure_id, Task.year == year)).scalar_one()
