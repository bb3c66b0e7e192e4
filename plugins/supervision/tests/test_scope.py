"""The plugin's own pages (acts, ledger, circular, adjustments) answer 404 to another county."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from core.models import Region
from core.tenancy import unscoped
from plugins.supervision.models import Assessment, Finding, Inspection, Task


def test_another_county_reaches_none_of_the_acts(app, login_as):
    from plugins.supervision.demo import load_demo_data

    with app.app_context(), unscoped():
        load_demo_data(db.session.execute(select(Region).where(Region.code == "420802")).scalar_one(), 1)
        db.session.commit()
        task = db.session.execute(select(Task).where(Task.state == "running")).scalars().first()
        task_id, state = task.id, task.state
        inspection = db.session.execute(select(Inspection.id)).scalar_one()
        finding = db.session.execute(select(Finding.id)).scalars().first()
        sheet = db.session.execute(select(Assessment.id)).scalars().first()
    client = login_as("duodao_admin")
    for path, data in (
        (f"/admin/supervision_tasks/act/plan/?id={task_id}", {"on": "2024-01-02", "work_plan": "越权"}),
        (f"/admin/supervision_findings/act/object/?id={finding}", {"on": "2024-01-02", "reason": "越权"}),
        (f"/admin/supervision_assessments/adjust/?id={sheet}", {"metric": "on_time", "adjustment": "1", "reason": "x"}),
    ):
        assert client.post_form(path, data).status_code == 404, path
    assert client.get(f"/admin/supervision_tasks/ledger/?id={task_id}").status_code == 404
    assert client.get(f"/admin/supervision_inspections/circular/?id={inspection}").status_code == 404
    with app.app_context(), unscoped():
        assert db.session.get(Task, task_id).state == state
    # The owner reaches them.
    assert login_as("dongbao_admin").get(f"/admin/supervision_tasks/ledger/?id={task_id}").status_code == 200
