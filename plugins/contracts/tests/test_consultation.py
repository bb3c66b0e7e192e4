"""A major issue consulted with counsel: through the core's events with a counsel module on, by hand without.

With the real counsel plugin: tests/test_plugins_meet_by_events.py."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from core.tenancy import unscoped
from plugins.contracts.models import Consultation

COUNSEL = "tests.plugins.counselstub"


@pytest.fixture
def plugins():
    """Contracts without any plugin that answers consultations (the counsel plugin is not loaded)."""
    return ["plugins.contracts.plugin"]


def _consultations(desk, cid):
    with desk.app.app_context(), unscoped():
        rows = db.session.execute(select(Consultation).where(Consultation.contract_id == cid)).scalars().all()
        return [(c.channel, c.state, c.opinion, c.counsel_names, c.matter_id) for c in rows]


def _major_issue(desk):
    cid = desk.submit("2024-09-02", amount="2000万")  # construction under the 3000万 threshold: not major
    assert desk.contract(cid).major is False
    desk.act(cid, "start_review", on="2024-09-03")
    desk.act(cid, "give_opinion", on="2024-09-03", aspect="risk", clause="第六条 担保", issue="政府方提供担保",
             suggestion="删除担保条款", severity="major")  # fmt: skip
    return cid, desk.opinion_ids(cid)[0]


class TestWithCounselModule:
    @pytest.fixture
    def plugins(self):
        return ["plugins.contracts.plugin", COUNSEL]

    def test_request_goes_out_as_an_event_and_the_answer_is_attached(self, desk):
        cid, opinion = _major_issue(desk)
        assert "提请法律顾问协商" in desk.page(cid)
        message = desk.act(
            cid, "request_consultation", on="2024-09-04", question="担保条款是否违反《预算法》", opinion=opinion
        )
        assert "已提请法律顾问协商" in message
        from core.events.models import OutboxEvent

        with desk.app.app_context(), unscoped():
            request = db.session.execute(
                select(OutboxEvent).where(OutboxEvent.name == "core.consultation.requested")
            ).scalar_one()
            assert request.payload["requester"] == "contracts" and request.payload["kind"] == "contract"
        desk.deliver()  # the stand-in answers; its answer is delivered back to the contracts plugin
        rows = _consultations(desk, cid)
        assert rows == [("counsel_module", "answered", rows[0][2], "周律师、陈教授", 4242)]
        assert "建议增加履约保证金条款" in rows[0][2]
        page = desk.page(cid)
        assert "法律顾问模块" in page and "建议增加履约保证金条款" in page and "收到法律顾问意见" in page
        desk.deliver()  # delivered again: attached once
        assert len(_consultations(desk, cid)) == 1

    def test_an_ordinary_contract_is_not_sent_to_counsel(self, desk):
        cid = desk.submit("2024-09-02", amount="2000万")
        desk.act(cid, "start_review", on="2024-09-03")
        message = desk.act(cid, "request_consultation", on="2024-09-04", question="一般问题")
        assert "应为重大合同或重大问题" in message and _consultations(desk, cid) == []


def test_without_counsel_module_the_consultation_is_recorded_by_hand(desk):
    cid, opinion = _major_issue(desk)
    assert "提请法律顾问协商</summary>" not in desk.page(cid)
    refused = desk.act(cid, "request_consultation", on="2024-09-04", question="担保条款", opinion=opinion)
    assert "未启用法律顾问模块" in refused and _consultations(desk, cid) == []
    missing = desk.act(
        cid, "record_consultation", on="2024-09-04", question="担保条款", opinion=opinion, counsel_names="周律师"
    )
    assert "「法律顾问意见」必填" in missing and _consultations(desk, cid) == []
    # Called without the form (the command line, a register), the question is refused first too.
    import datetime as dt

    from core.refusals import Refusal
    from plugins.contracts import operations
    from plugins.contracts.models import Contract, ReviewOpinion

    with desk.app.app_context(), unscoped(), pytest.raises(Refusal) as refused:
        contract, about = db.session.get(Contract, cid), db.session.get(ReviewOpinion, opinion)
        operations.record_consultation(contract, dt.date(2024, 9, 4), "", "", "", opinion=about)
    assert refused.value.field == "question"
    done = desk.act(
        cid, "record_consultation", on="2024-09-04", question="担保条款是否合法", opinion=opinion,
        counsel_names="周律师、陈教授", opinion_text="政府方不得提供担保，应删除第六条",
    )  # fmt: skip
    assert "已登记法律顾问协商意见" in done
    assert _consultations(desk, cid) == [
        ("by_hand", "answered", "政府方不得提供担保，应删除第六条", "周律师、陈教授", None)
    ]
    assert "手工登记" in desk.page(cid)
