"""Stored files kept in the database (the ``database`` storage backend of `core.storage`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import utcnow


class StoredBlob(db.Model):
    """The bytes of one stored file, by bucket and SHA-256 (content-addressed: stored once)."""

    __tablename__ = "stored_blob"
    #: Bytes, not facts: the audit trail records the Attachment or Circular that names them.
    __audited__ = False

    #: ``attachments`` or ``circulars``.
    bucket: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: Hex SHA-256 of `content`; checked again on every read.
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
