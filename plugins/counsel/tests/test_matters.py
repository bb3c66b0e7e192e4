"""The opinion log through the HTTP admin: the working-day period, the legality-review gate
(条例 arts 25, 28), adoption, and an opinion asked for by another plugin's event."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.deadlines import Deadline
from core.extensions import db
from core.tenancy import unscoped
from plugins.counsel.models import Matter


@pytest.fixture
def plugins():
    from core.testing.fixtures import builtin_plugin_modules

    return [*builtin_plugin_modules(), "tests.plugins.consultcheck"]


def _received(office) -> dt.date:
    """A Monday some weeks back, so the 7 working days are plain weekdays (no holiday near)."""
    day = office.today() - dt.timedelta(days=40)
    while day.weekday() != 0:
        day -= dt.timedelta(days=1)
    return day


def test_a_legality_review_has_seven_working_days_on_the_core_calendar(app, office):
    received = dt.date(2026, 9, 28)  # 国庆节 2026: 10-01…10-07 rest days, Saturday 10-10 a make-up working day
    matter_id = office.matter("东宝区住房和城乡建设局", "major_decision", "关于征收补偿标准的决定（草案）", received)
    with app.app_context(), unscoped():
        deadline = db.session.execute(
            select(Deadline).where(Deadline.subject_type == "counsel_matter", Deadline.subject_id == matter_id)
        ).scalar_one()
        assert deadline.basis == "《重大行政决策程序暂行条例》第二十六条第二款"
        assert deadline.due_date == dt.date(2026, 10, 13)  # 29, 30 Sep; 8, 9, 10 (Sat, make-up), 12, 13 Oct
    assert office.get(Matter, matter_id).due_on == dt.date(2026, 10, 13)


def test_the_gate_refuses_a_major_decision_without_review_and_admits_it_after_one(app, office):
    received = _received(office)
    lawyer = office.lawyer()
    matter_id = office.matter("东宝区住房和城乡建设局", "major_decision", "关于老旧小区改造的决定（草案）", received)
    page = office.client.get(f"/admin/counsel_matters/details/?id={matter_id}").get_data(as_text=True)
    assert "未经合法性审查，不得提交集体讨论" in page

    refused = office.act(matter_id, "submit", {"on": received + dt.timedelta(days=3)})
    assert "未提交集体讨论" in refused and "不得提交决策机关讨论" in refused and "第二十五条" in refused
    assert office.get(Matter, matter_id).state == "open"

    # An opinion with no counsel named is no legality review in which counsel were heard (art 28).
    refused = office.act(
        matter_id, "give_opinion", {"on": received + dt.timedelta(days=5), "opinion": "合法", "review_result": "lawful"}
    )
    assert "至少选择一名法律顾问" in refused
    # A major decision's opinion states the review's conclusion.
    refused = office.act(
        matter_id, "give_opinion", {"on": received + dt.timedelta(days=5), "opinion": "合法", "counsel": str(lawyer)}
    )
    assert "合法性审查结论" in refused
    assert office.get(Matter, matter_id).state == "open"

    given = received + dt.timedelta(days=5)
    done = office.act(
        matter_id,
        "give_opinion",
        {"on": given, "opinion": "该决策草案符合法定权限和程序。", "counsel": str(lawyer), "review_result": "lawful"},
    )
    assert "已出具法律意见" in done
    done = office.act(matter_id, "submit", {"on": given + dt.timedelta(days=1)})
    assert "已提交集体讨论" in done
    matter = office.get(Matter, matter_id)
    assert (matter.state, matter.submitted_on, matter.on_time) == ("submitted", given + dt.timedelta(days=1), True)


def test_an_unlawful_draft_is_held_and_an_exploratory_reform_needs_its_legal_risk(app, office):
    received = _received(office)
    lawyer = office.lawyer()
    unlawful = office.matter("东宝区公安局", "major_decision", "关于限制外地车辆通行的决定（草案）", received)
    office.act(
        unlawful,
        "give_opinion",
        {
            "on": received + dt.timedelta(days=2),
            "opinion": "超越法定权限。",
            "counsel": str(lawyer),
            "review_result": "unlawful",
        },
    )
    refused = office.act(unlawful, "submit", {"on": received + dt.timedelta(days=3)})
    assert "合法性审查结论为“不合法”" in refused
    assert office.get(Matter, unlawful).state == "answered"

    reform = office.matter("东宝区公安局", "major_decision", "关于试行“一业一证”改革的决定（草案）", received)
    refused = office.act(reform, "submit", {"on": received + dt.timedelta(days=1), "exploratory": "y"})
    assert "明示法律风险" in refused
    done = office.act(
        reform,
        "submit",
        {
            "on": received + dt.timedelta(days=1),
            "exploratory": "y",
            "legal_risk": "上位法尚无规定，存在被认定越权的风险",
        },
    )
    assert "已提交集体讨论" in done
    assert office.get(Matter, reform).exploratory is True


def test_adoption_needs_a_reason_unless_adopted_and_a_closed_matter_takes_no_opinion(app, office):
    received = _received(office)
    lawyer = office.lawyer()
    matter_id = office.matter("东宝区公安局", "contract", "政府购买服务合同", received)
    office.act(
        matter_id,
        "give_opinion",
        {"on": received + dt.timedelta(days=1), "opinion": "建议修改违约条款。", "counsel": str(lawyer)},
    )
    refused = office.act(matter_id, "record_adoption", {"adoption": "not_adopted"})
    assert "须写明理由" in refused
    office.act(matter_id, "record_adoption", {"adoption": "not_adopted", "reason": "合同已按上级范本签订"})
    office.act(matter_id, "close", {"on": received + dt.timedelta(days=3)})
    refused = office.act(
        matter_id,
        "give_opinion",
        {"on": received + dt.timedelta(days=4), "opinion": "补充意见", "counsel": str(lawyer)},
    )
    assert "事项当前为“已办结”，不能出具法律意见" in refused
    matter = office.get(Matter, matter_id)
    assert (matter.state, matter.adoption, matter.opinion) == ("closed", "not_adopted", "建议修改违约条款。")


def test_a_consultation_by_event_opens_a_matter_and_the_opinion_goes_back_as_an_event(app, office):
    from core.audit import acting_as
    from core.events.testing import deliver_pending
    from tests.plugins.consultcheck import ask

    lawyer = office.lawyer()
    with app.app_context(), unscoped(), acting_as(None):
        ask(
            request_key="consultcheck:contract:7",
            unit_id=office.unit("东宝区自然资源局"),
            region_id=office.region("420802"),
            title="土地收储补偿协议（重大问题）",
        )
        db.session.commit()
        deliver_pending(app)
    with app.app_context(), unscoped():
        matter = db.session.execute(select(Matter).where(Matter.request_key == "consultcheck:contract:7")).scalar_one()
        matter_id, kind, requester = matter.id, matter.kind, matter.requester
    assert (kind, requester) == ("contract", "consultcheck")
    assert app.extensions.get("consultcheck.answers", []) == []

    given = office.today()
    done = office.act(
        matter_id,
        "give_opinion",
        {"on": given, "opinion": "补偿标准有据，建议补充争议解决条款。", "counsel": str(lawyer)},
    )
    assert "已出具法律意见" in done
    office.deliver()
    answers = app.extensions["consultcheck.answers"]
    assert [(a.request_key, a.matter_id, a.counsel_names, a.given_on) for a in answers] == [
        ("consultcheck:contract:7", matter_id, ("李明",), given)
    ]
    # A replayed request opens no second matter.
    from core.events.replay import replay_events

    with app.app_context():
        replay_events()
        db.session.commit()
        deliver_pending(app)
    assert office.count(Matter, Matter.request_key == "consultcheck:contract:7") == 1
