"""Import jobs of registers: what a large upload has done so far, polled by the import page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.choices import LabelledEnum
from core.extensions import db
from core.models.base import RegionOwned, TimestampMixin


class ImportMode(LabelledEnum):
    """What happens to the valid rows when some rows of a file are wrong."""

    #: Nothing is saved unless every row is valid (the default).
    ALL_OR_NOTHING = "all_or_nothing", "有任何一行出错则全部不导入"
    #: The valid rows are saved, the others reported.
    VALID_ROWS = "valid_rows", "导入正确的行，出错的行不导入"


class ImportState(LabelledEnum):
    """Where an import job is."""

    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    #: Finished, nothing saved because of row errors (all-or-nothing) or an unreadable file.
    REFUSED = "refused", "未导入（有错误）"
    #: Stopped by an unexpected error (a bug, the database gone); nothing saved.
    FAILED = "failed", "失败"


class ImportJob(RegionOwned, TimestampMixin, db.Model):
    """One uploaded register file and how far its import got; the rows are saved in one transaction."""

    __tablename__ = "register_import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The register's key (e.g. admin_review_cases).
    register_key: Mapped[str] = mapped_column(String(64), index=True)
    #: The uploaded file's name (Chinese kept).
    filename: Mapped[str] = mapped_column(String(255), default="")
    mode: Mapped[ImportMode] = mapped_column(String(16), default=ImportMode.ALL_OR_NOTHING)
    state: Mapped[ImportState] = mapped_column(String(16), default=ImportState.PENDING)
    #: reading, checking, saving, finished.
    phase: Mapped[str] = mapped_column(String(16), default="reading")
    #: Data rows in the file, rows looked at so far, rows saved, rows refused.
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    saved_rows: Mapped[int] = mapped_column(Integer, default=0)
    error_rows: Mapped[int] = mapped_column(Integer, default=0)
    #: [{row, column, message}] — the per-row error report.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: A closing sentence for the user.
    message: Mapped[str] = mapped_column(String(255), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def __str__(self) -> str:
        return f"{self.filename}（{ImportState.label_of(self.state)}）"

    @property
    def finished(self) -> bool:
        """Whether the job has stopped (done, refused or failed)."""
        return self.state in (ImportState.DONE, ImportState.REFUSED, ImportState.FAILED)
