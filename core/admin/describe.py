"""What users read instead of stored names: field labels, value labels, record names, module titles.

The audit trail, deadlines, notices and events store a record as (table name, id), a change as
column names with raw values, and a module as its plugin key. A legal officer reads the field's
label (状态), the value's label (已受理), the record's own name (its case number) linked to its
page, and the module's title (行政复议). The labels come from the admin view that shows the model,
so a plugin that labels its columns for its lists gets the same words in every history panel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import gettext
from markupsafe import Markup
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapper

from core import clock
from core.extensions import db
from core.i18n import punctuation, translate

#: Labels of the audit trail's actions (core/audit.py and the `record_event` callers).
ACTION_LABELS: dict[str, str] = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "event_replay": "重新投递事件",
    "module_switch": "开关模块",
    "circular_publish_requested": "申请印发通报",
    "court_report_decision": "审定出庭报告",
}
#: Notice steps are recorded as ``notice_<step>``.
_NOTICE_ACTION_PREFIX = "notice_"


def _admin_views() -> list[Any]:
    admin = current_app.extensions.get("fazhi.admin")
    return list(admin._views) if admin is not None else []


def view_for_model(model: type) -> Any | None:
    """The admin model view listing `model` (the first one registered), or None."""
    for view in _admin_views():
        if getattr(view, "model", None) is model:
            return view
    return None


def model_for_table(table: str) -> type | None:
    """The mapped class stored in table `table`, or None."""
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    return None


def module_title(plugin_key: str | None) -> str:
    """The Chinese title of a plugin (行政复议), or the key when no plugin of that name is loaded."""
    if not plugin_key:
        return ""
    host = current_app.extensions.get("fazhi.plugins")
    info = host.plugins.get(plugin_key) if host is not None else None
    if info is None:
        return plugin_key
    from flask_babel import get_locale

    english = has_request_context() and str(get_locale() or "").startswith("en")
    return info.title_en if english and info.title_en else info.title


def action_label(action: str) -> str:
    """The label of an audit action (修改, 登录…); notice steps read 通知：<step>."""
    if action in ACTION_LABELS:
        return translate(ACTION_LABELS[action])
    if action.startswith(_NOTICE_ACTION_PREFIX):
        from core.notices.types import NoticeState

        step = action[len(_NOTICE_ACTION_PREFIX) :]
        try:
            return gettext("通知：%(step)s", step=translate(NoticeState(step).chinese))
        except ValueError:
            return gettext("通知：%(step)s", step=step)
    return action


# -- records --------------------------------------------------------------------------------------


def record_name(record: Any) -> str:
    """How a record names itself: its ``__str__`` when the model defines one, else 模型名 #id."""
    if type(record).__str__ is not object.__str__:
        return str(record)
    view = view_for_model(type(record))
    title = translate(str(view.name)) if view is not None else type(record).__name__
    return f"{title} #{getattr(record, 'id', '')}"


def record_url(record: Any) -> str | None:
    """The details page of `record` in its admin view, or None when no view shows it."""
    view = view_for_model(type(record))
    if view is None or not getattr(view, "can_view_details", False):
        return None
    return url_for(f"{view.endpoint}.details_view", id=record.id)


def subject_record(table: str, subject_id: Any) -> Any | None:
    """The record (table, id) the user may see, or None (gone, or outside the user's scope)."""
    model = model_for_table(table)
    if model is None:
        return None
    try:
        key = int(subject_id)
    except (TypeError, ValueError):
        return None
    from core import tenancy

    query = db.session.query(model).filter(sa_inspect(model).primary_key[0] == key)
    criterion = tenancy.scope_filter(model) if hasattr(model, "region_id") else None
    if criterion is not None:
        query = query.filter(criterion)
    return query.one_or_none()


def subject_text(table: str, subject_id: Any) -> str:
    """The name of the record (table, id) for exports: its own name, else 模型名 #id."""
    record = subject_record(table, subject_id) if table else None
    if record is not None:
        return record_name(record)
    if not table:
        return ""
    model = model_for_table(table)
    view = view_for_model(model) if model is not None else None
    return f"{translate(str(view.name)) if view is not None else table} #{subject_id}"


def user_name(user_id: int | None) -> str:
    """The name of the user with id `user_id` (姓名（用户名）), 系统 for None."""
    if user_id is None:
        return translate("系统")
    from core.models import User

    user = db.session.get(User, user_id)
    return str(user) if user is not None else f"#{user_id}"


def subject_column(view: Any, context: Any, model: Any, name: str) -> Markup:
    """A list formatter: the record (``subject_type``, ``subject_id``) of `model` linked by its name."""
    return subject_link(model.subject_type, model.subject_id)


def subject_column_text(view: Any, context: Any, model: Any, name: str) -> str:
    """An export formatter: the name of the record (``subject_type``, ``subject_id``) of `model`."""
    return subject_text(model.subject_type, model.subject_id)


