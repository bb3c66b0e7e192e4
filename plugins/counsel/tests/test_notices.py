"""The coverage 督办 through the HTTP admin: once when an agency loses its only counsel, withdrawn
when a new engagement starts, and never a second one however often the events are replayed."""

from __future__ import annotations

import datetime as dt

from core.extensions import db
from plugins.counsel.models import Engagement

UNCOVERED = "counsel.agency_uncovered"


def _replay_everything(app) -> None:
    from core.events.replay import replay_events
    from core.events.testing import deliver_pending

    with app.app_context():
        assert replay_events() > 0
        db.session.commit()
        deliver_pending(app)


def test_losing_the_only_engagement_draws_one_supervision_withdrawn_by_a_new_one(app, office):
    today = office.today()
    lawyer = office.lawyer()
    first = office.engage("东宝区公安局", lawyer, dt.date(today.year - 1, 1, 1), dt.date(today.year + 1, 12, 31))
    office.deliver()
    assert office.notices("东宝区公安局") == []  # covered: nothing to supervise

    response = office.post(
        "counsel_engagements",
        {
            "unit": office.unit("东宝区公安局"),
            "member": lawyer,
            "starts_on": dt.date(today.year - 1, 1, 1),
            "ends_on": dt.date(today.year + 1, 12, 31),
            "fee": "50000",
            "terminated_on": today,
            "termination_reason": "律师事务所注销，合同解除",
        },
        record_id=first,
    )
    assert response.status_code == 302
    office.deliver()
    assert office.notices("东宝区公安局") == [(UNCOVERED, "supervision", "issued")]

    # The daily scan sees the same gap: no second notice, on this day or the next.
    office.scan(today)
    office.scan(today + dt.timedelta(days=1))
    assert office.notices("东宝区公安局") == [(UNCOVERED, "supervision", "issued")]

    office.engage("东宝区公安局", lawyer, today, dt.date(today.year + 2, 12, 31))
    office.deliver()
    assert office.notices("东宝区公安局") == [(UNCOVERED, "supervision", "withdrawn")]

    _replay_everything(app)
    office.scan(today + dt.timedelta(days=2))
    assert office.notices("东宝区公安局") == [(UNCOVERED, "supervision", "withdrawn")]
    assert office.count(Engagement) == 2


def test_an_expired_contract_is_supervised_by_the_scan_and_warned_before(app, office):
    today = office.today()
    lawyer = office.lawyer()
    ends = today + dt.timedelta(days=10)
    office.engage("东宝区司法局", lawyer, dt.date(today.year - 1, 1, 1), ends)
    office.scan(today)
    assert office.notices("东宝区司法局") == [("counsel.engagement_expiring", "warning", "issued")]
    office.scan(ends + dt.timedelta(days=1))
    office.scan(ends + dt.timedelta(days=2))
    notices = office.notices("东宝区司法局")
    assert [n[0] for n in notices] == ["counsel.engagement_expiring", UNCOVERED]


def test_a_renewed_contract_draws_no_expiry_warning(app, office):
    today = office.today()
    lawyer = office.lawyer()
    ends = today + dt.timedelta(days=10)
    office.engage("东宝区公安局", lawyer, dt.date(today.year - 1, 1, 1), ends)
    office.engage("东宝区公安局", lawyer, ends + dt.timedelta(days=1), dt.date(today.year + 3, 12, 31))
    office.scan(today)
    assert office.notices("东宝区公安局") == []
