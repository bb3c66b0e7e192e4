"""The admin of 行政复议: the case list with its filters, the case page with its acts, the register.

Scoping is the core's (`ScopedModelView`); this module declares columns and filters and turns the
posted act forms into calls of `operations`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, has_request_context, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, BooleanEqualFilter, DateBetweenFilter, FilterEqual
from sqlalchemy import select
from wtforms import SelectField

from core import clock, reporting, tenancy
from core.admin import ScopedModelView
from core.admin.acts import run_act, unit_options
from core.extensions import db
from core.i18n import say, translate
from core.models import Region, User
from core.registers import RegisterView
from plugins.admin_review import checks, deadlines, forms, indicators, operations
from plugins.admin_review.models import AdministrativeReviewCase, Party
from plugins.admin_review.register import COLUMNS as REGISTER_COLUMNS
from plugins.admin_review.register import CaseRegister
from plugins.admin_review.vocabulary import (
    CONCLUDED_STATES,
    ActType,
    CaseState,
    Category,
    Channel,
    DecisionType,
    PartyKind,
    PartyRole,
    Procedure,
    SimplifiedGround,
)

CATEGORY = "行政复议"

LABELS = {
    "region": "复议机关（区划）",
    "case_number": "案号",
    "received_on": "收到日期",
    "channel": "申请方式",
    "applicant_name": "申请人",
    "applicant_kind": "申请人类别",
    "applicant_contact": "申请人联系方式",
    "agent_name": "委托代理人",
    "agent_contact": "代理人联系方式",
    "respondent": "被申请人",
    "act_type": "行政行为类别",
    "act_number": "行政行为文号",
    "act_date": "行政行为日期",
    "known_on": "知道或者应当知道行政行为之日",
    "right_not_told": "行政行为未告知申请权利、复议机关和期限",
    "right_known_on": "知道申请权利和期限之日（未告知时）",
    "real_property": "因不动产提出申请",
    "application_days": "法律规定的申请期限（日，超过六十日的）",
    "obstacle_from": "耽误申请期限的障碍发生之日",
    "obstacle_until": "障碍消除之日",
    "obstacle_reason": "耽误申请期限的理由（不可抗力或者其他正当理由）",
    "application_period": "申请期限审查（第二十条、第二十一条）",
    "request": "行政复议请求",
    "category": "案件类别",
    "major_complex": "重大疑难复杂",
    "procedure": "程序",
    "simplified_ground": "简易程序适用情形",
    "staff": "承办人",
    "state": "状态",
    "accepted_on": "受理日期",
    "decision_type": "决定类型",
    "decided_on": "决定日期",
    "served_on": "送达日期",
    "note": "备注",
}
#: Every column the register names is labelled by its header too, so the history panel under a
#: case (core.history) reads 延期批准人：王主任 for the columns the lists do not show.
LABELS = {**{c.key: c.header for c in REGISTER_COLUMNS}, **LABELS}


class OverdueFilter(BaseSQLAFilter):
    """Cases with a period of the review body past its due date and not met (超期)."""

    def __init__(self) -> None:
        super().__init__(AdministrativeReviewCase.id, "超期", options=(("1", "是"), ("0", "否")))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        overdue = AdministrativeReviewCase.id.in_(deadlines.overdue_case_ids_select(clock.today()))
        return query.filter(overdue if value == "1" else ~overdue)

    def operation(self) -> str:
        return "="


class RespondentFilter(FilterEqual):
    """被申请人: the units the user may see, listed afresh for every request (never another county's)."""

    def get_options(self, view: Any) -> Any:
        return unit_options() if has_request_context() else []


class CaseView(ScopedModelView):
    """行政复议案件: the case list and the case page."""

    can_delete = False
    details_template = "admin_review/case_details.html"
    column_list = [
        "case_number",
        "received_on",
        "applicant_name",
        "respondent",
        "category",
        "procedure",
        "state",
        "decision_type",
        "staff",
    ]
    column_labels = LABELS
    column_default_sort = ("received_on", True)
    column_searchable_list = ["case_number", "applicant_name", "act_number"]
    column_sortable_list = ["case_number", "received_on", "state", "decided_on"]
    column_formatters = {
        "state": CaseState.formatter(),
        "procedure": Procedure.formatter(),
        "category": Category.formatter(),
        "decision_type": DecisionType.formatter(),
        "channel": Channel.formatter(),
        "applicant_kind": PartyKind.formatter(),
        "act_type": ActType.formatter(),
        "simplified_ground": SimplifiedGround.formatter(),
        "major_complex": lambda v, c, m, n: say("是" if m.major_complex else "否"),
        "application_period": lambda v, c, m, n: operations.application_verdict(m).text,
    }
    column_formatters_export = column_formatters
    column_details_list = [
        "case_number", "region", "received_on", "channel", "applicant_name", "applicant_kind", "applicant_contact",
        "agent_name", "agent_contact", "respondent", "act_type", "act_number", "act_date", "known_on", "right_not_told",
        "right_known_on", "real_property", "application_days", "obstacle_from", "obstacle_until", "obstacle_reason",
        "application_period", "request", "category",
        "major_complex", "procedure", "simplified_ground", "staff", "state", "accepted_on", "decision_type",
        "decided_on", "served_on", "note",
    ]  # fmt: skip
    form_columns = [
        "region", "case_number", "received_on", "channel", "applicant_name", "applicant_kind", "applicant_contact",
        "agent_name", "agent_contact", "respondent", "act_type", "act_number", "act_date", "known_on", "right_not_told",
        "right_known_on", "real_property", "application_days", "obstacle_from", "obstacle_until", "obstacle_reason",
        "request", "category", "major_complex", "procedure", "simplified_ground", "staff", "note",
    ]  # fmt: skip
    #: Fields fixed at registration: the receipt date starts the periods, the procedure changes by conversion.
    edit_locked = ("received_on", "procedure", "simplified_ground")
    form_overrides = {
        "channel": SelectField,
        "applicant_kind": SelectField,
        "act_type": SelectField,
        "category": SelectField,
        "procedure": SelectField,
        "simplified_ground": SelectField,
    }
    form_args = {
        "channel": {"choices": Channel.choices(), "label": LABELS["channel"]},
        "applicant_kind": {"choices": PartyKind.choices(), "label": LABELS["applicant_kind"]},
        "act_type": {"choices": ActType.choices(), "label": LABELS["act_type"]},
        "category": {"choices": Category.choices(), "label": LABELS["category"]},
        "procedure": {"choices": Procedure.choices(), "label": LABELS["procedure"]},
        "simplified_ground": {
            "choices": [("", "（不适用）"), *SimplifiedGround.choices()],
            "label": LABELS["simplified_ground"],
        },
        "case_number": {"description": "留空则按本复议机关、本年度自动编号"},
    }
    form_widget_args = {"request": {"rows": 3}, "note": {"rows": 2}}
    #: Further applicants (共同申请人) and third parties (第三人), entered with the case.
    inline_models = [
        (
            Party,
            {
                "form_columns": ["id", "role", "kind", "name", "contact"],
                "form_label": "其他当事人",
                "column_labels": {"role": "身份", "kind": "类别", "name": "名称", "contact": "联系方式"},
                "form_overrides": {"role": SelectField, "kind": SelectField},
                "form_args": {
                    "role": {"choices": PartyRole.choices(), "label": "身份"},
                    "kind": {"choices": PartyKind.choices(), "label": "类别"},
                },
            },
        )
    ]

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        model = AdministrativeReviewCase
        return [
            FilterEqual(model.state, "状态", options=CaseState.choices()),
            FilterEqual(model.procedure, "程序", options=Procedure.choices()),
            RespondentFilter(model.respondent_id, "被申请人"),
            FilterEqual(model.category, "案件类别", options=Category.choices()),
            OverdueFilter(),
            FilterEqual(model.decision_type, "决定类型", options=DecisionType.choices()),
            DateBetweenFilter(model.received_on, "收到日期"),
            BooleanEqualFilter(model.deemed_accepted, "视为受理"),
        ]

    @expose("/")
    def index_view(self) -> Any:
        self._refresh_filters_cache()  # the respondent options are the user's own units
        return super().index_view()

    # -- the list's extra arguments (the dashboard's figures link here) ---------------------------------

    def _figure_filters(self, query: Any) -> Any:
        """``?figure=received|accepted|concluded|corrected|mediated|overdue&year=&region=&decision=``.

        The cases an indicator counts (`indicators.criteria`, the same clauses), within the
        region's reporting scope when ``region`` is given; the view's own scope applies on top.
        """
        figure = request.args.get("figure", "")
        if figure not in indicators.FIGURES:
            return query
        year = request.args.get("year", type=int) or clock.today().year
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        query = query.filter(*indicators.criteria(figure, start, end, request.args.get("decision") or None))
        region = db.session.get(Region, request.args.get("region", type=int) or 0)
        if region is not None:
            query = query.filter(reporting.within(AdministrativeReviewCase, region, deadlines.PLUGIN_KEY))
        return query

    def get_query(self) -> Any:
        return self._figure_filters(super().get_query())

    def get_count_query(self) -> Any:
        return self._figure_filters(super().get_count_query())

    # -- forms -------------------------------------------------------------------------------------------

    def create_form(self, obj: Any = None) -> Any:
        form = super().create_form(obj)
        if hasattr(form, "staff"):
            form.staff.query_factory = self._staff_choices
        return form

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        for name in self.edit_locked:
            if hasattr(form, name):
                delattr(form, name)
        if hasattr(form, "staff"):
            form.staff.query_factory = self._staff_choices
        return form

    @staticmethod
    def _staff_choices() -> Any:
        query = select(User).where(User.active.is_(True), User.role != "viewer").order_by(User.id)
        criterion = tenancy.scope_filter(User)
        return db.session.execute(query if criterion is None else query.where(criterion)).scalars().all()

    def is_record_locked(self, model: AdministrativeReviewCase) -> str | None:
        """A concluded case's file (decided, terminated, served…) or one never accepted is the record of
        a legal act: it is no longer edited through the form; its remaining acts stay on its page."""
        if model.state in CONCLUDED_STATES or model.state in (CaseState.NOT_ACCEPTED, CaseState.ABANDONED):
            return say(
                "案件已%(state)s，登记信息不能再修改或删除。",
                state=translate(CaseState.label_of(model.state, model.state)),
            )
        return None

    def on_model_change(self, form: Any, model: AdministrativeReviewCase, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        if model.simplified_ground == "":
            model.simplified_ground = None
        region_id = model.region_id if model.region_id is not None else model.region.id
        for party in model.parties:
            party.region_id = region_id  # parties live in the case's region
        # A Refusal raised here is shown by ScopedModelView: under its field, flashed, form kept.
        if is_created:
            operations.register_case(model)
            verdict = operations.application_verdict(model)
            if verdict.timely is not True:  # late or unknown: shown at registration (arts 20, 21)
                flash(verdict.text, "warning")
        else:
            checks.check_file(model)
            year, _seq = checks.number_parts(model.case_number)
            model.case_year = year or model.case_year
            checks.check_case_number(model.region_id, model.case_year, model.case_number, model.id)

    # -- the case page -----------------------------------------------------------------------------------

    def details_context(self, case: AdministrativeReviewCase) -> dict[str, Any]:
        """What the case page shows beside the fields: the acts open in its state, its hearings and 意见书."""
        state = str(case.state)
        acts = {
            key: form
            for key, form in forms.CASE_FORMS.items()
            if self.can_edit and state in operations.TRANSITIONS[key].sources and _offered(key, case)
        }
        return {
            "acts": acts,
            "hearing_forms": forms.HEARING_FORMS if self.can_edit else {},
            "opinion_forms": forms.OPINION_FORMS if self.can_edit else {},
            "units": unit_options(),
        }

    @expose("/act/<act>/", methods=["POST"])
    def act(self, act: str) -> Any:
        """Run one act of the case page (``?id=<case id>``)."""
        if act not in forms.CASE_FORMS:
            abort(404)
        case = self._writable_case()
        function = getattr(operations, act)
        return run_act(self, case, forms.CASE_FORMS[act], lambda values: function(case, **values))

    @expose("/hearing/<int:hearing_id>/<act>/", methods=["POST"])
    def hearing_act(self, hearing_id: int, act: str) -> Any:
        """Notify, hold or cancel a hearing of the case."""
        if act not in forms.HEARING_FORMS:
            abort(404)
        case = self._writable_case()
        hearing = next((h for h in case.hearings if h.id == hearing_id), None)
        if hearing is None:
            abort(404)
        function = getattr(operations, f"{act}_hearing")
        return run_act(self, case, forms.HEARING_FORMS[act], lambda values: function(hearing, **values))

    @expose("/opinion/<int:opinion_id>/report/", methods=["POST"])
    def opinion_report(self, opinion_id: int) -> Any:
        """Record the addressee's correction report of a 意见书."""
        case = self._writable_case()
        opinion = next((o for o in case.opinions if o.id == opinion_id), None)
        if opinion is None:
            abort(404)
        return run_act(
            self, case, forms.OPINION_FORMS["report"], lambda values: operations.report_opinion(opinion, **values)
        )

    def _writable_case(self) -> AdministrativeReviewCase:
        if not self.can_edit:
            abort(403)
        return self.get_one(request.args.get("id", ""))


def _offered(act: str, case: AdministrativeReviewCase) -> bool:
    """Acts a state allows only in a special case (a reply or materials posted in time, 民诉法 art 85 ¶4)."""
    if act == "receive_reply" and str(case.state) == "under_review":
        return bool(case.reply_missed) and not case.reply_received_on
    if act == "correction_received":
        return case.correction_served_on is None
    return True


def admin_views() -> list[Any]:
    """The plugin's views (returned by the `register_admin_views` hook)."""
    return [
        CaseView(AdministrativeReviewCase, name="行政复议案件", category=CATEGORY, endpoint="admin_review_cases"),
        RegisterView(CaseRegister(), name="案件登记表导入导出", category=CATEGORY, endpoint="admin_review_register"),
    ]
