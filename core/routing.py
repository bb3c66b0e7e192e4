"""URL rules that compile their URL builders on first use.

The suite registers about 470 routes (every Flask-Admin view brings ten). Werkzeug compiles two
URL-builder functions per rule through `ast` when the rule is added, which is about half of an
app's start-up (each gunicorn worker, each CLI command, each test). Most rules never build a URL
in a given process, so `LazyBuilderRule` compiles a builder the first time `url_for` needs it;
matching requests is untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    """A Werkzeug `Rule` whose URL builders are compiled when first called, then kept."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compiled: Callable[..., tuple[str, str]] | None = None

        # Bound to the rule by Rule.compile (``.__get__(self)``), like the function it stands for.
        def build(rule: Rule, **values: Any) -> tuple[str, str]:
            nonlocal compiled
            if compiled is None:
                compiled = Rule._compile_builder(rule, append_unknown)
            return compiled(rule, **values)

        return build
