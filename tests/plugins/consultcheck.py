"""A test-only plugin that asks counsel for an opinion the way the contracts plugin will: by an event.

`ask()` publishes a `ConsultationRequest` (core/consultations.py); the answers that come back
(`ConsultationAnswer`s addressed to this plugin) are kept in ``app.extensions["consultcheck.answers"]``.
It imports nothing of the counsel plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from core.consultations import ConsultationAnswer, ConsultationRequest
from core.events import Event, EventData
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

KEY = "consultcheck"


@hookimpl
def describe_plugin() -> PluginInfo:
    """A plugin that consults counsel (tests only)."""
    return PluginInfo(key=KEY, title="咨询测试", title_en="Consultation check")


def ask(*, request_key: str, unit_id: int, region_id: int, title: str, kind: str = "contract") -> None:
    """Publish a consultation request in the current transaction (the caller commits)."""
    ConsultationRequest(
        request_key=request_key, requester=KEY, unit_id=unit_id, kind=kind, title=title, question="合同条款是否合法？"
    ).publish(region_id=region_id)


def on_answered(event: Event[ConsultationAnswer]) -> None:
    """Keep the answers addressed to this plugin."""
    answer = event.data
    if answer.requester == KEY:
        current_app.extensions.setdefault("consultcheck.answers", []).append(answer)


@hookimpl
def register_event_handlers(ctx: Any) -> dict[type[EventData], list[Callable[[Event[Any]], None]]]:
    """The answer handler."""
    return {ConsultationAnswer: [on_answered]}
