"""The event bus: a transactional outbox, delivery to plugin handlers, retries and a worker.

    from core.events import Event, publish, claim

    publish("admin_review.case.accepted", region_id=case.region_id, subject=case, payload={...})

`publish` writes into the caller's transaction; after the commit the event is delivered to
the handlers plugins declare with ``register_event_handlers``, each in its own transaction;
failures are retried by ``flask events work`` with backoff, then dead-lettered. Handlers guard
what they create with `claim(key)`. See docs/architecture.md, "Events".
"""

from core.events.delivery import BatchReport
from core.events.dispatch import deliver_committed, get_bus, get_registry
from core.events.idempotency import claim
from core.events.models import DeliveryState, EventDelivery, IdempotencyKey, OutboxEvent
from core.events.publishing import publish
from core.events.types import Event

__all__ = [
    "BatchReport",
    "DeliveryState",
    "Event",
    "EventDelivery",
    "IdempotencyKey",
    "OutboxEvent",
    "claim",
    "deliver_committed",
    "get_bus",
    "get_registry",
    "publish",
]
