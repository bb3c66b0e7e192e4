"""The circular's counsel section (uncovered agencies named) and the yearly evaluation, through HTTP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from core.circulars.models import Circular
from core.extensions import db
from core.tenancy import unscoped
from plugins.counsel.models import CounselEvaluation, CounselMember
from plugins.counsel.tests.conftest import flashes, load_city_demo


def test_the_circular_of_a_period_names_the_agencies_without_counsel(app, login_as):
    load_city_demo(app)
    client = login_as("dongbao_staff")
    with app.app_context():
        from core import clock

        today = clock.today()
    response = client.post_form(
        "/admin/circulars/new/",
        {
            "title": "关于法治政府建设工作情况的通报",
            "issuing_office": "荆门市东宝区人民政府办公室",
            "region": _region(app, "420802"),
            "period_start": f"{today.year}-01-01",
            "period_end": today.isoformat(),
            "report_to": "市人民政府",
            "distribute_to": "区直各部门",
            "copies": "30",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    with app.app_context(), unscoped():
        circular_id = db.session.execute(select(Circular.id).order_by(Circular.id.desc())).scalars().first()
        uncovered = _uncovered_names(app)
    preview = client.get(f"/admin/circulars/details/?id={circular_id}").get_data(as_text=True)
    assert "政府法律顾问工作情况" in preview
    assert "覆盖率94.4%（51/54）" in preview
    assert uncovered and all(name in preview for name in uncovered), uncovered
    assert "尚未聘请法律顾问的单位（3家）" in preview


def _region(app, code: str) -> int:
    from core.models import Region

    with app.app_context(), unscoped():
        return db.session.execute(select(Region.id).where(Region.code == code)).scalar_one()


def _uncovered_names(app) -> list[str]:
    from core import clock, tenancy
    from core.models import Region
    from plugins.counsel.operations.coverage import uncovered_units

    region = db.session.execute(select(Region).where(Region.code == "420802")).scalar_one()
    return [u.name for u in uncovered_units(clock.today(), tenancy.region_subtree_ids(region))]


def test_the_yearly_evaluation_is_computed_adjusted_with_a_reason_and_kept_on_recompute(app, office):
    today = office.today()
    lawyer = office.lawyer()
    office.engage("东宝区公安局", lawyer, dt.date(today.year, 1, 1), dt.date(today.year + 1, 12, 31))
    received = today - dt.timedelta(days=30)
    for n, adoption in enumerate(("adopted", "not_adopted")):
        matter = office.matter("东宝区公安局", "contract", f"合同{n}", received)
        office.act(
            matter, "give_opinion", {"on": received + dt.timedelta(days=1), "opinion": "意见", "counsel": str(lawyer)}
        )
        office.act(matter, "record_adoption", {"adoption": adoption, "reason": "另有安排"})
    response = office.client.post_form("/admin/counsel_evaluations/compute/", {"year": str(today.year)})
    assert response.status_code == 302
    with app.app_context(), unscoped():
        evaluation = db.session.execute(select(CounselEvaluation)).scalar_one()
        evaluation_id = evaluation.id
        assert (evaluation.opinions, evaluation.on_time, evaluation.adopted) == (2, 2, 1)
        assert evaluation.computed_score == Decimal("55.00")  # 40 × 2/2 + 30 × 1/2, no rating yet

    base = "/admin/counsel_evaluations/act"
    office.client.post_form(f"{base}/adjust/?id={evaluation_id}", {"points": "5"})
    office.client.post_form(f"{base}/adjust/?id={evaluation_id}", {"points": "5", "reason": "疫情期间驻点服务"})
    office.client.post_form(f"{base}/recompute/?id={evaluation_id}", {"rating": "90"})
    page = office.client.get(f"/admin/counsel_evaluations/details/?id={evaluation_id}").get_data(as_text=True)
    assert "87.00 分" in page and "疫情期间驻点服务" in page  # 55 + 0.3 × 90 = 82, adjusted +5
    refused = office.client.post_form(f"{base}/decide_outcome/?id={evaluation_id}", {"outcome": "dismiss"})
    assert refused.status_code == 302
    assert "不再续聘或解聘须写明理由" in flashes(office.client.get(refused.headers["Location"]))
    assert office.get(CounselMember, lawyer).status == "active"
    office.client.post_form(f"{base}/decide_outcome/?id={evaluation_id}", {"outcome": "dismiss", "reason": "多次逾期"})
    member = office.get(CounselMember, lawyer)
    assert (member.status, member.status_reason) == ("dismissed", f"{today.year}年度评价：多次逾期")
