"""HTTP security headers (Flask-Talisman) and the admin templates made to run under them.

Every response carries a Content-Security-Policy without ``'unsafe-inline'`` scripts: scripts
come from our own origin, and the few inline ones Flask-Admin writes carry the request's nonce
(`Admin(csp_nonce_generator=…)`). Flask-Admin's templates also hold inline event handlers
(``onclick="return faHelpers.safeConfirm(…)"``) and ``javascript:`` links, which no nonce can
allow; `PatchedAdminTemplates` serves those templates with each handler turned into a
``data-fazhi-*`` attribute that ``static/fazhi/fazhi.js`` binds. A patch that no longer finds its
text (a Flask-Admin upgrade) fails loudly at render time instead of silently leaving a handler.

Styles allow ``'unsafe-inline'``: Flask-Admin's vendored scripts (select2, the date pickers)
write ``style`` attributes, and a style cannot run code; ``img-src``/``font-src``/``connect-src``
``'self'`` keep an injected stylesheet from sending anything to another host.

``FAZHI_HTTPS`` (on in production) turns on ``Secure`` cookies and HSTS; Talisman sends HSTS
only on requests that arrived over HTTPS (directly or as ``X-Forwarded-Proto: https`` from the
reverse proxy, see ``FAZHI_PROXY_COUNT``).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import flask_admin
from flask import Flask, has_request_context, request
from flask_talisman import Talisman
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound

#: The policy; script-src and style-src get the request's nonce added by Talisman.
CONTENT_SECURITY_POLICY: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    # Bootstrap draws its form and menu icons as data: SVG images.
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    # The circular's preview is an iframe with srcdoc (same origin, inherits this policy).
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

FLASK_ADMIN_TEMPLATES = Path(flask_admin.__file__).resolve().parent / "templates" / "bootstrap4"

#: (template, text Flask-Admin writes, what we serve instead, how many times it occurs).
_PATCHES: list[tuple[str, str, str, int]] = [
    (
        "admin/model/row_actions.html",
        '<button onclick="return faHelpers.safeConfirm('
        "'{{ _gettext('Are you sure you want to delete this record?') }}');\"",
        "<button data-fazhi-confirm=\"{{ _gettext('Are you sure you want to delete this record?') }}\"",
        1,
    ),
    (
        "admin/actions.html",
        "onclick=\"return modelActions.execute('{{ p[0] }}');\"",
        'data-fazhi-action="{{ p[0] }}"',
        1,
    ),
    ("admin/model/layout.html", ' onclick="return false;"', "", 1),
    (
        "admin/model/inline_list_base.html",
        "onclick=\"faForm.addInlineField(this, '{{ field.id }}');\"",
        'data-fazhi-inline-add="{{ field.id }}"',
        1,
    ),
]

#: Clicking a ``javascript:`` link is inline script to the CSP; "#" with fazhi.js's
#: preventDefault behaves like Flask-Admin's ``javascript:void(0)``.
_JS_LINK = 'href="javascript:void(0)"'


def patched_source(name: str, source: str) -> str:
    """Flask-Admin's template `name` with its inline handlers replaced (see the module doc)."""
    for template, old, new, count in _PATCHES:
        if template != name:
            continue
        found = source.count(old)
        if found != count:
            raise RuntimeError(
                f"Flask-Admin's {name} changed: expected {count}× {old!r}, found {found}; update core/security.py"
            )
        source = source.replace(old, new)
    return source.replace(_JS_LINK, 'href="#"')


class PatchedAdminTemplates(BaseLoader):
    """Serves Flask-Admin's Bootstrap 4 templates (``admin/…``) with `patched_source` applied."""

    def __init__(self, folder: Path = FLASK_ADMIN_TEMPLATES) -> None:
        self.folder = folder

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        if not template.startswith("admin/"):
            raise TemplateNotFound(template)
        path = (self.folder / template).resolve()
        if self.folder not in path.parents or not path.is_file():
            raise TemplateNotFound(template)
        mtime = path.stat().st_mtime
        source = patched_source(template, path.read_text(encoding="utf-8"))
        return source, str(path), lambda: path.stat().st_mtime == mtime


def csp_nonce() -> str:
    """The current request's CSP nonce ('' outside a request).

    Made here when a page is drawn before Talisman's own before-request hook ran (an error raised
    by an earlier hook, e.g. the CSRF check): Talisman adds whatever nonce the request holds to
    the header afterwards, so the page and the header always agree.
    """
    if not has_request_context():
        return ""
    if not getattr(request, "csp_nonce", None):
        request.csp_nonce = secrets.token_urlsafe(24)  # type: ignore[attr-defined]
    return request.csp_nonce  # type: ignore[attr-defined]


def init_security(app: Flask) -> Talisman:
    """Security headers on every response and the patched admin templates (before `init_admin`)."""
    https = bool(app.config.get("FAZHI_HTTPS"))
    proxies = int(app.config.get("FAZHI_PROXY_COUNT") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind the intranet's reverse proxy: the client address (for the login limits) and the
        # scheme (for HSTS) come from its X-Forwarded-* headers, trusted for `proxies` hops only.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    talisman = Talisman(
        app,
        force_https=False,  # TLS ends at the proxy; redirecting is its job
        strict_transport_security=https,
        strict_transport_security_max_age=365 * 24 * 3600,
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=https,
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src"],
        permissions_policy={"browsing-topics": "()", "camera": "()", "microphone": "()", "geolocation": "()"},
        x_xss_protection=False,
    )
    if https:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.jinja_loader = ChoiceLoader(  # type: ignore[assignment]
        [FileSystemLoader(str(Path(app.root_path) / app.template_folder)), PatchedAdminTemplates()]
    )
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    return talisman
