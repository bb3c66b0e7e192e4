"""The admin of 政府法律顾问: the roster, engagements, the opinion log with its acts and the gate,
evaluations, the coverage list behind the indicator, and the two registers.

Scoping is the core's (`ScopedModelView`); this module declares columns and filters and hands
every save to `operations` (a `Refusal` becomes the form's error: nothing is saved).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import DateBetweenFilter, FilterEqual, FilterLike
from flask_login import current_user
from sqlalchemy import extract, select
from wtforms import SelectField

from core import clock, tenancy
from core.admin import ScopedModelView
from core.admin.acts import run_act
from core.extensions import db
from core.i18n import joined, say, translate
from core.models import Region, Unit
from core.models.tenancy import REGION_LEVEL_LABELS
from core.periods import Period
from core.registers import RegisterView
from plugins.counsel import PLUGIN_KEY, forms, operations
from plugins.counsel.checks import LABELS
from plugins.counsel.models import CounselEvaluation, CounselMember, Engagement, Matter
from plugins.counsel.operations.coverage import active_on, covered_units, required_units
from plugins.counsel.register import EngagementRegister, RosterRegister
from plugins.counsel.vocabulary import (
    Adoption,
    Degree,
    EvaluationOutcome,
    MatterKind,
    MatterState,
    MemberKind,
    MemberStatus,
    ReviewResult,
)

CATEGORY = "政府法律顾问"


class CounselView(ScopedModelView):
    """Common settings of the plugin's views."""

    plugin_key = PLUGIN_KEY
    column_display_pk = False
    column_labels = LABELS


# -- roster ------------------------------------------------------------------------------------------------


class MemberView(CounselView):
    """法律顾问名录: the team (the office's staff are core users), with qualifications and status."""

    can_delete = False
    column_list = ["name", "kind", "unit", "firm", "licence_number", "degree", "expertise", "status", "region"]
    column_searchable_list = ["name", "firm", "licence_number", "expertise"]
    column_formatters = {
        "kind": MemberKind.formatter(),
        "status": MemberStatus.formatter(),
        "degree": Degree.formatter(),
    }
    column_formatters_export = column_formatters
    form_columns = [
        "kind", "user", "name", "unit", "firm", "legal_qualification", "licence_number", "practice_years",
        "degree", "expertise", "status", "status_reason", "status_since",
    ]  # fmt: skip
    form_overrides = {"kind": SelectField, "status": SelectField, "degree": SelectField}
    form_args = {
        "kind": MemberKind.form_args(label=LABELS["kind"]),
        "status": MemberStatus.form_args(label=LABELS["status"]),
        "degree": Degree.form_args(optional=True, label=LABELS["degree"]),
        "name": {"label": LABELS["name"], "description": "机关法制工作人员取自所选用户，可不填"},
    }
    column_descriptions = {"licence_number": "律师执业证号或公职律师证号，17位数字"}

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        return [
            FilterEqual(CounselMember.kind, "类别", options=MemberKind.choices()),
            FilterEqual(CounselMember.status, "状态", options=MemberStatus.choices()),
            FilterLike(CounselMember.name, "姓名"),
        ]

    def _kind(self, query: Any) -> Any:
        """``?kind=`` and ``?region=`` (the region's own roster): the indicators link here."""
        kind, region = request.args.get("kind"), request.args.get("region", type=int)
        query = query.filter(CounselMember.kind == kind) if kind else query
        return query.filter(CounselMember.region_id == region) if region else query

    def get_query(self) -> Any:
        return self._kind(super().get_query())

    def get_count_query(self) -> Any:
        return self._kind(super().get_count_query())

    def on_model_change(self, form: Any, model: CounselMember, is_created: bool) -> None:
        model.name = model.name or ""
        before = operations.prepare_member(model, self.visible_region_ids(), current_user.region_id)
        super().on_model_change(form, model, is_created)
        operations.member_saved(model, before)


# -- engagements ----------------------------------------------------------------------------------------------


class EngagementView(CounselView):
    """聘任合同: which agency engages whom, the term, scope and fee; the contract is attached below."""

    can_delete = False
    column_list = ["unit", "member", "contract_number", "starts_on", "ends_on", "fee", "terminated_on", "region"]
    column_searchable_list = ["contract_number"]
    column_default_sort = ("ends_on", False)
    form_columns = [
        "unit", "member", "contract_number", "starts_on", "ends_on", "scope", "fee", "renewal_of",
        "terminated_on", "termination_reason",
    ]  # fmt: skip
    form_args = {"fee": {"label": LABELS["fee"], "default": 0}}
    column_descriptions = {
        "terminated_on": "合同提前解除的，填写解除之日（该日起不再计入覆盖）",
        "renewal_of": "续聘的，选择原合同",
    }

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        return [
            FilterLike(Unit.name, "聘请单位"),
            DateBetweenFilter(Engagement.ends_on, "聘期结束"),
        ]

    def on_model_change(self, form: Any, model: Engagement, is_created: bool) -> None:
        before = operations.prepare_engagement(model, self.visible_region_ids())
        super().on_model_change(form, model, is_created)
        operations.engagement_saved(model, before)


