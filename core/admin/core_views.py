"""The core's own admin views: regions, units, users, module switches, audit trail."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import PasswordField, SelectField
from wtforms.validators import Optional as OptionalValidator
from wtforms.validators import ValidationError

from core import modules, tenancy
from core.admin.describe import action_label, changes_html, changes_text, module_title, subject_column_text
from core.admin.views import ReadOnlyScopedModelView, ScopedBaseView, ScopedModelView
from core.extensions import db
from core.i18n import translate
from core.models import AuditEntry, Region, RegionLevel, Role, Unit, User
from core.models.tenancy import ROLE_RANK
from core.passwords import hash_password, password_problem
from core.plugins.host import get_host

CATEGORY = _l("系统管理")


class RegionView(ScopedModelView):
    """行政区划: the region tree; region admins add regions under their own."""

    admin_only = True
    can_delete = False
    column_list = ["name", "code", "level", "parent"]
    column_labels = {
        "name": _l("名称"),
        "code": _l("区划代码"),
        "level": _l("层级"),
        "parent": _l("上级"),
        "path": _l("路径"),
    }
    column_searchable_list = ["name", "code"]
    column_filters = ["level"]
    column_formatters = {"level": lambda v, c, m, p: RegionLevel.label_of(m.level)}
    form_columns = ["name", "code", "level", "parent"]
    form_overrides = {"level": SelectField}
    form_args = {"level": {"choices": RegionLevel.choices()}}

    def on_model_change(self, form: Any, model: Region, is_created: bool) -> None:
        visible = tenancy.current_scope()
        parent = model.parent
        if visible is not None and (parent is None or parent.id not in visible):
            raise ValidationError("只能在本级及下级行政区划中新增或调整区划")
        if model.code is not None and model.code.strip() == "":
            model.code = None


class UnitView(ScopedModelView):
    """单位: agencies and departments of each region."""

    column_list = ["name", "region", "credit_code", "is_legal_office"]
    column_labels = {
        "name": _l("单位名称"),
        "region": _l("所属区划"),
        "credit_code": _l("统一社会信用代码"),
        "is_legal_office": _l("法制机构"),
    }
    column_searchable_list = ["name"]
    column_filters = ["is_legal_office", "region.name"]
    form_columns = ["name", "region", "credit_code", "is_legal_office"]


class UserView(ScopedModelView):
    """用户: region admins manage the users of their subtree, never above their own role."""

    admin_only = True
    can_delete = False
    column_list = ["username", "full_name", "role", "region", "unit", "active"]
    column_labels = {
        "username": _l("用户名"),
        "full_name": _l("姓名"),
        "role": _l("角色"),
        "region": _l("所属区划"),
        "unit": _l("单位"),
        "active": _l("启用"),
        "locale": _l("界面语言"),
        "new_password": _l("新密码"),
    }
    column_searchable_list = ["username", "full_name"]
    column_formatters = {"role": lambda v, c, m, p: Role.label_of(m.role)}
    column_exclude_list = ["password_hash"]
    form_columns = ["username", "full_name", "role", "region", "unit", "locale", "active", "new_password"]
    form_extra_fields = {
        "new_password": PasswordField(_l("新密码"), validators=[OptionalValidator()]),
    }
    form_overrides = {"role": SelectField, "locale": SelectField}
    form_args = {
        "role": {"choices": Role.choices()},
        "locale": {"choices": [("zh_Hans_CN", "中文"), ("en", "English")]},
    }

    def get_query(self) -> Any:
        # Nobody sees (or edits) an account that outranks them.
        allowed = [r.value for r in Role if current_user.outranks_or_equals(r)]
        return super().get_query().filter(User.role.in_(allowed))

    def get_count_query(self) -> Any:
        allowed = [r.value for r in Role if current_user.outranks_or_equals(r)]
        return super().get_count_query().filter(User.role.in_(allowed))

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        if model.role not in {r.value for r in Role}:
            raise ValidationError(gettext("未知角色"))
        if not current_user.outranks_or_equals(model.role):
            raise ValidationError(gettext("不能授予高于自身的角色"))
        if ROLE_RANK[Role(model.role)] >= ROLE_RANK[Role.SYSTEM_ADMIN] and not current_user.is_system_admin:
            raise ValidationError(gettext("只有系统管理员可以设置系统管理员"))
        password = form.new_password.data if hasattr(form, "new_password") else None
        if is_created and not password:
            raise ValidationError(gettext("新用户必须设置密码"))
        if password:
            problem = password_problem(password)
            if problem:
                raise ValidationError(translate(problem))
            model.password_hash = hash_password(password)
        if model.unit is not None and model.unit.region_id != (model.region.id if model.region else model.region_id):
            raise ValidationError(gettext("所选单位不属于该用户的行政区划"))
        super().on_model_change(form, model, is_created)


class AuditView(ReadOnlyScopedModelView):
    """全程纪实: the append-only audit trail, searchable."""

    can_export = True
    column_default_sort = ("id", True)
    column_list = ["at", "username", "action", "subject_type", "summary", "remote_addr"]
    column_labels = {
        "at": _l("时间"),
        "username": _l("用户"),
        "action": _l("操作"),
        "subject_type": _l("所涉记录"),
        "subject_id": _l("记录编号"),
        "summary": _l("摘要"),
        "changes": _l("变更内容"),
        "remote_addr": _l("地址"),
        "region_id": _l("区划"),
    }
    column_searchable_list = ["username", "summary", "subject_type", "action"]
    column_filters = ["action", "subject_type", "subject_id", "username", "at"]
    column_details_list = [
        "at",
        "username",
        "action",
        "subject_type",
        "summary",
        "changes",
        "remote_addr",
    ]
    column_formatters = {
        "action": lambda v, c, m, n: action_label(m.action),
        # Named, not linked: the audit list's links must be its own entries (tests/test_tenancy.py).
        "subject_type": subject_column_text,
        "changes": lambda v, c, m, n: changes_html(m.subject_type, m.action, m.changes),
    }
    column_formatters_export = {
        "action": lambda v, c, m, n: action_label(m.action),
        "subject_type": subject_column_text,
        "changes": lambda v, c, m, n: changes_text(m.subject_type, m.action, m.changes),
    }


class ModulesView(ScopedBaseView):
    """模块管理: switch plugins on or off per region; shows plugins that failed to load."""

    admin_only = True

    def _regions(self) -> list[Region]:
        query = select(Region)
        criterion = tenancy.scope_filter(Region)
        if criterion is not None:
            query = query.where(criterion)
        # Depth-first with numeric ids: "/1/15/" must come after "/1/2/".
        return sorted(db.session.execute(query).scalars(), key=lambda r: r.ancestor_ids())

    @expose("/", methods=["GET"])
    def index(self) -> Any:
        host = get_host()
        regions = self._regions()
        with tenancy.unscoped():
            from core.models import ModuleSwitch

            explicit = {
                (s.region_id, s.plugin_key): s.enabled for s in db.session.execute(select(ModuleSwitch)).scalars()
            }
        rows = [
            (
                region,
                [
                    (key, modules.is_enabled(key, region.id), explicit.get((region.id, key)))
                    for key in host.switchable_keys
                ],
            )
            for region in regions
        ]
        return self.render(
            "fazhi/modules.html",
            plugins=host.plugins,
            keys=host.switchable_keys,
            rows=rows,
            failures=host.failures,
            module_title=module_title,
        )

    @expose("/switch", methods=["POST"])
    def switch(self) -> Any:
        host = get_host()
        key = request.form.get("plugin_key", "")
        state = request.form.get("state", "")
        try:
            region_id = int(request.form.get("region_id", ""))
        except ValueError:
            abort(400)
        if key not in host.switchable_keys or state not in {"on", "off", "inherit"}:
            flash("未知模块或状态", "error")
            return redirect(url_for(".index"))
        visible = tenancy.current_scope()
        if visible is not None and region_id not in visible:
            abort(404)
        region = db.session.get(Region, region_id)
        if region is None:
            abort(404)
        modules.set_module(region, key, {"on": True, "off": False, "inherit": None}[state], current_user)
        db.session.commit()
        flash(gettext("已更新：%(region)s · %(module)s", region=region.name, module=module_title(key)), "success")
        return redirect(url_for(".index"))


def core_admin_views() -> list[Any]:
    """The core's views, registered through the same hook as any plugin's."""
    return [
        RegionView(Region, name=_l("行政区划"), category=CATEGORY, endpoint="regions"),
        UnitView(Unit, name=_l("单位"), category=CATEGORY, endpoint="units"),
        UserView(User, name=_l("用户"), category=CATEGORY, endpoint="users"),
        ModulesView(name=_l("模块管理"), category=CATEGORY, endpoint="modules"),
        AuditView(AuditEntry, name=_l("全程纪实"), category=CATEGORY, endpoint="audit"),
    ]
