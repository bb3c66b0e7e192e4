"""Mixins shared by the models: region ownership (the tenancy key) and timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (stored as UTC, shown in Asia/Shanghai)."""
    return datetime.now(UTC)


class TimestampMixin:
    """`created_at` / `updated_at`, set by the database session, never by hand."""

    #: When the row was created (UTC).
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: When the row last changed (UTC).
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class RegionOwned:
    """A record that belongs to one region: the tenancy scoping applies to it everywhere.

    Every model of a plugin that holds regional data inherits this mixin; the core then
    scopes it on every path (see `core.tenancy`). A plugin never filters by region itself.
    """

    @declared_attr
    def region_id(cls) -> Mapped[int]:
        #: The region the record belongs to (the tenancy key).
        return mapped_column(ForeignKey("region.id", ondelete="RESTRICT"), index=True)

    @declared_attr
    def region(cls):  # type: ignore[no-untyped-def]
        #: The owning region.
        return relationship("Region")

    @classmethod
    def scope_column(cls):  # type: ignore[no-untyped-def]
        """The column compared with the user's visible region ids."""
        return cls.region_id  # type: ignore[attr-defined]
