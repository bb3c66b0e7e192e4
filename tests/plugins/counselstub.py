"""A test plugin standing in for the counsel module: it answers every consultation request at once.

It knows only the core's protocol (`core.consultations`), as the real counsel plugin does; the
contracts tests load it to prove the event path (request → answer → opinion attached).
"""

from __future__ import annotations

from typing import Any

from core import clock
from core.consultations import ConsultationAnswer, ConsultationRequest
from core.events import Event, claim
from core.hookspecs import hookimpl
from core.plugins import PluginInfo

KEY = "counselstub"
OPINION = "经法律顾问组研究：合同主体适格，建议增加履约保证金条款并明确违约责任。"


def on_consultation_requested(event: Event[ConsultationRequest]) -> None:
    """Open a 'matter' (its number is the event's outbox id) and answer it."""
    request = event.data
    if not claim(f"{KEY}:answer:{request.request_key}"):
        return
    ConsultationAnswer(
        request_key=request.request_key,
        requester=request.requester,
        matter_id=4242,
        opinion=OPINION,
        counsel_names=("周律师", "陈教授"),
        given_on=clock.today(),
    ).publish(region_id=event.region_id)


@hookimpl
def describe_plugin() -> PluginInfo:
    """The stand-in counsel module."""
    return PluginInfo(key=KEY, title="法律顾问（测试）", title_en="Counsel stub")


@hookimpl
def register_event_handlers(ctx: Any) -> dict[type[ConsultationRequest], list[Any]]:
    """Answer consultation requests."""
    return {ConsultationRequest: [on_consultation_requested]}
