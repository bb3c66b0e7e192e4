"""The test plugin's one model: an inspection object (双随机一公开 检查对象), region-owned."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import RegionOwned, TimestampMixin, Unit


class InspectionObject(RegionOwned, TimestampMixin, db.Model):
    """An object of random inspections (the source report counts 238,607 of them)."""

    __tablename__ = "hookcheck_inspection_object"
    __searchable__ = ("name", "address")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The inspected entity's name (an enterprise, a shop…).
    name: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(255), default="")
    #: The supervising unit.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)

    unit: Mapped[Unit | None] = relationship()

    def __str__(self) -> str:
        return self.name
