"""Helpers for driving contracts through the HTTP admin, scanning deadlines and reading notices."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Region, Unit
from core.tenancy import unscoped

BASE = "/admin/contracts_contracts"
#: A real unified social credit code (GB 32100-2015 check character "3").
CODE = "91350100M000100Y43"


@dataclass
class Desk:
    """A staff member's desk: their logged-in client, and the app to look behind the pages."""

    app: Any
    client: Any

    def ids(self, region_code: str = "420802", unit: str = "东宝区住房和城乡建设局") -> tuple[int, int]:
        with self.app.app_context(), unscoped():
            region = db.session.execute(select(Region.id).where(Region.code == region_code)).scalar_one()
            unit_id = db.session.execute(select(Unit.id).where(Unit.name == unit)).scalar_one()
        return region, unit_id

    def contract(self, contract_id: int) -> Any:
        """The contract as stored (a detached snapshot of its columns)."""
        from plugins.contracts.models import Contract

        with self.app.app_context(), unscoped():
            contract = db.session.get(Contract, contract_id)
            db.session.expunge(contract)
            return contract

    def count(self, model: Any) -> int:
        from sqlalchemy import func

        with self.app.app_context(), unscoped():
            return db.session.scalar(select(func.count(model.id)))

    def deadlines(self, contract_id: int) -> dict[str, Any]:
        """kind → (due date, state) of a contract's deadlines."""
        from core.deadlines import Deadline

        with self.app.app_context(), unscoped():
            rows = db.session.execute(
                select(Deadline).where(
                    Deadline.subject_type == "contracts_contract", Deadline.subject_id == contract_id
                )
            ).scalars()
            return {d.kind: (d.due_date, str(d.state)) for d in rows}

    def notices(self, contract_id: int) -> list[tuple[str, str, str]]:
        """(rule key, kind, target unit name) of the notices about a contract, in order."""
        from core.notices.models import Notice

        with self.app.app_context(), unscoped():
            rows = db.session.execute(
                select(Notice)
                .where(Notice.subject_type == "contracts_contract", Notice.subject_id == contract_id)
                .order_by(Notice.id)
            ).scalars()
            return [(n.rule_key, str(n.kind), n.target_unit.name) for n in rows]

    def post_new(self, submitted_on: str, amount: str = "3500万", code: str = CODE, **fields: Any) -> Any:
        """Post the create form of a contract (the response: a redirect, or the form with its error)."""
        region, unit = self.ids()
        data = {
            "region": str(region),
            "number": "",
            "title": "东宝区保障性住房建设工程施工合同",
            "kind": "construction",
            "unit": str(unit),
            "amount_fen": amount,
            "funding_source": "fiscal",
            "term_start": "",
            "term_end": "",
            "summary": "保障性住房建设",
            "planned_signing_on": "",
            "submitted_on": submitted_on,
            "note": "",
            "counterparties-0-name": "荆门城建工程有限公司",
            "counterparties-0-credit_code": code,
            "counterparties-0-kind": "enterprise",
            "counterparties-0-contact": "0724-1234567",
        }
        data.update({k: str(v) for k, v in fields.items()})
        return self.client.post_form(f"{BASE}/new/", data)

    def submit(self, submitted_on: str, **fields: Any) -> int:
        """Submit a contract through the create form; returns its id."""
        response = self.post_new(submitted_on, **fields)
        assert response.status_code == 302, errors(response)
        from plugins.contracts.models import Contract

        with self.app.app_context(), unscoped():
            return db.session.execute(select(Contract.id).order_by(Contract.id.desc())).scalars().first()

    def act(self, contract_id: int, act: str, **data: Any) -> str:
        """Post one act of the contract page; returns the message flashed after it."""
        response = self.client.post_form(f"{BASE}/act/{act}/?id={contract_id}", {k: str(v) for k, v in data.items()})
        assert response.status_code == 302, response.status_code
        return flashed(self.client.get(response.headers["Location"]))

    def record_act(self, contract_id: int, kind: str, record_id: int, act: str, **data: Any) -> str:
        """Post an act on one opinion, milestone, check item or borrowing of the contract."""
        response = self.client.post_form(
            f"{BASE}/{kind}/{record_id}/{act}/?id={contract_id}", {k: str(v) for k, v in data.items()}
        )
        assert response.status_code == 302, response.status_code
        return flashed(self.client.get(response.headers["Location"]))

    def page(self, contract_id: int) -> str:
        response = self.client.get(f"{BASE}/details/?id={contract_id}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def approved(self, submitted_on: str = "2024-09-02", **fields: Any) -> int:
        """A contract walked to 审查同意签订: one opinion, answered, revised, approved."""
        day = dt.date.fromisoformat(submitted_on)
        cid = self.submit(submitted_on, **fields)
        assert "已开始审查" in self.act(cid, "start_review", on=day)
        self.act(
            cid, "give_opinion", on=day, aspect="terms", clause="第八条", issue="违约责任不对等", severity="general"
        )
        assert "已出具审查意见" in self.act(cid, "return_opinions", on=day + dt.timedelta(days=1))
        opinion = self.opinion_ids(cid)[0]
        assert "已答复审查意见" in self.record_act(
            cid, "opinion", opinion, "answer", on=day + dt.timedelta(days=2), accepted="y"
        )
        assert "已修改后重新报送" in self.act(cid, "revise", on=day + dt.timedelta(days=2))
        assert "已审查同意签订" in self.act(cid, "approve", on=day + dt.timedelta(days=3))
        return cid

    def opinion_ids(self, contract_id: int) -> list[int]:
        from plugins.contracts.models import ReviewOpinion

        with self.app.app_context(), unscoped():
            return list(
                db.session.execute(
                    select(ReviewOpinion.id).where(ReviewOpinion.contract_id == contract_id).order_by(ReviewOpinion.id)
                ).scalars()
            )

    def scan(self, today: str) -> None:
        """Run the deadline scan as of `today`, then deliver every event (twice: notices stay single)."""
        from core.deadlines import scan
        from core.events.testing import deliver_pending

        with self.app.app_context():
            scan(dt.date.fromisoformat(today))
            db.session.commit()
            deliver_pending(self.app)
            deliver_pending(self.app)

    def deliver(self) -> None:
        from core.events.testing import deliver_pending

        with self.app.app_context():
            deliver_pending(self.app)
            deliver_pending(self.app)


def flashed(response: Any) -> str:
    """The flashed messages of a page."""
    html = response.get_data(as_text=True)
    messages = re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>|&times;", "", m).strip() for m in messages)


def errors(response: Any) -> str:
    """A form page's error messages (flashed and per field)."""
    html = response.get_data(as_text=True)
    fields = re.findall(r'class="(?:help-block|invalid-feedback)[^"]*"[^>]*>(.*?)</', html, re.S)
    return flashed(response) + " " + " ".join(re.sub(r"<[^>]+>", "", f).strip() for f in fields)


@pytest.fixture
def desk(app: Any, login_as: Any) -> Desk:
    """东宝区's legal office, logged in as its staff member."""
    return Desk(app, login_as("dongbao_staff"))
