"""The admin of 实施方案督办: plans, measures, tasks (with their acts and ledger), progress reports,
inspections, findings, proposals, assessments, and the plan's table (import and export).

Scoping is the core's (`ScopedModelView`); this module declares columns and filters and turns the
posted act forms into calls of `operations`.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import ValidationError

from core import clock
from core.admin import ScopedModelView
from core.admin.acts import run_act, unit_options
from core.admin.views import user_can_write
from core.extensions import db
from core.i18n import say, translate
from core.refusals import Refusal
from core.registers import RegisterView
from plugins.supervision import assessment, checks, forms, ledger, operations, progress
from plugins.supervision.models import Assessment, Finding, Inspection, Measure, Plan, ProgressReport, Proposal, Task
from plugins.supervision.register import MeasureRegister
from plugins.supervision.vocabulary import (
    Area,
    FindingRating,
    InspectionState,
    ProposalKind,
    ProposalState,
    ReviewResult,
    TaskState,
    pair,
    task_name,
)

CATEGORY = "实施方案督办"


def _task(view: Any, context: Any, model: Any, name: str) -> str:
    """A record's task as the pages name it (in the user's language)."""
    return task_name(model.task) if model.task is not None else ""


class ActsMixin:
    """The record page's act forms (``/act/<act>/?id=``), each calling one operation."""

    act_forms: dict[str, forms.ActForm] = {}
    details_template = "supervision/record_details.html"

    def open_acts(self, record: Any) -> dict[str, forms.ActForm]:
        """The acts the user may take on `record` now (default: all, for writers)."""
        return dict(self.act_forms) if user_can_write() else {}

    def details_context(self, record: Any) -> dict[str, Any]:
        """Heading, state, links and acts of the record page."""
        return {
            "heading": str(record),
            "state": getattr(record, "state_label", ""),
            "overdue": False,
            "links": [],
            "acts": self.open_acts(record),
            "units": unit_options(self.visible_region_ids()),
        }

    def call(self, record: Any, operation: str, values: dict[str, Any]) -> None:
        """Run `operation` of `operations` on the record with the form's values."""
        getattr(operations, operation)(record, **values)

    @expose("/act/<act>/", methods=["POST"])
    def act(self, act: str) -> Any:
        """Run one act of the record page."""
        if act not in self.act_forms or not user_can_write():
            abort(404 if act not in self.act_forms else 403)
        record = self.get_one(request.args.get("id", ""))  # type: ignore[attr-defined]
        if record is None:
            abort(404)
        form = self.act_forms[act]

        def operation(values: dict[str, Any]) -> Any:
            if act not in self.open_acts(record):
                raise Refusal("state", say("「状态」当前不能%(act)s", act=translate(form.title)))
            return self.call(record, form.operation, values)

        return run_act(self, record, form, operation)


