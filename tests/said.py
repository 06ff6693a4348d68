"""What the code says by catalog key, read from its source: the tests that hold every
sentence of a module to both catalogs (same key, same fields) share this scan."""

from __future__ import annotations

import ast
import string
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def fields(text: str) -> set[str]:
    """The {fields} a catalog text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def said(paths: list[str], prefix: str, notes_only: bool = False
         ) -> list[tuple[str, str, set[str]]]:
    """(file, full key, fields given) of every `say("key", ...)` (a key of the `prefix`
    table) and every `Note.of("prefix...", ...)` with a literal key in `paths`, wherever
    it stands (given to a UsageError, a field of another Note...). `notes_only`: no `say`s,
    for a scan of every module, where other tables' `say`s stand too."""
    out = []
    for path in paths:
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args
                    and isinstance(node.args[0], ast.Constant)):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            key, given = node.args[0].value, {k.arg for k in node.keywords}
            if name == "say" and not notes_only:
                out.append((path, prefix + key, given))
            elif name == "of" and str(key).startswith(prefix):
                out.append((path, key, given))
    return out


def lookup(tables: dict[str, Any], key: str) -> Any:
    """The catalog entry under a dotted key (KeyError naming the missing part)."""
    node: Any = tables
    for part in key.split("."):
        node = node[part]
    return node
