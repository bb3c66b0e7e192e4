"""The core's models. Plugins import what they reference from here (Region, Unit, User)."""

from core.models.attachments import Attachment
from core.models.audit import AuditEntry
from core.models.base import RegionOwned, TimestampMixin, utcnow
from core.models.blobs import StoredBlob
from core.models.calendar import CalendarDay, CalendarYear
from core.models.heartbeats import WorkerHeartbeat
from core.models.modules import ModuleSwitch
from core.models.registers import ImportJob
from core.models.tenancy import LoginAttempt, Region, RegionLevel, Role, Unit, User
from core.models.timeline import TimelineStep

__all__ = [
    "Attachment",
    "AuditEntry",
    "CalendarDay",
    "CalendarYear",
    "ImportJob",
    "LoginAttempt",
    "ModuleSwitch",
    "Region",
    "RegionLevel",
    "RegionOwned",
    "Role",
    "StoredBlob",
    "TimelineStep",
    "TimestampMixin",
    "Unit",
    "User",
    "WorkerHeartbeat",
    "utcnow",
]
