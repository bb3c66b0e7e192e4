"""Record panels: the blocks shown under any record's details (attachments, history, …).

Each plugin (the core's builtin one too) returns its `RecordPanel`s from the hook
``register_record_panels(ctx)``; the app collects them once, one plugin at a time, and keeps
them in ``app.extensions["fazhi.panels"]`` — two apps in one process never share panels. A
panel renders for one record, and sees it only after the record's view has scoped it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, render_template
from markupsafe import Markup

from core.i18n import translate
from core.plugins.host import PluginHost, get_host

EXTENSION_KEY = "fazhi.panels"


@dataclass(frozen=True)
class Panel:
    """A rendered panel: a key (for the HTML id), a title and its HTML."""

    key: str
    title: str
    html: Markup


@dataclass(frozen=True)
class RecordPanel:
    """A panel a plugin offers: `render(record)` returns the `Panel`, or None where it has nothing to show."""

    #: Unique across the suite ("admin-review-hearings").
    key: str
    render: Callable[[Any], Panel | None]
    #: Lower first: attachments 10, the plugins' own panels 20–300, history 900.
    order: int = 100


def record_view(model: type) -> Any:
    """The admin view a record of `model` is shown and edited in, or None.

    Of the views over `model`, the first that edits it (a plugin may add read-only lists over a
    core model, e.g. counsel's coverage list of units), else the first.
    """
    admin = current_app.extensions["fazhi.admin"]
    views = [view for view in admin._views if getattr(view, "model", None) is model]
    editable = [view for view in views if getattr(view, "_declared_can_edit", True)]
    return (editable or views or [None])[0]


def render_panel(record: Any, key: str, title: str, template: str, /, **context: Any) -> Panel:
    """A panel drawn from `template` under `record`'s page, titled `title` (Chinese, translated).

    The template gets `context`, and, unless `context` says otherwise, ``can_edit`` and
    ``endpoint`` of the record's own view (`record_view`) for the forms and links a panel offers.
    """
    view = record_view(type(record))
    defaults = {"can_edit": bool(view and view.can_edit), "endpoint": view.endpoint if view else None}
    html = render_template(template, **(defaults | context))
    return Panel(key=key, title=translate(title), html=Markup(html))


def _check(result: Any, taken: set[str]) -> list[RecordPanel]:
    items = result if isinstance(result, list | tuple) else [result]
    panels = []
    for item in items:
        if not isinstance(item, RecordPanel) or not callable(item.render):
            raise TypeError(f"register_record_panels() 必须返回 core.panels.RecordPanel 列表，而不是 {item!r}")
        if item.key in taken:
            raise ValueError(f"面板 key {item.key!r} 重复")
        taken.add(item.key)
        panels.append(item)
    return panels


def collect_panels(host: PluginHost) -> list[RecordPanel]:
    """Every plugin's ``register_record_panels``, in order; a plugin answering nonsense adds none."""
    collected: list[RecordPanel] = []
    taken: set[str] = set()
    for key, result in host.call_each("register_record_panels"):
        if not result:
            continue
        try:
            collected.extend(_check(result, set(taken)))
        except Exception as exc:
            host.report_failure(key, "register_record_panels", exc)
            continue
        taken.update(p.key for p in collected)
    return sorted(collected, key=lambda p: (p.order, p.key))


def get_panels(app: Flask | None = None) -> list[RecordPanel]:
    """The record panels of `app` (default: the current app), collected once."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    panels = app.extensions.get(EXTENSION_KEY)
    if panels is None:
        panels = app.extensions[EXTENSION_KEY] = collect_panels(get_host(app))
    return panels


def panels_for(record: Any) -> list[Panel]:
    """The panels of `record`, in order; a renderer that returns None shows nothing."""
    rendered = []
    for panel in get_panels():
        shown = panel.render(record)
        if shown is not None:
            rendered.append(shown)
    return rendered
