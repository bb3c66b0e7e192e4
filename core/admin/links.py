"""Links to filtered admin lists, so every figure on a page can lead to the records behind it.

Flask-Admin names a list filter in the URL by its position (``flt0_3=value``), which changes
whenever a view's filters change; `filtered_list_url` finds the position from the column and the
operation instead, so callers say what they mean: ``("state", "equals", "missed")``.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

#: (column key, operation as Flask-Admin names it in English: equals, between, in list, …, value)
Condition = tuple[str, str, Any]


def _view(endpoint: str) -> Any:
    admin = current_app.extensions["fazhi.admin"]
    for view in admin._views:
        if getattr(view, "endpoint", None) == endpoint:
            return view
    raise KeyError(f"no admin view with endpoint {endpoint!r}")


def _operation_name(flt: Any) -> str:
    operation = flt.operation()
    args = getattr(operation, "_args", None)
    return str(args[0] if args else operation)


def _column_key(flt: Any) -> str | None:
    column = getattr(flt, "column", None)
    return getattr(column, "key", None) or getattr(column, "name", None)


def filter_args(endpoint: str, *conditions: Condition) -> dict[str, str]:
    """The query arguments selecting `conditions` in the list of view `endpoint`."""
    view = _view(endpoint)
    args: dict[str, str] = {}
    for n, (column, operation, value) in enumerate(conditions):
        for index, flt in enumerate(view._filters or ()):
            if _column_key(flt) == column and _operation_name(flt) == operation:
                args[f"flt{n}_{view.get_filter_arg(index, flt)}"] = _text(value)
                break
        else:
            raise KeyError(f"view {endpoint!r} has no filter {operation!r} on {column!r}")
    return args


def filtered_list_url(endpoint: str, *conditions: Condition, **extra: Any) -> str:
    """The URL of the list of view `endpoint` with `conditions` applied as its own filters."""
    return url_for(f"{endpoint}.index_view", **filter_args(endpoint, *conditions), **extra)


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ",".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
