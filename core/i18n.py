"""Languages: Chinese (zh_Hans_CN) first, English per user.

Messages are written in Chinese and are their own msgids; the English catalogs translate them:
the core's in ``core/translations``, each plugin's in ``plugins/<key>/translations`` (found by
the host), Flask-Admin's and WTForms' own from those packages. Labels declared as plain strings
(column labels, menu names, enum labels, indicator names) are translated where they are drawn,
by `translate`; messages built with values use ``gettext("…%(name)s…", name=value)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, before_render_template, g, has_request_context, request, session, template_rendered
from flask_babel import Babel, get_locale
from flask_babel import gettext as _gettext
from flask_login import current_user

CORE_TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The user's chosen language, else the session's, else Chinese (always Chinese outside a request)."""
    from flask import current_app

    if not has_request_context():
        # A command or a worker (an app context, no request): Chinese, as everything stored.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = current_app.config["FAZHI_LOCALES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
        return current_user.locale
    chosen = session.get("locale") or request.args.get("lang")
    if chosen in supported:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def translate(text: Any) -> Any:
    """`text` (a Chinese msgid) in the user's language.

    Itself outside a request, for Chinese users, for what is not a string and for what no
    catalog translates: labels are declared once, in Chinese, and drawn through here.
    """
    if not isinstance(text, str) or not text or not has_request_context():
        return text
    locale = get_locale()
    if locale is None or locale.language == "zh":
        return text
    translated = _gettext(text)
    return translated if translated else text


def say(message: str, **values: Any) -> str:
    """`message` (a Chinese msgid with ``%(name)s`` placeholders) in the user's language, filled in.

    Unlike Flask-Babel's `gettext` it works outside a request (the command line, a register's
    checks, the workers), where it is the Chinese text; for a Chinese user it is the msgid's text.
    """
    text = translate(message)
    return text % values if values else text


def joined(items: Any) -> str:
    """Names in a row: 、 between them in Chinese, a comma for a user who chose English."""
    return punctuation("、", ", ").join(str(item) for item in items)


def listing(labels: Any) -> str:
    """Labels translated and joined: "已受理、审理中" in Chinese, "Accepted, Under review" in English."""
    return joined(translate(str(label)) for label in labels)


def is_drawing() -> bool:
    """Whether a template is being drawn for the current request.

    A `LabelledEnum` label is translated only then: the same label, read while a request is
    handled (a deadline's name, a decision written into a case's history, a circular's text),
    is stored, and what is stored stays Chinese whoever typed it.
    """
    return has_request_context() and g.get("fazhi_drawing", 0) > 0


def _drawing_started(sender: Any, template: Any, context: Any, **extra: Any) -> None:
    g.fazhi_drawing = g.get("fazhi_drawing", 0) + 1


def _drawing_ended(sender: Any, template: Any, context: Any, **extra: Any) -> None:
    g.fazhi_drawing = max(g.get("fazhi_drawing", 0) - 1, 0)


def in_english() -> bool:
    """Whether the current request is drawn in English (False outside a request).

    For the few joins that carry no words, only punctuation ("标签：值", "甲、乙"), which the
    catalogs (Chinese msgids) cannot hold.
    """
    if not has_request_context():
        return False
    locale = get_locale()
    return locale is not None and locale.language == "en"


def punctuation(chinese: str, english: str) -> str:
    """`english` when the request is drawn in English, else `chinese` (e.g. "：" / ": ")."""
    return english if in_english() else chinese


def translate_pairs(pairs: Any) -> Any:
    """(value, label) pairs, e.g. a select's choices, with every label translated."""
    if not isinstance(pairs, list | tuple):
        return pairs
    out = []
    for pair in pairs:
        if isinstance(pair, tuple) and len(pair) >= 2:
            out.append((pair[0], translate(pair[1]), *pair[2:]))
        else:
            out.append(pair)
    return out


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
                # The builtin plugin lives in core/: its folder is the core's, listed once.
                if candidate.is_dir() and str(candidate) not in folders:
                    folders.append(str(candidate))
    return folders


def init_i18n(app: Flask, babel: Babel) -> None:
    """Initialise Flask-Babel (Flask-Admin's forms need it initialised, else KeyError 'babel')."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories(app))
    babel.init_app(app, locale_selector=select_locale)
    before_render_template.connect(_drawing_started, app)
    template_rendered.connect(_drawing_ended, app)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["tr"] = translate
    from core.clock import local_minute

    # Stored times are UTC; every page shows them in the offices' zone to the minute.
    app.jinja_env.filters["local_minute"] = local_minute


def refresh_translation_directories(app: Flask) -> None:
    """Re-read the catalog folders once the plugins are loaded."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories(app))
