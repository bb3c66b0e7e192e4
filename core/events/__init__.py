"""The event bus: a transactional outbox, delivery to plugin handlers, retries and a worker.

    from core.events import Event, EventData, publish, claim

    publish(CaseAccepted(case_id=case.id, …), region_id=case.region_id, subject=case)

Each event is an instance of a frozen dataclass deriving from `EventData` (declared in the
plugin's ``events.py``). `publish` writes it into the caller's transaction; after the commit it
is delivered to the handlers plugins declare with ``register_event_handlers`` (by event class),
each in its own transaction, as an `Event` envelope whose `data` is the instance rebuilt;
failures are retried by ``flask events work`` with backoff, then dead-lettered. Handlers guard
what they create with `claim(key)`. See docs/architecture.md, "Events".
"""

from core.events.bus import get_bus, get_registry
from core.events.data import EventData
from core.events.delivery import BatchReport
from core.events.dispatch import deliver_committed
from core.events.idempotency import claim
from core.events.models import DeliveryState, EventDelivery, IdempotencyKey, OutboxEvent
from core.events.publishing import publish, publish_many
from core.events.types import Event

__all__ = [
    "BatchReport",
    "DeliveryState",
    "Event",
    "EventData",
    "EventDelivery",
    "IdempotencyKey",
    "OutboxEvent",
    "claim",
    "deliver_committed",
    "get_bus",
    "get_registry",
    "publish",
    "publish_many",
]
