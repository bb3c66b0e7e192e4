"""The demo reproduces the source report (140 measures, 32 lead units, 40 / 69 / 28 tasks of 2016–2018, the
2016 inspection published as a circular); the city dashboard shows the plan's progress by year, linked."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from core.circulars.models import Circular
from core.extensions import db
from core.models import Region
from core.tenancy import unscoped
from core.testing.fixtures import listed_ids
from plugins.supervision.models import Inspection, Measure, Task


def _load(app, *codes: str) -> None:
    from plugins.supervision.demo import load_demo_data

    with app.app_context(), unscoped():
        for code in codes:
            load_demo_data(db.session.execute(select(Region).where(Region.code == code)).scalar_one(), 1)
        db.session.commit()


def test_the_city_demo_is_the_source_reports_plan(app, login_as):
    _load(app, "420800")
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count(Measure.id))) == 140
        assert db.session.scalar(select(func.count(func.distinct(Measure.lead_unit_id)))) == 32
        by_year = dict(db.session.execute(select(Task.year, func.count(Task.id)).group_by(Task.year)).all())
        assert by_year == {2016: 40, 2017: 69, 2018: 28}
        states = set(db.session.execute(select(Task.state).distinct()).scalars())
        assert states == {"not_started", "running", "applied", "returned", "accepted"}
        inspection = db.session.execute(select(Inspection).where(Inspection.year == 2016)).scalar_one()
        assert len({f.task_id for f in inspection.findings}) == 40
        circular = db.session.get(Circular, inspection.circular_id)
        assert circular.state == "published", circular.last_error
        assert "予以督办" in circular.frozen_text and "督查情况" in circular.frozen_text
        assert "年度实施方案任务考核排名" in circular.frozen_text
    # The city's dashboard: the plan's progress by year, each figure linking to its tasks.
    client = login_as("city_admin")
    page = client.get("/admin/?year=2017").get_data(as_text=True)
    for year, total in ((2016, 40), (2017, 69), (2018, 28)):
        assert f"实施方案进度：{year}年度任务销号" in page
        link = f"/admin/supervision_tasks/?year={year}"
        assert link in page
        listing = client.get(f"{link}&page_size=100").get_data(as_text=True)
        assert len(listed_ids(listing)) == total
    overdue = re.search(r'href="(/admin/supervision_tasks/\?figure=overdue&amp;year=2017|'
                        r'/admin/supervision_tasks/\?year=2017&amp;figure=overdue)"', page)  # fmt: skip
    assert overdue, "the overdue figure links to its tasks"
    listing = client.get(overdue.group(1).replace("&amp;", "&") + "&page_size=100").get_data(as_text=True)
    with app.app_context(), unscoped():
        open_2017 = db.session.scalar(select(func.count(Task.id)).where(Task.year == 2017, Task.state != "accepted"))
    assert len(listed_ids(listing)) == open_2017 == 11
    # A county sees its own plan only; the city sees both.
    _load(app, "420802")
    county = login_as("dongbao_staff").get("/admin/supervision_measures/?page_size=100").get_data(as_text=True)
    assert "东宝区" in county and "组建市行政审批局" not in county
    assert "东宝区" not in login_as("duodao_staff").get("/admin/supervision_measures/").get_data(as_text=True)
