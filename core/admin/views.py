"""The scoped base views every admin view of the suite derives from.

Flask-Admin filters only the list; `ScopedModelView` closes every other path it offers
(details, edit, delete, inline edit, bulk actions, export, ajax look-ups, relationship
drop-downs), and checks module switches and roles, so a plugin view declares columns only.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from flask import abort, flash, g, has_request_context, redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.actions import action
from flask_admin.babel import gettext as admin_gettext
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.helpers import get_redirect_target
from flask_admin.model import template as row_templates
from flask_admin.model.ajax import DEFAULT_PAGE_SIZE
from flask_admin.model.fields import InlineFieldList
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError
from wtforms import FieldList, FormField, ValidationError

from core import clock, modules, reporting, tenancy
from core.extensions import db
from core.i18n import translate, translate_pairs
from core.models.base import RegionOwned
from core.refusals import Refusal, attach_to_form

_WRITE_FLAGS = ("can_create", "can_edit", "can_delete")


def escape_spreadsheet_formula(value: Any) -> Any:
    """Make a cell that Excel would run as a formula (= + - @, tab, CR) plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def ascii_filename(filename: str, default: str = "download") -> str:
    """A plain-ASCII stand-in for `filename` (letters, digits, ``._-`` only; its extension kept).

    Old clients read only ``filename=``: it must never carry quotes, slashes or markup from a title.
    """
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    safe_stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-") or default
    safe_extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10]
    return f"{safe_stem[:80]}.{safe_extension}" if safe_extension else safe_stem[:80]


def content_disposition(filename: str) -> str:
    """An attachment header keeping a Chinese file name (RFC 5987 ``filename*``) with an ASCII fallback."""
    return f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _local_minute(view: Any, value: dt.datetime, name: str = "") -> str:
    return clock.local_minute(value)


def user_can_write() -> bool:
    """Whether the current user may change records (viewers read only)."""
    if not has_request_context():  # Flask-Admin reads the flags once at start-up
        return True
    return bool(getattr(current_user, "is_authenticated", False) and current_user.can_write)


class AccessMixin:
    """Login, role and module-switch checks shared by model views and plain pages."""

    #: The plugin this view belongs to; None for core views that cannot be switched off.
    plugin_key: str | None = None
    #: Only region admins (and system admins) may open the view.
    admin_only: bool = False
    #: Only system admins may open the view.
    system_admin_only: bool = False

    def is_accessible(self) -> bool:
        if not getattr(current_user, "is_authenticated", False):
            return False
        if self.system_admin_only and not current_user.is_system_admin:
            return False
        if self.admin_only and not current_user.is_region_admin:
            return False
        return not (self.plugin_key and not modules.is_enabled(self.plugin_key, current_user.region_id))

    def is_visible(self) -> bool:
        try:
            return self.is_accessible()
        except RuntimeError:  # outside a request (menu built at start-up)
            return True

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not getattr(current_user, "is_authenticated", False):
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class _UnlessLocked:
    """A list row action drawn only for rows whose view does not lock them (`is_record_locked`)."""

    def render(self, context: Any, row_id: str, row: Any) -> Any:
        view = context.resolve("admin_view")
        if view.is_record_locked(row):
            return ""
        return super().render(context, row_id, row)  # type: ignore[misc]


class LockAwareEditRowAction(_UnlessLocked, row_templates.EditRowAction):
    """The list's edit pencil, left out for a locked row."""


class _DeleteButton(row_templates.DeleteRowAction):
    """Flask-Admin's delete form of a list row (`row_actions.delete_row`), written out in Python.

    The macro draws its hidden fields through WTForms widgets, a third of a list page's drawing
    time for twenty rows; this writes the same form (with fazhi.js's confirmation instead of the
    inline handler, see core.security) directly.
    """

    def render(self, context: Any, row_id: str, row: Any) -> Any:
        view = context.resolve("admin_view")
        return Markup(
            '<form class="icon" method="POST" action="{action}">'
            '<input id="id" name="id" type="hidden" value="{id}">'
            '<input id="url" name="url" type="hidden" value="{url}">'
            '<input type="hidden" name="csrf_token" value="{token}"/>'
            '<button data-fazhi-confirm="{confirm}" title="{title}">'
            '<span class="fa fa-trash glyphicon glyphicon-trash"></span></button></form>'
        ).format(
            action=view.get_url(".delete_view"),
            id=view.get_pk_value(row),
            url=context.resolve("return_url"),
            token=generate_csrf(),
            confirm=admin_gettext("Are you sure you want to delete this record?"),
            title=admin_gettext("Delete Record"),
        )


