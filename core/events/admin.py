"""事件与投递: read-only admin lists of the outbox and the deliveries, with replay of dead ones."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import FilterEqual, FilterLike
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from core.admin.describe import module_title, subject_column, subject_column_text, user_name
from core.admin.views import ReadOnlyScopedModelView, user_can_write
from core.events.models import DeliveryState, EventDelivery, OutboxEvent
from core.events.replay import replay_deliveries
from core.extensions import db

CATEGORY = _l("系统管理")
_state_label = DeliveryState.formatter()


def _short_error(view: Any, context: Any, model: EventDelivery, name: str) -> str:
    # The list shows the exception line (the traceback's last line); details show it all.
    lines = [line for line in (model.last_error or "").strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


def _pre(view: Any, context: Any, model: Any, name: str) -> Markup:
    return Markup("<pre class='mb-0'>{}</pre>").format(escape(str(getattr(model, name) or "")))


def _actor(view: Any, context: Any, model: OutboxEvent, name: str) -> str:
    return user_name(model.actor_id)


def _module(view: Any, context: Any, model: EventDelivery, name: str) -> str:
    return module_title(model.plugin_key)


def _deliveries_of(view: Any, context: Any, model: OutboxEvent, name: str) -> Markup:
    items = [
        Markup("<li>{} · {} · {}</li>").format(d.handler, DeliveryState.label_of(d.state), d.attempts)
        for d in model.deliveries
    ]
    return Markup("<ul class='mb-0'>{}</ul>").format(Markup("").join(items))


class OutboxEventView(ReadOnlyScopedModelView):
    """事件: every published event of the user's regions, newest first."""

    admin_only = True
    can_export = True
    column_default_sort = ("id", True)
    column_list = ["occurred_at", "name", "region", "subject_type", "actor_id", "uid"]
    column_details_list = [
        "uid",
        "occurred_at",
        "name",
        "region",
        "subject_type",
        "actor_id",
        "payload",
        "deliveries",
    ]
    column_labels = {
        "occurred_at": "发生时间",
        "name": "事件",
        "region": "行政区划",
        "subject_type": "所涉记录",
        "subject_id": "记录编号",
        "actor_id": "操作人",
        "uid": "事件编号",
        "payload": "内容",
        "deliveries": "投递",
    }
    column_searchable_list = ["name", "uid"]
    column_filters = [
        FilterLike(OutboxEvent.name, "事件"),
        FilterEqual(OutboxEvent.uid, "事件编号"),
        FilterLike("region.name", "行政区划"),
        "subject_type",
        "occurred_at",
    ]
    column_formatters = {"subject_type": subject_column, "actor_id": _actor}
    column_formatters_export = {"subject_type": subject_column_text, "actor_id": _actor}
    column_formatters_detail = {**column_formatters, "payload": _pre, "deliveries": _deliveries_of}


class EventDeliveryView(ReadOnlyScopedModelView):
    """投递: one row per event and handler, filterable by event, region and state; dead ones can be replayed."""

    admin_only = True
    can_export = True
    column_default_sort = ("id", True)
    column_list = [
        "id",
        "event_name",
        "region",
        "handler",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
    ]
    column_details_list = [*column_list, "plugin_key", "locked_by", "locked_until", "event"]
    column_labels = {
        "id": "编号",
        "event_name": "事件",
        "region": "行政区划",
        "handler": "处理函数",
        "plugin_key": "模块",
        "state": "状态",
        "attempts": "尝试次数",
        "next_attempt_at": "下次尝试",
        "delivered_at": "投递时间",
        "last_error": "最近错误",
        "locked_by": "投递进程",
        "locked_until": "租约到期",
        "event": "事件记录",
    }
    column_searchable_list = ["event_name", "handler"]
    column_filters = [
        FilterLike(EventDelivery.event_name, "事件"),
        FilterLike("region.name", "行政区划"),
        FilterEqual(EventDelivery.state, "状态", options=DeliveryState.choices()),
        FilterEqual(EventDelivery.plugin_key, "模块"),
        FilterLike(EventDelivery.handler, "处理函数"),
    ]
    column_formatters = {"state": _state_label, "last_error": _short_error, "plugin_key": _module}
    column_formatters_export = {"state": _state_label, "plugin_key": _module}
    column_formatters_detail = {"state": _state_label, "last_error": _pre, "plugin_key": _module}

    def is_action_allowed(self, name: str) -> bool:
        if name == "replay":
            return user_can_write()
        return super().is_action_allowed(name)

    @action("replay", "重新投递（死信）", "确定把所选死信重置为待投递吗？处理函数将再次执行。")
    def action_replay(self, ids: list[str]) -> None:
        """Put the selected dead deliveries back to pending (audited as ``event_replay``)."""
        if not self.is_action_allowed("replay"):
            flash("没有权限重新投递。", "error")
            return
        # Raw ids from the form: only the user's own, visible rows, and only dead ones.
        rows = self.scoped_query_for_ids(ids).filter(EventDelivery.state == DeliveryState.DEAD.value).all()
        count = replay_deliveries(rows, by=current_user)
        db.session.commit()
        skipped = len(ids) - count
        message = gettext("已重置 %(n)s 条死信，将由投递进程重新执行。", n=count)
        if skipped:
            message += gettext("另有 %(n)s 条不是死信或不可见，未处理。", n=skipped)
        flash(message, "success" if count else "warning")


def event_admin_views() -> list[Any]:
    """The event bus's views under 系统管理."""
    return [
        OutboxEventView(OutboxEvent, name="事件", category=CATEGORY, endpoint="events"),
        EventDeliveryView(EventDelivery, name="事件投递", category=CATEGORY, endpoint="event_deliveries"),
    ]
