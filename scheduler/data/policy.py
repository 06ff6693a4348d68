"""The policy: defaults from the contract, then the instance's policy, then `--policy FILE`.

Each layer is (source, nested dict, dotted key -> row or line number), so a bad key or
value is blamed on the file and line that set it last.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from scheduler.data.models import Policy
from scheduler.data.read import RawTable, decode
from scheduler.errors import InputError, Problem

LIST_KEYS = {"rotation.shortage_subjects", "rotation.priority", "travel.period_starts",
             "travel.period_starts_junior"}
HEADER_WORDS = ("key", "键", "参数")
Layer = tuple[str, dict[str, Any], dict[str, int]]


def read_toml(path: Path) -> dict[str, Any]:
    """A policy file as a nested dict (UTF-8, with or without BOM, or GB18030)."""
    return read_toml_layer(path)[1]


def read_toml_layer(path: Path) -> Layer:
    """A policy file as a layer: its name, nested dict and the line of every dotted key."""
    try:
        text = decode(path.read_bytes(), path.name)
    except OSError as exc:
        raise InputError([Problem(path.name, None, None,
                                  f"cannot be read ({exc.strerror or type(exc).__name__})")]
                         ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise InputError([Problem(path.name, int(line[1]) if line else None, None,
                                  f"not valid TOML: {exc}")]) from None
    return path.name, data, toml_key_lines(text)


def toml_key_lines(text: str) -> dict[str, int]:
    """Dotted key -> line number, for `[table]` headers and `key = value` lines.

    Good enough for the flat files a county writes; keys it cannot place get no line.
    """
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_.\s\"-]+?)\s*\](\s*#.*)?", stripped)
        if header:
            table = _dotted(header[1])
            lines.setdefault(table, number)
            continue
        pair = re.match(r"([A-Za-z0-9_.\s\"-]+?)\s*=", stripped)
        if pair:
            key = _dotted(pair[1])
            lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines


def _dotted(text: str) -> str:
    return ".".join(part.strip().strip('"') for part in text.split("."))


def from_sheet(table: RawTable) -> tuple[dict[str, Any], dict[str, int]]:
    """A `policy` sheet of `key, value` rows with dotted keys, as nested dict and key rows.

    A first row that already holds a key (no header typed) counts as data.
    """
    nested: dict[str, Any] = {}
    rows: dict[str, int] = {}
    problems = []
    body = list(table.rows)
    if table.header and table.header[0].lower() not in HEADER_WORDS:
        body.insert(0, (table.header_row, table.header))
    for number, cells in body:
        key = cells[0].lower() if cells else ""
        value = cells[1] if len(cells) > 1 else ""
        if not key or key in HEADER_WORDS:
            continue
        if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", key):
            problems.append(Problem(table.source, number, "key",
                                    f"expected a dotted key such as rotation.max_distance_km, "
                                    f"got {key!r}"))
            continue
        if key in rows:
            problems.append(Problem(table.source, number, "key",
                                    f"key {key} is set twice (first at row {rows[key]})"))
            continue
        *parents, leaf = key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        if not isinstance(node, dict) or isinstance(node.get(leaf), dict):
            problems.append(Problem(table.source, number, "key",
                                    f"key {key} clashes with another row: a key cannot be both "
                                    "a value and a table"))
            continue
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


def build_policy(layers: list[Layer]) -> Policy:
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
            if err["type"] == "extra_forbidden":
                known = ", ".join(_known_keys(key))
                message = f"unknown policy key; expected one of {known}"
            else:
                message = _expected(err["msg"])
                if key:  # a whole-policy check has no single value to show
                    message += f", got {_short(err['input'])}"
            problems.append(Problem(source, row, key or None, message))
        raise InputError(problems) from None


def _expected(msg: str) -> str:
    """Pydantic's wording turned into the loader's: what was expected."""
    msg = msg.removeprefix("Value error, ")
    return re.sub(r"^Input should be ", "expected ", msg)


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _known_keys(key: str) -> list[str]:
    """The keys allowed beside an unknown one, for the message."""
    model: type[BaseModel] = Policy
    for part in key.split(".")[:-1]:
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            break
        model = annotation
    return list(model.model_fields)


def _who_set(layers: list[Layer], key: str) -> tuple[str, int | None]:
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
            return source, _nearest_row(rows, key)
    return (layers[-1][0], None) if layers else ("policy", None)


def _nearest_row(rows: dict[str, int], key: str) -> int | None:
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in rows:
            return rows[".".join(parts[:end])]
    return None
