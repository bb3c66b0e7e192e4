"""Refresh the English catalogs of the core and of every plugin, then compile them.

    .venv/bin/python scripts/i18n.py            # extract, update every catalog, compile
    .venv/bin/python scripts/i18n.py --check    # fail when a catalog lacks a message the code has,
                                                # or two catalogs translate a message differently
    .venv/bin/python scripts/i18n.py --only court   # one package (core, or a plugin's key)

Messages are written in Chinese and are their own msgids (see core/i18n.py). A message is every
Chinese string constant in a module's code (labels, menu names, messages; docstrings, f-string
parts, demo data and command-line modules excepted) and every ``_()``/``gettext()`` call in its templates. Each package
has its catalog: ``core/translations/en`` and ``plugins/<key>/translations/en``; translate the
new entries of a ``messages.po`` (an empty msgstr shows the Chinese), then run this again.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CJK = tuple(chr(c) for c in range(0x4E00, 0xA000))
#: What is not the web interface: record content made up for the demo (and its copies at province
#: scale), tests, schema history, and the command line (its help and output stay Chinese, like the logs).
SKIPPED = ("demo.py", "demo_copy.py", "demo/", "tests/", "testing/", "migrations/", "skeleton_files/", "cli.py")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def extract_chinese(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """Babel extraction method: every Chinese string constant but docstrings and f-string parts."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # attribute docstrings and bare strings
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and _has_chinese(node.value)
        ):
            yield node.lineno, None, node.value, []


METHODS = [
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", extract_chinese),
]


def packages() -> list[tuple[Path, Path]]:
    """(source folder, catalog folder) of the core and of every plugin."""
    found = [(ROOT / "core", ROOT / "core" / "translations")]
    for plugin in sorted((ROOT / "plugins").iterdir()):
        if (plugin / "plugin.py").is_file():
            found.append((plugin, plugin / "translations"))
    return found


def template_for(source: Path) -> Catalog:
    """The messages of one package's code and templates."""
    template = Catalog(project="fazhi", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(source),
        METHODS,
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.do", "encoding": "utf-8"}},
    ):
        if any(part in filename for part in SKIPPED) or (source.name == "core" and filename.startswith("translations")):
            continue
        if source.name == "core" and filename.startswith("plugins/"):
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def refresh(source: Path, folder: Path, check: bool) -> list[str]:
    """Update (or check) one package's English catalog; the msgids it lacks."""
    po_path = folder / "en" / "LC_MESSAGES" / "messages.po"
    template = template_for(source)
    if po_path.is_file():
        with po_path.open("rb") as f:
            catalog = read_po(f, locale="en")
    else:
        catalog = Catalog(locale="en", project="fazhi", charset="utf-8")
    known = {m.id for m in catalog if m.id}
    missing = [m.id for m in template if m.id and m.id not in known]
    if check:
        return missing
    catalog.update(template, no_fuzzy_matching=True)
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, ignore_obsolete=True)
    with po_path.with_suffix(".mo").open("wb") as f:
        write_mo(f, catalog)
    return missing


def conflicts() -> dict[str, dict[str, str]]:
    """{msgid: {package: English}} for messages two catalogs translate differently.

    Flask-Babel merges the catalogs into one, so a Chinese word has one English word everywhere.
    """
    seen: dict[str, dict[str, str]] = {}
    for source, folder in packages():
        po_path = folder / "en" / "LC_MESSAGES" / "messages.po"
        if not po_path.is_file():
            continue
        with po_path.open("rb") as f:
            for message in read_po(f, locale="en"):
                if message.id and isinstance(message.id, str) and message.string:
                    seen.setdefault(message.id, {})[source.name] = message.string
    return {msgid: found for msgid, found in seen.items() if len(set(found.values())) > 1}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    failed = False
    for source, folder in packages():
        if only and source.name != only:
            continue
        missing = refresh(source, folder, check)
        name = source.relative_to(ROOT)
        if check and missing:
            failed = True
            print(f"{name}: {len(missing)} messages missing from its catalog, e.g. {missing[:3]}")
        elif not check:
            print(f"{name}: catalog updated ({len(missing)} new) and compiled")
    if check:
        for msgid, found in sorted(conflicts().items()):
            failed = True
            print(f"{msgid!r} is translated differently: {found}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