class PlanView(ScopedModelView):
    """实施方案."""

    can_delete = False
    column_list = ["title", "region", "start_year", "end_year", "adopted_on"]
    column_labels = {
        "title": "方案名称",
        "region": "区划",
        "start_year": "起始年度",
        "end_year": "截止年度",
        "adopted_on": "印发日期",
        "note": "备注",
    }
    form_columns = ["region", "title", "start_year", "end_year", "adopted_on", "note"]
    column_searchable_list = ["title"]

    def on_model_change(self, form: Any, model: Plan, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        if model.start_year and model.end_year and model.end_year < model.start_year:
            raise ValidationError(say("「截止年度」不能早于「起始年度」"))


class MeasureView(ActsMixin, ScopedModelView):
    """工作措施: the plan's measures; a year's task is opened from the measure's page."""

    can_delete = False
    act_forms = {
        "open_task": forms.ActForm(
            "下达年度任务",
            (forms.Field("year", "年度", "int"), forms.Field("deadline", "完成时限", required=False)),
            "open_task",
        )
    }
    column_list = ["plan", "number", "area", "title", "lead_unit", "start_year", "end_year", "deadline"]
    column_labels = {
        "plan": "实施方案",
        "number": "编号",
        "area": "领域",
        "chapter": "章节",
        "title": "工作措施",
        "lead_unit": "牵头单位",
        "responsible_units": "责任单位",
        "start_year": "起始年度",
        "end_year": "截止年度",
        "deadline": "完成时限",
        "evidence": "成果形式",
        "region": "区划",
    }
    column_details_list = [
        "plan", "number", "area", "chapter", "title", "lead_unit", "responsible_units", "start_year", "end_year",
        "deadline", "evidence",
    ]  # fmt: skip
    form_columns = [
        "region", "plan", "number", "area", "chapter", "title", "lead_unit", "responsible_units", "start_year",
        "end_year", "deadline", "evidence",
    ]  # fmt: skip
    column_formatters = {"area": Area.formatter()}
    column_formatters_export = column_formatters
    column_searchable_list = ["number", "title"]
    column_default_sort = [("plan_id", False), ("seq", False)]
    form_overrides = {"area": SelectField}
    form_args = {"area": {"choices": Area.choices(), "label": "领域"}}

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        return [
            FilterEqual(Measure.area, "领域", options=Area.choices()),
            FilterEqual(Measure.lead_unit_id, "牵头单位（编号）"),
            FilterEqual(Measure.start_year, "起始年度"),
        ]

    def on_model_change(self, form: Any, model: Measure, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        try:
            checks.check_years(model.start_year, model.end_year)
        except Refusal as exc:
            raise ValidationError(exc.message) from exc
        model.seq = int("".join(ch for ch in model.number if ch.isdigit()) or 0)

    def call(self, record: Measure, operation: str, values: dict[str, Any]) -> None:
        operations.open_task(record, values["year"], values["deadline"])

    def details_context(self, record: Measure) -> dict[str, Any]:
        context = super().details_context(record)
        context["links"] = [
            (
                say("%(year)s年度任务（%(state)s）", year=t.year, state=translate(t.state_label)),
                url_for("supervision_tasks.details_view", id=t.id),
            )
            for t in record.tasks
        ]
        return context


class OverdueFilter(BaseSQLAFilter):
    """Tasks past their deadline and not accepted (逾期未销号)."""

    def __init__(self) -> None:
        super().__init__(Task.id, "逾期未销号", options=(("1", "是"), ("0", "否")))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        overdue = progress.overdue_condition(clock.today())
        return query.filter(overdue if value == "1" else ~overdue)

    def operation(self) -> str:
        return "="


class TaskView(ActsMixin, ScopedModelView):
    """年度任务: the list (filters; the dashboard's figures link here) and the task page with its acts."""

    can_create = False
    can_delete = False
    act_forms = forms.TASK_FORMS
    column_list = ["year", "measure", "lead_unit", "deadline", "state", "applied_on", "accepted_on"]
    column_labels = {
        "year": "年度",
        "measure": "工作措施",
        "title": "任务",
        "lead_unit": "牵头单位",
        "deadline": "完成时限",
        "state": "状态",
        "work_plan": "工作方案",
        "started_on": "启动日期",
        "applied_on": "申请验收日期",
        "evidence": "验收材料说明",
        "reviewer": "验收人",
        "accepted_on": "验收销号日期",
        "accepted_by": "验收人",
        "returned_reason": "退回理由",
        "region": "区划",
    }
    column_details_list = [
        "year", "measure", "title", "lead_unit", "deadline", "state", "work_plan", "started_on", "applied_on",
        "evidence", "reviewer", "accepted_on", "accepted_by", "returned_reason",
    ]  # fmt: skip
    #: Only the reviewer the legal office names and the narrowed title are edited; the rest changes by acts.
    form_columns = ["title", "reviewer"]
    column_formatters = {"state": TaskState.formatter()}
    column_formatters_export = column_formatters
    column_default_sort = [("year", True), ("id", False)]

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        return [
            FilterEqual(Task.year, "年度"),
            FilterEqual(Task.state, "状态", options=TaskState.choices()),
            FilterEqual(Task.lead_unit_id, "牵头单位（编号）"),
            OverdueFilter(),
        ]

    def _figure_filters(self, query: Any) -> Any:
        """``?year=&figure=not_started|running|accepted|overdue&lead_unit=`` (the dashboard's links)."""
        year = request.args.get("year", type=int)
        if year:
            query = query.filter(Task.year == year)
        lead = request.args.get("lead_unit", type=int)
        if lead:
            query = query.filter(Task.lead_unit_id == lead)
        figure = request.args.get("figure", "")
        if figure:
            query = query.filter(progress.figure_condition(figure, clock.today()))
        return query

    def get_query(self) -> Any:
        return self._figure_filters(super().get_query())

    def get_count_query(self) -> Any:
        return self._figure_filters(super().get_count_query())

    def open_acts(self, record: Task) -> dict[str, forms.ActForm]:
        if not user_can_write():
            return {}
        state = str(record.state)
        return {k: f for k, f in self.act_forms.items() if state in operations.TRANSITIONS[k].sources}

    def details_context(self, record: Task) -> dict[str, Any]:
        context = super().details_context(record)
        context["heading"] = say(
            "%(year)s年度第%(number)s项：%(title)s", year=record.year, number=record.measure.number, title=record.title
        )
        context["overdue"] = progress.is_overdue(record, clock.today())
        context["links"] = [("台账（全程纪实）", url_for(".ledger", id=record.id))]
        return context

    def call(self, record: Task, operation: str, values: dict[str, Any]) -> None:
        if operation == "report" and values.get("step") is not None:
            position = values["step"]
            values["step"] = next((s for s in record.steps if s.position == position), None)
            if values["step"] is None:
                raise Refusal("step", say("「步骤序号」本任务没有第%(position)s步", position=position))
        super().call(record, operation, values)

    @expose("/ledger/")
    def ledger(self) -> Any:
        """The task's ledger: every act and every audit entry of it and what hangs on it, in order."""
        task = self.get_one(request.args.get("id", ""))
        if task is None:
            abort(404)
        return self.render(
            "supervision/ledger.html",
            task=task,
            entries=ledger.ledger_entries(task),
            states=TaskState.labels(),
            subjects=ledger.SUBJECT_LABELS,
            back=url_for(".details_view", id=task.id),
        )


class ReportView(ScopedModelView):
    """进展报告: each with its materials (attachments)."""

    can_create = False
    can_delete = False
    column_list = ["reported_on", "task", "step", "unit", "content", "username"]
    column_labels = {
        "reported_on": "报送日期",
        "task": "任务",
        "step": "步骤",
        "unit": "报送单位",
        "content": "进展情况",
        "username": "报送人",
    }
    form_columns = ["content"]
    column_formatters = {"task": _task}
    column_default_sort = ("reported_on", True)


class InspectionView(ActsMixin, ScopedModelView):
    """督查: the plan (art 15), the findings, the conclusion (art 16) and proposals (art 21)."""

    can_delete = False
    act_forms = forms.INSPECTION_FORMS
    column_list = ["title", "year", "starts_on", "ends_on", "state", "concluded_on"]
    column_labels = {
        "title": "督查名称",
        "year": "督查任务年度",
        "content": "督查内容",
        "objects": "督查对象",
        "scope": "督查范围",
        "starts_on": "开始日期",
        "ends_on": "结束日期",
        "state": "状态",
        "concluded_on": "结论日期",
        "conclusion": "督查结论",
        "region": "区划",
    }
    form_columns = ["region", "title", "year", "content", "objects", "scope", "starts_on", "ends_on"]
    column_details_list = [
        "title", "year", "content", "objects", "scope", "starts_on", "ends_on", "state", "concluded_on", "conclusion"
    ]  # fmt: skip
    column_formatters = {"state": InspectionState.formatter()}
    column_formatters_export = column_formatters

    def on_model_change(self, form: Any, model: Inspection, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        if not is_created and model.state == "concluded":
            raise ValidationError(say("督查已作出结论，督查方案不能再修改（第十五条第二款）"))
        try:
            operations.check_plan(model)
        except Refusal as exc:
            raise ValidationError(exc.message) from exc

    def open_acts(self, record: Inspection) -> dict[str, forms.ActForm]:
        if not user_can_write():
            return {}
        wanted = {"planned": ("start", "add_finding"), "under_way": ("add_finding", "conclude")}.get(
            str(record.state), ("propose",)
        )
        return {k: self.act_forms[k] for k in wanted}

    def call(self, record: Inspection, operation: str, values: dict[str, Any]) -> None:
        if operation == "add_finding":
            task_id = values.pop("task_id")
            task = None
            if task_id:
                task = db.session.execute(
                    select(Task).where(Task.id == task_id, Task.region_id.in_(self._visible()))
                ).scalar_one_or_none()
                if task is None:
                    raise Refusal("task_id", say("「任务编号」找不到该任务"))
            operations.add_finding(record, task=task, **values)
            return
        super().call(record, operation, values)

    def _visible(self) -> Any:
        from core.models import Region

        scope = self.visible_region_ids()
        return select(Region.id) if scope is None else list(scope)

    def details_context(self, record: Inspection) -> dict[str, Any]:
        context = super().details_context(record)
        context["links"] = [
            (pair(f.unit.name, translate(f.rating_label)), url_for("supervision_findings.details_view", id=f.id))
            for f in record.findings
        ]
        if record.circular_id:
            context["links"].append(("政府情况通报", url_for("circulars.details_view", id=record.circular_id)))
        elif record.state == "concluded" and user_can_write():
            context["links"].append(("生成政府情况通报", url_for(".circular", id=record.id)))
        return context

    @expose("/circular/")
    def circular(self) -> Any:
        """Compose a 《政府情况通报》 draft of the inspection's results (published by the core's circulars)."""
        from plugins.supervision.circular import draft_for

        if not user_can_write():
            abort(403)
        inspection = self.get_one(request.args.get("id", ""))
        if inspection is None:
            abort(404)
        try:
            circular = draft_for(inspection)
            db.session.commit()
        except Refusal as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for(".details_view", id=inspection.id))
        flash("已生成政府情况通报草稿，核对后发布", "success")
        return redirect(url_for("circulars.details_view", id=circular.id))


class FindingView(ActsMixin, ScopedModelView):
    """督查发现: feedback (art 16), objection and review (art 17), rectification and verification (art 18)."""

    can_create = False
    can_delete = False
    act_forms = forms.FINDING_FORMS
    column_list = ["inspection", "unit", "rating", "fed_back_on", "objection_until", "objected_on", "review_due",
                   "reviewed_on", "rectify_by", "rectified_on", "verified_on"]  # fmt: skip
    column_labels = {
        "inspection": "督查",
        "unit": "被督查单位",
        "task": "任务",
        "rating": "督查评价",
        "description": "督查发现",
        "rectification": "整改要求",
        "rectify_by": "整改期限",
        "fed_back_on": "反馈日期",
        "received_on": "收到结论日期",
        "objection_until": "申请复核截止日",
        "objected_on": "申请复核日期",
        "objection": "异议理由",
        "review_due": "复核决定期限",
        "reviewed_on": "复核决定日期",
        "review_result": "复核结果",
        "review_note": "复核意见",
        "rectified_on": "整改完成日期",
        "rectification_report": "整改情况",
        "verified_on": "核查日期",
        "verification": "核查情况",
    }
    column_details_list = list(column_labels)
    form_columns = ["description"]
    column_formatters = {
        "rating": FindingRating.formatter(),
        "review_result": ReviewResult.formatter(),
        "task": _task,
    }
    column_formatters_export = column_formatters

    def open_acts(self, record: Finding) -> dict[str, forms.ActForm]:
        if not user_can_write() or record.inspection.state != "concluded":
            return {}
        if record.fed_back_on is None:
            wanted = ["feed_back"]
        else:
            wanted = []
            if record.objected_on is None:
                wanted.append("object")
            elif record.reviewed_on is None:
                wanted.append("review")
            if record.rectification and record.rectified_on is None:
                wanted.append("rectify")
            elif record.rectified_on and record.verified_on is None:
                wanted.append("verify")
        return {k: self.act_forms[k] for k in wanted}

    def details_context(self, record: Finding) -> dict[str, Any]:
        context = super().details_context(record)
        context["heading"] = pair(record.inspection.title, record.unit.name)
        context["state"] = record.rating_label
        return context


class ProposalView(ActsMixin, ScopedModelView):
    """奖惩建议 (art 21): effective when approved; criticism and accountability then issue core notices."""

    can_create = False
    can_delete = False
    act_forms = forms.PROPOSAL_FORMS
    column_list = ["inspection", "unit", "kind", "state", "proposed_on", "decided_on", "approved_by"]
    column_labels = {
        "inspection": "督查",
        "unit": "督查对象",
        "kind": "建议类别",
        "reason": "建议理由",
        "state": "状态",
        "proposed_on": "提出日期",
        "decided_on": "批准日期",
        "approved_by": "批准机关或批准人",
    }
    column_details_list = list(column_labels)
    form_columns = ["reason"]
    column_formatters = {"kind": ProposalKind.formatter(), "state": ProposalState.formatter()}
    column_formatters_export = column_formatters

    def open_acts(self, record: Proposal) -> dict[str, forms.ActForm]:
        return super().open_acts(record) if record.state == "proposed" else {}

    def call(self, record: Proposal, operation: str, values: dict[str, Any]) -> None:
        operations.decide_proposal(record, values["on"], operation == "approve", values["approved_by"])


class AssessmentView(ScopedModelView):
    """年度考核: scores per unit and year, recomputable; adjustments with reasons on the page."""

    can_create = False
    can_edit = True
    can_delete = False
    column_list = ["year", "unit", "score"]
    column_labels = {"year": "年度", "unit": "单位", "score": "得分"}
    form_columns: list[str] = []
    column_default_sort = [("year", True), ("score", True)]
    details_template = "supervision/assessment_details.html"

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        return [FilterEqual(Assessment.year, "年度")]

    @expose("/compute/", methods=["POST"])
    def compute(self) -> Any:
        """(Re)compute the year's assessments of every lead and responsible unit the user sees."""
        if not user_can_write():
            abort(403)
        year = request.form.get("year", type=int) or clock.today().year
        count = assessment.compute_all(year, self.visible_region_ids())
        db.session.commit()
        flash(say("已计算%(year)s年度%(count)s个单位的考核得分", year=year, count=count), "success")
        return redirect(url_for(".index_view", flt1_0=year))

    @expose("/adjust/", methods=["POST"])
    def adjust(self) -> Any:
        """An adjustment of one line with its reason."""
        if not user_can_write():
            abort(403)
        record = self.get_one(request.args.get("id", ""))
        if record is None:
            abort(404)
        try:
            assessment.adjust(
                record,
                request.form.get("metric", ""),
                request.form.get("adjustment", ""),
                request.form.get("reason", ""),
            )
            db.session.commit()
        except Refusal as exc:
            db.session.rollback()
            flash(say("未调整：%(reason)s", reason=exc.message), "error")
            return redirect(url_for(".details_view", id=record.id))
        flash("已调整", "success")
        return redirect(url_for(".details_view", id=record.id))


def admin_views() -> list[Any]:
    """The plugin's views (returned by the `register_admin_views` hook)."""
    return [
        PlanView(Plan, name="实施方案", category=CATEGORY, endpoint="supervision_plans"),
        MeasureView(Measure, name="工作措施", category=CATEGORY, endpoint="supervision_measures"),
        TaskView(Task, name="年度任务", category=CATEGORY, endpoint="supervision_tasks"),
        ReportView(ProgressReport, name="进展报告", category=CATEGORY, endpoint="supervision_reports"),
        InspectionView(Inspection, name="督查", category=CATEGORY, endpoint="supervision_inspections"),
        FindingView(Finding, name="督查发现", category=CATEGORY, endpoint="supervision_findings"),
        ProposalView(Proposal, name="奖惩建议", category=CATEGORY, endpoint="supervision_proposals"),
        AssessmentView(Assessment, name="年度考核", category=CATEGORY, endpoint="supervision_assessments"),
        RegisterView(
            MeasureRegister(), name="工作措施清单导入导出", category=CATEGORY, endpoint="supervision_register"
        ),
    ]
