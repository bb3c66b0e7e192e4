"""docs/architecture.md stays true: every hook and every published event name is documented there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from core import hookspecs
from core.app import PROJECT_ROOT
from core.events.types import EVENT_NAME

ARCHITECTURE = PROJECT_ROOT / "docs" / "architecture.md"
#: Where events are published from; tests/ publishes test-only events.
PUBLISHING_TREES = ("core", "plugins")


def hook_names() -> list[str]:
    """Every hook specified in core/hookspecs.py."""
    return sorted(name for name in dir(hookspecs) if getattr(getattr(hookspecs, name), "fazhi_spec", None))


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "literal"`` constants (an event name may be published through one)."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(getattr(node, "value", None), ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    constants[target.id] = node.value.value
    return constants


def published_names(source: str) -> set[str]:
    """Event names passed literally (or as a module constant) to a ``publish(…)`` call in `source`.

    Parsed, not grepped, so docstrings and comments that show ``publish("…")`` do not count.
    """
    tree = ast.parse(source)
    constants = _module_strings(tree)
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if called != "publish":
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
        elif isinstance(first, ast.Name) and first.id in constants:
            names.add(constants[first.id])
    return names


def published_event_names() -> dict[str, list[str]]:
    """{event name: [files publishing it]} over core/ and plugins/."""
    found: dict[str, list[str]] = {}
    for tree in PUBLISHING_TREES:
        for path in sorted((PROJECT_ROOT / tree).rglob("*.py")):
            for name in published_names(path.read_text(encoding="utf-8")):
                found.setdefault(name, []).append(str(path.relative_to(PROJECT_ROOT)))
    return found


def events_section() -> str:
    """The "## Events" section of docs/architecture.md."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    match = re.search(r"^## Events\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert match, "docs/architecture.md has no '## Events' section"
    return match.group(1)


def catalogue_names() -> list[str]:
    """Event names in the first column of the event catalogue table."""
    section = events_section()
    catalogue = section[section.index("### Event catalogue") :]
    return re.findall(r"^\| `([^`]+)` \|", catalogue, flags=re.M)


def test_every_hook_is_documented():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [name for name in hook_names() if f"`{name}(" not in text]
    assert hook_names(), "no hookspecs found"
    assert not missing, f"hooks missing from docs/architecture.md: {missing}"


def test_every_published_event_is_in_the_event_catalogue():
    documented = set(catalogue_names())
    missing = {name: files for name, files in published_event_names().items() if name not in documented}
    assert not missing, f"events published but missing from the catalogue in docs/architecture.md: {missing}"


def test_the_catalogue_lists_well_formed_names_once():
    names = catalogue_names()
    assert names, "the event catalogue is empty"
    assert len(names) == len(set(names))
    assert all(EVENT_NAME.match(name) for name in names), names


def test_the_scanner_sees_calls_and_constants_but_not_docstrings(tmp_path: Path):
    source = '''
"""Example: publish("doc.string.example", region_id=None)."""
from core.events import publish
import core.events as events
RECEIVED = "demo.case.received"

def go(case):
    publish("demo.case.accepted", region_id=1, subject=case)
    events.publish(RECEIVED, region_id=1)
    publish(case.event_name, region_id=1)  # not literal: cannot be checked
'''
    assert published_names(source) == {"demo.case.accepted", "demo.case.received"}
