"""The suite's own error pages: 400 (a failed CSRF check included), 403, 404, 413, 500.

Shown in the admin's layout (menu and user menu) in the user's language; when the layout
itself cannot be drawn (the database is down, the error happened while drawing it), a plain
page with the same text. Requests that asked for JSON get ``{"error": …}``.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from core.admin.layout import render_in_layout
from core.extensions import db

log = logging.getLogger(__name__)


def _titles() -> dict[int, tuple[str, str]]:
    """(title, explanation) per status code, translated for the current request."""
    return {
        400: (_("请求有误"), _("服务器无法处理这个请求。请返回上一页检查填写的内容后重试。")),
        403: (_("无权访问"), _("您的账号没有打开这个页面或执行这个操作的权限。如需权限，请联系本单位的系统管理员。")),
        404: (_("页面不存在"), _("您要找的页面或记录不存在，或不在您的辖区范围内。")),
        413: (
            _("上传的文件过大"),
            _("一次上传的内容不能超过 %(mb)d MB。请压缩或拆分文件后重试。", mb=_max_upload_mb()),
        ),
        500: (_("系统出错"), _("处理您的请求时系统出错，已记录在日志中。请稍后重试；如仍出错，请联系系统管理员。")),
    }


def _max_upload_mb() -> int:
    return int((current_app.config.get("MAX_CONTENT_LENGTH") or 0) / (1024 * 1024))


def _same_site_referrer() -> str | None:
    referrer = request.referrer or ""
    return referrer if referrer.startswith(request.host_url) else None


def _render(code: int, title: str, message: str, retry_url: str | None = None) -> str:
    """The page in the admin layout, or the plain page when the layout fails."""
    context: dict[str, Any] = {
        "code": code,
        "title": title,
        "message": message,
        "retry_url": retry_url,
        "home_url": url_for("admin.index"),
    }
    if "fazhi.admin" in current_app.extensions and code != 500:
        try:
            return render_in_layout("fazhi/errors/page.html", **context)
        except Exception:  # the layout reads the menu from the database; never fail twice
            db.session.rollback()
            log.exception("error page %s could not use the admin layout", code)
    return render_template("fazhi/errors/plain.html", **context)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(code: int, retry_url: str | None = None, message: str | None = None) -> tuple[Any, int]:
    """The response for status `code` (a page, or JSON when the client asked for it)."""
    title, explanation = _titles().get(code, (_("请求有误"), ""))
    text = message or explanation
    if _wants_json():
        return jsonify(error=title, message=text), code
    return _render(code, title, text, retry_url), code


def init_errors(app: Flask) -> None:
    """Register the error pages on `app`."""

    @app.errorhandler(CSRFError)
    def _csrf_failed(exc: CSRFError) -> tuple[Any, int]:
        # A form left open too long, a second tab that logged out, a forged post: nothing was saved.
        return error_response(
            400,
            retry_url=_same_site_referrer() or url_for("admin.index"),
            message=_("页面已过期或安全校验未通过，您提交的内容没有保存。请重新载入页面后再试一次。"),
        )

    for code in (400, 403, 404, 405, 413):

        @app.errorhandler(code)
        def _client_error(exc: HTTPException) -> tuple[Any, int]:
            shown = exc.code if exc.code in (400, 403, 404, 413) else 400
            retry = _same_site_referrer() if shown in (400, 413) else None
            return error_response(shown, retry_url=retry)[0], exc.code or shown

    @app.errorhandler(InternalServerError)
    def _server_error(exc: InternalServerError) -> tuple[Any, int]:
        db.session.rollback()  # the failed request's transaction must not leak into the page
        return error_response(500)
