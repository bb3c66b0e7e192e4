"""期限: every deadline of the user's regions, read-only (plugins change them through their cases)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import case

from core.admin.describe import module_title, subject_link, subject_text
from core.admin.filters import RegionSubtreeFilter
from core.admin.views import ReadOnlyScopedModelView
from core.deadlines.models import Deadline, DeadlineState
from core.deadlines.scan import switched_off_clause

CATEGORY = _l("督查督办")


def _due(view: Any, context: Any, model: Deadline, name: str) -> Markup:
    badge = (
        Markup(' <span class="badge badge-warning provisional">{}</span>').format(gettext("暂定"))
        if model.provisional
        else ""
    )
    return Markup("{}{}").format(model.due_date.isoformat(), badge)


def _state(view: Any, context: Any, model: Deadline, name: str) -> str:
    return DeadlineState.label_of(model.state)


def _period(view: Any, context: Any, model: Deadline, name: str) -> str:
    return model.period_display


def _subject(view: Any, context: Any, model: Deadline, name: str) -> Markup:
    return subject_link(model.subject_type, model.subject_id)


def _subject_text(view: Any, context: Any, model: Deadline, name: str) -> str:
    return subject_text(model.subject_type, model.subject_id)


def _module(view: Any, context: Any, model: Deadline, name: str) -> str:
    return module_title(model.plugin_key)


#: States in which a deadline still runs (the list opens on these, nearest first).
RUNNING_STATES = (DeadlineState.OPEN.value, DeadlineState.EXTENDED.value)


class DeadlineView(ReadOnlyScopedModelView):
    """期限一览: filter by state, due date, plugin, unit; provisional dates are marked 暂定."""

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
        "subject_id": "记录编号",
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
    column_formatters = {
        "due_date": _due,
        "state": _state,
        "amount": _period,
        "subject_type": _subject,
        "plugin_key": _module,
    }
    column_formatters_export = {
        "state": _state,
        "amount": _period,
        "subject_type": _subject_text,
        "plugin_key": _module,
    }
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

    def _apply_sorting(self, query: Any, joins: Any, sort_column: Any, sort_desc: bool) -> Any:
        # Unless the user sorts: running deadlines first, the nearest first; then the others,
        # the most recent first (a list opening on deadlines met in 2014 helps nobody).
        if sort_column is not None:
            return super()._apply_sorting(query, joins, sort_column, sort_desc)
        running = Deadline.state.in_(RUNNING_STATES)
        order = (case((running, 0), else_=1), case((running, Deadline.due_date)), Deadline.due_date.desc(), Deadline.id)
        return query.order_by(*order), joins

    def get_query(self) -> Any:
        return self._without_switched_off(super().get_query())

    def get_count_query(self) -> Any:
        return self._without_switched_off(super().get_count_query())


def deadline_admin_views() -> list[Any]:
    """The core's deadline list."""
    return [DeadlineView(Deadline, name="期限", category=CATEGORY, endpoint="deadlines")]
