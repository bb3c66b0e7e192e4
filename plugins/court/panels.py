"""Blocks under the court records' details pages (the core shows attachments, deadlines, notices, audit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from core.i18n import say
from core.panels import Panel, RecordPanel, render_panel
from plugins.court import checks
from plugins.court.models import AppearanceReport, CourtHearing, Evaluation, LitigationCase
from plugins.court.vocabulary import ReportDecision


@dataclass(frozen=True)
class Step:
    """One dated fact of a case's timeline."""

    on: dt.date
    what: str
    detail: str = ""
    url: str | None = None


def notices_about(case: LitigationCase) -> dict[tuple[str, int], list[Any]]:
    """The notices about the case, its hearings and its reports, by (table, id)."""
    from sqlalchemy import or_, select

    from core.extensions import db
    from core.notices import Notice

    subjects = [(LitigationCase.__tablename__, case.id)]
    for hearing in case.hearings:
        subjects.append((CourtHearing.__tablename__, hearing.id))
        if hearing.report is not None:
            subjects.append((AppearanceReport.__tablename__, hearing.report.id))
    query = select(Notice).where(
        or_(*[(Notice.subject_type == table) & (Notice.subject_id == sid) for table, sid in subjects])
    )
    found: dict[tuple[str, int], list[Any]] = {}
    for notice in db.session.execute(query.order_by(Notice.issued_at, Notice.id)).scalars():
        found.setdefault((notice.subject_type, notice.subject_id), []).append(notice)
    return found


def case_timeline(case: LitigationCase) -> list[Step]:
    """The case's facts in date order: filing, defence, each hearing and report, judgment, appeal, notices."""
    from flask import url_for

    from core import clock

    steps = [Step(case.filed_on, say("法院立案"), f"{case.court} {case.case_number}")]
    if case.complaint_copy_received_on:
        steps.append(
            Step(case.complaint_copy_received_on, say("收到起诉状副本"), say("答辩举证期限十五日（行诉法第六十七条）"))
        )
    if case.defence_filed_on:
        steps.append(Step(case.defence_filed_on, say("提交答辩状及证据")))
    for hearing in case.hearings:
        url = url_for("court_hearings.details_view", id=hearing.id)
        if hearing.notice_received_on:
            what = say("收到出庭通知书（法院通知负责人出庭）") if hearing.head_required else say("收到出庭通知书")
            steps.append(Step(hearing.notice_received_on, what, url=url))
        report = hearing.report
        if report is not None:
            report_url = url_for("court_reports.details_view", id=report.id)
            planned = report.planned_head or report.planned_delegate
            steps.append(
                Step(
                    report.filed_on,
                    say("报送应诉报告"),
                    say("拟出庭：%(name)s", name=planned.name if planned else ""),
                    report_url,
                )
            )
            if report.decided_on:
                steps.append(
                    Step(
                        report.decided_on,
                        say("委托审批：%(decision)s", decision=report.decision_label),
                        report.decision_note,
                        report_url,
                    )
                )
        detail = hearing.appearance_label or hearing.status_label
        steps.append(Step(hearing.held_on, say("开庭（%(status)s）", status=hearing.status_label), detail, url))
    if case.judged_on:
        steps.append(
            Step(
                case.judged_on,
                f"{case.ruling_kind_label}：{case.result_label}",
                (case.ruling_summary or "")[:80],
            )
        )
    if case.served_on:
        steps.append(Step(case.served_on, say("裁判文书送达")))
    if case.appeal_decided_on:
        labels = {"appeal": "决定上诉", "no_appeal": "决定不上诉"}
        steps.append(Step(case.appeal_decided_on, say(labels.get(case.appeal_decision or "", "上诉决定"))))
    if case.recommendation_received_on:
        steps.append(
            Step(case.recommendation_received_on, say("收到司法建议"), (case.recommendation_summary or "")[:80])
        )
    zone = clock.local_zone()
    for notices in notices_about(case).values():
        for notice in notices:
            url = url_for("notices.details_view", id=notice.id)
            what = f"{notice.kind_label}：{notice.number}"
            steps.append(Step(notice.issued_at.astimezone(zone).date(), what, notice.title, url))
    return sorted(steps, key=lambda s: s.on)


def _hearings_panel(record: Any) -> Panel | None:
    if not isinstance(record, LitigationCase):
        return None
    from plugins.court.deadlines import REPORT, running

    notices = notices_about(record)
    rows = [(h, running(h, REPORT), notices.get((CourtHearing.__tablename__, h.id), [])) for h in record.hearings]
    return render_panel(
        record, "court_hearings", "开庭及出庭情况", "court/panel_hearings.html",
        case=record, rows=rows, can_edit=bool(current_user.can_write),
    )  # fmt: skip


def _timeline_panel(record: Any) -> Panel | None:
    if not isinstance(record, LitigationCase):
        return None
    return render_panel(record, "court_timeline", "案件进程", "court/panel_timeline.html", steps=case_timeline(record))


def _hearing_panel(record: Any) -> Panel | None:
    if not isinstance(record, CourtHearing):
        return None
    return render_panel(
        record, "court_appearance", "出庭认定", "court/panel_hearing.html",
        hearing=record, power_of_attorney=checks.has_power_of_attorney(record),
    )  # fmt: skip


def _decision_panel(record: Any) -> Panel | None:
    if not isinstance(record, AppearanceReport):
        return None
    return render_panel(
        record, "court_decision", "委托准许", "court/panel_decision.html",
        report=record,
        pending=record.decision == ReportDecision.PENDING,
        can_decide=checks.can_decide(current_user) and not record.hearing.is_held,
    )  # fmt: skip


def _evaluation_panel(record: Any) -> Panel | None:
    if not isinstance(record, Evaluation):
        return None
    return render_panel(
        record, "court_evaluation", "考评明细（每项得分的来源）", "court/panel_evaluation.html",
        sheet=record, can_write=bool(current_user.can_write), links=_source_links,
    )  # fmt: skip


_SOURCE_VIEWS = {
    "court_hearing": "court_hearings",
    "court_case": "court_cases",
    "court_appearance_report": "court_reports",
}


def _source_links(source: dict[str, Any]) -> str | None:
    from flask import url_for

    endpoint = _SOURCE_VIEWS.get(source.get("type", ""))
    if endpoint is None and source.get("type") == "notice":
        endpoint = "notices"
    if endpoint is None:
        return None
    try:
        return url_for(f"{endpoint}.details_view", id=source["id"])
    except Exception:  # the notices view may be registered under another endpoint
        return None


def record_panels() -> list[RecordPanel]:
    """The case's timeline and hearings, a hearing's appearance, a report's decision, an evaluation's lines."""
    return [
        RecordPanel("court_timeline", _timeline_panel, order=5),
        RecordPanel("court_hearings", _hearings_panel, order=6),
        RecordPanel("court_appearance", _hearing_panel, order=5),
        RecordPanel("court_decision", _decision_panel, order=5),
        RecordPanel("court_evaluation", _evaluation_panel, order=5),
    ]
