"""Fixtures for the court plugin: a helper that drives the HTTP admin like an office user would."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import Unit
from core.tenancy import unscoped

#: What a blank relation drop-down of Flask-Admin posts.
NONE = "__None"
#: A minimal PDF (the attachment check reads the content, not the name).
PDF = b"%PDF-1.4\n% sealed power of attorney\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def flashes(response: Any) -> list[str]:
    """The flashed messages of a rendered page."""
    html = response.get_data(as_text=True)
    return [
        re.sub(r"<[^>]+>|&times;|×", "", m).strip()
        for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)
    ]


def _date(value: dt.date | str | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class Court:
    """Posts the court plugin's admin forms for one logged-in user."""

    app: Flask
    client: Any

    # -- reading the database ------------------------------------------------------------------

    def unit(self, name: str) -> int:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(Unit.id).where(Unit.name == name)).scalar_one()

    def last_id(self, model: type) -> int | None:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(func.max(model.id))).scalar()

    def count(self, model: type) -> int:
        with self.app.app_context(), unscoped():
            return db.session.execute(select(func.count(model.id))).scalar_one()

    def get(self, model: type, record_id: int, *attributes: str) -> tuple[Any, ...]:
        with self.app.app_context(), unscoped():
            record = db.session.get(model, record_id)
            return tuple(getattr(record, a) for a in attributes)

    # -- posting forms -------------------------------------------------------------------------

    def post(self, endpoint: str, data: dict[str, Any], record_id: int | None = None, **kwargs: Any) -> Any:
        """Create (or, with `record_id`, edit) a record through the admin form."""
        path = f"/admin/{endpoint}/new/" if record_id is None else f"/admin/{endpoint}/edit/?id={record_id}"
        clean = {
            k: (_date(v) if isinstance(v, dt.date) else v) for k, v in data.items() if v is not None and v is not False
        }
        clean = {k: ("y" if v is True else v) for k, v in clean.items()}
        return self.client.post_form(path, clean, **kwargs)

    def created(self, endpoint: str, model: type, data: dict[str, Any]) -> int:
        """Create a record and return its id; fails with the flashed messages if refused."""
        response = self.post(endpoint, data)
        assert response.status_code == 302, flashes(response)
        record_id = self.last_id(model)
        assert record_id is not None
        return record_id

    def head(self, unit: str, name: str, **extra: Any) -> int:
        from plugins.court.models import UnitHead

        data = {"unit": self.unit(unit), "name": name, "position": "局长", "rank": "chief", **extra}
        return self.created("court_heads", UnitHead, data)

    def staff(self, unit: str, name: str, **extra: Any) -> int:
        from plugins.court.models import UnitStaff

        data = {
            "unit": self.unit(unit),
            "name": name,
            "position": "法制科科长",
            "status": "civil_servant",
            "active": True,
            **extra,
        }
        return self.created("court_staff", UnitStaff, data)

    def case_form(self, unit: str, number: str, filed_on: dt.date, **extra: Any) -> dict[str, Any]:
        return {
            "court": "荆门市东宝区人民法院",
            "case_number": number,
            "plaintiffs": "某建材有限公司",
            "defendant_unit": self.unit(unit),
            "contested_act": "行政处罚决定",
            "cause": "行政处罚",
            "instance": "first",
            "filed_on": filed_on,
            **extra,
        }

    def case(self, unit: str, number: str, filed_on: dt.date, **extra: Any) -> int:
        from plugins.court.models import LitigationCase

        return self.created("court_cases", LitigationCase, self.case_form(unit, number, filed_on, **extra))

    def hearing_form(self, case_id: int, held_on: dt.date, **extra: Any) -> dict[str, Any]:
        return {
            "case": case_id,
            "held_on": held_on,
            "notice_received_on": held_on - dt.timedelta(days=7),
            "status": "scheduled",
            **extra,
        }

    def hearing(self, case_id: int, held_on: dt.date, **extra: Any) -> int:
        from plugins.court.models import CourtHearing

        return self.created("court_hearings", CourtHearing, self.hearing_form(case_id, held_on, **extra))

    def hold(
        self,
        hearing_id: int,
        *,
        head: int | None = None,
        delegate: int | None = None,
        lawyers: str = "",
        power_of_attorney: bool = True,
        **extra: Any,
    ) -> Any:
        """Record a hearing as held with who appeared (the sealed power of attorney uploaded for a delegate)."""
        from plugins.court.models import CourtHearing

        case_id, held_on, notice = self.get(CourtHearing, hearing_id, "case_id", "held_on", "notice_received_on")
        data = self.hearing_form(
            case_id,
            held_on,
            notice_received_on=notice,
            status="held",
            # A blank drop-down posts "__None", as the browser does.
            head=NONE if head is None else head,
            delegate=NONE if delegate is None else delegate,
            lawyers=lawyers,
            head_spoke=head is not None,
            **extra,
        )
        if delegate is not None and power_of_attorney:
            data["power_of_attorney"] = (io.BytesIO(PDF), "授权委托书.pdf")
        return self.post("court_hearings", data, record_id=hearing_id, content_type="multipart/form-data")

    def held(self, hearing_id: int, **kwargs: Any) -> None:
        response = self.hold(hearing_id, **kwargs)
        assert response.status_code == 302, flashes(response)

    def report(self, hearing_id: int, filed_on: dt.date, **extra: Any) -> int:
        from plugins.court.models import AppearanceReport

        data = {"hearing": hearing_id, "filed_on": filed_on, **extra}
        return self.created("court_reports", AppearanceReport, data)

    def decide(self, report_id: int, decision: str = "approve", note: str = "") -> Any:
        return self.client.post_form(f"/admin/court_reports/decide/{report_id}", {"decision": decision, "note": note})


@pytest.fixture
def court(app: Flask, login_as: Any) -> Court:
    """The court helper for 东宝区's staff (of the 司法局: they may approve delegations)."""
    return Court(app, login_as("dongbao_staff"))


@pytest.fixture
def city_court(app: Flask, login_as: Any) -> Court:
    """The court helper for the city's admin (sees every county)."""
    return Court(app, login_as("city_admin"))
