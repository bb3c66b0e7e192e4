"""Accountability notices (预警、督办、通报批评、问责建议), their transitions and their numbering."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import RegionOwned, TimestampMixin, utcnow
from core.models.tenancy import Region, Unit, User
from core.notices.types import NoticeKind, NoticeState


class Notice(RegionOwned, TimestampMixin, db.Model):
    """A numbered notice from a region's rule-of-law office to a unit, with a date to rectify by.

    The region is the issuing one (its legal office signs); the number runs per region and
    year without gaps.
    """

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("region_id", "year", "seq", name="uq_notice_region_year_seq"),
        # One notice per rule and dedupe key, however often the event is delivered (the
        # handler's `claim` guards it first; this is the database's own guarantee).
        UniqueConstraint("rule_key", "dedupe_key", name="uq_notice_rule_key_dedupe_key"),
        # 逾期未整改: open notices past their rectification date.
        Index("ix_notice_state_rectify_by", "state", "rectify_by"),
        Index("ix_notice_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The year of issue and the running number in it (per region).
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    #: The document number as printed, e.g. 东宝督〔2026〕3号 (format: FAZHI_NOTICE_NUMBER_FORMAT).
    number: Mapped[str] = mapped_column(String(64))
    kind: Mapped[NoticeKind] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(255))
    #: The legal or plan basis, e.g. 《行政复议法》第六十二条.
    basis: Mapped[str] = mapped_column(String(255), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    #: The unit addressed (受文单位).
    target_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    #: The signing legal office (法制机构) of the region, when the region has one.
    issuer_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    #: The user who issued it (None: issued by a rule).
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: The record it is about (table and id), if any.
    subject_type: Mapped[str] = mapped_column(String(64), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The last day to rectify and report.
    rectify_by: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[NoticeState] = mapped_column(String(16), default=NoticeState.ISSUED)
    #: When it reached its current state.
    state_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_reason: Mapped[str] = mapped_column(String(500), default="")
    #: The plugin whose work the notice is about ("court"; None: the core's own or a general notice).
    #: Plugins find their notices by it, never by table names.
    plugin_key: Mapped[str | None] = mapped_column(String(64), index=True)
    #: The rule that issued it and its dedupe key (None for a notice issued by hand).
    rule_key: Mapped[str | None] = mapped_column(String(128))
    dedupe_key: Mapped[str | None] = mapped_column(String(255))
    #: The event that caused it (its uid), if any.
    source_event_id: Mapped[str] = mapped_column(String(32), default="")
    #: Optimistic lock: two people acting on one notice at once cannot both succeed.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    target_unit: Mapped[Unit] = relationship(foreign_keys=[target_unit_id])
    issuer_unit: Mapped[Unit | None] = relationship(foreign_keys=[issuer_unit_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    transitions: Mapped[list[NoticeTransition]] = relationship(
        back_populates="notice", order_by="NoticeTransition.id", cascade="all, delete-orphan", passive_deletes=True
    )

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    kind_label = NoticeKind.label_property("kind")

    state_label = NoticeState.label_property("state")


class NoticeTransition(RegionOwned, db.Model):
    """One step of a notice: who moved it from which state to which, when, and what they said."""

    __tablename__ = "notice_transition"
    # The notice's own update is audited, and each step is recorded by `record_event` too.
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    #: issue, acknowledge, rectify, return, close, withdraw.
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")

    notice: Mapped[Notice] = relationship(back_populates="transitions")

    def __str__(self) -> str:
        return f"{self.from_state or '—'} → {self.to_state}"


class NoticeCounter(db.Model):
    """The last number given in a region and year: incremented inside the issuing transaction.

    The row lock (PostgreSQL) or the write lock (SQLite) taken by the increment serialises
    concurrent issuers, and a rolled-back issue rolls the increment back — so numbers never
    repeat and never skip.
    """

    __tablename__ = "notice_counter"
    __audited__ = False

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)

    region: Mapped[Region] = relationship()
