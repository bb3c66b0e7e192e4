"""Helpers for driving cases through the HTTP admin, scanning deadlines and reading notices."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import Region, Unit
from core.tenancy import unscoped

BASE = "/admin/admin_review_cases"


@dataclass
class Desk:
    """A staff member's desk: their logged-in client, and the app to look behind the pages."""

    app: Any
    client: Any

    # -- looking up -----------------------------------------------------------------------------------

    def ids(self, region_code: str = "420802", respondent: str = "东宝区公安局") -> tuple[int, int]:
        with self.app.app_context(), unscoped():
            region = db.session.execute(select(Region.id).where(Region.code == region_code)).scalar_one()
            unit = db.session.execute(select(Unit.id).where(Unit.name == respondent)).scalar_one()
        return region, unit

    def case(self, case_id: int) -> Any:
        """The case as stored (a detached snapshot of its columns)."""
        from plugins.admin_review.models import AdministrativeReviewCase

        with self.app.app_context(), unscoped():
            case = db.session.get(AdministrativeReviewCase, case_id)
            db.session.expunge(case)
            return case

    def deadlines(self, case_id: int) -> dict[str, Any]:
        """kind → (due date, state, provisional) of a case's deadlines."""
        from core.deadlines import Deadline

        with self.app.app_context(), unscoped():
            rows = db.session.execute(
                select(Deadline).where(Deadline.subject_type == "admin_review_case", Deadline.subject_id == case_id)
            ).scalars()
            return {d.kind: (d.due_date, str(d.state), d.provisional) for d in rows}

    def notices(self, case_id: int) -> list[tuple[str, str, str]]:
        """(rule key, kind, target unit name) of the notices about a case, in order."""
        from core.notices.models import Notice

        with self.app.app_context(), unscoped():
            rows = db.session.execute(
                select(Notice)
                .where(Notice.subject_type == "admin_review_case", Notice.subject_id == case_id)
                .order_by(Notice.id)
            ).scalars()
            return [(n.rule_key, str(n.kind), n.target_unit.name) for n in rows]

    # -- acting ---------------------------------------------------------------------------------------

    def register(self, received_on: str, **fields: Any) -> int:
        """File a new application through the create form; returns the case id."""
        response = self.post_new(received_on, **fields)
        assert response.status_code == 302, _flash(response)
        from plugins.admin_review.models import AdministrativeReviewCase

        with self.app.app_context(), unscoped():
            return (
                db.session.execute(select(AdministrativeReviewCase.id).order_by(AdministrativeReviewCase.id.desc()))
                .scalars()
                .first()
            )

    def post_new(
        self, received_on: str, region_code: str = "420802", respondent: str = "东宝区公安局", **fields: Any
    ) -> Any:
        """Post the create form of a case (the response: a redirect, or the form with its error)."""
        region, unit = self.ids(region_code, respondent)
        data = {
            "region": str(region),
            "case_number": "",
            "received_on": received_on,
            "channel": "in_person",
            "applicant_name": "张三",
            "applicant_kind": "person",
            "applicant_contact": "13800000000",
            "respondent": str(unit),
            "act_type": "penalty",
            "act_number": "东公行罚决字〔2024〕1号",
            "request": "撤销该行政处罚决定",
            "category": "public_security",
            "procedure": "ordinary",
            "simplified_ground": "",
        }
        data.update({k: str(v) for k, v in fields.items()})
        return self.client.post_form(f"{BASE}/new/", data)

    def act(self, case_id: int, act: str, **data: Any) -> str:
        """Post one act of the case page; returns the flashed message shown on the page after it."""
        response = self.client.post_form(f"{BASE}/act/{act}/?id={case_id}", {k: str(v) for k, v in data.items()})
        assert response.status_code == 302, response.status_code
        return _flash(self.client.get(response.headers["Location"]))

    def hearing_act(self, case_id: int, hearing_id: int, act: str, **data: Any) -> str:
        response = self.client.post_form(
            f"{BASE}/hearing/{hearing_id}/{act}/?id={case_id}", {k: str(v) for k, v in data.items()}
        )
        assert response.status_code == 302, response.status_code
        return _flash(self.client.get(response.headers["Location"]))

    def count_cases(self) -> int:
        """How many cases the database holds (any region)."""
        from plugins.admin_review.models import AdministrativeReviewCase

        with self.app.app_context(), unscoped():
            return db.session.execute(select(func.count(AdministrativeReviewCase.id))).scalar_one()

    def page(self, case_id: int) -> str:
        response = self.client.get(f"{BASE}/details/?id={case_id}")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    # -- time passing ---------------------------------------------------------------------------------

    def scan(self, today: str) -> None:
        """Run the deadline scan as of `today`, then deliver every event (handlers, notice rules)."""
        from core.deadlines import scan
        from core.events.testing import deliver_pending

        with self.app.app_context():
            scan(dt.date.fromisoformat(today))
            db.session.commit()
            deliver_pending(self.app)
            deliver_pending(self.app)  # a second run delivers nothing new: notices stay single

    def deliver(self) -> None:
        from core.events.testing import deliver_pending

        with self.app.app_context():
            deliver_pending(self.app)


def _flash(response: Any) -> str:
    html = response.get_data(as_text=True)
    messages = re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>|&times;", "", m).strip() for m in messages)


@pytest.fixture
def desk(app: Any, login_as: Any) -> Desk:
    """东宝区's review office, logged in as its staff member."""
    return Desk(app, login_as("dongbao_staff"))
