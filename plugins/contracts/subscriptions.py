"""What the plugin does on others' events: counsel's answer to a consultation it asked for."""

from __future__ import annotations

from typing import Any

from core.consultations import ConsultationAnswer
from core.events import Event, claim
from plugins.contracts import operations
from plugins.contracts.deadlines import PLUGIN_KEY


def on_consultation_answered(event: Event[ConsultationAnswer]) -> None:
    """Attach counsel's opinion to the consultation (only answers addressed to this plugin; once each)."""
    answer = event.data
    if answer.requester != PLUGIN_KEY:
        return
    if not claim(f"{PLUGIN_KEY}.answer:{answer.request_key}"):
        return
    operations.attach_answer(answer)


def event_handlers() -> dict[type[ConsultationAnswer], list[Any]]:
    """{event class: [handler]} (returned by the `register_event_handlers` hook)."""
    return {ConsultationAnswer: [on_consultation_answered]}
