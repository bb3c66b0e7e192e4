"""The columns of a record's timeline: one row an act, as `core.machine.record_step` writes it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class TimelineStep:
    """One act on a record (a 行政复议 case, a contract, a plan task): what, when, the state before
    and after, and who entered it.

    A plugin's step model mixes this in beside `RegionOwned`, with its table name, the foreign key
    to its record and the relationship back; `core.machine.record_step` fills the columns.
    """

    #: The act's key (receive, accept, sign…) and its Chinese label.
    action: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(64))
    #: The day the act took place (not when it was entered).
    on: Mapped[dt.date] = mapped_column(Date)
    #: The record's state before and after ("" before a record's first act).
    from_state: Mapped[str] = mapped_column(String(24), default="")
    to_state: Mapped[str] = mapped_column(String(24), default="")
    #: Who entered it (username kept should the account go); None: the system (a deemed act).
    username: Mapped[str] = mapped_column(String(64), default="")
    #: What the user wrote with the act (cut to the column's length where it has one).
    note: Mapped[str] = mapped_column(String(255), default="")

    @declared_attr
    def user_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