class LockAwareDeleteRowAction(_UnlessLocked, _DeleteButton):
    """The list's delete button, left out for a locked row."""


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """An ajax look-up that only finds records the user may see (Flask-Admin #2414)."""

    def get_query(self) -> Any:
        query = super().get_query()
        criterion = tenancy.scope_filter(self.model)
        return query if criterion is None else query.filter(criterion)

    def get_one(self, pk: Any) -> Any:
        return self.get_query().filter(self.model_pk_column() == pk).one_or_none()

    def model_pk_column(self) -> Any:
        return getattr(self.model, self.pk)

    def get_list(self, term: str, offset: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> Any:
        return super().get_list(term, offset, limit)


class ScopedModelConverter(AdminModelConverter):
    """Relationship drop-downs list only records the user may see (Flask-Admin #397)."""

    def _model_select_field(self, prop: Any, multiple: Any, remote_model: type, **kwargs: Any) -> Any:
        # An ajax field takes no query_factory: its loader (`ScopedAjaxLoader`) is scoped itself.
        ajax = prop.key in getattr(self.view, "_form_ajax_refs", {})
        if not ajax and "query_factory" not in kwargs and hasattr(remote_model, "scope_column"):

            def scoped_choices() -> Any:
                query = db.session.query(remote_model)
                criterion = tenancy.scope_filter(remote_model)
                return query if criterion is None else query.filter(criterion)

            kwargs["query_factory"] = scoped_choices
        return super()._model_select_field(prop, multiple, remote_model, **kwargs)


class ScopedModelView(AccessMixin, ModelView):
    """Base of every model view: region scoping, module switches, roles, Chinese messages.

    Subclasses declare `plugin_key` and the usual Flask-Admin attributes. A region-owned
    model is limited to the user's region subtree (and to regions where the plugin is on) on
    every path; a record outside answers 404.
    """

    model_form_converter = ScopedModelConverter
    can_view_details = True
    can_export = True
    export_types = ["xlsx", "csv"]
    page_size = 20
    can_set_page_size = True
    details_template = "fazhi/model/details.html"
    _declared_can_create = True
    _declared_can_edit = True
    _declared_can_delete = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A subclass writing `can_edit = False` would shadow the role-aware properties below.
        for flag in _WRITE_FLAGS:
            if flag in cls.__dict__ and not isinstance(cls.__dict__[flag], property):
                setattr(cls, f"_declared_{flag}", cls.__dict__[flag])
                delattr(cls, flag)

    def __init__(self, model: type, session: Any = None, **kwargs: Any) -> None:
        super().__init__(model, session or db, **kwargs)
        # Times are stored in UTC; every list, details page and export shows local time to the
        # minute. First in each map: Flask-Admin takes the first type that matches.
        for attribute in ("column_type_formatters", "column_type_formatters_detail", "column_type_formatters_export"):
            formatters = getattr(self, attribute) or {}
            setattr(self, attribute, {dt.datetime: _local_minute, **formatters})

    # -- columns users see -------------------------------------------------------------------

    def _labelled(self, columns: list[tuple[Any, str]], declared: Any) -> list[tuple[Any, str]]:
        # A view that lists no columns shows those it labels: an unlabelled column is
        # bookkeeping (timestamps, hashes, render claims) that users have no word for.
        if declared:
            return columns
        labels = self.column_labels or {}
        return [(column, label) for column, label in columns if column in labels]

    def get_list_columns(self) -> list[tuple[Any, str]]:
        return self._labelled(super().get_list_columns(), self.column_list)

    def get_details_columns(self) -> list[tuple[Any, str]]:
        return self._labelled(super().get_details_columns(), self.column_details_list)

    def get_export_columns(self) -> list[tuple[Any, str]]:
        return self._labelled(super().get_export_columns(), self.column_export_list or self.column_list)

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return self._declared_can_create and user_can_write()

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return self._declared_can_edit and user_can_write()

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return self._declared_can_delete and user_can_write()

    # -- the scope -------------------------------------------------------------------

    def visible_region_ids(self) -> frozenset[int] | None:
        """Regions whose records this view shows: the user's subtree where the module is on."""
        return reporting.visible_region_ids(self.plugin_key)

    def _scope(self, query: Any) -> Any:
        criterion = tenancy.scope_filter(self.model, self.visible_region_ids())
        return query if criterion is None else query.filter(criterion)

    def get_query(self) -> Any:
        return self._scope(super().get_query())

    def get_count_query(self) -> Any:
        return self._scope(super().get_count_query())

    def coerce_ids(self, ids: Any) -> list[Any]:
        """Ids from a form or URL as the primary key's type; ids that cannot be are dropped.

        PostgreSQL (psycopg 3 binds on the server) refuses ``integer = varchar``, which is what
        Flask-Admin's raw string ids would give.
        """
        python_type = self.model.__mapper__.primary_key[0].type.python_type
        coerced = []
        for raw in ids:
            try:
                coerced.append(python_type(raw))
            except (TypeError, ValueError):
                continue
        return coerced

    def get_one(self, id: Any) -> Any:
        # Flask-Admin's get_one is an unfiltered session.get (#1739): go through the scoped query.
        record = self.scoped_query_for_ids([id]).one_or_none()
        if record is None:
            abort(404)
        return record

    # -- records that must not change --------------------------------------------------

    def is_record_locked(self, model: Any) -> str | None:
        """Why `model` must not be edited or deleted any more (a Chinese sentence), or None.

        The one hook for read-only records (a published circular, a decided case…): a locked
        record shows no edit or delete button in the list or on its page, and a direct POST to
        edit or delete it is refused with this reason, nothing changed. Steps a record still
        takes through its own actions (serving a decided case) are not affected.
        """
        return None

    def get_list_row_actions(self) -> list[Any]:
        swap = {
            row_templates.EditRowAction: LockAwareEditRowAction,
            row_templates.DeleteRowAction: LockAwareDeleteRowAction,
        }
        return [swap[type(a)]() if type(a) in swap else a for a in super().get_list_row_actions()]

    def _refuse_locked(self, model: Any) -> bool:
        reason = self.is_record_locked(model)
        if reason:
            flash(reason, "error")
        return bool(reason)

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self) -> Any:
        record_id = request.args.get("id")
        if record_id is not None and self.can_edit:
            model = self.get_one(record_id)
            if self._refuse_locked(model):
                return redirect(self.get_url(".details_view", id=record_id, url=get_redirect_target()))
        return super().edit_view()

    def update_model(self, form: Any, model: Any) -> Any:
        if self._refuse_locked(model):
            return False
        # The form is kept so a Refusal raised while saving can be written under its field.
        g.fazhi_form = form
        return super().update_model(form, model)

    def delete_model(self, model: Any) -> Any:
        if self._refuse_locked(model):
            return False
        return super().delete_model(model)

    @action(
        "delete", admin_lazy_gettext("Delete"), admin_lazy_gettext("Are you sure you want to delete selected records?")
    )
    def action_delete(self, ids: Any) -> None:
        return super().action_delete(self.coerce_ids(ids))

    def _create_ajax_loader(self, name: str, options: dict[str, Any]) -> Any:
        attr = getattr(self.model, name)
        remote_model = attr.prop.mapper.class_
        return ScopedAjaxLoader(name, self.session, remote_model, **options)

    def scoped_query_for_ids(self, ids: list[str] | tuple[str, ...]) -> Any:
        """The records among `ids` the user may see: what every custom action must use."""
        pk = self.model.__mapper__.primary_key[0]
        return self.get_query().filter(pk.in_(self.coerce_ids(ids)))

    def record_panels(self, record: Any) -> list[Any]:
        """The panels (attachments, history, deadlines…) under a record's details."""
        from core.panels import panels_for

        return panels_for(record)

    # -- language ----------------------------------------------------------------------

    def render(self, template: str, **kwargs: Any) -> Any:
        """Draw a page with the labels declared in Chinese translated for the user's language.

        Flask-Admin computes columns, filters and forms once, when the view is made (outside any
        request), so their labels are translated here, as each page is drawn.
        """
        for key in ("list_columns", "details_columns"):
            if kwargs.get(key):
                kwargs[key] = translate_pairs(kwargs[key])
        if kwargs.get("filter_groups"):
            kwargs["filter_groups"] = {
                " / ".join(map(translate, group.split(" / "))): [
                    {**item, "options": translate_pairs(item.get("options"))} for item in items
                ]
                for group, items in kwargs["filter_groups"].items()
            }
        if kwargs.get("actions"):
            kwargs["actions"] = translate_pairs(kwargs["actions"])
        if kwargs.get("form") is not None:
            translate_form(kwargs["form"])
        return super().render(template, **kwargs)

    def search_placeholder(self) -> str | None:
        """The searched columns' labels, in the user's language."""
        placeholder = super().search_placeholder()
        return ", ".join(translate(part) for part in placeholder.split(", ")) if placeholder else placeholder

    # -- search ----------------------------------------------------------------------

    def _indexed_search(self) -> bool:
        from core import search as search_index

        indexed = set(search_index.searchable_columns(self.model))
        return bool(indexed) and indexed >= {getattr(c, "key", c) for c in (self.column_searchable_list or [])}

    def get_list(
        self, page: Any, sort_column: Any, sort_desc: Any, search: Any, filters: Any, *args: Any, **kwargs: Any
    ) -> Any:
        # With a search and no column filters the count can come from the search index alone.
        g.fazhi_count_from_index = bool(search) and not filters
        try:
            return super().get_list(page, sort_column, sort_desc, search, filters, *args, **kwargs)
        finally:
            g.pop("fazhi_count_from_index", None)

    def _apply_sorting(self, query: Any, joins: Any, sort_column: Any, sort_desc: Any) -> Any:
        # Rows tied on the sort column (a date, a state) come in no fixed order on PostgreSQL, so a
        # row could show on two pages and another on none; the primary key breaks every tie.
        query, joins = super()._apply_sorting(query, joins, sort_column, sort_desc)
        return query.order_by(*sa_inspect(self.model).primary_key), joins

    def _apply_search(self, query: Any, count_query: Any, joins: Any, count_joins: Any, search: str) -> Any:
        # An indexed, exact substring search where the model has one (see core.search).
        from core import search as search_index

        dialect = db.engine.dialect.name
        terms = search.split(" ")
        if self._indexed_search():
            visible = self.visible_region_ids() if hasattr(self.model, "region_id") else None
            criterion = search_index.id_filter(self.model, terms, dialect, visible)
            if criterion is not None:
                query = query.filter(criterion)
                if count_query is not None:
                    if g.get("fazhi_count_from_index") and search_index.count_from_index(dialect, terms):
                        count_query = db.session.query(
                            search_index.count_statement(self.model, terms, visible, dialect).subquery()
                        )
                    else:
                        count_query = count_query.filter(
                            search_index.id_filter(self.model, terms, dialect, visible, for_count=True)
                        )
                return query, count_query, joins, count_joins
        return super()._apply_search(query, count_query, joins, count_joins, search)

    # -- exports ---------------------------------------------------------------------

    def get_export_value(self, model: Any, name: Any) -> Any:
        value = super().get_export_value(model, name)
        if value is not None and not isinstance(value, int | float | Decimal | dt.date | dt.time):
            # A related record (a measure's plan), a list, Markup: the file gets its text (Flask-Admin's
            # csv_encode is str()), so escape that text, not the object that would slip past as not-a-string.
            value = str(value)
        return escape_spreadsheet_formula(value)

    def _with_chinese_filename(self, response: Any, export_type: str) -> Any:
        # Flask-Admin runs the name through secure_filename, which drops every Chinese character.
        if response.status_code == 200:
            response.headers["Content-Disposition"] = content_disposition(self.get_export_name(export_type))
        return response

    def _export_csv(self, return_url: str) -> Any:
        # Flask-Admin streams CSV after the view returns, when the session and the request's
        # tenancy scope are gone; build it inside the request like the other formats.
        return self._export_tablib("csv", return_url)

    def _export_tablib(self, export_type: str, return_url: str) -> Any:
        return self._with_chinese_filename(super()._export_tablib(export_type, return_url), export_type)

    # -- writes ----------------------------------------------------------------------

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if isinstance(model, RegionOwned):
            if model.region_id is None and getattr(model, "region", None) is None:
                model.region_id = current_user.region_id
            region_id = model.region_id if model.region_id is not None else model.region.id
            visible = self.visible_region_ids()
            if visible is not None and region_id not in visible:
                raise ValidationError(_("不能把记录放到本辖区以外的行政区划。"))
        super().on_model_change(form, model, is_created)

    # Flask-Admin's create_model/update_model roll back and re-show the form (with the typed input)
    # after handle_view_exception; the form is kept here so a Refusal can be written under its field.
    def create_model(self, form: Any) -> Any:
        g.fazhi_form = form
        return super().create_model(form)

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, Refusal):
            attach_to_form(exc, g.get("fazhi_form"))
            flash(exc.text, "error")
            return True
        if isinstance(exc, ValidationError | tenancy.TenancyViolation):
            flash(str(exc) if isinstance(exc, ValidationError) else _("超出本辖区范围。"), "error")
            return True
        if isinstance(exc, IntegrityError):
            flash(_("未保存：与已有记录冲突（编号或名称重复？）。"), "error")
            return True
        return super().handle_view_exception(exc)


