"""Tenancy: the administrative region tree, the units (agencies) in it, and the users."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.choices import LabelledEnum
from core.extensions import db
from core.models.base import RegionOwned, TimestampMixin, utcnow


class RegionLevel(LabelledEnum):
    """Where a region stands in the administrative tree."""

    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（市、区）"
    ZONE = "zone", "功能区"  # functional zones such as 漳河新区, which have no division code
    TOWNSHIP = "township", "乡镇（街道）"


class Region(TimestampMixin, db.Model):
    """A node of the administrative tree: city → county/district → township.

    `path` is the materialised chain of ids ("/1/4/12/") so a subtree is one indexed prefix
    match instead of a recursive query.
    """

    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The six-digit administrative division code (GB/T 2260); functional zones have none.
    code: Mapped[str | None] = mapped_column(String(12), unique=True)
    #: The official name, e.g. 东宝区.
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[RegionLevel] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="RESTRICT"), index=True)
    #: "/<root id>/…/<own id>/", maintained by `core.tenancy.set_region_path`.
    path: Mapped[str] = mapped_column(String(255), default="", index=True)

    parent: Mapped[Region | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Region]] = relationship(back_populates="parent", order_by="Region.id")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_column(cls):  # type: ignore[no-untyped-def]
        """A user sees the regions of their own subtree."""
        return cls.id

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this region, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Role(LabelledEnum):
    """A user's role; ordered by `ROLE_RANK` so nobody grants more than they hold."""

    SYSTEM_ADMIN = "system_admin", "系统管理员"
    REGION_ADMIN = "region_admin", "区域管理员"
    STAFF = "staff", "工作人员"
    VIEWER = "viewer", "只读（领导查阅）"


ROLE_RANK = {Role.VIEWER: 0, Role.STAFF: 1, Role.REGION_ADMIN: 2, Role.SYSTEM_ADMIN: 3}


class Unit(RegionOwned, TimestampMixin, db.Model):
    """An agency or department of a region (市住建局, a township government…)."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("region_id", "name", name="uq_unit_region_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    #: Unified social credit code (统一社会信用代码), when known.
    credit_code: Mapped[str | None] = mapped_column(String(18))
    #: The rule-of-law office (法制办/司法局) of its region: it reviews, supervises and publishes.
    is_legal_office: Mapped[bool] = mapped_column(Boolean, default=False)

    def __str__(self) -> str:
        return self.name

    def circular_mention(self) -> str:
        """What to look for in published circulars to list the ones naming this unit."""
        return self.name


class User(UserMixin, RegionOwned, TimestampMixin, db.Model):
    """A person who logs in; sees only records of their region and its descendants."""

    __tablename__ = "user_account"
    #: Password hashes never go into the audit trail (a hash is an offline guessing target).
    __audit_exclude__ = ("password_hash",)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(64), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(String(16), default=Role.STAFF)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    #: The user's UI language ("zh_Hans_CN" or "en").
    locale: Mapped[str] = mapped_column(String(16), default="zh_Hans_CN")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Failed logins in a row, and until when the account is locked after too many.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    unit: Mapped[Unit | None] = relationship()

    __audit_exclude__ = ("password_hash", "failed_logins", "locked_until")

    def __str__(self) -> str:
        return f"{self.full_name or self.username}（{self.username}）"

    @property
    def is_active(self) -> bool:  # flask-login reads this
        return bool(self.active)

    @property
    def is_system_admin(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN

    @property
    def is_region_admin(self) -> bool:
        return self.role in (Role.SYSTEM_ADMIN, Role.REGION_ADMIN)

    @property
    def can_write(self) -> bool:
        """Viewers read only; everyone else may write within their scope."""
        return self.role != Role.VIEWER

    def outranks_or_equals(self, role: str) -> bool:
        """True when this user holds at least `role` (nobody grants more than they hold)."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class LoginAttempt(db.Model):
    """Every login attempt, good or failed, for throttling and the audit trail."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


#: Kept for plugins written before `core.choices` (use ``X.labels()`` / ``X.label_of(value)``).
REGION_LEVEL_LABELS = RegionLevel.labels()
ROLE_LABELS = Role.labels()
