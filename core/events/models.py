"""The event bus tables: the outbox, one delivery per event × handler, and idempotency keys.

All three are written by the bus itself (never through the admin) and are not audited row by
row: the outbox *is* a log, and the audit trail records the acts that matter (a replay).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.choices import LabelledEnum
from core.extensions import db
from core.models.base import utcnow


class DeliveryState(LabelledEnum):
    """Where one handler's delivery of one event stands."""

    #: Waiting for its first attempt or for the lease of a worker that died to run out.
    PENDING = "pending", "待投递"
    #: The handler ran and its transaction committed.
    DELIVERED = "delivered", "已投递"
    #: The handler raised; retried at `next_attempt_at` (exponential backoff).
    FAILED = "failed", "失败待重试"
    #: Failed `FAZHI_EVENT_MAX_ATTEMPTS` times; waits for an admin to replay it.
    DEAD = "dead", "死信"
    #: Not run: the handler's plugin is switched off for the event's region.
    SKIPPED = "skipped", "模块停用已跳过"


#: States a worker picks up (when due and not leased).
RUNNABLE_STATES = (DeliveryState.PENDING.value, DeliveryState.FAILED.value)


class OutboxEvent(db.Model):
    """One published event (the transactional outbox), written in the publisher's transaction."""

    __tablename__ = "event_outbox"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The event's unique id (`Event.id`, a UUID in hex), stable across replays.
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    #: ``<plugin>.<entity>.<past-tense verb>``, e.g. ``admin_review.case.accepted``.
    name: Mapped[str] = mapped_column(String(128), index=True)
    #: The region the fact belongs to (None for suite-wide facts).
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"), index=True)
    #: The table and id of the record the event is about ("" / None when about nothing).
    subject_type: Mapped[str] = mapped_column(String(64), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    #: The user who caused it (None for the system).
    actor_id: Mapped[int | None] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    #: The event's documented fields (docs/architecture.md, "Event catalogue").
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    region = relationship("Region")
    deliveries: Mapped[list[EventDelivery]] = relationship(
        back_populates="event", order_by="EventDelivery.id", viewonly=True
    )

    __table_args__ = (Index("ix_event_outbox_subject", "subject_type", "subject_id"),)

    @classmethod
    def scope_column(cls):  # type: ignore[no-untyped-def]
        """Events are seen by the users who see their region (suite-wide ones by system admins)."""
        return cls.region_id

    def __str__(self) -> str:
        return f"{self.name} #{self.uid[:8]}"


class EventDelivery(db.Model):
    """One handler's delivery of one event: its state, attempts and last error.

    A worker owns a row while `locked_by` holds its lease token and `locked_until` is in the
    future; a row whose lease ran out (the worker died) is picked up again.
    """

    __tablename__ = "event_delivery"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event_outbox.id", ondelete="CASCADE"), index=True)
    #: Copied from the event so the admin filters and the workers need no join.
    event_name: Mapped[str] = mapped_column(String(128), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"), index=True)
    #: The plugin that declared the handler (module switches apply to it).
    plugin_key: Mapped[str] = mapped_column(String(64))
    #: The handler's stable name: ``<plugin key>:<module>.<qualified name>``.
    handler: Mapped[str] = mapped_column(String(255))
    state: Mapped[DeliveryState] = mapped_column(String(16), default=DeliveryState.PENDING)
    #: Attempts started (counted when a worker claims the row, so a crash counts too).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: When the row is next due (backoff after a failure).
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The lease token of the worker running it, and until when the lease holds.
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    event: Mapped[OutboxEvent] = relationship(back_populates="deliveries")
    region = relationship("Region")

    __table_args__ = (
        UniqueConstraint("event_id", "handler", name="uq_event_delivery_event_handler"),
        # The worker's claim query: runnable rows by due time.
        Index("ix_event_delivery_due", "state", "next_attempt_at"),
    )

    @classmethod
    def scope_column(cls):  # type: ignore[no-untyped-def]
        """Deliveries are seen by the users who see their event's region."""
        return cls.region_id

    def __str__(self) -> str:
        return f"{self.event_name} → {self.handler}"


class IdempotencyKey(db.Model):
    """A key a handler claimed (`core.events.claim`): what it created exists once, however often it runs."""

    __tablename__ = "event_idempotency_key"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    #: The event being delivered when the key was claimed (None outside a delivery).
    event_uid: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __str__(self) -> str:
        return self.key
