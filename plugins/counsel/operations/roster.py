"""The roster: a member's checks and region, status changes with their reason."""

from __future__ import annotations

from sqlalchemy import inspect

from core.events import publish
from core.extensions import db
from core.i18n import say
from plugins.counsel import checks
from plugins.counsel.events import MemberRegistered, MemberStatusChanged
from plugins.counsel.models import CounselMember
from plugins.counsel.vocabulary import MemberKind, MemberStatus


def prepare_member(member: CounselMember, scope: frozenset[int] | None, default_region_id: int | None) -> str | None:
    """Check a roster entry and place it; returns its status before this save (None when new).

    The legal office's staff are core users: their name and unit come from the user. A member
    belongs to the region of their unit, else the region of the office keeping the roster.
    """
    with db.session.no_autoflush:
        if member.kind == MemberKind.STAFF and member.user is not None:
            member.name = member.user.full_name or member.user.username
            member.unit = member.user.unit or member.unit
        checks.check_member(member)
        if member.unit is not None:
            checks.visible(member.unit.region_id, scope, "unit", say("单位“%(name)s”", name=member.unit.name))
            member.region_id = member.unit.region_id
        elif member.region_id is None:
            member.region_id = default_region_id
        member.status = member.status or MemberStatus.ACTIVE
        state = inspect(member)
        if state.pending or state.transient:
            return None
        history = state.attrs["status"].history
        return history.deleted[0] if history.deleted else member.status


def member_saved(member: CounselMember, previous_status: str | None) -> None:
    """Publish the registration or the status change."""
    db.session.flush()
    if previous_status is None:
        publish(
            MemberRegistered(member_id=member.id, kind=member.kind, member_name=member.name),
            region_id=member.region_id,
            subject=member,
        )
    elif previous_status != member.status:
        publish(
            MemberStatusChanged(
                member_id=member.id,
                member_name=member.name,
                status=member.status,
                previous_status=previous_status,
                reason=member.status_reason,
            ),
            region_id=member.region_id,
            subject=member,
        )
