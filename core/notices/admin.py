"""Notice pages: all notices, 发给本单位的通知, 本级签发的通知, 逾期未整改; issuing by hand; the steps."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import false
from wtforms import SelectField
from wtforms.validators import Optional

from core import clock
from core.admin.describe import subject_column, subject_column_text
from core.admin.filters import RegionSubtreeFilter
from core.admin.views import ScopedModelView, user_can_write
from core.extensions import db
from core.i18n import punctuation, translate
from core.models import Unit
from core.notices.models import Notice
from core.notices.operations import TRANSITIONS, NoticeError, issue_notice, transition_notice
from core.notices.types import AWAITING_RECTIFICATION, NoticeKind, NoticeState

CATEGORY = _l("督查督办")


def _kind(view: Any, context: Any, model: Notice, name: str) -> str:
    return NoticeKind.label_of(model.kind)


def _state(view: Any, context: Any, model: Notice, name: str) -> str:
    return NoticeState.label_of(model.state)


def may_issue(user: Any) -> bool:
    """Who may issue a notice by hand: admins and staff of a rule-of-law office."""
    if not getattr(user, "is_authenticated", False) or not user.can_write:
        return False
    if user.is_region_admin:
        return True
    unit = db.session.get(Unit, user.unit_id) if user.unit_id else None
    return bool(unit is not None and unit.is_legal_office)


class NoticeView(ScopedModelView):
    """通知: every notice of the user's regions; the legal office issues one by hand here."""

    can_edit = False  # a notice changes only through its steps
    can_delete = False  # …and is withdrawn, never deleted
    column_default_sort = ("issued_at", True)
    column_list = ["number", "kind", "title", "target_unit", "issued_at", "rectify_by", "state", "region"]
    column_details_list = [
        "number",
        "kind",
        "title",
        "basis",
        "body",
        "target_unit",
        "issuer_unit",
        "issued_by",
        "subject_type",
        "issued_at",
        "rectify_by",
        "state",
        "state_changed_at",
        "withdrawn_reason",
        "rule_key",
        "region",
    ]
    column_labels = {
        "number": "文号",
        "year": "年度",
        "kind": "类别",
        "title": "标题",
        "basis": "依据",
        "body": "正文",
        "target_unit": "受文单位",
        "target_unit.name": "受文单位",
        "issuer_unit": "签发机关",
        "issued_by": "签发人",
        "subject_type": "所涉记录",
        "subject_id": "记录编号",
        "issued_at": "签发时间",
        "rectify_by": "整改期限",
        "state": "状态",
        "state_changed_at": "状态变更时间",
        "withdrawn_reason": "撤回理由",
        "rule_key": "规则",
        "region": "签发区划",
        "region.name": "签发区划",
    }
    column_formatters = {"kind": _kind, "state": _state, "subject_type": subject_column}
    column_formatters_export = {"kind": _kind, "state": _state, "subject_type": subject_column_text}
    column_choices = {
        "kind": NoticeKind.choices(),
        "state": NoticeState.choices(),
    }
    column_searchable_list = ["number", "title"]
    column_filters = [
        "kind",
        "state",
        "year",
        "rectify_by",
        "issued_at",
        "target_unit.name",
        "region.name",
        RegionSubtreeFilter(Notice.region_id, "签发区划"),
        "rule_key",
        "subject_type",
        "subject_id",
    ]
    column_sortable_list = ["number", "kind", "issued_at", "rectify_by", "state"]
    form_columns = ["kind", "title", "basis", "target_unit", "rectify_by", "body"]
    form_overrides = {"kind": SelectField}
    form_args = {
        "kind": {"label": "类别", "choices": NoticeKind.choices()},
        "title": {"label": "标题"},
        "basis": {"label": "依据"},
        "target_unit": {"label": "受文单位"},
        # Empty means the default period, so the NOT NULL column must not make the field required.
        "rectify_by": {"label": "整改期限（空：签发之日起十五日）", "validators": [Optional()]},
        "body": {"label": "正文"},
    }

    def is_record_locked(self, model: Notice) -> str | None:
        """A closed (销号) or withdrawn notice is final: it is kept as it was for the record."""
        if model.state == NoticeState.CLOSED:
            return "已销号的通知不能再修改。"
        if model.state == NoticeState.WITHDRAWN:
            return "已撤回的通知不能再修改。"
        return None

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return bool(self._declared_can_create and user_can_write() and may_issue(current_user))

    def restrict(self, query: Any) -> Any:
        """What this page shows of the scoped notices (subclasses narrow it)."""
        return query

    def get_query(self) -> Any:
        return self.restrict(super().get_query())

    def get_count_query(self) -> Any:
        return self.restrict(super().get_count_query())

    def create_model(self, form: Any) -> Any:
        """Issue through `issue_notice` (number, signatory, event), not a bare INSERT."""
        try:
            unit = form.target_unit.data
            notice = issue_notice(
                kind=form.kind.data,
                target_unit_id=unit.id if unit is not None else 0,
                title=form.title.data or "",
                basis=form.basis.data or "",
                region_id=current_user.region_id,
                rectify_by=form.rectify_by.data,
                body=form.body.data or "",
                issued_by=current_user._get_current_object(),
            )
            db.session.commit()
        except NoticeError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return False
        flash(gettext("已签发：%(number)s", number=notice.number), "success")
        return notice

    @expose("/step/<int:notice_id>", methods=["POST"])
    def step(self, notice_id: int) -> Any:
        """Take one step on a notice (form fields ``action`` and ``comment``)."""
        notice = self.get_one(str(notice_id))  # scoped: 404 outside the user's regions
        action = request.form.get("action", "")
        if action not in TRANSITIONS:
            abort(400)
        try:
            transition_notice(
                notice, action, user=current_user._get_current_object(), comment=request.form.get("comment", "")
            )
            db.session.commit()
            flash(f"{translate(TRANSITIONS[action].label)}{punctuation('：', ': ')}{notice.number}", "success")
        except NoticeError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        target = request.form.get("next") or ""
        # Back to the page the button was on, if it is a local path (no open redirect).
        if not target.startswith("/") or target.startswith("//"):
            target = url_for(".details_view", id=notice_id)
        return redirect(target)


class NoticesToMyUnitView(NoticeView):
    """发给本单位的通知: notices addressed to the user's unit."""

    can_create = False

    def restrict(self, query: Any) -> Any:
        unit_id = current_user.unit_id
        return query.filter(Notice.target_unit_id == unit_id if unit_id else false())


class NoticesIssuedView(NoticeView):
    """本级签发的通知: notices issued in the user's own region (by its legal office or a rule)."""

    can_create = False

    def restrict(self, query: Any) -> Any:
        return query.filter(Notice.region_id == current_user.region_id)


class OverdueNoticesView(NoticeView):
    """逾期未整改: notices whose rectification date has passed without a rectification report."""

    can_create = False
    column_default_sort = ("rectify_by", False)

    def restrict(self, query: Any) -> Any:
        return query.filter(Notice.state.in_(AWAITING_RECTIFICATION), Notice.rectify_by < clock.today())


def notice_admin_views() -> list[Any]:
    """The notice pages, in menu order."""
    return [
        NoticeView(Notice, name="全部通知", category=CATEGORY, endpoint="notices"),
        NoticesToMyUnitView(Notice, name="发给本单位的通知", category=CATEGORY, endpoint="notices_to_my_unit"),
        NoticesIssuedView(Notice, name="本级签发的通知", category=CATEGORY, endpoint="notices_issued"),
        OverdueNoticesView(Notice, name="逾期未整改", category=CATEGORY, endpoint="notices_overdue"),
    ]
