"""results.csv streams row by row, and settles primal integrals on the final best known."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from scheduler.bench.results import RESULTS_CSV, TRAJECTORIES, ResultsWriter, cell
from scheduler.bench.runner import COLUMNS, Outcome, RunSpec, base_row


def outcome(setting: str, objective: float | None, points: list[tuple[float, float]]
            ) -> Outcome:
    spec = RunSpec(run_id=f"c/{setting}/0", suite="s", instance="c", group="g",
                   kind="rotation", path="c", setting=setting, method="cpsat", seed=0,
                   time_limit=10.0, workers=1)
    row = base_row(spec)
    row.update(status="FEASIBLE" if objective is not None else "UNKNOWN", objective=objective)
    return Outcome(row=row, points=points)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_rows_stream_then_settle_on_the_best_known(tmp_path: Path) -> None:
    writer = ResultsWriter(tmp_path)
    # a finds 200 at 2 s; alone, that is the best known, so its integral is 2/10
    first = writer.add(outcome("a", 200.0, [(2.0, 200.0)]))
    assert first["primal_integral"] == pytest.approx(0.2)
    streamed = read_rows(tmp_path / RESULTS_CSV)
    assert len(streamed) == 1 and list(streamed[0]) == list(COLUMNS)
    # b finds 100 at 5 s: now the best known
    writer.add(outcome("b", 100.0, [(5.0, 100.0)]))
    writer.add(outcome("c", None, []))
    assert len(read_rows(tmp_path / RESULTS_CSV)) == 3
    df = writer.settle()
    # a against 100: γ = 1 on [0, 2), 0.5 on [2, 10]: (2 + 4) / 10
    rows = {r["setting"]: r for r in read_rows(tmp_path / RESULTS_CSV)}
    assert float(rows["a"]["primal_integral"]) == pytest.approx(0.6)
    assert float(rows["b"]["primal_integral"]) == pytest.approx(0.5)
    assert float(rows["c"]["primal_integral"]) == pytest.approx(1.0)
    assert rows["c"]["objective"] == "" and rows["a"]["best_known"] == "100.0"
    assert list(df["setting"]) == ["a", "b", "c"]
    lines = (tmp_path / TRAJECTORIES).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[1]) == {"run_id": "c/b/0", "points": [[5.0, 100.0]]}


def test_cells_round_times_not_gaps() -> None:
    assert cell("wall_seconds", 1.23456789) == 1.234568
    assert cell("gap", 1.87e-8) == 1.87e-8
    assert cell("objective", 1.4997672404393824e21) == 1.4997672404393824e21
    assert cell("objective", None) == "" and cell("gap", float("nan")) == ""
