"""Accountability notices: 预警, 督办, 通报批评, 问责建议 — numbered, addressed to a unit, followed to 销号.

    from core.notices import NoticeRule, NoticeKind, Notice, NoticeState, issue_notice

Plugins declare `NoticeRule`s through the hook ``register_notice_rules()``; the core applies them
to the events they name, idempotently. See docs/architecture.md, "Notices".
"""

from core.notices.models import Notice, NoticeCounter, NoticeTransition
from core.notices.operations import (
    TRANSITIONS,
    NoticeError,
    NoticeTransitionError,
    acknowledge_notice,
    allowed_actions,
    close_notice,
    issue_notice,
    rectify_notice,
    transition_notice,
    withdraw_notice,
)
from core.notices.types import NoticeKind, NoticeRule, NoticeState

__all__ = [
    "TRANSITIONS",
    "Notice",
    "NoticeCounter",
    "NoticeError",
    "NoticeKind",
    "NoticeRule",
    "NoticeState",
    "NoticeTransition",
    "NoticeTransitionError",
    "acknowledge_notice",
    "allowed_actions",
    "close_notice",
    "issue_notice",
    "rectify_notice",
    "transition_notice",
    "withdraw_notice",
]
