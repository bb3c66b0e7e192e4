"""The court plugin's admin views: scoped by the core; every save goes through `operations`."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, exists
from wtforms import FileField, SelectField
from wtforms.validators import ValidationError

from core.extensions import db
from core.i18n import say
from core.refusals import Refusal
from plugins.court import deadlines, operations
from plugins.court.admin.base import CATEGORY, CourtView
from plugins.court.admin.evaluation import EvaluationItemView, EvaluationView, StatisticsView
from plugins.court.models import (
    AppearanceReport,
    CourtHearing,
    Evaluation,
    EvaluationItem,
    JointMeeting,
    LitigationCase,
    TrialObservation,
    UnitHead,
    UnitStaff,
)
from plugins.court.vocabulary import (
    CASE_LABELS,
    HEARING_LABELS,
    MEETING_LABELS,
    OBSERVATION_LABELS,
    REPORT_LABELS,
    RULING_FIELDS,
    UNIT_HEAD_LABELS,
    UNIT_STAFF_LABELS,
    AbsenceReason,
    AppealDecision,
    CaseResult,
    HeadRank,
    HearingStatus,
    Instance,
    ReportDecision,
    RulingKind,
    RulingMatter,
    StaffStatus,
)


def _uploaded(form: Any, name: str) -> Any:
    field = getattr(form, name, None)
    data = getattr(field, "data", None)
    return data if data is not None and getattr(data, "filename", "") else None


def _caption(attribute: str) -> Any:
    """A formatter showing a related case's or hearing's caption (its name in the user's language)."""

    def format_caption(view: Any, context: Any, model: Any, name: str) -> str:
        related = getattr(model, attribute)
        return related.caption if related is not None else ""

    return format_caption


#: A select of cases or hearings names each by its caption (its ``__str__`` stays Chinese for the audit log).
_BY_CAPTION = {"get_label": "caption"}


# -- heads and staff ------------------------------------------------------------------------------


class UnitHeadView(CourtView):
    """负责人名单: each agency's qualifying heads (规定 art 2)."""

    column_list = ["unit", "name", "position", "rank", "in_office_from", "in_office_until", "region"]
    column_labels = {**UNIT_HEAD_LABELS, "unit.name": "所属单位", "region.name": "所属区划"}
    column_searchable_list = ["name", "position"]
    column_filters = ["unit.name", "rank", "region.name"]
    column_formatters = {"rank": HeadRank.formatter()}
    form_columns = ["unit", "name", "position", "rank", "in_office_from", "in_office_until", "note"]
    form_overrides = {"rank": SelectField}
    form_args = {"rank": HeadRank.form_args()}
    column_descriptions = {
        "rank": "正职、副职、参与分管的负责人（规定第二条）；受委托组织或下级机关的负责人不得列入",
    }

    def on_model_change(self, form: Any, model: UnitHead, is_created: bool) -> None:
        operations.prepare_person(model)
        super().on_model_change(form, model, is_created)


class UnitStaffView(CourtView):
    """应诉工作人员名单: agency staff who may be delegated to appear (行诉解释 art 130)."""

    column_list = ["unit", "name", "position", "status", "active", "region"]
    column_labels = {**UNIT_STAFF_LABELS, "unit.name": "所属单位"}
    column_searchable_list = ["name", "position"]
    column_filters = ["unit.name", "status", "active"]
    column_formatters = {"status": StaffStatus.formatter()}
    form_columns = ["unit", "name", "position", "status", "active"]
    form_overrides = {"status": SelectField}
    form_args = {"status": StaffStatus.form_args()}

    def on_model_change(self, form: Any, model: UnitStaff, is_created: bool) -> None:
        operations.prepare_person(model)
        super().on_model_change(form, model, is_created)


# -- cases ----------------------------------------------------------------------------------------


class HeadAppearedFilter(BaseSQLAFilter):
    """Cases at whose held hearings a head did (是) or never did (否) appear."""

    def __init__(self, name: str) -> None:
        super().__init__(LitigationCase.id, name, options=(("1", "是"), ("0", "否")))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        appeared = exists().where(
            and_(
                CourtHearing.case_id == LitigationCase.id,
                CourtHearing.status == HearingStatus.HELD.value,
                CourtHearing.head_id.is_not(None),
            )
        )
        return query.filter(appeared if value == "1" else ~appeared)

    def operation(self) -> Any:
        return _l("为")  # drawn in the filter bar, in the user's language


class OverdueFilter(BaseSQLAFilter):
    """Cases with a deadline (of the case or of its hearings) past due and not met."""

    def __init__(self, name: str) -> None:
        super().__init__(LitigationCase.id, name, options=(("1", "是"), ("0", "否")))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        from plugins.court.deadlines import overdue_case_ids

        ids = overdue_case_ids()
        criterion = LitigationCase.id.in_(ids)
        return query.filter(criterion if value == "1" else ~criterion)

    def operation(self) -> Any:
        return _l("为")  # drawn in the filter bar, in the user's language


#: The fields of a case, in the order of its life.
_CASE_FIELDS = (
    "court",
    "case_number",
    "plaintiffs",
    "defendant_unit",
    "contested_act",
    "cause",
    "instance",
    "previous_case",
    "filed_on",
    "complaint_copy_received_on",
    "defence_filed_on",
    "decided_on_papers",
    *RULING_FIELDS,
    "note",
)


class LitigationCaseView(CourtView):
    """应诉案件: the litigation register, one row per case and instance."""

    column_list = [
        "case_number",
        "court",
        "defendant_unit",
        "plaintiffs",
        "instance",
        "filed_on",
        "appearance",
        "result",
        "region",
    ]
    column_labels = {
        **CASE_LABELS,
        "appearance": "负责人出庭",
        "defendant_unit.name": "被告行政机关",
        "region.name": "所属区划",
    }
    column_sortable_list = ["case_number", "court", "filed_on", "instance", "result"]
    column_default_sort = ("filed_on", True)
    column_searchable_list = ["case_number", "plaintiffs", "contested_act", "cause", "court"]
    column_filters = [
        FilterEqual(LitigationCase.defendant_unit_id, "被告行政机关（编号）"),
        "defendant_unit.name",
        "court",
        FilterEqual(LitigationCase.instance, "审级", options=Instance.choices()),
        HeadAppearedFilter("负责人出庭"),
        OverdueFilter("期限已逾期"),
        FilterEqual(LitigationCase.result, "裁判结果", options=CaseResult.choices()),
        "filed_on",
        "region.name",
    ]
    column_formatters = {
        "instance": Instance.formatter(),
        "result": CaseResult.formatter(),
        "ruling_kind": RulingKind.formatter(),
        "ruling_matter": RulingMatter.formatter(),
        "appeal_decision": AppealDecision.formatter(),
        "appearance": lambda v, c, m, n: _case_appearance(m),
        "appeal_due": lambda v, c, m, n: deadlines.appeal_due_text(m),
        "previous_case": _caption("previous_case"),
    }
    # The form in the order of the case's life; the details page the same, with the region.
    form_columns = list(_CASE_FIELDS)
    column_details_list = [*_CASE_FIELDS, "appeal_due", "region"]
    column_export_list = [
        "case_number",
        "court",
        "defendant_unit",
        "plaintiffs",
        "contested_act",
        "cause",
        "instance",
        "filed_on",
        "complaint_copy_received_on",
        "defence_filed_on",
        "ruling_kind",
        "judged_on",
        "result",
        "appeal_decision",
        "region",
    ]
    form_overrides = {
        "instance": SelectField,
        "ruling_kind": SelectField,
        "ruling_matter": SelectField,
        "result": SelectField,
        "appeal_decision": SelectField,
    }
    form_args = {
        "previous_case": dict(_BY_CAPTION),
        "instance": Instance.form_args(),
        "ruling_kind": RulingKind.form_args(optional=True),
        "ruling_matter": RulingMatter.form_args(optional=True),
        "result": CaseResult.form_args(optional=True),
        "appeal_decision": AppealDecision.form_args(optional=True),
    }
    column_descriptions = {
        "complaint_copy_received_on": "答辩举证期限自此起算十五日（《行政诉讼法》第六十七条）",
        "served_on": "上诉期限自送达起算：判决十五日、裁定十日（《行政诉讼法》第八十五条）",
        "ruling_matter": "仅不予立案、驳回起诉、管辖异议的裁定可以上诉（《行诉解释》第一百零一条第二款）",
        "decided_on_papers": "二审经阅卷、调查和询问当事人，不开庭审理的（《行政诉讼法》第八十六条）",
    }

    def on_model_change(self, form: Any, model: LitigationCase, is_created: bool) -> None:
        changes = operations.prepare_case(model)
        super().on_model_change(form, model, is_created)
        operations.case_saved(model, changes, is_created=is_created)


def _case_appearance(case: LitigationCase) -> str:
    held = case.held_hearings
    if not held:
        return "—"
    heads = sum(1 for h in held if h.head_id is not None)
    return f"{heads}/{len(held)}"


# -- hearings and reports -------------------------------------------------------------------------


class HeadAppearedHearingFilter(BaseSQLAFilter):
    """Held hearings where a qualifying head appeared (是) or did not (否)."""

    def __init__(self, name: str) -> None:
        super().__init__(CourtHearing.head_id, name, options=(("1", "是"), ("0", "否")))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        held = CourtHearing.status == HearingStatus.HELD.value
        head = CourtHearing.head_id.is_not(None)
        return query.filter(and_(held, head) if value == "1" else and_(held, ~head))

    def operation(self) -> Any:
        return _l("为")  # drawn in the filter bar, in the user's language


#: A hearing's fields up to who appeared, as the hearing form enters them.
_ATTENDANCE = ("case", "held_on", "notice_received_on", "head_required", "status", "head", "head_spoke", "delegate")


class HearingView(CourtView):
    """开庭及出庭情况: each hearing and who appeared for the agency."""

    column_list = ["case", "held_on", "status", "head", "delegate", "lawyers", "appearance", "region"]
    column_labels = {
        **HEARING_LABELS,
        "case.case_number": "案号",
        "case.court": "审理法院",
        "case.defendant_unit.name": "被告行政机关",
    }
    column_default_sort = ("held_on", True)
    column_sortable_list = ["held_on", "status"]
    column_filters = [
        "case.case_number",
        "case.court",
        "case.defendant_unit.name",
        FilterEqual(CourtHearing.status, "状态", options=HearingStatus.choices()),
        HeadAppearedHearingFilter("负责人出庭"),
        "head_required",
        "held_on",
    ]
    column_formatters = {
        "case": _caption("case"),
        "status": HearingStatus.formatter(),
        "appearance": lambda v, c, m, n: m.appearance_label or "—",
        "notice_timing": lambda v, c, m, n: _notice_timing(m),
    }
    # The page shows what the form enters, in its order, with what the rules made of it.
    column_details_list = [
        *_ATTENDANCE,
        "power_of_attorney_filed",
        "lawyers",
        "court_rejected_reason",
        "notice_timing",
        "late_notice_criticism",
        "appearance",
        "note",
        "region",
    ]
    form_columns = [
        *_ATTENDANCE,
        "power_of_attorney",
        "lawyers",
        "court_rejected_reason",
        "late_notice_criticism",
        "note",
    ]
    form_extra_fields = {"power_of_attorney": FileField(HEARING_LABELS["power_of_attorney"])}
    form_overrides = {"status": SelectField}
    form_args = {"status": HearingStatus.form_args(), "case": dict(_BY_CAPTION)}
    column_descriptions = {
        "head": "须为被告机关负责人名单中、开庭之日在任的负责人（规定第二条）",
        "delegate": "负责人不能出庭的，委托本机关工作人员出庭（《行政诉讼法》第三条第三款）；仅委托律师不算出庭",
        "power_of_attorney": "加盖行政机关印章的授权委托书扫描件（《行诉解释》第一百三十一条）",
        "late_notice_criticism": "出庭通知书迟于开庭三日前送达的（规定第五条第二款），负责人未出庭不自动通报批评，"
        "经办人审查后决定通报的勾选",
        "head_required": "法院书面通知负责人出庭的案件（规定第四条、《行诉解释》第一百二十九条）",
    }

    def on_model_change(self, form: Any, model: CourtHearing, is_created: bool) -> None:
        upload = _uploaded(form, "power_of_attorney")
        if hasattr(model, "power_of_attorney"):  # populate_obj copied the upload onto the record
            del model.power_of_attorney
        changes = operations.prepare_hearing(model, upload)
        super().on_model_change(form, model, is_created)
        operations.hearing_saved(model, changes, is_created=is_created, power_of_attorney=upload)


class AppearanceReportView(CourtView):
    """应诉报告: who will appear at a hearing; the legal office approves a delegation (委托准许)."""

    column_list = ["hearing", "filed_on", "planned_head", "planned_delegate", "absence_reason", "decision", "region"]
    column_labels = {**REPORT_LABELS, "hearing.case.case_number": "案号"}
    column_default_sort = ("filed_on", True)
    column_filters = [
        FilterEqual(AppearanceReport.decision, "委托准许", options=ReportDecision.choices()),
        "filed_on",
        "hearing.case.case_number",
    ]
    column_formatters = {
        "hearing": _caption("hearing"),
        "decision": ReportDecision.formatter(),
        "absence_reason": AbsenceReason.formatter(),
    }
    column_details_list = [
        "hearing",
        "filed_on",
        "planned_head",
        "planned_delegate",
        "absence_reason",
        "absence_explanation",
        "explanation_sealed",
        "decision",
        "decided_on",
        "decided_by",
        "decision_note",
        "region",
    ]
    form_columns = [
        "hearing",
        "filed_on",
        "planned_head",
        "planned_delegate",
        "absence_reason",
        "absence_explanation",
        "explanation_sealed",
    ]
    form_overrides = {"absence_reason": SelectField}
    form_args = {"absence_reason": AbsenceReason.form_args(optional=True), "hearing": dict(_BY_CAPTION)}
    column_descriptions = {
        "absence_reason": "规定第八条：不可抗力、意外事件、需要履行他人不能代替的公务、其他正当事由",
        "explanation_sealed": "证明材料须加盖行政机关印章或由主要负责人签字认可（规定第九条）",
    }

    def is_record_locked(self, model: AppearanceReport) -> str | None:
        """A report the legal office has decided on (准许 / 不予准许) is the basis of that decision."""
        if model.decision in (ReportDecision.APPROVED.value, ReportDecision.REJECTED.value):
            return say("该应诉报告已“%(decision)s”，不能再修改或删除。", decision=model.decision_label)
        return None

    def on_model_change(self, form: Any, model: AppearanceReport, is_created: bool) -> None:
        changes = operations.prepare_report(model)
        super().on_model_change(form, model, is_created)
        operations.report_saved(model, changes, is_created=is_created)

    @expose("/decide/<int:report_id>", methods=["POST"])
    def decide(self, report_id: int) -> Any:
        """委托准许: approve or refuse the delegation of a pending report."""
        report = self.get_one(str(report_id))
        back = url_for(".details_view", id=report_id)
        if not self.can_edit:
            abort(403)
        decision = request.form.get("decision", "")
        if decision not in ("approve", "reject"):
            flash(say("请选择准许或不予准许"), "error")
            return redirect(back)
        try:
            operations.decide_report(
                report, approve=decision == "approve", note=request.form.get("note", ""), user=current_user
            )
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(back)
        flash(say("已%(decision)s", decision=report.decision_label), "success")
        return redirect(back)


# -- meetings and observations --------------------------------------------------------------------


class JointMeetingView(CourtView):
    """联席会议."""

    column_list = ["held_on", "title", "convened_by", "participants", "region"]
    column_labels = {**MEETING_LABELS, "convened_by.name": "召集单位"}
    column_default_sort = ("held_on", True)
    column_searchable_list = ["title", "participants"]
    column_filters = ["held_on", "convened_by.name"]
    form_columns = ["held_on", "title", "convened_by", "participants", "summary"]

    def on_model_change(self, form: Any, model: JointMeeting, is_created: bool) -> None:
        if model.convened_by is not None:
            model.region_id = model.convened_by.region_id
        super().on_model_change(form, model, is_created)


class TrialObservationView(CourtView):
    """庭审观摩."""

    column_list = ["held_on", "title", "court", "case", "organiser", "attendee_count", "region"]
    column_labels = {**OBSERVATION_LABELS, "organiser.name": "组织单位"}
    column_default_sort = ("held_on", True)
    column_searchable_list = ["title", "participants"]
    column_filters = ["held_on", "court", "organiser.name"]
    form_columns = ["held_on", "title", "court", "case", "organiser", "participants", "attendee_count", "summary"]
    column_formatters = {"case": _caption("case")}
    form_args = {"case": dict(_BY_CAPTION)}

    def on_model_change(self, form: Any, model: TrialObservation, is_created: bool) -> None:
        if model.attendee_count is not None and model.attendee_count < 0:
            raise Refusal("attendee_count", say("不能为负数"), label=say(OBSERVATION_LABELS["attendee_count"]))
        if model.case is not None:
            model.region_id = model.case.region_id
        elif model.organiser is not None:
            model.region_id = model.organiser.region_id
        super().on_model_change(form, model, is_created)


def _notice_timing(hearing: CourtHearing) -> str:
    """The notice's service against 规定 art 5 ¶2 (at least three days before the hearing)."""
    late = hearing.notice_late
    if late is None:
        return say("未录入送达日期")
    served = hearing.notice_received_on.isoformat()
    if late:
        return say(
            "迟延送达：%(day)s送达，不足开庭三日前（规定第五条第二款）；负责人未出庭的，经办人决定后方予通报",
            day=served,
        )
    return say("%(day)s送达，符合开庭三日前送达（规定第五条第二款）", day=served)


def admin_views() -> list[Any]:
    """Every view of the plugin, in menu order."""
    from core.registers import RegisterView
    from plugins.court.register import CaseRegister

    return [
        StatisticsView(name="出庭应诉统计", category=CATEGORY, endpoint="court_statistics"),
        LitigationCaseView(LitigationCase, name="应诉案件", category=CATEGORY, endpoint="court_cases"),
        HearingView(CourtHearing, name="开庭及出庭情况", category=CATEGORY, endpoint="court_hearings"),
        AppearanceReportView(AppearanceReport, name="应诉报告", category=CATEGORY, endpoint="court_reports"),
        UnitHeadView(UnitHead, name="负责人名单", category=CATEGORY, endpoint="court_heads"),
        UnitStaffView(UnitStaff, name="应诉工作人员名单", category=CATEGORY, endpoint="court_staff"),
        JointMeetingView(JointMeeting, name="联席会议", category=CATEGORY, endpoint="court_meetings"),
        TrialObservationView(TrialObservation, name="庭审观摩", category=CATEGORY, endpoint="court_observations"),
        EvaluationView(Evaluation, name="年度考评", category=CATEGORY, endpoint="court_evaluations"),
        EvaluationItemView(EvaluationItem, name="考评项目", category=CATEGORY, endpoint="court_evaluation_items"),
        RegisterView(CaseRegister(), name="登记表导入导出", category=CATEGORY, endpoint="court_register"),
    ]