# -- the opinion log --------------------------------------------------------------------------------------------


class MatterView(CounselView):
    """法律意见登记: requests for counsel's opinion, the opinion, its adoption, the gate."""

    can_delete = False
    details_template = "counsel/matter_details.html"
    column_list = ["title", "unit", "kind", "received_on", "due_on", "state", "opinion_on", "adoption"]
    column_searchable_list = ["title"]
    column_default_sort = ("received_on", True)
    column_formatters = {
        "kind": MatterKind.formatter(),
        "state": MatterState.formatter(),
        "adoption": Adoption.formatter(),
        "review_result": ReviewResult.formatter(),
        "counsel": lambda v, c, m, n: joined(x.name for x in m.counsel),
    }
    column_formatters_export = column_formatters
    column_details_list = [
        "title", "unit", "kind", "question", "received_on", "due_on", "state", "counsel", "opinion_on",
        "review_result", "opinion", "adoption", "adoption_reason", "exploratory", "legal_risk", "submitted_on",
        "closed_on", "requester", "region",
    ]  # fmt: skip
    form_columns = ["unit", "kind", "title", "question", "received_on"]
    form_overrides = {"kind": SelectField}
    form_args = {"kind": MatterKind.form_args(label=LABELS["kind"])}
    form_widget_args = {"question": {"rows": 3}}

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        return [
            FilterEqual(Matter.kind, "类别", options=MatterKind.choices()),
            FilterEqual(Matter.state, "状态", options=MatterState.choices()),
            FilterEqual(Matter.adoption, "采纳情况", options=Adoption.choices()),
            DateBetweenFilter(Matter.received_on, "收到日期"),
        ]

    def _year(self, query: Any) -> Any:
        """``?year=`` (opinions given that year: the indicators link here)."""
        year = request.args.get("year", type=int)
        return query.filter(extract("year", Matter.opinion_on) == year) if year else query

    def get_query(self) -> Any:
        return self._year(super().get_query())

    def get_count_query(self) -> Any:
        return self._year(super().get_count_query())

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        for name in ("unit", "kind", "received_on"):  # they fix the period and who asked
            if hasattr(form, name):
                delattr(form, name)
        return form

    def on_model_change(self, form: Any, model: Matter, is_created: bool) -> None:
        operations.prepare_matter(model, self.visible_region_ids())
        super().on_model_change(form, model, is_created)
        if is_created:
            operations.open_matter(model)

    def details_context(self, matter: Matter) -> dict[str, Any]:
        """The acts open in the matter's state (the page shows their forms)."""
        acts = {
            key: form
            for key, form in forms.MATTER_FORMS.items()
            if self.can_edit and str(matter.state) in operations.TRANSITIONS[key].sources
        }
        if matter.kind != "major_decision":
            acts.pop("submit", None)
        return {"acts": acts, "members": forms.member_options(self.visible_region_ids())}

    @expose("/act/<act>/", methods=["POST"])
    def act(self, act: str) -> Any:
        """Run one act of the matter page (``?id=<matter id>``)."""
        if act not in forms.MATTER_FORMS:
            abort(404)
        if not self.can_edit:
            abort(403)
        matter = self.get_one(request.args.get("id", ""))
        function = getattr(operations, act)
        return run_act(self, matter, forms.MATTER_FORMS[act], lambda values: function(matter, **values), forms.READERS)


# -- evaluations --------------------------------------------------------------------------------------------------


class EvaluationView(CounselView):
    """年度评价: each engaged counsel's year, recomputable, adjustments with reasons, the outcome."""

    can_create = False
    can_delete = False
    can_edit = False
    details_template = "counsel/evaluation_details.html"
    column_list = [
        "member",
        "year",
        "opinions",
        "on_time",
        "adopted",
        "rating",
        "computed_score",
        "adjustment",
        "outcome",
    ]
    column_formatters = {"outcome": EvaluationOutcome.formatter()}
    column_labels = {
        **LABELS,
        "opinions": "出具意见数",
        "on_time": "按时出具数",
        "adopted": "被采纳数",
        "computed_score": "计算得分",
    }
    column_default_sort = ("year", True)

    def details_context(self, evaluation: CounselEvaluation) -> dict[str, Any]:
        """The acts of the evaluation page."""
        return {"acts": forms.EVALUATION_FORMS if self.can_write() else {}, "members": []}

    def can_write(self) -> bool:
        from core.admin import user_can_write

        return user_can_write()

    @expose("/act/<act>/", methods=["POST"])
    def act(self, act: str) -> Any:
        """Recompute, adjust or decide the outcome (``?id=<evaluation id>``)."""
        if act not in forms.EVALUATION_FORMS:
            abort(404)
        if not self.can_write():
            abort(403)
        evaluation = self.get_one(request.args.get("id", ""))
        calls = {
            "recompute": lambda v: operations.evaluate(evaluation.member, evaluation.year, rating=v["rating"]),
            "adjust": lambda v: operations.adjust(evaluation, points=v["points"], reason=v["reason"]),
            "decide_outcome": lambda v: operations.decide_outcome(evaluation, outcome=v["outcome"], reason=v["reason"]),
        }
        return run_act(self, evaluation, forms.EVALUATION_FORMS[act], calls[act])

    @expose("/compute/", methods=["POST"])
    def compute(self) -> Any:
        """Evaluate every member engaged in the year (``year`` posted) within the user's regions."""
        if not self.can_write():
            abort(403)
        year = request.form.get("year", type=int) or clock.today().year
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        query = select(CounselMember).where(
            CounselMember.id.in_(
                select(Engagement.member_id).where(Engagement.starts_on <= end, Engagement.ends_on >= start)
            )
        )
        criterion = tenancy.scope_filter(CounselMember, self.visible_region_ids())
        members = db.session.execute(query if criterion is None else query.where(criterion)).scalars().all()
        for member in members:
            operations.evaluate(member, year)
        db.session.commit()
        flash(say("已计算%(year)s年度评价%(count)s人", year=year, count=len(members)), "success")
        return redirect(url_for(".index_view"))


