"""The append-only audit trail (全程纪实)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import utcnow


class AuditEntry(db.Model):
    """One recorded act: who, when, in which region, on which record, old and new values.

    Rows are only ever inserted (by `core.audit`); the admin offers no edit or delete, and a
    flush that updates or deletes one is refused.
    """

    __tablename__ = "audit_entry"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    #: The acting user (None for the system: workers, command line).
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    #: The region of the record acted on (None for records outside the tenancy).
    region_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: create, update, delete, login, login_failed, logout, module_switch, …
    action: Mapped[str] = mapped_column(String(32), index=True)
    #: The table of the record, and its primary key as text.
    subject_type: Mapped[str] = mapped_column(String(64), default="", index=True)
    subject_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    #: A short human description (the record's str()).
    summary: Mapped[str] = mapped_column(String(255), default="")
    #: {field: [old, new]} for updates, {field: value} for creates and deletes.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    remote_addr: Mapped[str] = mapped_column(String(64), default="")

    @classmethod
    def scope_column(cls):  # type: ignore[no-untyped-def]
        """Entries are seen by the users who see the region acted in."""
        return cls.region_id

    def __str__(self) -> str:
        return f"{self.action} {self.subject_type}#{self.subject_id}"
