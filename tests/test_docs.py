"""docs/architecture.md stays true: every hook and every event class is documented there."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from importlib.metadata import entry_points

from core import hookspecs
from core.app import PROJECT_ROOT
from core.events.data import EVENT_NAME, EventData, all_event_classes
from core.plugins.host import ENTRY_POINT_GROUP

ARCHITECTURE = PROJECT_ROOT / "docs" / "architecture.md"
#: Where events are published from; tests/ publishes test-only events.
PUBLISHING_TREES = ("core", "plugins")
#: Sub-packages that declare no events (and some of which cannot be imported on their own).
SKIPPED = (".migrations", ".tests", ".testing", ".translations")


def hook_names() -> list[str]:
    """Every hook specified in core/hookspecs.py."""
    return sorted(name for name in dir(hookspecs) if getattr(getattr(hookspecs, name), "fazhi_spec", None))


def event_packages() -> list[str]:
    """The core and the package of every plugin registered in the ``fazhi.plugins`` entry points."""
    return ["core", *sorted(ep.value.rpartition(".")[0] for ep in entry_points(group=ENTRY_POINT_GROUP))]


def declared_event_classes() -> dict[str, type[EventData]]:
    """{event name: class} of every event class the core and the registered plugins declare.

    Every module of those packages is imported, so an event declared anywhere is seen.
    """
    packages = event_packages()
    for package in packages:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if not any(part in info.name for part in SKIPPED):
                importlib.import_module(info.name)
    found: dict[str, type[EventData]] = {}
    for cls in all_event_classes():
        if cls.__module__.split(".")[0] in ("core", "plugins") and cls.__module__.startswith(tuple(packages)):
            assert cls.name not in found, f"two event classes named {cls.name}: {found[cls.name]} and {cls}"
            found[cls.name] = cls
    return found


def publishing_with_a_name(source: str) -> list[int]:
    """Lines of ``publish(…)`` calls in `source` whose first argument is a string (a name, not an event)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        first = node.args[0]
        if called == "publish" and isinstance(first, ast.JoinedStr | ast.Constant):
            lines.append(node.lineno)
    return lines


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


def test_every_event_class_is_in_the_event_catalogue_and_nothing_else():
    declared = declared_event_classes()
    documented = set(catalogue_names())
    prefixes = {name.split(".")[0] for name in declared}
    assert {"core", "admin_review", "court"} <= prefixes, prefixes
    missing = {name: cls.__module__ for name, cls in declared.items() if name not in documented}
    assert not missing, f"event classes missing from the catalogue in docs/architecture.md: {missing}"
    gone = documented - set(declared)
    assert not gone, f"events in the catalogue that no event class declares any more: {sorted(gone)}"


def test_the_catalogue_lists_well_formed_names_once():
    names = catalogue_names()
    assert names, "the event catalogue is empty"
    assert len(names) == len(set(names))
    assert all(EVENT_NAME.match(name) for name in names), names


def test_events_are_published_as_instances_never_by_name():
    found = {}
    for tree in PUBLISHING_TREES:
        for path in sorted((PROJECT_ROOT / tree).rglob("*.py")):
            lines = publishing_with_a_name(path.read_text(encoding="utf-8"))
            if lines:
                found[str(path.relative_to(PROJECT_ROOT))] = lines
    assert not found, f"publish() called with a name instead of an event instance: {found}"


def test_the_scanner_sees_names_and_f_strings_but_not_docstrings():
    source = '''
"""Example: publish("doc.string.example", region_id=None)."""
from core.events import publish
import core.events as events

def go(case, verb):
    publish("demo.case.accepted", region_id=1, subject=case)
    events.publish(f"demo.case.{verb}", region_id=1)
    publish(CaseAccepted(case_id=case.id), region_id=1)
'''
    assert publishing_with_a_name(source) == [7, 8]
