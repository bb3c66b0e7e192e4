"""The consultation protocol's events are event classes: checked when built, stored as JSON, read back typed."""

from __future__ import annotations

import datetime as dt

import pytest

from core.consultations import ConsultationAnswer, ConsultationRequest


def test_a_request_round_trips_through_its_stored_fields():
    request = ConsultationRequest(
        request_key="contracts:review:12:1",
        requester="contracts",
        unit_id=3,
        kind="contract",
        title="采购合同",
        due_on=dt.date(2026, 12, 1),
    )
    payload = request.to_payload()
    assert ConsultationRequest.name == "core.consultation.requested"
    assert payload["due_on"] == "2026-12-01"
    assert ConsultationRequest.from_payload(payload) == request


def test_an_answer_keeps_its_counsel_as_a_tuple_and_ignores_unknown_keys():
    stored = {
        "request_key": "k",
        "requester": "contracts",
        "matter_id": 9,
        "opinion": "可以签订",
        "counsel_names": ["李律师"],
        "x": 1,
    }
    answer = ConsultationAnswer.from_payload(stored)
    assert answer.counsel_names == ("李律师",) and answer.given_on is None


def test_an_unknown_kind_is_refused_when_the_request_is_built():
    with pytest.raises(ValueError, match="咨询事项类别"):
        ConsultationRequest(request_key="k", requester="contracts", unit_id=1, kind="gossip", title="t")
