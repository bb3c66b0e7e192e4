"""The project's contract: plugins declared as entry points, pages with local assets only."""

from __future__ import annotations

import re
import tomllib

from core.app import PROJECT_ROOT
from core.testing.fixtures import builtin_plugin_modules


def test_every_builtin_plugin_is_declared_as_an_entry_point():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = pyproject["project"].get("entry-points", {}).get("fazhi.plugins", {})
    assert sorted(declared.values()) == builtin_plugin_modules()
    for key, module in declared.items():
        assert module == f"plugins.{key}.plugin"


def test_pages_load_nothing_from_outside(login_as):
    client = login_as("city_admin")
    for url in ("/login", "/admin/", "/admin/units/", "/admin/units/new/", "/admin/audit/", "/admin/modules/"):
        html = client.get(url).get_data(as_text=True)
        references = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert references, url
        external = [r for r in references if re.match(r"^(https?:)?//", r)]
        assert external == [], (url, external)
