"""The audit trail (全程纪实): every write through the suite is recorded, append-only.

One SQLAlchemy `after_flush` listener records creates, updates and deletes of every model
(unless it sets ``__audited__ = False``) with the acting user, the record's region and the
old and new values, in the same transaction as the change. Logins, logouts and module
switches are recorded by `record_event`. Nothing updates or deletes an `AuditEntry`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from core.extensions import db, listen_on_sessions
from core.models.audit import AuditEntry
from core.models.base import utcnow

#: Default of `_actor_override`: nobody chose an actor, so a request's logged-in user acts.
_NO_OVERRIDE: Any = object()
#: The user chosen by `acting_as` (None: the system); requests otherwise use flask-login.
_actor_override: ContextVar[Any] = ContextVar("fazhi_actor", default=_NO_OVERRIDE)


class AuditTamperError(PermissionError):
    """Somebody tried to change or delete an audit entry."""


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute the writes of the block to `user` (for CLI and workers).

    ``acting_as(None)`` means the system, even inside a request: an event handler run after a
    request commits acts for the suite, not for the user whose request published the event.
    """
    token = _actor_override.set(user)
    try:
        yield
    finally:
        _actor_override.reset(token)


def current_actor() -> Any:
    """The user to whom a write is attributed, or None for the system."""
    override = _actor_override.get()
    if override is not _NO_OVERRIDE:
        return override
    if has_request_context():
        from flask_login import current_user

        if getattr(current_user, "is_authenticated", False):
            return current_user
    return None


def _remote_addr() -> str:
    return (request.remote_addr or "") if has_request_context() else ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _entry(action: str, user: Any, **fields: Any) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "user_id": getattr(user, "id", None),
        "username": getattr(user, "username", "") or "",
        "action": action,
        "remote_addr": _remote_addr(),
        "region_id": fields.get("region_id"),
        "subject_type": fields.get("subject_type", ""),
        "subject_id": str(fields.get("subject_id", "")),
        "summary": (fields.get("summary") or "")[:255],
        "changes": fields.get("changes") or {},
    }


def record_event(action: str, user: Any = None, **fields: Any) -> None:
    """Record a non-CRUD act (login, login_failed, logout, module_switch, transition…).

    Written through the current session, so it commits or rolls back with the caller's work.
    Fields: region_id, subject_type, subject_id, summary, changes.
    """
    db.session.execute(insert(AuditEntry), [_entry(action, user or current_actor(), **fields)])


def _column_values(obj: Any, excluded: tuple[str, ...]) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        attr.key: _jsonable(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in excluded and attr.key not in ("created_at", "updated_at")
    }


def _changes(obj: Any, excluded: tuple[str, ...]) -> dict[str, list[Any]]:
    state = inspect(obj)
    changed: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in excluded or attr.key == "updated_at":
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changed[attr.key] = [_jsonable(old), _jsonable(new)]
    return changed


def _audited(obj: Any) -> bool:
    return getattr(type(obj), "__audited__", True)


def _after_flush(session: Session, flush_context: Any) -> None:
    user = current_actor()
    rows: list[dict[str, Any]] = []
    for action, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not _audited(obj):
                continue
            excluded = getattr(type(obj), "__audit_exclude__", ())
            if action == "update":
                if not session.is_modified(obj, include_collections=False):
                    continue
                changes: dict[str, Any] = _changes(obj, excluded)
                if not changes:
                    continue
            else:
                changes = _column_values(obj, excluded)
            # The identity key is assigned only after this hook; the primary key is already set.
            identity = inspect(obj).mapper.primary_key_from_instance(obj)
            rows.append(
                _entry(
                    action,
                    user,
                    region_id=getattr(obj, "region_id", None),
                    subject_type=type(obj).__tablename__,
                    subject_id=",".join(str(part) for part in identity) if identity else "",
                    summary=str(obj),
                    changes=changes,
                )
            )
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def _refuse_tampering(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditTamperError("审计记录只能追加，不能修改或删除")


def install_audit_listeners() -> None:
    """Register the session listeners that write the trail (idempotent, process-wide)."""
    listen_on_sessions(("after_flush", _after_flush), ("before_flush", _refuse_tampering))
