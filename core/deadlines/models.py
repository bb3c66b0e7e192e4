"""Deadlines attached to any record, and the history of every change to them.

A deadline belongs to one record of a plugin (its *subject*: table name and id) and to that
record's region. It remembers how it was counted (start day, counting, amount) so it can be
recomputed when the calendar changes, and each suspension, resumption and extension is a
`DeadlineChange` row, so the current due date can always be explained — and replayed.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.choices import LabelledEnum
from core.extensions import db
from core.i18n import in_english, translate
from core.models.base import RegionOwned, TimestampMixin, utcnow
from core.models.tenancy import Unit, User


class DeadlineState(LabelledEnum):
    """Where a deadline stands."""

    #: Running on its original period.
    OPEN = "open", "进行中"
    #: The act was done on time (`met_on` ≤ `due_date`).
    MET = "met", "按期完成"
    #: The due date passed without the act (found by the scan), or the act came late.
    MISSED = "missed", "逾期"
    #: Stopped, e.g. 行政复议中止 (行政复议法 art 39); the clock restarts on resumption.
    SUSPENDED = "suspended", "中止"
    #: Running on an extended period, e.g. 行政复议法 art 62 ¶1 (延长不得超过三十日).
    EXTENDED = "extended", "已延长"
    #: No longer relevant (the case was withdrawn, terminated, transferred…).
    CANCELLED = "cancelled", "已撤销"


#: States in which the clock runs: the scan looks only at these.
RUNNING_STATES = (DeadlineState.OPEN.value, DeadlineState.EXTENDED.value)
#: States a deadline can still leave (running or suspended).
ACTIVE_STATES = (*RUNNING_STATES, DeadlineState.SUSPENDED.value)
#: States that end a deadline.
FINAL_STATES = (DeadlineState.MET.value, DeadlineState.MISSED.value, DeadlineState.CANCELLED.value)


class Counting(LabelledEnum):
    """How a period is counted (DOMAIN.md, "Counting periods")."""

    #: 行政复议法 art 88 ¶2: its 三日、五日、七日、十日 are working days.
    WORKING_DAYS = "working_days", "个工作日"
    #: 民诉法 art 85: calendar days, start day not counted, last day rolled past rest days.
    CALENDAR_DAYS = "calendar_days", "日"
    #: Months (a year is 12), last day as in 民法典 art 202, rolled over like days.
    MONTHS = "months", "个月"


class Deadline(RegionOwned, TimestampMixin, db.Model):
    """A statutory or plan deadline of one record, e.g. the 60-day decision period of a review case."""

    __tablename__ = "deadline"
    __table_args__ = (
        # One deadline of each kind per record: plugins address it by (subject, kind).
        UniqueConstraint("subject_type", "subject_id", "kind", name="uq_deadline_subject_kind"),
        # The scan: "running and due in [today, today + N working days]" and "running and due
        # before today" are two range scans of this index per running state.
        Index("ix_deadline_state_due_date", "state", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The plugin that opened it (module switches apply to it).
    plugin_key: Mapped[str] = mapped_column(String(64))
    #: The record it belongs to: table name and primary key.
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int] = mapped_column(Integer)
    #: Stable key, unique per subject ("acceptance_review", "decision").
    kind: Mapped[str] = mapped_column(String(64))
    #: What it is, in Chinese ("受理审查期限").
    label: Mapped[str] = mapped_column(String(128))
    #: Where it comes from: law and article, or plan item ("《行政复议法》第三十条").
    basis: Mapped[str] = mapped_column(String(255), default="")
    #: The day the period starts from (not counted itself, 民诉法 art 85 ¶2).
    start_date: Mapped[dt.date] = mapped_column(Date)
    #: How the period is counted, and its length in that unit.
    counting: Mapped[Counting] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Integer)
    #: The last day of the period, suspensions and extensions included.
    due_date: Mapped[dt.date] = mapped_column(Date)
    #: True when a year consulted had no official calendar: recomputed once it is entered.
    provisional: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    state: Mapped[DeadlineState] = mapped_column(String(16), default=DeadlineState.OPEN)
    #: The day the act was done (met on time, or late).
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Set while suspended: the day the suspension began.
    suspended_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Calendar days added by approved extensions, in total.
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    #: The unit answerable for it (addressee of warnings and supervision notices).
    responsible_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    #: The member of staff handling it.
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: When the scan published `core.deadline.approaching` for the current due date.
    approaching_notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: When the scan (or a late `meet_deadline`) published `core.deadline.missed`.
    missed_notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    responsible_unit: Mapped[Unit | None] = relationship(foreign_keys=[responsible_unit_id])
    staff_user: Mapped[User | None] = relationship(foreign_keys=[staff_user_id])
    changes: Mapped[list[DeadlineChange]] = relationship(
        back_populates="deadline", order_by="DeadlineChange.id", cascade="all, delete-orphan", passive_deletes=True
    )

    def __str__(self) -> str:
        label, due = translate(self.label), self.due_date_display
        return f"{label} ({due})" if in_english() else f"{label}（{due}）"

    @property
    def due_date_display(self) -> str:
        """The due date as shown: "2027-10-11（暂定）" when provisional."""
        return (
            gettext("%(date)s（暂定）", date=self.due_date.isoformat())
            if self.provisional
            else self.due_date.isoformat()
        )

    @property
    def period_display(self) -> str:
        """The period as the law states it: "5个工作日", "60日", "3个月"."""
        unit = Counting(self.counting).label
        # "5个工作日" in Chinese, "5 working days" in English.
        return f"{self.amount}{unit}" if unit == Counting(self.counting)._label else f"{self.amount} {unit}"

    @property
    def state_label(self) -> str:
        """The state in Chinese."""
        return DeadlineState(self.state).label

    @property
    def is_running(self) -> bool:
        """Whether the clock runs (open or extended)."""
        return self.state in RUNNING_STATES


class ChangeAction(LabelledEnum):
    """What happened to a deadline."""

    OPENED = "opened", "开始计算"
    #: `open_deadline` again with another start or period (e.g. after 补正, 行政复议法 art 31).
    REOPENED = "reopened", "重新计算"
    SUSPENDED = "suspended", "中止"
    RESUMED = "resumed", "恢复"
    EXTENDED = "extended", "延长"
    MET = "met", "完成"
    MISSED = "missed", "逾期"
    CANCELLED = "cancelled", "撤销"
    #: The calendar changed (e.g. a year's holidays were entered) and the due date was recounted.
    RECOMPUTED = "recomputed", "按新日历重算"


class DeadlineChange(RegionOwned, db.Model):
    """One step in a deadline's life, with the due date before and after it.

    The rows are the deadline's own history (and what `recompute` replays): they are written
    only by `core.deadlines.operations`, never edited, and not audited row by row — the
    deadline's own update is.
    """

    __tablename__ = "deadline_change"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadline.id", ondelete="CASCADE"), index=True)
    action: Mapped[ChangeAction] = mapped_column(String(16))
    #: The day the change took effect (suspended on, resumed on, met on…).
    on_date: Mapped[dt.date | None] = mapped_column(Date)
    #: Calendar days the due date moved by (resumption: days suspended; extension: days granted).
    days: Mapped[int | None] = mapped_column(Integer)
    old_due_date: Mapped[dt.date | None] = mapped_column(Date)
    new_due_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500), default="")
    #: Who approved it (an extension: 行政复议机构负责人, art 62 ¶1).
    approved_by: Mapped[str] = mapped_column(String(64), default="")
    #: The acting user (None: the system, e.g. the scan).
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    deadline: Mapped[Deadline] = relationship(back_populates="changes")

    def __str__(self) -> str:
        return f"{ChangeAction(self.action).label} {self.old_due_date or ''}→{self.new_due_date or ''}"