def translate_form(form: Any) -> Any:
    """Translate the labels, descriptions and choices of a form's fields (in place) for the page.

    Inline sub-forms (a contract's counterparties…) are translated too, including the blank
    row Flask-Admin draws as the template of a new one.
    """
    for field in form:
        label = getattr(field, "label", None)
        if label is not None and hasattr(label, "text"):
            label.text = translate(label.text)
        if isinstance(getattr(field, "description", None), str):
            field.description = translate(field.description)
        choices = getattr(field, "choices", None)
        if isinstance(choices, list):
            field.choices = translate_pairs(choices)
        if isinstance(field, FieldList):
            for entry in field.entries:
                translate_form(getattr(entry, "form", None) or [])
            if isinstance(field, InlineFieldList) and not isinstance(field.widget, _TranslatedTemplateWidget):
                field.widget = _TranslatedTemplateWidget(field.widget)
        elif isinstance(field, FormField):
            translate_form(field.form)
    return form


class _TranslatedTemplateWidget:
    """An inline list's widget that translates the blank row it draws for a new entry."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget

    def __call__(self, field: Any, **kwargs: Any) -> Any:
        template = kwargs.get("template")
        if template is not None:
            translate_form(getattr(template, "form", None) or [template])
        return self.widget(field, **kwargs)


class ScopedBaseView(AccessMixin, BaseView):
    """A plain admin page (not a model list) with the same access checks."""


class ReadOnlyScopedModelView(ScopedModelView):
    """A list nobody edits through the admin (the audit trail, event logs…)."""

    can_create = False
    can_edit = False
    can_delete = False


__all__ = [
    "AccessMixin",
    "AdminIndexView",
    "ReadOnlyScopedModelView",
    "ScopedAjaxLoader",
    "ScopedBaseView",
    "ScopedModelConverter",
    "ScopedModelView",
    "_l",
    "translate_form",
    "user_can_write",
]
