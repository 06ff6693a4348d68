"""results.csv and trajectories.jsonl: written row by row as runs finish, settled at the end.

Rows are appended and flushed the moment a run finishes, so an interrupted benchmark
keeps what it measured. A row's primal integral is first computed against the best
objective known when it finished; when all runs are done, `settle` recomputes every
row against the best objective of the whole benchmark (both models minimise) and
rewrites the file in one rename.
"""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.bench.metrics import Point
from scheduler.bench.runner import COLUMNS, Outcome, update_primal_integral

RESULTS_CSV = "results.csv"
TRAJECTORIES = "trajectories.jsonl"
DIGITS = 6  # seconds and MiB: to the microsecond / byte; objectives, bounds, gaps: exact
ROUNDED = ("_seconds", "_mb")


def cell(column: str, value: Any) -> Any:
    """A CSV cell: blank when missing; times and memory rounded, other numbers exact (a
    FEASIBLE run's gap of 2e-8 must not print as 0)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and column.endswith(ROUNDED):
        return round(value, DIGITS)
    return value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: cell(k, row.get(k)) for k in COLUMNS}


class ResultsWriter:
    """Streams outcomes to `out`/results.csv and `out`/trajectories.jsonl."""

    def __init__(self, out: Path):
        self.out = out
        self.rows: list[dict[str, Any]] = []
        self.points: dict[str, list[Point]] = {}
        self._best: dict[str, float] = {}
        self._csv = (out / RESULTS_CSV).open("w", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._csv, fieldnames=list(COLUMNS))
        self._writer.writeheader()
        self._jsonl = (out / TRAJECTORIES).open("w", encoding="utf-8")

    def add(self, outcome: Outcome) -> dict[str, Any]:
        """Append one finished run; returns its row as written."""
        row = dict(outcome.row)
        instance = row["instance"]
        for value in (row.get("best_known"), row.get("objective")):
            if value is not None:
                self._best[instance] = min(value, self._best.get(instance, math.inf))
        if instance in self._best:
            update_primal_integral(row, outcome.points, self._best[instance])
        self.rows.append(row)
        self.points[row["run_id"]] = outcome.points
        self._writer.writerow(csv_row(row))
        self._csv.flush()
        self._jsonl.write(json.dumps({"run_id": row["run_id"], "points": outcome.points}) + "\n")
        self._jsonl.flush()
        return row

    def settle(self) -> pd.DataFrame:
        """Recompute primal integrals against the final best known; rewrite results.csv."""
        self.close()
        for row in self.rows:
            if row["instance"] in self._best:
                update_primal_integral(row, self.points[row["run_id"]],
                                       self._best[row["instance"]])
        tmp = self.out / f".{RESULTS_CSV}.tmp"
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
            writer.writeheader()
            writer.writerows(csv_row(row) for row in self.rows)
        os.replace(tmp, self.out / RESULTS_CSV)
        return frame(self.rows)

    def close(self) -> None:
        self._csv.close()
        self._jsonl.close()


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows as a DataFrame with every column, numbers as numbers."""
    return pd.DataFrame(rows, columns=list(COLUMNS))
