#!/usr/bin/env python3
"""Usage: python3 scripts/import_cycles.py [PROJECT_ROOT]

Print the import cycles among the project's modules (core/, plugins/, config/), counting
function-local imports too and leaving out `if TYPE_CHECKING:` blocks, tests and migrations.
Exit 1 if any. `tests/test_import_cycles.py` runs `find_cycles` so a new cycle fails the suite.
(Kept in the repository: a checkout without the shared tools must still check itself.)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

TOP_LEVEL = ("core", "plugins", "config")


def _modules(root: Path) -> dict[str, Path]:
    mods = {}
    for path in root.glob("**/*.py"):
        rel = path.relative_to(root)
        if rel.parts[0] not in TOP_LEVEL or "tests" in rel.parts or "migrations" in rel.parts:
            continue
        name = ".".join(rel.with_suffix("").parts)
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        mods[name] = path
    return mods


def import_graph(root: Path) -> dict[str, set[str]]:
    """{module: the project modules it imports}; ``from a import b`` counts `a` (its package face) too."""
    mods = _modules(root)

    def resolve(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in mods}
    for module, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skip.update(id(n) for n in ast.walk(node))
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                found = resolve(target)
                if found and found != module:
                    graph[module].add(found)
    return graph


def find_cycles(root: Path) -> list[list[str]]:
    """The strongly connected groups of more than one module (each an import cycle), sorted."""
    graph = import_graph(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))

    def strong(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return sorted(groups)


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    cycles = find_cycles(root)
    for cycle in cycles:
        print(f"cycle of {len(cycle)}: {', '.join(cycle)}")
    print(f"{len(cycles)} import cycle(s) among {len(import_graph(root))} modules")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
