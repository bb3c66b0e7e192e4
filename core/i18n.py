"""Languages: Chinese (zh_Hans_CN) first, English per user.

Messages in code are English msgids translated by catalogs: the core's in
``core/translations``, each plugin's in ``plugins/<key>/translations`` (found by the host),
Flask-Admin's and WTForms' own from those packages.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel
from flask_login import current_user

CORE_TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The user's chosen language, else the session's, else Chinese."""
    from flask import current_app

    supported = current_app.config["FAZHI_LOCALES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
        return current_user.locale
    chosen = session.get("locale") or request.args.get("lang")
    if chosen in supported:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def translation_directories(app: Flask) -> list[str]:
    """The core's catalog folder and every plugin's ``translations`` folder that exists."""
    folders = [str(CORE_TRANSLATIONS)]
    host = app.extensions.get("fazhi.plugins")
    if host is not None:
        for key in host.plugins:
            module = host.pm.get_plugin(key)
            origin = getattr(module, "__file__", None)
            if origin:
                candidate = Path(origin).resolve().parent / "translations"
                if candidate.is_dir():
                    folders.append(str(candidate))
    return folders


def init_i18n(app: Flask, babel: Babel) -> None:
    """Initialise Flask-Babel (Flask-Admin's forms need it initialised, else KeyError 'babel')."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories(app))
    babel.init_app(app, locale_selector=select_locale)
    from flask_babel import get_locale

    app.jinja_env.globals["get_locale"] = get_locale
    from core.clock import local_minute

    # Stored times are UTC; every page shows them in the offices' zone to the minute.
    app.jinja_env.filters["local_minute"] = local_minute


def refresh_translation_directories(app: Flask) -> None:
    """Re-read the catalog folders once the plugins are loaded."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories(app))
