"""Files attached to any record, stored once by content hash."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import RegionOwned, TimestampMixin


class Attachment(RegionOwned, TimestampMixin, db.Model):
    """A file (material) attached to a record; scoped to the record's region."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The table name of the record it belongs to, and the record's id.
    subject_type: Mapped[str] = mapped_column(String(64), index=True)
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
    #: The name as uploaded (Chinese kept), shown and sent back on download.
    filename: Mapped[str] = mapped_column(String(255))
    #: The detected kind (pdf, docx, …) and the stored content's SHA-256.
    kind: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(255), default="")

    def __str__(self) -> str:
        return self.filename
