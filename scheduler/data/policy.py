"""The policy: defaults from the contract, then the instance's policy, then `--policy FILE`."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scheduler.data.models import Policy
from scheduler.data.read import RawTable
from scheduler.errors import InputError, Problem

LIST_KEYS = {"rotation.shortage_subjects", "travel.period_starts"}


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError([Problem(path.name, None, None, "expected UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise InputError([Problem(path.name, int(line[1]) if line else None, None,
                                  f"not valid TOML: {exc}")]) from None


def from_sheet(table: RawTable) -> tuple[dict[str, Any], dict[str, int]]:
    """A `policy` sheet of `key, value` rows with dotted keys, as nested dict and key rows."""
    nested: dict[str, Any] = {}
    rows: dict[str, int] = {}
    problems = []
    for number, cells in table.rows:
        key = cells[0] if cells else ""
        value = cells[1] if len(cells) > 1 else ""
        if not key or key.lower() in ("key", "键", "参数"):
            continue
        if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", key):
            problems.append(Problem(table.source, number, "key",
                                    f"expected a dotted key such as rotation.max_distance_km, "
                                    f"got {key!r}"))
            continue
        *parents, leaf = key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = _sheet_value(key, value)
        rows[key] = number
    if problems:
        raise InputError(problems)
    return nested, rows


def _sheet_value(key: str, text: str) -> Any:
    if key in LIST_KEYS and not text.startswith("["):
        return [p.strip() for p in re.split(r"[;,、]", text) if p.strip()]
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Keys of `override` win; tables merge key by key, so a partial file changes only its keys."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def build_policy(layers: list[tuple[str, dict[str, Any], dict[str, int]]]) -> Policy:
    """Validate the merged layers; a bad key is blamed on the last layer that set it."""
    merged: dict[str, Any] = {}
    for _, data, _ in layers:
        merged = merge(merged, data)
    try:
        return Policy.model_validate(merged)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"] if not isinstance(p, int))
            source, row = _who_set(layers, key)
            what = "unknown policy key" if err["type"] == "extra_forbidden" else err["msg"]
            got = f", got {err['input']!r}" if err["type"] != "extra_forbidden" else ""
            problems.append(Problem(source, row, key or None, f"{what}{got}"))
        raise InputError(problems) from None


def _who_set(layers: list[tuple[str, dict[str, Any], dict[str, int]]], key: str
             ) -> tuple[str, int | None]:
    for source, data, rows in reversed(layers):
        node: Any = data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            return source, rows.get(key)
        # a parent key set in this layer (e.g. a list with one bad item) still counts
        if key.split(".")[0] in data:
            return source, rows.get(key)
    return layers[-1][0] if layers else "policy", None
