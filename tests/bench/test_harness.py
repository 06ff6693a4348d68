"""The harness with a stand-in executor: run order, skips, the cores warning, the files."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from rich.console import Console

from scheduler.bench.harness import plan_runs, run_benchmark
from scheduler.bench.machine import oversubscription
from scheduler.bench.presets import Preset
from scheduler.bench.results import RESULTS_CSV
from scheduler.bench.runner import Outcome, RunSpec, base_row
from scheduler.bench.suites import Suite, SuiteEntry
from scheduler.errors import UsageError


def suite(tmp_path: Path) -> Suite:
    entries = (SuiteEntry("a", tmp_path, "rotation", "g"),
               SuiteEntry("b", tmp_path, "travel", "g", best_known=5.0))
    return Suite("t", "", 4.0, entries, tmp_path / "t.toml")


PRESETS = [Preset(name="cp", method="cpsat", workers=2),
           Preset(name="mip", method="highs", workers=1, kinds=("rotation",))]


class StandIn:
    """Finishes every run at once with objective 10 + seed, in reverse order."""

    def __init__(self, cores: int):
        self.cores = cores

    def threads_per_host(self, threads_per_run: int) -> dict[str, tuple[int, int]]:
        return {"here": (3 * threads_per_run, self.cores)}

    def run(self, specs: Sequence[RunSpec]) -> Iterator[Outcome]:
        for spec in reversed(specs):
            row = base_row(spec)
            row.update(status="FEASIBLE", objective=10.0 + spec.seed, wall_seconds=0.1)
            yield Outcome(row, [(0.1, 10.0 + spec.seed)])

    def close(self) -> None: ...


def test_plan_orders_by_seed_and_skips_what_does_not_apply(tmp_path: Path) -> None:
    plan = plan_runs(suite(tmp_path), PRESETS, repeat=2)
    assert [r.run_id for r in plan.runs] == ["a/cp/0", "a/mip/0", "b/cp/0",
                                             "a/cp/1", "a/mip/1", "b/cp/1"]
    assert plan.skipped == ["mip does not apply to b (travel)"]
    assert {r.time_limit for r in plan.runs} == {4.0}  # the suite's
    assert plan_runs(suite(tmp_path), PRESETS, 1, time_limit=2.5).runs[0].time_limit == 2.5
    assert plan.runs[2].best_known == 5.0 and plan.runs[0].workers == 2


def test_plan_refuses_nonsense(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        plan_runs(suite(tmp_path), PRESETS, repeat=0)
    with pytest.raises(UsageError):
        plan_runs(suite(tmp_path), PRESETS, repeat=1, time_limit=-1)
    with pytest.raises(UsageError, match="no run"):
        plan_runs(Suite("t", "", None, (SuiteEntry("b", tmp_path, "travel", "g"),),
                        tmp_path), PRESETS[1:], repeat=1)


@pytest.mark.parametrize(("cores", "warned"), [(2, True), (6, False)])
def test_cores_warning(tmp_path: Path, cores: int, warned: bool) -> None:
    out, err = io.StringIO(), io.StringIO()
    plan = plan_runs(suite(tmp_path), PRESETS, repeat=1)
    run_benchmark(plan, PRESETS, StandIn(cores), tmp_path / "out", suite="t", command="x",
                  console=Console(file=out, width=200), err_console=Console(file=err, width=200))
    # three runs at once × two workers = 6 solver threads
    assert ("6 solver threads on 2 cores" in err.getvalue()) is warned
    assert "skipped: mip does not apply to b" in err.getvalue()
    lines = (tmp_path / "out" / RESULTS_CSV).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 3
    assert (tmp_path / "out" / "report.md").is_file()
    assert "3/3" in out.getvalue()  # the progress bar's last state


def test_oversubscription_per_host() -> None:
    warnings = oversubscription({"a": (4, 2), "b": (2, 2)})
    assert len(warnings) == 1 and warnings[0].startswith("a: up to 4 solver threads on 2")
