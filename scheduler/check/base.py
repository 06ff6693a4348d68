"""What a check finds, and the helpers both plan checkers share to read and judge a summary.

Each broken rule is named by its contract id, next to the recomputed figures. Like the
checkers, this module must not import ortools, directly or through what it imports.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.data.instance import Instance
from scheduler.io.output import FORMULA_PREFIXES
from scheduler.solving import STATUSES

REL_TOLERANCE = 1e-6
IDS_SHOWN = 10


@dataclass(frozen=True)
class Finding:
    """One broken rule: `rule` is the contract's id (R1..R8, T1..T9) or `figures`/`format`."""

    rule: str
    message: str


@dataclass
class CheckReport:
    """The outcome for one plan kind found in the plan folder ("rotation" or "travel")."""

    plan: str
    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)  # recomputed, e.g. objective, km

    @property
    def ok(self) -> bool:
        return not self.findings


def read_summary(path: Path, keys: Iterable[str]
                 ) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The summary as a dict, or None when it is missing or not the contract's JSON."""
    name = path.name
    if not path.is_file():
        return None, [Finding("format", f"{name} is missing")]
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [Finding("format", f"{name} is not valid UTF-8 JSON: {exc}")]
    if not isinstance(data, dict):
        return None, [Finding("format", f"{name} is not a JSON object")]
    missing = [k for k in keys if k not in data]
    if missing:
        return data, [Finding("format", f"{name} lacks key(s) {', '.join(missing)}")]
    return data, []


def unguard(cell: str) -> str:
    """Undo the writer's spreadsheet-formula guard (a quote before =, +, -, @)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


def check_status(summary: Mapping[str, Any], name: str) -> list[Finding]:
    """The status is the contract's word, and one under which a plan can be written."""
    status = summary.get("status")
    if status not in STATUSES:
        return [Finding("format", f"{name}: status {status!r} is not one of "
                                  f"{', '.join(STATUSES)}")]
    if status in ("INFEASIBLE", "UNKNOWN"):
        return [Finding("figures", f"{name}: status {status} but a plan was written; a "
                                   "written plan is OPTIMAL or FEASIBLE")]
    return []


def not_a_number(summary: Mapping[str, Any], name: str) -> Finding | None:
    """The first of objective, best_bound and gap that is present but not a number."""
    for key in ("objective", "best_bound", "gap"):
        value = summary.get(key)
        if value is not None and not is_number(value):
            return Finding("format", f"{name}: {key} is {value!r}, not a number")
    return None


def check_bound(summary: Mapping[str, Any], name: str) -> list[Finding]:
    """Without a bound there is no gap and no proof; with one it is not above the objective.

    Expects a numeric objective (and bound and gap, where given).
    """
    status = summary.get("status")
    objective, bound, gap = (summary.get(k) for k in ("objective", "best_bound", "gap"))
    out = []
    if bound is None:
        if gap is not None:
            out.append(Finding("figures", f"{name}: a gap of {gap:g} without a bound"))
        if status == "OPTIMAL":
            out.append(Finding("figures", f"{name}: OPTIMAL without a best bound"))
    elif bound > objective + REL_TOLERANCE * max(1.0, abs(objective)):
        out.append(Finding("figures", f"{name}: best_bound {bound:.10g} is above the "
                                      f"objective {objective:.10g} of a minimisation"))
    return out


def check_policy(inst: Instance, summary: Mapping[str, Any], section: str = ""
                 ) -> list[Finding]:
    """A plan made under another policy is judged by other rules: say so, by key.

    Only keys starting with `section` (e.g. "travel.") count; "" compares them all.
    """
    written = summary.get("policy")
    if not isinstance(written, dict):
        return []
    ours, theirs = flatten(inst.policy.model_dump(mode="json")), flatten(written)
    differ = sorted(k for k in ours.keys() & theirs.keys()
                    if k.startswith(section) and ours[k] != theirs[k])
    if not differ:
        return []
    return [Finding("policy", f"the plan was made under a different policy ({', '.join(differ)});"
                              " check it with the same policy file (--policy)")]


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts as one level with dotted keys ("rotation.max_distance_km")."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def is_number(value: Any) -> bool:
    """A finite int or float; JSON's true/false are not numbers here."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def close(a: float, b: float) -> bool:
    """Equal within REL_TOLERANCE relative to `b` (absolute below 1)."""
    return abs(a - b) <= REL_TOLERANCE * max(1.0, abs(b))


def list_ids(values: Iterable[str]) -> str:
    """The first IDS_SHOWN ids, and how many more, so a finding stays readable."""
    values = list(values)
    shown = ", ".join(values[:IDS_SHOWN])
    return shown + (f" and {len(values) - IDS_SHOWN} more" if len(values) > IDS_SHOWN else "")


UTF8_BOM = b"\xef\xbb\xbf"

Row = tuple[int, dict[str, str]]  # spreadsheet row number, stripped cells by column


def read_contract_csv(path: Path, columns: tuple[str, ...], require_bom: bool = False
                      ) -> tuple[list[Row] | None, list[Finding]]:
    """The rows of one of the contract's CSV outputs, or None when it cannot be read as one.

    Cells are stripped but not unguarded: each checker decides where a formula guard
    (a leading quote) may stand. A row with the wrong number of cells is skipped with a
    finding; a missing or repeated column makes the whole table unreadable.
    """
    name = path.name
    if not path.is_file():
        return None, [Finding("format", f"{name} is missing")]
    data = path.read_bytes()
    findings = []
    if require_bom and not data.startswith(UTF8_BOM):
        findings.append(Finding("format", f"{name} does not start with a UTF-8 byte order mark "
                                          "(the contract's CSV is UTF-8 with BOM)"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [*findings, Finding("format", f"{name} is not UTF-8 (byte {exc.start}): "
                                                   "cannot read it")]
    try:
        table = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    except csv.Error as exc:
        return None, [*findings, Finding("format", f"{name} is not a readable CSV: {exc}")]
    if not table:
        return None, [*findings, Finding("format", f"{name} is empty: no header row")]
    header = [h.strip() for h in table[0]]
    missing = [c for c in columns if c not in header]
    doubled = sorted(c for c, n in Counter(header).items() if n > 1)
    if missing or doubled:
        what = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
            [f"repeated column(s) {', '.join(doubled)}"] if doubled else [])
        return None, [*findings, Finding("format", f"{name}: {'; '.join(what)}; expected the "
                                                   f"columns {', '.join(columns)}")]
    rows: list[Row] = []
    for number, cells in enumerate(table[1:], start=2):
        if len(cells) != len(header):
            findings.append(Finding("format", f"{name} row {number}: {len(cells)} cells, the "
                                              f"header has {len(header)}; row skipped"))
            continue
        rows.append((number, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return rows, findings
