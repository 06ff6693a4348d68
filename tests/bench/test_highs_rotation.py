"""The HiGHS baseline solves the same rotation model: same optimum, plans that check.

HiGHS runs through `run_isolated` (a fresh interpreter): highspy and ortools cannot share
a process (each ships its own libhighs.so.1), and this test process loads ortools.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.bench.child import run_isolated
from scheduler.bench.runner import RunSpec
from scheduler.bench.suites import REPO_ROOT
from scheduler.data import load_instance
from scheduler.data.write import write_folder
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import SolverSettings

DEMO = REPO_ROOT / "instances" / "demo-county"


def highs_row(path: Path, time_limit: float = 20.0) -> dict:
    spec = RunSpec(run_id="x/highs/0", suite="t", instance="x", group="x", kind="rotation",
                   path=str(path), setting="highs", method="highs", seed=0,
                   time_limit=time_limit, workers=1)
    return run_isolated(spec).row


def test_same_optimum_as_cpsat_on_a_tiny_county(tiny_records: dict, tmp_path: Path) -> None:
    policy = {"rotation": {"max_outflow_share": 0.5}}  # C1 may send one of its three
    write_folder(tiny_records, tmp_path / "tiny", policy)
    row = highs_row(tmp_path / "tiny")
    cpsat = solve_rotation(load_instance(tmp_path / "tiny"),
                           SolverSettings(time_limit=10, workers=1))
    assert cpsat.stats.status == "OPTIMAL"
    assert (row["status"], row["error"], row["checked"]) == ("OPTIMAL", None, "yes")
    assert row["objective"] == cpsat.stats.objective == row["best_bound"]


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_demo_county_optimum_lies_between_cpsat_bound_and_incumbent() -> None:
    row = highs_row(DEMO)
    assert (row["status"], row["error"], row["checked"]) == ("OPTIMAL", None, "yes")
    assert row["gap"] == 0.0 and row["first_solution_seconds"] is not None
    cpsat = solve_rotation(load_instance(DEMO), SolverSettings(time_limit=3, workers=1))
    assert cpsat.stats.best_bound <= row["objective"] <= cpsat.stats.objective


def test_a_stopped_stage_reports_its_own_gap_not_the_totals() -> None:
    from scheduler.bench.highs_rotation import _stage_gap

    values = {"shortage": 100, "distance": 400}
    plan = [[("shortage", 1)], [("distance", 1)]]
    assert _stage_gap(values, plan, 1, 300.0, "FEASIBLE") == 0.25
    assert _stage_gap(values, plan, 1, None, "FEASIBLE") == 1.0  # no bound yet: 0
    assert _stage_gap(values, plan, 2, None, "OPTIMAL") == 0.0