def subject_link(table: str, subject_id: Any) -> Markup:
    """The record (table, id) named by itself and linked to its details page (escaped)."""
    record = subject_record(table, subject_id) if table else None
    text = subject_text(table, subject_id)
    url = record_url(record) if record is not None else None
    if url is None:
        return Markup("{}").format(text)
    return Markup('<a href="{}">{}</a>').format(url, text)


# -- fields and values ----------------------------------------------------------------------------


def _mapper(model: type) -> Mapper[Any] | None:
    return sa_inspect(model, raiseerr=False)  # type: ignore[return-value]


def _relationship_for(model: type, key: str) -> Any | None:
    mapper = _mapper(model)
    if mapper is None:
        return None
    for rel in mapper.relationships:
        if any(col.key == key for col in rel.local_columns) and rel.direction.name == "MANYTOONE":
            return rel
    return None


def field_label(model: type, key: str) -> str | None:
    """The label users read for column `key` of `model`, or None when no view labels it."""
    view = view_for_model(model)
    if view is None:
        return None
    labels = dict(getattr(view, "column_labels", None) or {})
    form_args = dict(getattr(view, "form_args", None) or {})
    rel = _relationship_for(model, key)
    for name in (key, rel.key if rel is not None else None):
        if name is None:
            continue
        if name in labels:
            return translate(str(labels[name]))
        if isinstance(form_args.get(name), dict) and form_args[name].get("label"):
            return translate(str(form_args[name]["label"]))
    return None


def _choices(view: Any, key: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for source in (
        ((getattr(view, "form_args", None) or {}).get(key, {}) or {}).get("choices") or [],
        (getattr(view, "column_choices", None) or {}).get(key) or [],
    ):
        for value, label in source:
            if value not in ("", None):
                found.setdefault(str(value), translate(str(label)))
    return found


def _as_datetime_text(value: str) -> str | None:
    if len(value) < 16 or value[10:11] != "T":
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return clock.local_minute(parsed)


def value_label(model: type, key: str, value: Any) -> str:
    """The label users read for `value` stored in column `key` (已受理 for ``accepted``).

    Looks in the view's choices, then runs the view's list formatter on a detached instance
    carrying the value, then names a referenced record; times read in local time to the minute.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return translate("是") if value else translate("否")
    view = view_for_model(model)
    if view is not None:
        label = _choices(view, key).get(str(value))
        if label is not None:
            return label
        formatter = (getattr(view, "column_formatters", None) or {}).get(key)
        if formatter is not None and isinstance(value, str):
            shown = _run_formatter(view, formatter, model, key, value)
            if shown is not None:
                return shown
    rel = _relationship_for(model, key)
    if rel is not None:
        target = db.session.get(rel.mapper.class_, value)
        return record_name(target) if target is not None else f"#{value}"
    if isinstance(value, str):
        return _as_datetime_text(value) or value
    return str(value)


def _run_formatter(view: Any, formatter: Any, model: type, key: str, value: str) -> str | None:
    # Enum formatters read the one attribute; any other formatter (one that needs the whole
    # record) fails or answers the raw value, and the raw value is shown instead.
    try:
        instance = sa_inspect(model).class_manager.new_instance()
        setattr(instance, key, value)
        shown = formatter(view, None, instance, key)
    except Exception:
        return None
    if shown is None or isinstance(shown, Markup):
        return None
    text = str(shown)
    return text if text and text != value else None


def describe_changes(table: str, action: str, changes: dict[str, Any] | None) -> list[tuple[str, str, str | None]]:
    """(field label, old value label or the value, new value label) of an audit entry's changes.

    Updates give old → new; a create or delete gives its non-empty values (the third item None).
    Columns no view labels are bookkeeping and left out.
    """
    model = model_for_table(table) if table else None
    rows: list[tuple[str, str, str | None]] = []
    for key, change in (changes or {}).items():
        label = field_label(model, key) if model is not None else None
        if label is None:
            if model is not None:
                continue
            label = key
        if action == "update" and isinstance(change, list | tuple) and len(change) == 2:
            old, new = change
            if model is not None:
                empty = translate("（空）")
                rows.append((label, value_label(model, key, old) or empty, value_label(model, key, new) or empty))
            else:
                rows.append((label, str(old), str(new)))
        else:
            shown = value_label(model, key, change) if model is not None else ("" if change is None else str(change))
            if shown:
                rows.append((label, shown, None))
    return rows


def changes_html(table: str, action: str, changes: dict[str, Any] | None) -> Markup:
    """The changes of an audit entry as label：old → new lines (escaped)."""
    lines = []
    for label, first, second in describe_changes(table, action, changes):
        lines.append(Markup("<div>{}</div>").format(_change_line(label, first, second)))
    return Markup("").join(lines)


def changes_text(table: str, action: str, changes: dict[str, Any] | None) -> str:
    """The changes of an audit entry as plain text (exports)."""
    return punctuation("；", "; ").join(
        _change_line(label, first, second) for label, first, second in describe_changes(table, action, changes)
    )


def _change_line(label: str, first: str, second: str | None) -> str:
    """One change as "label：value" or "label：old → new", in the user's language."""
    colon = punctuation("：", ": ")
    return f"{label}{colon}{first}" if second is None else f"{label}{colon}{first} → {second}"
