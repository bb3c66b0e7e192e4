"""The admin shell: Flask-Admin 2 with the Bootstrap 4 theme, core views and plugin views."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from core.admin.views import ReadOnlyScopedModelView, ScopedAjaxLoader, ScopedBaseView, ScopedModelView, user_can_write
from core.plugins.host import PluginHost

__all__ = [
    "ReadOnlyScopedModelView",
    "ScopedAjaxLoader",
    "ScopedBaseView",
    "ScopedModelView",
    "init_admin",
    "user_can_write",
]

SUITE_NAME = "法治政府建设管理平台"


def init_admin(app: Flask, host: PluginHost) -> Admin:
    """Build the admin: the home page, then every plugin's views (the core's own included)."""
    from core.admin.home import HomeView
    from core.i18n import CORE_TRANSLATIONS
    from core.security import csp_nonce

    admin = Admin(
        app,
        name=SUITE_NAME,
        theme=Bootstrap4Theme(base_template="fazhi/master.html", fluid=True),
        index_view=HomeView(name="首页", url="/admin"),
        csp_nonce_generator=csp_nonce,
        # Our admin.mo fills the messages Flask-Admin's shipped Chinese catalogue lacks.
        translations_path=str(CORE_TRANSLATIONS),
    )
    for key, view in host.collect("register_admin_views", ctx=None):
        if getattr(view, "plugin_key", None) is None and key in host.plugins and host.plugins[key].switchable:
            view.plugin_key = key
        admin.add_view(view)
    app.extensions["fazhi.admin"] = admin
    return admin
