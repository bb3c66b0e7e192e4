"""Two real plugins meet only through the core's events: contracts asks counsel for an opinion
(`core.consultations`), the counsel office answers through its own pages, and the answer comes back.

Neither plugin imports the other; this test, outside both, drives each through HTTP.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from core.tenancy import unscoped
from plugins.contracts.models import Consultation
from plugins.contracts.tests.conftest import Desk, flashed
from plugins.counsel.models import CounselMember, Matter


@pytest.fixture
def desk(app, login_as):
    """东宝区's legal office, logged in as its staff member."""
    return Desk(app, login_as("dongbao_staff"))


def _consultations(desk, cid):
    with desk.app.app_context(), unscoped():
        rows = db.session.execute(select(Consultation).where(Consultation.contract_id == cid)).scalars().all()
        return [(c.channel, c.state, c.opinion, c.counsel_names, c.matter_id) for c in rows]


def _major_issue(desk):
    cid = desk.submit("2024-09-02", amount="2000万")
    desk.act(cid, "start_review", on="2024-09-03")
    desk.act(cid, "give_opinion", on="2024-09-03", aspect="risk", clause="第六条 担保", issue="政府方提供担保",
             suggestion="删除担保条款", severity="major")  # fmt: skip
    return cid, desk.opinion_ids(cid)[0]


@pytest.fixture
def plugins():
    return ["plugins.contracts.plugin", "plugins.counsel.plugin"]


def test_the_counsel_office_answers_and_the_contract_shows_its_opinion(desk):
    cid, opinion = _major_issue(desk)
    assert "已提请法律顾问协商" in desk.act(
        cid, "request_consultation", on="2024-09-04", question="担保条款是否违反《预算法》", opinion=opinion
    )
    desk.deliver()  # the counsel plugin opens a matter in its opinion log
    with desk.app.app_context(), unscoped():
        matter = db.session.execute(select(Matter).where(Matter.requester == "contracts")).scalar_one()
        matter_id, kind, region_id = matter.id, matter.kind, matter.region_id
    assert kind == "contract" and region_id == desk.ids()[0]
    assert "担保条款是否违反《预算法》" in desk.client.get(f"/admin/counsel_matters/details/?id={matter_id}").get_data(
        as_text=True
    )

    lawyer = desk.client.post_form(
        "/admin/counsel_members/new/",
        {"kind": "lawyer", "name": "周律师", "firm": "湖北漳河律师事务所", "licence_number": "14208201510123456",
         "legal_qualification": "y", "practice_years": "9", "degree": "law_master", "status": "active"},
    )  # fmt: skip
    assert lawyer.status_code == 302
    with desk.app.app_context(), unscoped():
        member = db.session.execute(select(CounselMember.id).where(CounselMember.name == "周律师")).scalar_one()
    given = desk.client.post_form(
        f"/admin/counsel_matters/act/give_opinion/?id={matter_id}",
        {"on": "2024-09-09", "opinion": "政府方不得为合同相对方提供担保，应删除第六条。", "counsel": str(member)},
    )
    assert given.status_code == 302
    assert "已出具法律意见" in flashed(desk.client.get(given.headers["Location"]))

    desk.deliver()  # the answer goes back to the contracts plugin as an event
    rows = _consultations(desk, cid)
    assert rows == [
        ("counsel_module", "answered", "政府方不得为合同相对方提供担保，应删除第六条。", "周律师", matter_id)
    ]
    assert "政府方不得为合同相对方提供担保" in desk.page(cid)
    desk.deliver()
    assert len(_consultations(desk, cid)) == 1
