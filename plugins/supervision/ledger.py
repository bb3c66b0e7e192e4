"""A task's ledger (台账, 全程纪实): its acts, and every audit entry of the task and what hangs on it, in order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select

from core.deadlines import Deadline
from core.extensions import db
from core.models import Attachment, AuditEntry
from plugins.supervision.models import Task

#: What each audited table is, as the ledger names it.
SUBJECT_LABELS = {
    "supervision_task": "任务",
    "supervision_task_step": "工作步骤",
    "supervision_progress": "进展报告",
    "supervision_task_act": "办理记录",
    "attachment": "附件",
    "deadline": "期限",
    "notice": "督办通知",
}


def _ids(statement: Any) -> list[str]:
    return [str(i) for i in db.session.execute(statement).scalars()]


def ledger_entries(task: Task) -> list[AuditEntry]:
    """Every audit entry of the task, its steps, reports, acts, attachments, deadlines and notices, oldest first."""
    from core.notices.models import Notice

    report_ids = [r.id for r in task.reports]
    subjects = {
        "supervision_task": [str(task.id)],
        "supervision_task_step": [str(s.id) for s in task.steps],
        "supervision_progress": [str(i) for i in report_ids],
        "supervision_task_act": [str(a.id) for a in task.acts],
        "attachment": _ids(
            select(Attachment.id).where(
                or_(
                    and_(Attachment.subject_type == "supervision_task", Attachment.subject_id == task.id),
                    and_(Attachment.subject_type == "supervision_progress", Attachment.subject_id.in_(report_ids)),
                )
            )
        ),
        "deadline": _ids(
            select(Deadline.id).where(Deadline.subject_type == "supervision_task", Deadline.subject_id == task.id)
        ),
        "notice": _ids(
            select(Notice.id).where(Notice.subject_type == "supervision_task", Notice.subject_id == task.id)
        ),
    }
    conditions = [
        and_(AuditEntry.subject_type == table, AuditEntry.subject_id.in_(ids)) for table, ids in subjects.items() if ids
    ]
    return list(db.session.execute(select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.id)).scalars())
