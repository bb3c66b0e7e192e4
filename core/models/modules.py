"""Per-region switches of the plugins (modules)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import RegionOwned, TimestampMixin


class ModuleSwitch(RegionOwned, TimestampMixin, db.Model):
    """An explicit on/off of one plugin for one region; regions without one inherit upwards."""

    __tablename__ = "module_switch"
    __table_args__ = (UniqueConstraint("region_id", "plugin_key", name="uq_module_switch_region_plugin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The key a plugin gives in `describe_plugin()`.
    plugin_key: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
