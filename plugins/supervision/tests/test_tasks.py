"""项目化推进 · 清单化管理 · 销号式验收 through the HTTP admin: steps on the calendar, reports with
attachments, the ledger, acceptance as the only way to close, overdue 督办 once per rule."""

from __future__ import annotations

import datetime as D

from sqlalchemy import select

from core import clock
from core.deadlines import Deadline, scan
from core.events.testing import deliver_pending
from core.extensions import db
from core.notices.models import Notice
from core.tenancy import unscoped
from plugins.supervision.models import ProgressReport, Task
from plugins.supervision.tests.conftest import Desk, flashes, make_user, one_measure, open_task


def _today(app) -> D.date:
    with app.app_context():
        return clock.today()


def _refused(desk: Desk, endpoint: str, act: str, record_id: int, **data) -> str:
    messages = flashes(desk.act(endpoint, act, record_id, **data))
    assert messages and messages[-1].startswith("未"), messages
    return messages[-1]


def test_a_task_runs_by_its_lead_unit_and_closes_only_by_acceptance(app, desk, login_as):
    today = _today(app)
    make_user(app, "gongan", "市公安局")
    lead = Desk(app, login_as("gongan"))
    measure = one_measure(desk, today.year)
    task = open_task(desk, measure, today.year, today + D.timedelta(days=60))
    assert desk.get(Task, task, "state") == ("not_started",)
    last = today + D.timedelta(days=60)
    lead.done("supervision_tasks", "plan", task, on=today, work_plan="制定公示清单，分三步推进")
    # A step may not end after the task.
    message = _refused(lead, "supervision_tasks", "add_step", task, on=today, title="公示平台上线",
                       responsible_unit=desk.unit("市教育局"), deadline=last + D.timedelta(days=1))  # fmt: skip
    assert "「步骤完成时限」" in message and "不能晚于任务完成时限" in message
    lead.done("supervision_tasks", "add_step", task, on=today, title="公示平台上线",
              responsible_unit=desk.unit("市教育局"), deadline=today + D.timedelta(days=30))  # fmt: skip
    with app.app_context(), unscoped():
        kinds = sorted(
            d.kind for d in db.session.execute(select(Deadline).where(Deadline.subject_id == task)).scalars()
        )
    assert len(kinds) == 2 and kinds[0].startswith("step:") and kinds[1] == "task"
    assert "本任务没有第2步" in _refused(lead, "supervision_tasks", "report", task, on=today, step=2, content="x")
    lead.done("supervision_tasks", "report", task, on=today, step=1, content="已完成清单编制")
    report_id = desk.last_id(ProgressReport)
    assert desk.get(ProgressReport, report_id, "step_id") != (None,)
    lead.attach("supervision_progress", report_id, "公示清单.pdf")
    # The task cannot be closed by editing it, nor accepted before an application.
    lead.client.post_form(f"/admin/supervision_tasks/edit/?id={task}", {"title": "改", "state": "accepted"})
    assert desk.get(Task, task, "state") == ("running",)
    assert "不能验收销号" in _refused(desk, "supervision_tasks", "accept", task, on=today)
    # An application without evidence is refused.
    assert "「验收材料说明」必填" in _refused(lead, "supervision_tasks", "apply", task, on=today, evidence="")
    lead.done("supervision_tasks", "apply", task, on=today, evidence="公示清单及平台截图")
    # The lead unit never accepts its own task; the legal office returns it with reasons.
    assert "牵头单位不能验收本单位的任务" in _refused(lead, "supervision_tasks", "accept", task, on=today)
    assert "「退回理由」必填" in _refused(desk, "supervision_tasks", "return", task, on=today, reason="")
    desk.done("supervision_tasks", "return", task, on=today, reason="缺少平台运行情况")
    assert desk.get(Task, task, "state", "returned_reason") == ("returned", "缺少平台运行情况")
    lead.done("supervision_tasks", "report", task, on=today, content="补充平台运行情况")
    lead.done("supervision_tasks", "apply", task, on=today, evidence="补充材料")
    desk.done("supervision_tasks", "accept", task, on=today, comment="验收合格")
    assert desk.get(Task, task, "state", "accepted_on") == ("accepted", today)
    with app.app_context(), unscoped():
        states = {d.kind: d.state for d in db.session.execute(select(Deadline).where(Deadline.subject_id == task))
                  .scalars() if d.subject_type == "supervision_task"}  # fmt: skip
    assert states["task"] == "met"
    # The ledger: every act in order, and the audit trail of the task and what hangs on it.
    ledger = desk.client.get(f"/admin/supervision_tasks/ledger/?id={task}").get_data(as_text=True)
    acts = [a for a in ("open", "plan", "add_step", "report", "apply", "return", "report", "apply", "accept")]
    import re

    assert re.findall(r'data-action="([a-z_]+)"', ledger) == acts
    assert 'data-subject="supervision_progress"' in ledger and 'data-subject="attachment"' in ledger
    assert 'data-subject="deadline"' in ledger
    assert "验收合格" in ledger and "已验收销号" in ledger


