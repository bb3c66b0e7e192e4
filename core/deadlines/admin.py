"""期限: every deadline of the user's regions, read-only (plugins change them through their cases)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from core.admin.filters import RegionSubtreeFilter
from core.admin.views import ReadOnlyScopedModelView
from core.deadlines.models import Counting, Deadline, DeadlineState
from core.deadlines.scan import switched_off_clause

CATEGORY = _l("督查督办")


def _due(view: Any, context: Any, model: Deadline, name: str) -> Markup:
    badge = Markup(' <span class="badge badge-warning provisional">暂定</span>') if model.provisional else ""
    return Markup("{}{}").format(model.due_date.isoformat(), badge)


def _state(view: Any, context: Any, model: Deadline, name: str) -> str:
    return DeadlineState.label_of(model.state)


def _period(view: Any, context: Any, model: Deadline, name: str) -> str:
    return f"{model.amount}{Counting.label_of(model.counting)}"


def _subject(view: Any, context: Any, model: Deadline, name: str) -> Markup:
    return Markup("<code>{}#{}</code>").format(escape(model.subject_type), model.subject_id)


class DeadlineView(ReadOnlyScopedModelView):
    """期限一览: filter by state, due date, plugin, unit; provisional dates are marked 暂定."""

    column_default_sort = ("due_date", False)
    column_list = [
        "label",
        "subject_type",
        "basis",
        "start_date",
        "amount",
        "due_date",
        "state",
        "responsible_unit",
        "region",
        "plugin_key",
    ]
    column_details_list = [
        "label",
        "kind",
        "subject_type",
        "basis",
        "start_date",
        "amount",
        "due_date",
        "provisional",
        "state",
        "met_on",
        "suspended_on",
        "extension_days",
        "responsible_unit",
        "staff_user",
        "region",
        "plugin_key",
        "approaching_notified_at",
        "missed_notified_at",
    ]
    column_labels = {
        "label": "期限",
        "kind": "类别",
        "subject_type": "所属记录",
        "basis": "依据",
        "start_date": "起算日",
        "amount": "期间",
        "due_date": "届满日期",
        "provisional": "暂定",
        "state": "状态",
        "met_on": "完成日期",
        "suspended_on": "中止日期",
        "extension_days": "延长天数",
        "responsible_unit": "责任单位",
        "responsible_unit.name": "责任单位",
        "staff_user": "承办人",
        "region": "区划",
        "region.name": "区划",
        "plugin_key": "模块",
        "approaching_notified_at": "预警时间",
        "missed_notified_at": "逾期通报时间",
    }
    column_formatters = {"due_date": _due, "state": _state, "amount": _period, "subject_type": _subject}
    column_formatters_export = {"state": _state, "amount": _period}
    column_choices = {"state": DeadlineState.choices()}
    column_searchable_list = ["label", "basis"]
    column_filters = [
        "state",
        "due_date",
        "provisional",
        "plugin_key",
        "kind",
        "responsible_unit.name",
        "region.name",
        RegionSubtreeFilter(Deadline.region_id, "区划"),
        "subject_type",
        "subject_id",
    ]
    column_sortable_list = ["label", "start_date", "due_date", "state", "plugin_key"]

    def _without_switched_off(self, query: Any) -> Any:
        # Deadlines of a module switched off for their region drop out, like the module's records.
        terms = switched_off_clause()
        return query.filter(*terms) if terms else query

    def get_query(self) -> Any:
        return self._without_switched_off(super().get_query())

    def get_count_query(self) -> Any:
        return self._without_switched_off(super().get_count_query())


def deadline_admin_views() -> list[Any]:
    """The core's deadline list."""
    return [DeadlineView(Deadline, name="期限", category=CATEGORY, endpoint="deadlines")]
