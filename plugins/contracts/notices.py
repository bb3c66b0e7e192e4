"""Notice rules: which missed period of 政府合同管理 issues which 督办, to whom.

- the office's review period missed → 督办 to the legal office of the contract's region;
- the filing period missed → 督办 to the department (our side's unit);
- a milestone or a check's rectification missed → 督办 to the department;
- an archive file not returned in time → 督办 to the borrowing unit.

The core applies each rule once per deadline (dedupe on the deadline's id); its generic 督办 stands
back for these. Warnings before the due dates are the core's own 预警 rule.
"""

from __future__ import annotations

from collections.abc import Callable

from core.deadlines.events import DeadlineEvent
from core.events import Event
from core.notices import NoticeRule
from core.notices.due import due_text, missed_deadline_rule, responsible_unit
from plugins.contracts import deadlines
from plugins.contracts.settings import setting

PLUGIN_KEY = deadlines.PLUGIN_KEY


def _office(event: Event[DeadlineEvent]) -> int | None:
    return deadlines.office_of(event.region_id) if event.region_id else None


def _title(what: str) -> Callable[[Event[DeadlineEvent]], str]:
    def title(event: Event[DeadlineEvent]) -> str:
        return f"{event.data.label}已于{due_text(event)}届满：{what}"

    return title


def notice_rules() -> list[NoticeRule]:
    """The plugin's rules (returned by the `register_notice_rules` hook)."""
    rectify = int(setting("RECTIFY_DAYS"))

    def rule(key: str, families: tuple[str, ...], target: Callable[[Event], int | None], what: str) -> NoticeRule:
        return missed_deadline_rule(
            f"{PLUGIN_KEY}.{key}",
            PLUGIN_KEY,
            families,
            title=_title(what),
            basis=lambda e: e.data.basis or deadlines.RULE,
            rectify_days=rectify,
            target_unit=target,
            family=deadlines.family,
        )

    return [
        rule("review_missed", (deadlines.REVIEW.kind,), _office, "合同合法性审查未在规定期限内完成"),
        rule("filing_missed", (deadlines.FILING.kind,), responsible_unit, "合同签订后未按期报送备案"),
        rule("milestone_missed", (deadlines.MILESTONE.kind,), responsible_unit, "合同履行节点逾期未完成"),
        rule("rectification_missed", (deadlines.RECTIFICATION.kind,), responsible_unit, "监督检查发现的问题逾期未整改"),
        rule("return_overdue", (deadlines.RETURN.kind,), responsible_unit, "借阅的合同档案逾期未归还"),
    ]
