"""The import graph has no cycle, between modules or between packages (issue 16).

Every `import` and `from … import` of the project's own modules counts, at module level
and inside functions alike (an import put in a function to dodge a cycle is still one),
except under `if TYPE_CHECKING:` (annotations only, never run). The rule families of
`constraints/` stand on the bottom layer (`scheduler.core`, the data contract) and never
import the builders that use them.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("scheduler", "constraints")


def modules() -> dict[str, Path]:
    out = {}
    for top in PACKAGES:
        for path in (ROOT / top).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `path` imports (a `from pkg import sub` names pkg.sub)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                subs = [f"{child.module}.{a.name}" for a in child.names]
                found.update(s for s in subs if s in known)
                if not all(s in known for s in subs):
                    found.add(child.module)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in known}


def graph(depth: int | None) -> dict[str, set[str]]:
    known = modules()
    out: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        for target in imports(path, known):
            a, b = (name, target) if depth is None else (
                ".".join(name.split(".")[:depth]), ".".join(target.split(".")[:depth]))
            if a != b and not (depth is None and (a.startswith(b + ".") or
                                                   b.startswith(a + "."))):
                out[a].add(b)
    return out


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found = []
    for root in sorted(g):
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(g.get(child, ())))))
                    break
                if child in on:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        x = stack.pop()
                        on.discard(x)
                        part.append(x)
                        if x == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
    return found


def test_no_module_imports_itself_round_a_cycle():
    """A package's own submodules are not counted against it (its __init__ may gather
    them); every other cycle is."""
    assert cycles(graph(None)) == []


def test_no_two_packages_import_each_other():
    """scheduler.rotation and constraints.rotation, scheduler.travel and
    constraints.travel, scheduler.cli and scheduler.commands, report and outputs: each
    pair one way only."""
    assert cycles(graph(2)) == []


def test_the_families_stand_on_the_bottom_layer():
    g = graph(None)
    for family in (m for m in g if m.startswith("constraints.")):
        above = {t for t in g[family]
                 if t.startswith(("scheduler.rotation", "scheduler.travel", "scheduler.report",
                                  "scheduler.commands", "scheduler.app", "scheduler.cli"))}
        assert not above, (family, above)
    for core in (m for m in g if m.startswith("scheduler.core")):
        assert not {t for t in g[core] if t.startswith(("constraints", "scheduler.rotation",
                                                       "scheduler.travel"))}, core


def test_the_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
