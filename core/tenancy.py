"""Tenancy scoping: the one mechanism that keeps each user inside their region subtree.

Two layers, both here:

1. The admin views (`core.admin.views.ScopedModelView`) filter every query they build with
   `scope_filter()`: list, count, get_one, ajax look-ups, relationship drop-downs, actions.
2. A safety net under them: while a request runs for a scoped user, every ORM SELECT of a
   `RegionOwned` model gets `with_loader_criteria(region_id IN visible ids)` added by a
   `do_orm_execute` listener, and a flush that would write a record outside the scope is
   refused. A query somebody forgets to scope still cannot leak.

System admins are unscoped. Code that must see across regions (workers, the command line,
resolving module switches up the tree) runs inside `unscoped()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from core.extensions import db, listen_on_sessions
from core.models.base import RegionOwned
from core.models.tenancy import Region, User

#: The region ids visible in the current context; None means unscoped (sees everything).
_visible: ContextVar[frozenset[int] | None] = ContextVar("fazhi_visible_regions", default=None)
#: Whether the SQLAlchemy safety net acts in this context (tests turn it off to prove layer 1).
_net_on: ContextVar[bool] = ContextVar("fazhi_tenancy_net", default=True)


class TenancyViolation(PermissionError):
    """A write would put or move a record outside the acting user's regions."""


def region_subtree_ids(region: Region) -> frozenset[int]:
    """Ids of `region` and all its descendants (one indexed prefix match on `path`)."""
    with unscoped():
        rows = db.session.execute(select(Region.id).where(Region.path.startswith(region.path))).scalars()
        return frozenset(rows)


def visible_region_ids(user: User) -> frozenset[int] | None:
    """The regions `user` may see: their region's subtree; None (all) for system admins."""
    if user.is_system_admin:
        return None
    return region_subtree_ids(user.region)


def current_scope() -> frozenset[int] | None:
    """The visible region ids of the current context (None: unscoped)."""
    return _visible.get()


@contextmanager
def scoped_to(region_ids: Iterable[int] | None) -> Iterator[None]:
    """Run the block as a user who sees exactly `region_ids` (None: everything)."""
    token = _visible.set(None if region_ids is None else frozenset(region_ids))
    try:
        yield
    finally:
        _visible.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Run the block without tenancy scoping (system work: workers, CLI, tree walks)."""
    with scoped_to(None):
        yield


def begin_request_scope(user: User | None, safety_net: bool = True) -> tuple[object, object]:
    """Set the scope for a request of `user`; returns a token for `end_request_scope`."""
    net = _net_on.set(safety_net)
    if user is None or not getattr(user, "is_authenticated", False):
        return _visible.set(frozenset()), net  # anonymous: sees no regional data at all
    return _visible.set(visible_region_ids(user)), net


def end_request_scope(token: tuple[object, object]) -> None:
    """Undo `begin_request_scope`."""
    _visible.reset(token[0])  # type: ignore[arg-type]
    _net_on.reset(token[1])  # type: ignore[arg-type]


def scope_filter(model: type, region_ids: frozenset[int] | None = None):  # type: ignore[no-untyped-def]
    """A WHERE clause limiting `model` to the given (default: current) visible regions.

    A model takes part by offering a `scope_column()` classmethod: `RegionOwned` gives
    ``region_id``, `Region` its own id, `AuditEntry` the region acted in. Returns None when
    nothing needs filtering (unscoped, or `model` has no scope column).
    """
    ids = current_scope() if region_ids is None else region_ids
    column_of = getattr(model, "scope_column", None)
    if ids is None or column_of is None:
        return None
    return column_of().in_(sorted(ids))


def is_visible(record: object) -> bool:
    """Whether `record` lies inside the current scope."""
    ids = current_scope()
    if ids is None or not isinstance(record, RegionOwned):
        return True
    return record.region_id in ids


def _add_scope_criteria(state: ORMExecuteState) -> None:
    ids = _visible.get()
    if ids is None or not _net_on.get() or not state.is_select or state.execution_options.get("fazhi_unscoped"):
        return
    # Column and relationship loads of an already scoped row are fine; the rows themselves
    # were filtered when they were loaded.
    if state.is_column_load:
        return
    allowed = sorted(ids)
    state.statement = state.statement.options(
        with_loader_criteria(
            RegionOwned,
            lambda cls: cls.region_id.in_(allowed),
            include_aliases=True,
            track_closure_variables=True,
        )
    )


def _refuse_writes_outside_scope(session: Session, flush_context: object, instances: object) -> None:
    ids = _visible.get()
    if ids is None or not _net_on.get():
        return
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, RegionOwned) and obj.region_id is not None and obj.region_id not in ids:
            raise TenancyViolation(f"{type(obj).__name__} belongs to region {obj.region_id}, outside the user's scope")


@event.listens_for(Region, "after_insert")
def _set_new_region_path(mapper: object, connection: object, region: Region) -> None:
    # The path needs the new id, so it is written right after the INSERT, in the same flush.
    parent_path = "/"
    if region.parent_id is not None:
        parent_path = connection.execute(  # type: ignore[attr-defined]
            select(Region.path).where(Region.id == region.parent_id)
        ).scalar_one()
    region.path = f"{parent_path}{region.id}/"
    connection.execute(  # type: ignore[attr-defined]
        Region.__table__.update().where(Region.__table__.c.id == region.id).values(path=region.path)
    )


def install_safety_net() -> None:
    """Register the session listeners of the second layer (idempotent, process-wide).

    The listeners read a context variable, so apps or tests that turn the net off
    (`FAZHI_TENANCY_SAFETY_NET = False`) simply never set a scope for them to act on.
    """
    listen_on_sessions(("do_orm_execute", _add_scope_criteria), ("before_flush", _refuse_writes_outside_scope))
