"""Issuing notices and moving them through their life, each step recorded, audited and published.

    issued ──签收──▶ acknowledged ──报送整改──▶ rectified ──验收销号──▶ closed
       │                 ▲                          │
       │                 └──────退回重新整改─────────┘
       └───────────── 撤回 (from any open state, with a reason) ──▶ withdrawn

The target unit acknowledges and reports its rectification; the issuing side (the region's
rule-of-law office, or an admin above it) returns, closes (销号, DOMAIN.md: "a task is ticked
off only after it is accepted") or withdraws. Anything else is refused with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from core import clock, tenancy
from core.audit import current_actor, record_event
from core.extensions import db
from core.i18n import punctuation, translate
from core.models import Region, Unit
from core.models.base import utcnow
from core.notices.events import (
    NoticeAcknowledged,
    NoticeClosed,
    NoticeIssued,
    NoticeRectified,
    NoticeReturned,
    NoticeStepEvent,
    NoticeWithdrawn,
)
from core.notices.models import Notice, NoticeTransition
from core.notices.numbering import format_number, next_seq
from core.notices.types import NoticeKind, NoticeState
from core.subjects import subject_key

#: "The acting user": the logged-in user, or whoever `core.audit.acting_as` names.
ACTOR: Any = object()


class NoticeError(ValueError):
    """A notice that cannot be issued, or a step that is not allowed (message in Chinese)."""


#: Kept for readers of the contract: a refused transition raises this.
NoticeTransitionError = NoticeError


@dataclass(frozen=True)
class Transition:
    """One allowed step of the life cycle."""

    action: str
    #: The button's label.
    label: str
    sources: tuple[NoticeState, ...]
    target: NoticeState
    #: "target": the unit addressed acts; "issuer": the issuing office acts.
    side: str
    comment_required: bool
    event: type[NoticeStepEvent]
    #: What to ask for when a comment is required.
    comment_prompt: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "acknowledge",
            "签收",
            (NoticeState.ISSUED,),
            NoticeState.ACKNOWLEDGED,
            "target",
            False,
            NoticeAcknowledged,
        ),
        Transition(
            "rectify",
            "报送整改情况",
            (NoticeState.ACKNOWLEDGED,),
            NoticeState.RECTIFIED,
            "target",
            True,
            NoticeRectified,
            "整改情况说明",
        ),
        Transition(
            "return",
            "退回重新整改",
            (NoticeState.RECTIFIED,),
            NoticeState.ACKNOWLEDGED,
            "issuer",
            True,
            NoticeReturned,
            "退回理由",
        ),
        Transition("close", "验收销号", (NoticeState.RECTIFIED,), NoticeState.CLOSED, "issuer", False, NoticeClosed),
        Transition(
            "withdraw",
            "撤回",
            (NoticeState.ISSUED, NoticeState.ACKNOWLEDGED, NoticeState.RECTIFIED),
            NoticeState.WITHDRAWN,
            "issuer",
            True,
            NoticeWithdrawn,
            "撤回理由",
        ),
    )
}


def legal_office_id(region: Region) -> int | None:
    """The rule-of-law office (法制机构) of `region`, or of the nearest region above that has one."""
    with tenancy.unscoped():
        offices = dict(
            db.session.execute(
                select(Unit.region_id, Unit.id)
                .where(Unit.is_legal_office.is_(True), Unit.region_id.in_(region.ancestor_ids()))
                .order_by(Unit.id.desc())
            ).all()
        )
    for region_id in reversed(region.ancestor_ids()):
        if region_id in offices:
            return offices[region_id]
    return None


def issue_notice(
    *,
    kind: NoticeKind | str,
    target_unit_id: int,
    title: str,
    basis: str = "",
    region_id: int | None = None,
    subject: Any = None,
    rectify_days: int = 15,
    rectify_by: dt.date | None = None,
    body: str = "",
    rule_key: str | None = None,
    plugin_key: str | None = None,
    dedupe_key: str | None = None,
    source_event_id: str = "",
    issued_by: Any = ACTOR,
) -> Notice:
    """Issue a notice to `target_unit_id` in the current transaction (the caller commits).

    The region (default: the target unit's) issues it: it gets that region's next number of the
    year, its legal office as signatory, and `rectify_by` = today + `rectify_days` calendar days
    (民诉法 art 85 counting) unless given. Publishes ``core.notice.issued``.
    """
    try:
        kind = NoticeKind(kind)
    except ValueError as exc:
        raise NoticeError(f"未知的通知类别：{kind}") from exc
    title = (title or "").strip()
    if not title:
        raise NoticeError("通知标题不能为空")
    if rectify_days < 0:
        raise NoticeError("整改期限不能为负数")
    session = db.session
    unit = session.get(Unit, target_unit_id) if target_unit_id else None
    if unit is None:
        raise NoticeError(f"找不到受文单位（编号 {target_unit_id}），或该单位不在本辖区内")
    region = session.get(Region, region_id if region_id is not None else unit.region_id)
    if region is None:
        raise NoticeError(f"找不到签发区划（编号 {region_id}）")
    user = current_actor() if issued_by is ACTOR else issued_by
    today = clock.today()
    if rectify_by is None:
        from core.deadlines.operations import current_calendar

        rectify_by = current_calendar().add_calendar_days(today, rectify_days).date
    subject_type, subject_id = subject_key(subject) if subject is not None else ("", None)
    seq = next_seq(region.id, today.year)
    now = utcnow()
    notice = Notice(
        region_id=region.id,
        year=today.year,
        seq=seq,
        number=format_number(region.name, kind, today.year, seq),
        kind=kind.value,
        title=title[:255],
        basis=(basis or "")[:255],
        body=body or "",
        target_unit_id=unit.id,
        issuer_unit_id=legal_office_id(region),
        issued_by_id=getattr(user, "id", None),
        subject_type=subject_type,
        subject_id=subject_id,
        issued_at=now,
        rectify_by=rectify_by,
        state=NoticeState.ISSUED.value,
        state_changed_at=now,
        rule_key=rule_key,
        plugin_key=plugin_key,
        dedupe_key=dedupe_key,
        source_event_id=source_event_id or "",
    )
    notice.transitions.append(_step(notice, "issue", "", NoticeState.ISSUED, user, ""))
    session.add(notice)
    session.flush()
    from core.events import publish

    publish(NoticeIssued.of(notice), region_id=notice.region_id, subject=notice)
    return notice


def _step(notice: Notice, action: str, old: str, new: NoticeState, user: Any, comment: str) -> NoticeTransition:
    return NoticeTransition(
        region_id=notice.region_id,
        action=action,
        from_state=old,
        to_state=new.value,
        user_id=getattr(user, "id", None),
        username=getattr(user, "username", "") or "",
        at=utcnow(),
        comment=comment,
    )


# -- who may do what ----------------------------------------------------------------------------


def is_target_side(user: Any, notice: Notice) -> bool:
    """Whether `user` acts for the unit addressed (or is a system admin)."""
    return bool(user.is_system_admin or (user.unit_id is not None and user.unit_id == notice.target_unit_id))


def is_issuer_side(user: Any, notice: Notice) -> bool:
    """Whether `user` acts for the issuing office: its region's (or a higher) legal office or admins.

    Nobody signs off their own unit's rectification.
    """
    if user.is_system_admin:
        return True
    if user.unit_id is not None and user.unit_id == notice.target_unit_id:
        return False
    visible = tenancy.visible_region_ids(user)
    if visible is not None and notice.region_id not in visible:
        return False
    with tenancy.unscoped():
        unit = db.session.get(Unit, user.unit_id) if user.unit_id else None
    return bool(user.is_region_admin or (unit is not None and unit.is_legal_office))


def refusal(notice: Notice, action: str, user: Any) -> str | None:
    """Why `user` (None: the system) may not take `action` on `notice` now, or None if they may."""
    step = TRANSITIONS.get(action)
    if step is None:
        return gettext("未知的操作：%(action)s", action=action)
    if NoticeState(notice.state) not in step.sources:
        allowed = punctuation("、", ", ").join(f"“{translate(NoticeState(s).label)}”" for s in step.sources)
        return gettext(
            "通知 %(number)s 当前状态为“%(state)s”，不能%(step)s（只有%(allowed)s的通知可以%(step)s）。",
            number=notice.number,
            state=translate(notice.state_label),
            step=translate(step.label),
            allowed=allowed,
        )
    if user is None:
        return None
    if not getattr(user, "can_write", False):
        return gettext("只读账号不能办理通知。")
    if step.side == "target" and not is_target_side(user, notice):
        return gettext(
            "只有受文单位（%(unit)s）的工作人员可以%(step)s。", unit=notice.target_unit, step=translate(step.label)
        )
    if step.side == "issuer" and not is_issuer_side(user, notice):
        return gettext("只有签发机关（本级或上级司法行政机关）的工作人员可以%(step)s。", step=translate(step.label))
    return None


def allowed_actions(notice: Notice, user: Any) -> list[Transition]:
    """The steps `user` may take on `notice` now (the buttons on its page)."""
    return [t for t in TRANSITIONS.values() if refusal(notice, t.action, user) is None]


def transition_notice(notice: Notice, action: str, *, user: Any = ACTOR, comment: str = "") -> Notice:
    """Take step `action` on `notice` (acknowledge, rectify, return, close, withdraw).

    `user` defaults to the acting user; None acts as the system (no side check). Refused steps
    raise `NoticeError` with the reason in Chinese. Records a `NoticeTransition`, an audit
    entry and publishes ``core.notice.<state>`` — all in the caller's transaction. Two users
    acting on one notice at once: the second is refused (the notice carries a version).
    """
    actor = current_actor() if user is ACTOR else user
    reason = refusal(notice, action, actor)
    if reason:
        raise NoticeError(reason)
    step = TRANSITIONS[action]
    comment = (comment or "").strip()
    if step.comment_required and not comment:
        raise NoticeError(
            gettext("%(step)s必须填写%(what)s。", step=translate(step.label), what=translate(step.comment_prompt))
        )
    old = str(notice.state)
    notice.state = step.target.value
    notice.state_changed_at = utcnow()
    if step.target is NoticeState.WITHDRAWN:
        notice.withdrawn_reason = comment[:500]
    notice.transitions.append(_step(notice, action, old, step.target, actor, comment))
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise NoticeError(gettext("通知 %(number)s 刚被他人办理，请刷新后重试。", number=notice.number)) from exc
    record_event(
        f"notice_{action}",
        user=actor,
        region_id=notice.region_id,
        subject_type="notice",
        subject_id=notice.id,
        summary=f"{notice.number} {step.label}",
        changes={"state": [old, step.target.value], "comment": comment},
    )
    from core.events import publish

    publish(
        step.event.of(notice, from_state=old, to_state=step.target.value, comment=comment),
        region_id=notice.region_id,
        subject=notice,
    )
    return notice


def acknowledge_notice(notice: Notice, *, user: Any = ACTOR, comment: str = "") -> Notice:
    """签收."""
    return transition_notice(notice, "acknowledge", user=user, comment=comment)


def rectify_notice(notice: Notice, *, comment: str, user: Any = ACTOR) -> Notice:
    """报送整改情况 (the comment says what was done)."""
    return transition_notice(notice, "rectify", user=user, comment=comment)


def close_notice(notice: Notice, *, user: Any = ACTOR, comment: str = "") -> Notice:
    """验收销号."""
    return transition_notice(notice, "close", user=user, comment=comment)


def withdraw_notice(notice: Notice, *, reason: str, user: Any = ACTOR) -> Notice:
    """撤回 (with a reason)."""
    return transition_notice(notice, "withdraw", user=user, comment=reason)
