"""Helpers for driving 政府法律顾问 through the HTTP admin like an office user would."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from core import clock
from core.extensions import db
from core.models import Region, Unit
from core.tenancy import unscoped

LICENCE = "14208201510123456"


def flashes(response: Any) -> str:
    """The flashed messages and form errors of a rendered page, as one text."""
    html = response.get_data(as_text=True)
    found = re.findall(r'class="(?:alert|invalid-feedback|help-block)[^"]*"[^>]*>(.*?)</(?:div|span)>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>|&times;|×", "", m).strip() for m in found)


@dataclass
class Office:
    """A legal office's desk: a logged-in client and the app to look behind the pages."""

    app: Any
    client: Any

    def today(self) -> dt.date:
        with self.app.app_context():
            return clock.today()

    def unit(self, name: str) -> int:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(Unit.id).where(Unit.name == name)).scalar_one()

    def region(self, code: str) -> int:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(Region.id).where(Region.code == code)).scalar_one()

    def last_id(self, model: type) -> int | None:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(func.max(model.id))).scalar()

    def count(self, model: type, *where: Any) -> int:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(func.count(model.id)).where(*where)).scalar_one()

    def get(self, model: type, record_id: int) -> Any:
        with self.app.app_context(), unscoped():
            record = db.session.get(model, record_id)
            db.session.expunge(record)
            return record

    def post(self, endpoint: str, data: dict[str, Any], record_id: int | None = None) -> Any:
        path = f"/admin/{endpoint}/new/" if record_id is None else f"/admin/{endpoint}/edit/?id={record_id}"
        clean = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items() if v is not None}
        return self.client.post_form(path, clean)

    def created(self, endpoint: str, model: type, data: dict[str, Any]) -> int:
        before = self.last_id(model)
        response = self.post(endpoint, data)
        assert response.status_code == 302, flashes(response)
        record_id = self.last_id(model)
        assert record_id is not None and record_id != before, flashes(response)
        return record_id

    def lawyer(self, name: str = "李明", licence: str = LICENCE) -> int:
        from plugins.counsel.models import CounselMember

        data = {
            "kind": "lawyer",
            "name": name,
            "firm": "湖北漳河律师事务所",
            "licence_number": licence,
            "legal_qualification": "y",
            "practice_years": "9",
            "degree": "law_master",
            "status": "active",
        }
        return self.created("counsel_members", CounselMember, data)

    def engage(self, unit: str, member_id: int, starts: dt.date, ends: dt.date, fee: str = "50000") -> int:
        from plugins.counsel.models import Engagement

        data = {
            "unit": self.unit(unit),
            "member": member_id,
            "starts_on": starts,
            "ends_on": ends,
            "fee": fee,
            "scope": "重大决策、合同审查",
        }
        return self.created("counsel_engagements", Engagement, data)

    def matter(self, unit: str, kind: str, title: str, received_on: dt.date) -> int:
        from plugins.counsel.models import Matter

        data = {"unit": self.unit(unit), "kind": kind, "title": title, "question": "请审查", "received_on": received_on}
        return self.created("counsel_matters", Matter, data)

    def act(self, matter_id: int, act: str, data: dict[str, Any]) -> str:
        """Post one act of the matter page; returns the flashed message shown after it."""
        clean = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
        response = self.client.post_form(f"/admin/counsel_matters/act/{act}/?id={matter_id}", clean)
        assert response.status_code == 302, response.status_code
        return flashes(self.client.get(response.headers["Location"]))

    def notices(self, unit: str) -> list[tuple[str, str, str]]:
        """(rule key, kind, state) of the notices to a unit, in order."""
        from core.notices.models import Notice

        unit_id = self.unit(unit)
        with self.app.app_context(), unscoped():
            notices = (
                db.session.execute(select(Notice).where(Notice.target_unit_id == unit_id).order_by(Notice.id))
                .scalars()
                .all()
            )
            # The plugin's rules' notices know their plugin by the column (not by a key prefix).
            assert all(n.plugin_key == "counsel" for n in notices if (n.rule_key or "").startswith("counsel."))
            return [(n.rule_key, str(n.kind), str(n.state)) for n in notices]

    def deliver(self) -> None:
        from core.events.testing import deliver_pending

        with self.app.app_context():
            deliver_pending(self.app)

    def scan(self, today: dt.date) -> None:
        from core.deadlines import scan

        with self.app.app_context():
            scan(today)
            db.session.commit()
        self.deliver()


@pytest.fixture
def office(app: Any, login_as: Any) -> Office:
    """东宝区's legal office, logged in as its staff member."""
    return Office(app, login_as("dongbao_staff"))


def load_city_demo(app: Any) -> None:
    """The counsel demo of the city and every county (the 447 agencies)."""
    from core.audit import acting_as
    from plugins.counsel.demo import load_demo_data

    with app.app_context(), unscoped(), acting_as(None):
        city = db.session.execute(select(Region).where(Region.code == "420800")).scalar_one()
        for region in [city, *city.children]:
            load_demo_data(region, 1)
        db.session.commit()
