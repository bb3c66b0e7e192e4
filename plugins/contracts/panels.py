"""The blocks under a contract's details (core panels): counterparties, opinions, consultations,
performance, checks, borrowings and the timeline; and the contracts a check plan covered.

The core adds its own: 期限 (every period with its basis and whether it is provisional),
notices, attachments and the audit trail.
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext
from markupsafe import Markup

from core.panels import Panel, RecordPanel, render_panel
from plugins.contracts import forms, money
from plugins.contracts.models import Contract, SupervisionCheck
from plugins.contracts.operations import BORROWING
from plugins.contracts.vocabulary import (
    Aspect,
    BorrowMode,
    BorrowState,
    ChangeKind,
    ConsultationChannel,
    ConsultationState,
    ContractState,
    CounterpartyKind,
    MilestoneKind,
    Severity,
)


def _render(record: Any, key: str, title: str, template: str, show: bool = True, **context: Any) -> Panel | None:
    if not isinstance(record, Contract) or not show:
        return None
    return render_panel(record, key, title, f"contracts/{template}", contract=record, **context)


def counterparties_panel(record: Any) -> Panel | None:
    """合同相对方 with their credit codes."""
    return _render(
        record, "contracts-counterparties", "合同相对方", "panel_counterparties.html", kinds=CounterpartyKind.labels()
    )


def opinions_panel(record: Any) -> Panel | None:
    """The itemised opinions of every round, and the department's answers."""
    show = isinstance(record, Contract) and bool(record.opinions)
    return _render(
        record,
        "contracts-opinions",
        "审查意见",
        "panel_opinions.html",
        show,
        aspects=Aspect.labels(),
        severities=Severity.labels(),
        forms=forms.OPINION_FORMS,
    )


def consultations_panel(record: Any) -> Panel | None:
    """Consultations with counsel and their opinions."""
    show = isinstance(record, Contract) and bool(record.consultations)
    return _render(
        record,
        "contracts-consultations",
        "法律顾问协商",
        "panel_consultations.html",
        show,
        channels=ConsultationChannel.labels(),
        states=ConsultationState.labels(),
    )


def performance_panel(record: Any) -> Panel | None:
    """Milestones, performance reports, changes and termination."""
    show = isinstance(record, Contract) and bool(record.milestones or record.reports or record.changes)
    return _render(
        record,
        "contracts-performance",
        "合同履行",
        "panel_performance.html",
        show,
        milestone_kinds=MilestoneKind.labels(),
        change_kinds=ChangeKind.labels(),
        milestone_forms=forms.MILESTONE_FORMS,
        readable=money.readable,
    )


def checks_panel(record: Any) -> Panel | None:
    """Supervision checks of this contract's performance and their rectification."""
    show = isinstance(record, Contract) and bool(record.check_items)
    items = record.check_items if show else []
    return _render(
        record, "contracts-checks", "履行监督检查", "panel_checks.html", show, items=items, item_forms=forms.ITEM_FORMS
    )


def borrowings_panel(record: Any) -> Panel | None:
    """Archive borrowings: approval, lending, return."""
    show = isinstance(record, Contract) and bool(record.borrowings)

    def open_acts(borrowing: Any) -> set[str]:
        acts = {act for act, (_label, sources, _to, _event) in BORROWING.items() if borrowing.state in sources}
        return ({"decide"} if {"approve", "refuse"} & acts else set()) | (acts - {"approve", "refuse"})

    return _render(
        record,
        "contracts-borrowings",
        "档案查借阅",
        "panel_borrowings.html",
        show,
        modes=BorrowMode.labels(),
        states=BorrowState.labels(),
        borrowing_forms=forms.BORROWING_FORMS,
        open_acts=open_acts,
    )


def timeline_panel(record: Any) -> Panel | None:
    """Every act on the contract: date, act, state before and after, who entered it."""
    return _render(record, "contracts-timeline", "办理过程", "panel_timeline.html", states=ContractState.labels())


def check_items_panel(record: Any) -> Panel | None:
    """On a check plan's page: the contracts it covered, with findings and rectification."""
    if not isinstance(record, SupervisionCheck):
        return None
    html = render_template(
        "contracts/panel_checks.html", items=record.items, show_contract=True, can_edit=False, item_forms={}
    )
    return Panel(
        key="contracts-check-items", title=gettext("检查的合同（%(n)s件）", n=len(record.items)), html=Markup(html)
    )


def record_panels() -> list[RecordPanel]:
    """The plugin's panels (returned by `register_record_panels`).

    The core's deadlines panel sits between the checks and the timeline.
    """
    return [
        RecordPanel("contracts-counterparties", counterparties_panel, order=20),
        RecordPanel("contracts-opinions", opinions_panel, order=30),
        RecordPanel("contracts-consultations", consultations_panel, order=40),
        RecordPanel("contracts-performance", performance_panel, order=50),
        RecordPanel("contracts-checks", checks_panel, order=60),
        RecordPanel("contracts-borrowings", borrowings_panel, order=70),
        RecordPanel("contracts-check-items", check_items_panel, order=20),
        RecordPanel("contracts-timeline", timeline_panel, order=300),
    ]