def test_the_lead_unit_supervises_its_responsible_units(app, desk, login_as):
    today = _today(app)
    make_user(app, "gongan", "市公安局")
    lead = Desk(app, login_as("gongan"))
    task = open_task(desk, one_measure(desk, today.year), today.year)
    assert "只能是本任务的责任单位" in _refused(
        lead, "supervision_tasks", "supervise", task, on=today, target=desk.unit("市交通运输局"), content="请加快"
    )
    lead.done("supervision_tasks", "supervise", task, on=today, target=desk.unit("市教育局"), content="请于月底前报送")
    with app.app_context(), unscoped():
        notice = db.session.execute(select(Notice).where(Notice.subject_type == "supervision_task")).scalar_one()
        assert notice.kind == "supervision" and notice.target_unit_id == desk.unit("市教育局")
        assert "牵头单位：市公安局" in notice.title
    # Another unit's staff cannot act for the lead unit.
    make_user(app, "jiaoyu", "市教育局")
    other = Desk(app, login_as("jiaoyu"))
    assert "只有牵头单位" in _refused(other, "supervision_tasks", "plan", task, on=today, work_plan="x")


def test_an_overdue_task_draws_one_supervision_notice_and_stays_overdue_until_accepted(app, desk, login_as):
    today = _today(app)
    year = today.year - 1
    make_user(app, "gongan", "市公安局")
    lead = Desk(app, login_as("gongan"))
    task = open_task(desk, one_measure(desk, year), year, D.date(year, 12, 31))
    overdue_list = f"/admin/supervision_tasks/?year={year}&figure=overdue"
    assert f"/details/?id={task}" in desk.client.get(overdue_list).get_data(as_text=True)
    for _ in range(2):  # scanned on two days: one notice per rule
        with app.app_context(), unscoped():
            scan(today)
            db.session.commit()
            deliver_pending()
    with app.app_context(), unscoped():
        notices = db.session.execute(select(Notice).where(Notice.subject_type == "supervision_task")).scalars().all()
        assert [(n.rule_key, n.kind, n.target_unit_id) for n in notices] == [
            ("supervision.task_overdue", "supervision", desk.unit("市公安局"))
        ]
        assert f"{year}年度第1项任务逾期未完成" in notices[0].title
    # Still overdue while it runs, is applied for, or is returned.
    lead.done("supervision_tasks", "plan", task, on=today, work_plan="补办")
    lead.attach("supervision_task", task)
    lead.done("supervision_tasks", "apply", task, on=today, evidence="材料")
    page = desk.client.get(f"/admin/supervision_tasks/details/?id={task}").get_data(as_text=True)
    assert 'id="record-overdue"' in page
    assert f"/details/?id={task}" in desk.client.get(overdue_list).get_data(as_text=True)
    desk.done("supervision_tasks", "accept", task, on=today)
    assert f"/details/?id={task}" not in desk.client.get(overdue_list).get_data(as_text=True)
    accepted = desk.client.get(f"/admin/supervision_tasks/?year={year}&figure=accepted").get_data(as_text=True)
    assert f"/details/?id={task}" in accepted
