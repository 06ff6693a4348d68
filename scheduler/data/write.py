"""Writing an instance back out: CSV folder (English or Chinese headers) and .xlsx workbook.

Used by the generator, the anonymizer and the tests' round trips; what it writes loads
back through `load_instance` to the same rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.data import schema as s
from scheduler.io.output import write_xlsx

Records = dict[str, list[dict[str, Any]]]


def cell(value: Any, lang: str = "en") -> Any:
    """A field value as a person would type it into the file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("true" if value else "false")
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    if hasattr(value, "value"):  # enums
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 10 posts, not "10.0"
    return value


def frames(records: Records, lang: str = "en") -> dict[str, pd.DataFrame]:
    """One DataFrame per file, columns in the contract's order, headers in `lang`."""
    out = {}
    for spec in s.FILES:
        rows = records.get(spec.stem)
        if rows is None:
            continue
        present = {k for row in rows for k in row}
        cols = [c for c in spec.columns if c.name in present or c.required]
        data = [[cell(row.get(c.name), lang) for c in cols] for row in rows]
        out[spec.stem] = pd.DataFrame(data, columns=[c.zh if lang == "zh" else c.name
                                                     for c in cols], dtype=object)
    return out


def policy_toml(policy: dict[str, Any]) -> str:
    """A small TOML writer for the policy's two levels (scalars, lists, one nested table)."""
    lines: list[str] = []
    tables = []
    for key, value in policy.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for name, table in tables:
        lines.append(f"\n[{name}]")
        inner = []
        for key, value in table.items():
            if isinstance(value, dict):
                inner.append((key, value))
            else:
                lines.append(f"{key} = {_toml_value(value)}")
        for key, value in inner:
            lines.append(f"\n[{name}.{key}]")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in value.items())
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def policy_rows(policy: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """The policy as the workbook's `policy` sheet: dotted key, TOML value."""
    rows = []
    for key, value in policy.items():
        if isinstance(value, dict):
            rows.extend(policy_rows(value, f"{prefix}{key}."))
        else:
            rows.append((f"{prefix}{key}", _toml_value(value)))
    return rows


def write_folder(records: Records, out: Path, policy: dict[str, Any] | None = None,
                 lang: str = "en", encoding: str = "utf-8-sig") -> None:
    """A CSV folder; `encoding` may be utf-8, utf-8-sig or gb18030, as counties send them."""
    out.mkdir(parents=True, exist_ok=True)
    for stem, df in frames(records, lang).items():
        df.to_csv(out / f"{stem}.csv", index=False, encoding=encoding, lineterminator="\n")
    if policy:
        (out / "policy.toml").write_text(policy_toml(policy), encoding="utf-8")


def write_workbook(records: Records, path: Path, policy: dict[str, Any] | None = None,
                   lang: str = "en") -> None:
    """One .xlsx workbook with a sheet per file and the policy as a `policy` sheet."""
    sheets = frames(records, lang)
    if policy:
        sheets["policy"] = pd.DataFrame(policy_rows(policy), columns=["key", "value"])
    write_xlsx(sheets, path)
