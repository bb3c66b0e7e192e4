"""The admin of 政府合同管理: the contract list and page with its acts, the lists of opinions,
consultations, checks and borrowings, and the two registers.

Scoping is the core's (`ScopedModelView`); this module declares columns and filters and turns the
posted act forms into calls of `operations`.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, has_request_context, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BooleanEqualFilter, DateBetweenFilter, FilterEqual
from flask_babel import gettext
from sqlalchemy import extract, func, select
from wtforms import SelectField
from wtforms.validators import ValidationError

from core import tenancy
from core.admin import ScopedModelView
from core.admin.acts import ActForm, run_act, unit_options
from core.admin.views import ReadOnlyScopedModelView
from core.extensions import db
from core.i18n import translate
from core.refusals import Refusal
from core.registers import RegisterView
from plugins.contracts import forms, money, operations
from plugins.contracts.models import (
    Borrowing,
    CheckItem,
    Consultation,
    Contract,
    Counterparty,
    ReviewOpinion,
    SupervisionCheck,
)
from plugins.contracts.register import ContractRegister, OpinionRegister
from plugins.contracts.vocabulary import (
    Aspect,
    BorrowMode,
    BorrowState,
    ConsultationChannel,
    ConsultationState,
    ContractKind,
    ContractState,
    CounterpartyKind,
    FundingSource,
    Severity,
)

CATEGORY = "政府合同管理"

LABELS = {
    "region": "区划",
    "number": "审查编号",
    "title": "合同名称",
    "kind": "合同类别",
    "unit": "我方单位",
    "amount_fen": "标的额（元）",
    "funding_source": "资金来源",
    "term_start": "合同期限起",
    "term_end": "合同期限止",
    "summary": "主要内容",
    "marked_major": "标记为重大合同",
    "major": "重大合同",
    "planned_signing_on": "拟签订日期",
    "submitted_on": "报送审查日期",
    "late_submission": "未按期报送",
    "reviewer": "承办人",
    "state": "状态",
    "reviewed_on": "审查结论日期",
    "approved_on": "审查同意日期",
    "signed_on": "签订日期",
    "filed_on": "备案日期",
    "filed_late": "逾期备案",
    "archived_on": "归档日期",
    "archive_number": "档案号",
    "note": "备注",
}


def _yes(view: Any, context: Any, model: Any, name: str) -> str:
    value = getattr(model, name)
    return "" if value is None else translate("是" if value else "否")


def _amount(view: Any, context: Any, model: Any, name: str) -> str:
    return money.readable(getattr(model, name))


class UnitFilter(FilterEqual):
    """我方单位: the units the user may see, listed afresh for every request."""

    def get_options(self, view: Any) -> Any:
        return unit_options() if has_request_context() else []


class ContractView(ScopedModelView):
    """政府合同: the list (with its total in 亿元) and the contract page with its acts."""

    can_delete = False
    details_template = "contracts/contract_details.html"
    list_template = "contracts/contract_list.html"
    column_list = ["number", "title", "kind", "unit", "amount_fen", "state", "submitted_on", "major", "signed_on"]
    column_labels = LABELS
    column_default_sort = ("submitted_on", True)
    column_searchable_list = ["number", "title"]
    column_sortable_list = ["number", "submitted_on", "amount_fen", "state", "signed_on"]
    column_formatters = {
        "kind": ContractKind.formatter(),
        "state": ContractState.formatter(),
        "funding_source": FundingSource.formatter(),
        "amount_fen": _amount,
        "major": _yes,
        "marked_major": _yes,
        "late_submission": _yes,
        "filed_late": _yes,
    }
    column_formatters_export = column_formatters | {"amount_fen": lambda v, c, m, n: money.plain_yuan(m.amount_fen)}
    column_details_list = [
        "number", "region", "title", "kind", "unit", "amount_fen", "funding_source", "term_start", "term_end",
        "summary", "major", "planned_signing_on", "submitted_on", "late_submission", "reviewer", "state",
        "reviewed_on", "approved_on", "signed_on", "filed_on", "filed_late", "archived_on", "archive_number", "note",
    ]  # fmt: skip
    form_columns = [
        "region", "number", "title", "kind", "unit", "amount_fen", "funding_source", "term_start", "term_end",
        "summary", "marked_major", "planned_signing_on", "submitted_on", "note",
    ]  # fmt: skip
    #: Fixed at submission: the dates start the review period and decide the lead time.
    edit_locked = ("submitted_on", "planned_signing_on", "number")
    form_overrides = {"kind": SelectField, "funding_source": SelectField, "amount_fen": forms.AmountField}
    form_args = {
        "kind": {"choices": ContractKind.choices(), "label": LABELS["kind"]},
        "funding_source": {"choices": FundingSource.choices(), "label": LABELS["funding_source"]},
        "amount_fen": {
            "label": LABELS["amount_fen"],
            "validators": [],
            "description": "以元为单位，精确到分；也可写“3500万”“1.2亿”",
        },
        "number": {"description": "留空则按本区划、本年度自动编号"},
    }
    form_widget_args = {"summary": {"rows": 3}, "note": {"rows": 2}}
    inline_models = [
        (
            Counterparty,
            {
                "form_columns": ["id", "name", "credit_code", "kind", "contact"],
                "form_label": "合同相对方",
                "column_labels": {
                    "name": "名称",
                    "credit_code": "统一社会信用代码",
                    "kind": "类别",
                    "contact": "联系方式",
                },
                "form_overrides": {"kind": SelectField},
                "form_args": {"kind": {"choices": CounterpartyKind.choices(), "label": "类别"}},
            },
        )
    ]

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        model = Contract
        return [
            FilterEqual(model.state, "状态", options=ContractState.choices()),
            FilterEqual(model.kind, "合同类别", options=ContractKind.choices()),
            UnitFilter(model.unit_id, "我方单位"),
            BooleanEqualFilter(model.major, "重大合同"),
            BooleanEqualFilter(model.late_submission, "未按期报送"),
            BooleanEqualFilter(model.filed_late, "逾期备案"),
            DateBetweenFilter(model.submitted_on, "报送审查日期"),
            DateBetweenFilter(model.signed_on, "签订日期"),
        ]

    @expose("/")
    def index_view(self) -> Any:
        self._refresh_filters_cache()  # the unit options are the user's own units
        return super().index_view()

    # -- the dashboard's links (?year=&figure=) and the list's total --------------------------------------

    def _figure_filters(self, query: Any) -> Any:
        year = request.args.get("year", type=int) if has_request_context() else None
        figure = request.args.get("figure", "") if has_request_context() else ""
        column = {"reviewed": Contract.reviewed_on, "signed": Contract.signed_on}.get(figure, Contract.submitted_on)
        if year:
            query = query.filter(extract("year", column) == year)
        return query

    def get_query(self) -> Any:
        return self._figure_filters(super().get_query())

    def get_count_query(self) -> Any:
        return self._figure_filters(super().get_count_query())

    def get_list(
        self, page: Any, sort_column: Any, sort_desc: Any, search: Any, filters: Any, *args: Any, **kwargs: Any
    ) -> Any:
        result = super().get_list(page, sort_column, sort_desc, search, filters, *args, **kwargs)
        if kwargs.get("execute", True) and has_request_context():
            _count, everything = super().get_list(0, None, None, search, filters, execute=False, page_size=0)
            total = everything.order_by(None).with_entities(func.coalesce(func.sum(Contract.amount_fen), 0)).scalar()
            g.contracts_total_fen = int(total or 0)
        return result

    def list_total(self) -> str:
        """The listed contracts' subject matter, summed exactly and shown in 亿元 with two decimals."""
        return translate("%(amount)s亿元") % {"amount": money.in_yi(g.get("contracts_total_fen", 0))}

    # -- forms ---------------------------------------------------------------------------------------------

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        for name in self.edit_locked:
            if hasattr(form, name):
                delattr(form, name)
        return form

    def on_model_change(self, form: Any, model: Contract, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        if model.region_id is None and model.region is not None:
            model.region_id = model.region.id
        for party in model.counterparties:
            party.region_id = model.region_id
            party.credit_code = party.credit_code or ""
            party.contact = party.contact or ""
        try:
            if is_created:
                operations.submit(model)
            else:
                operations.update(model)
        except Refusal as exc:
            raise ValidationError(exc.message) from exc

    # -- the contract page ---------------------------------------------------------------------------------

    def details_context(self, contract: Contract) -> dict[str, Any]:
        """The acts open in the contract's state, and what their forms list."""
        state = str(contract.state)
        acts = {}
        if self.can_edit:
            for key, form in forms.CONTRACT_FORMS.items():
                sources = operations.TRANSITIONS[key].sources if key in operations.TRANSITIONS else None
                if sources is not None and state not in sources:
                    continue
                if key == "archive" and contract.archived_on is not None:
                    continue
                if key == "request_borrowing" and contract.archived_on is None:
                    continue
                if key == "request_consultation" and not operations.counsel_answers_here(contract.region_id):
                    continue
                acts[key] = form
        checks = db.session.execute(
            self._scoped(select(SupervisionCheck), SupervisionCheck).order_by(SupervisionCheck.planned_on.desc())
        ).scalars()
        return {
            "acts": acts,
            "units": unit_options(),
            "checks": [(str(c.id), c.title) for c in checks],
            "opinions": [
                (str(o.id), gettext("第%(round)s轮 %(opinion)s", round=o.review_round, opinion=o))
                for o in contract.opinions
            ],
        }

    def _scoped(self, query: Any, model: type) -> Any:
        criterion = tenancy.scope_filter(model, self.visible_region_ids())
        return query if criterion is None else query.where(criterion)

    @expose("/act/<act>/", methods=["POST"])
    def act(self, act: str) -> Any:
        """Run one act of the contract page (``?id=<contract id>``)."""
        if act not in forms.CONTRACT_FORMS:
            abort(404)
        contract = self._writable()
        function = getattr(operations, act)
        return self._run(contract, forms.CONTRACT_FORMS[act], lambda values: function(contract, **values))

    @expose("/<kind>/<int:record_id>/<act>/", methods=["POST"])
    def record_act(self, kind: str, record_id: int, act: str) -> Any:
        """An act on one opinion, milestone, check item or borrowing of the contract."""
        table = {
            "opinion": ("opinions", forms.OPINION_FORMS, {"answer": operations.answer_opinion}),
            "milestone": ("milestones", forms.MILESTONE_FORMS, {"complete": operations.complete_milestone}),
            "item": ("check_items", forms.ITEM_FORMS, {"rectify": operations.record_rectification}),
            "borrowing": (
                "borrowings",
                forms.BORROWING_FORMS,
                {"decide": operations.decide_borrowing, "lend": operations.lend, "give_back": operations.give_back},
            ),
        }
        if kind not in table or act not in table[kind][1]:
            abort(404)
        attribute, act_forms, functions = table[kind]
        contract = self._writable()
        record = next((r for r in getattr(contract, attribute) if r.id == record_id), None)
        if record is None:
            abort(404)
        function = functions[act]
        return self._run(contract, act_forms[act], lambda values: function(record, **values))

    def _writable(self) -> Contract:
        if not self.can_edit:
            abort(403)
        return self.get_one(request.args.get("id", ""))

    def _run(self, contract: Contract, form: ActForm, call: Any) -> Any:
        return run_act(self, contract, form, call, forms.readers(contract))


class OpinionView(ReadOnlyScopedModelView):
    """审查意见: every itemised opinion, countable by period, severity and adoption."""

    column_list = ["contract", "review_round", "given_on", "aspect", "clause", "issue", "severity", "accepted"]
    column_labels = {
        "contract": "合同",
        "review_round": "轮次",
        "given_on": "提出日期",
        "aspect": "审查方面",
        "clause": "涉及条款",
        "issue": "存在问题",
        "suggestion": "修改建议",
        "severity": "重要程度",
        "accepted": "采纳",
        "answer": "答复说明",
        "answered_on": "答复日期",
    }
    column_default_sort = ("given_on", True)
    column_searchable_list = ["clause", "issue"]
    column_formatters = {"aspect": Aspect.formatter(), "severity": Severity.formatter(), "accepted": _yes}
    column_formatters_export = column_formatters

    @property
    def column_filters(self) -> list[Any]:  # type: ignore[override]
        return [
            FilterEqual(ReviewOpinion.severity, "重要程度", options=Severity.choices()),
            FilterEqual(ReviewOpinion.aspect, "审查方面", options=Aspect.choices()),
            BooleanEqualFilter(ReviewOpinion.accepted, "采纳"),
            DateBetweenFilter(ReviewOpinion.given_on, "提出日期"),
        ]

    def _year(self, query: Any) -> Any:
        year = request.args.get("year", type=int) if has_request_context() else None
        return query.filter(extract("year", ReviewOpinion.given_on) == year) if year else query

    def get_query(self) -> Any:
        return self._year(super().get_query())

    def get_count_query(self) -> Any:
        return self._year(super().get_count_query())


class ConsultationView(ReadOnlyScopedModelView):
    """法律顾问协商: consultations on major contracts and issues, and counsel's opinions."""

    column_list = ["contract", "requested_on", "channel", "question", "state", "counsel_names", "answered_on"]
    column_labels = {
        "contract": "合同",
        "requested_on": "提请日期",
        "channel": "方式",
        "question": "协商事项",
        "state": "状态",
        "counsel_names": "法律顾问",
        "answered_on": "意见日期",
        "opinion": "法律顾问意见",
    }
    column_formatters = {"channel": ConsultationChannel.formatter(), "state": ConsultationState.formatter()}
    column_formatters_export = column_formatters


class CheckView(ScopedModelView):
    """监督检查计划: checks of performance; each contract's finding is recorded on the contract page."""

    can_delete = False
    column_list = ["title", "year", "planned_on", "region"]
    column_labels = {
        "title": "检查名称",
        "year": "年度",
        "planned_on": "计划日期",
        "scope": "检查范围",
        "note": "备注",
        "region": "区划",
    }
    form_columns = ["region", "title", "year", "planned_on", "scope", "note"]

    def on_model_change(self, form: Any, model: SupervisionCheck, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        if not (model.title or "").strip():
            raise ValidationError(translate("「检查名称」必填"))
        if model.planned_on is None or model.year is None:
            raise ValidationError(translate("「年度」和「计划日期」必填"))


class CheckItemView(ReadOnlyScopedModelView):
    """检查发现问题及整改: every contract checked, with its finding and rectification."""

    column_list = ["check", "contract", "checked_on", "problem", "rectify_by", "rectified_on"]
    column_labels = {
        "check": "检查计划",
        "contract": "合同",
        "checked_on": "检查日期",
        "finding": "检查情况",
        "problem": "发现问题",
        "rectify_by": "整改期限",
        "rectified_on": "整改日期",
        "rectification": "整改情况",
    }
    column_formatters = {"problem": _yes}
    column_filters = [
        BooleanEqualFilter(CheckItem.problem, "发现问题"),
        DateBetweenFilter(CheckItem.checked_on, "检查日期"),
    ]


class BorrowingView(ReadOnlyScopedModelView):
    """档案查借阅: every request, its approval, lending and return (acts are on the contract page)."""

    column_list = [
        "contract",
        "borrower_unit",
        "borrower_name",
        "mode",
        "requested_on",
        "state",
        "return_due",
        "returned_on",
    ]
    column_labels = {
        "contract": "合同",
        "borrower_unit": "借阅单位",
        "borrower_name": "借阅人",
        "purpose": "事由",
        "mode": "方式",
        "requested_on": "申请日期",
        "state": "状态",
        "decided_by": "审批人",
        "lent_on": "借出日期",
        "return_due": "应归还日期",
        "returned_on": "归还日期",
    }
    column_formatters = {"mode": BorrowMode.formatter(), "state": BorrowState.formatter()}
    column_formatters_export = column_formatters
    column_filters = [FilterEqual(Borrowing.state, "状态", options=BorrowState.choices())]


def admin_views() -> list[Any]:
    """The plugin's views (returned by the `register_admin_views` hook)."""
    return [
        ContractView(Contract, name="政府合同", category=CATEGORY, endpoint="contracts_contracts"),
        OpinionView(ReviewOpinion, name="审查意见", category=CATEGORY, endpoint="contracts_opinions"),
        ConsultationView(Consultation, name="法律顾问协商", category=CATEGORY, endpoint="contracts_consultations"),
        CheckView(SupervisionCheck, name="履行监督检查", category=CATEGORY, endpoint="contracts_checks"),
        CheckItemView(CheckItem, name="检查发现问题及整改", category=CATEGORY, endpoint="contracts_check_items"),
        BorrowingView(Borrowing, name="档案查借阅", category=CATEGORY, endpoint="contracts_borrowings"),
        RegisterView(ContractRegister(), name="合同登记表导入导出", category=CATEGORY, endpoint="contracts_register"),
        RegisterView(
            OpinionRegister(), name="审查意见登记表导入导出", category=CATEGORY, endpoint="contracts_opinion_register"
        ),
    ]