# -- coverage -------------------------------------------------------------------------------------------------------


class CoverageView(CounselView):
    """法律顾问覆盖情况: the agencies required to have counsel, covered or not on a day (the indicator's list).

    ``?year=`` measures on 31 December of that year (today while it runs), ``?covered=1|0``,
    ``?region=<id>`` limits to a region's subtree (within the user's own).
    """

    can_create = False
    can_edit = False
    can_delete = False
    can_export = True
    list_template = "counsel/coverage_list.html"
    column_list = ["name", "region", "level", "covered", "counsel"]
    column_labels = {
        "name": "单位",
        "region": "所属区划",
        "level": "层级",
        "covered": "已聘请法律顾问",
        "counsel": "法律顾问",
    }
    column_searchable_list = ["name"]
    column_sortable_list = ["name"]
    column_default_sort = ("region_id", False)

    def day(self) -> dt.date:
        """The day the list measures coverage on."""
        from plugins.counsel.indicators import reference_day

        year = request.args.get("year", type=int)
        return reference_day(Period.year(year)) if year else clock.today()

    column_formatters = {
        "level": lambda v, c, m, n: translate(REGION_LEVEL_LABELS.get(m.region.level, m.region.level)),
        "covered": lambda v, c, m, n: translate("是") if m.id in v.covered_ids() else translate("否"),
        "counsel": lambda v, c, m, n: joined(v.counsel_names().get(m.id, [])),
    }
    column_formatters_export = column_formatters

    def covered_ids(self) -> set[int]:
        """Agencies with counsel on the list's day (once per request)."""
        if "counsel_covered" not in g:
            g.counsel_covered = set(db.session.execute(covered_units(self.day())).scalars())
        return g.counsel_covered

    def counsel_names(self) -> dict[int, list[str]]:
        """Agency id → names of its counsel on the list's day (once per request)."""
        if "counsel_names" not in g:
            rows = db.session.execute(
                select(Engagement.unit_id, CounselMember.name)
                .join(CounselMember, CounselMember.id == Engagement.member_id)
                .where(active_on(self.day()))
                .order_by(Engagement.id)
            ).all()
            names: dict[int, list[str]] = {}
            for unit_id, name in rows:
                names.setdefault(unit_id, []).append(name)
            g.counsel_names = names
        return g.counsel_names

    def _coverage(self, query: Any) -> Any:
        query = query.filter(Unit.id.in_(required_units()))
        region_id = request.args.get("region", type=int)
        if region_id:
            region = db.session.get(Region, region_id)
            if region is not None:
                query = query.filter(Unit.region_id.in_(tenancy.region_subtree_ids(region)))
        covered = request.args.get("covered")
        if covered in ("0", "1"):
            criterion = Unit.id.in_(covered_units(self.day()))
            query = query.filter(criterion if covered == "1" else ~criterion)
        return query

    def get_query(self) -> Any:
        return self._coverage(super().get_query())

    def get_count_query(self) -> Any:
        return self._coverage(super().get_count_query())


def admin_views() -> list[Any]:
    """The plugin's views (returned by the `register_admin_views` hook)."""
    return [
        MemberView(CounselMember, name="法律顾问名录", category=CATEGORY, endpoint="counsel_members"),
        EngagementView(Engagement, name="聘任合同", category=CATEGORY, endpoint="counsel_engagements"),
        MatterView(Matter, name="法律意见登记", category=CATEGORY, endpoint="counsel_matters"),
        EvaluationView(CounselEvaluation, name="年度评价", category=CATEGORY, endpoint="counsel_evaluations"),
        CoverageView(Unit, name="覆盖情况", category=CATEGORY, endpoint="counsel_coverage"),
        RegisterView(
            RosterRegister(), name="名录登记表导入导出", category=CATEGORY, endpoint="counsel_roster_register"
        ),
        RegisterView(
            EngagementRegister(),
            name="聘任合同登记表导入导出",
            category=CATEGORY,
            endpoint="counsel_engagement_register",
        ),
    ]
