"""Circulars as records: drafts with their sections, the per-region yearly counter, the frozen PDF."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.choices import LabelledEnum
from core.extensions import db
from core.models.base import RegionOwned, TimestampMixin
from core.models.tenancy import Region


class CircularState(LabelledEnum):
    """draft → publishing → published; a failed render goes back to draft with its error."""

    DRAFT = "draft", "草稿"
    PUBLISHING = "publishing", "正在生成"
    PUBLISHED = "published", "已印发"


#: The regions a circular is sent to (主送/抄送 downward). None named: the issuing region's subtree.
circular_addressee = Table(
    "circular_addressee",
    db.metadata,
    Column("circular_id", ForeignKey("circular.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_circular_addressee_region_id", "region_id"),
)


class Circular(RegionOwned, TimestampMixin, db.Model):
    """A 《政府情况通报》 of one region: edited as a draft, then numbered and frozen once published."""

    __tablename__ = "circular"
    __table_args__ = (UniqueConstraint("region_id", "year", "number", name="uq_circular_region_year_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The office printed at the left above the red rule (e.g. 荆门市人民政府办公室).
    issuing_office: Mapped[str] = mapped_column(String(100))
    #: The reporting period the modules' sections cover.
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    #: The date printed at the right (成文日期), set when published.
    issue_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[CircularState] = mapped_column(String(16), default=CircularState.DRAFT, index=True)
    #: 第N期 of `year`, given only by a successful publish (no gaps, no duplicates).
    year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    #: Distribution block (版记): 报 / 送 / 发 and the number of printed copies.
    report_to: Mapped[str] = mapped_column(String(255), default="")
    send_to: Mapped[str] = mapped_column(String(255), default="")
    distribute_to: Mapped[str] = mapped_column(String(255), default="")
    copies: Mapped[int | None] = mapped_column(Integer)
    #: A correction names the published circular it corrects (published ones never change).
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("circular.id", ondelete="RESTRICT"))
    #: The frozen content (the rendered document as data) and the stored PDF's hash and size.
    frozen: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The published text, plain, for "the circulars in which this unit/notice appears".
    frozen_text: Mapped[str] = mapped_column(Text, default="")
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_size: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: When a render worker took this publish (a lease: a worker that died is replaced after a while).
    render_claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Why the last publish failed (shown on the draft), or "".
    last_error: Mapped[str] = mapped_column(Text, default="")

    sections: Mapped[list[CircularSection]] = relationship(
        back_populates="circular", order_by="CircularSection.position", cascade="all, delete-orphan"
    )
    corrects: Mapped[Circular | None] = relationship(remote_side=[id])
    #: Whose users may read it once published (with their subtrees); empty: the issuing region's subtree.
    addressees: Mapped[list[Region]] = relationship(secondary=circular_addressee, order_by=Region.path)

    def __str__(self) -> str:
        if self.number:
            return f"{self.year}年第{self.number}期 {self.title}"
        return f"（草稿）{self.title}"


class CircularSection(RegionOwned, TimestampMixin, db.Model):
    """One section of a circular: contributed by a plugin, then edited by staff."""

    __tablename__ = "circular_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    circular_id: Mapped[int] = mapped_column(ForeignKey("circular.id", ondelete="CASCADE"), index=True)
    #: Order in the circular (edited in the admin).
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: The plugin that contributed it ("" for one staff added by hand).
    plugin_key: Mapped[str] = mapped_column(String(64), default="")
    heading: Mapped[str] = mapped_column(String(200))
    #: Heading level 1–4 (一、 （一） 1. （1）).
    level: Mapped[int] = mapped_column(Integer, default=1)
    #: Paragraphs, one per line.
    body: Mapped[str] = mapped_column(Text, default="")
    #: {"header": [...], "rows": [[...]], "caption": "", "widths": [...]} or None.
    table: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    included: Mapped[bool] = mapped_column(Boolean, default=True)

    circular: Mapped[Circular] = relationship(back_populates="sections")

    def __str__(self) -> str:
        return self.heading


class CircularCounter(RegionOwned, db.Model):
    """The last number given to a region's circulars in a year; its row is the publish lock."""

    __tablename__ = "circular_counter"
    __table_args__ = (UniqueConstraint("region_id", "year", name="uq_circular_counter_region_year"),)
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
