"""One run, measured in-process, with a stand-in solver: rows, timings, failures, shipping."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from scheduler.bench import runner
from scheduler.bench.runner import COLUMNS, RunSpec, pack_files, peak_rss_mb, run_one
from scheduler.bench.suites import REPO_ROOT
from scheduler.errors import NoPlanError
from scheduler.solving import SolveStats

DEMO = REPO_ROOT / "instances" / "demo-county"


@dataclass
class Event:
    objective: float


@dataclass
class FakeResult:
    stats: SolveStats
    terms: dict[str, float] = field(default_factory=dict)
    slots: list[Any] = field(default_factory=list)
    routes: list[Any] = field(default_factory=list)
    parts_gap: float | None = None


def spec(**changes: Any) -> RunSpec:
    base = RunSpec(run_id="demo/x/0", suite="t", instance="demo", group="g", kind="travel",
                   path=str(DEMO), setting="x", method="cpsat", seed=0, time_limit=1.0,
                   workers=1)
    return replace(base, **changes)


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """A solver that reports 30 then 20 and stops; the checker accepts its plan."""
    calls: list[Any] = []

    def solve(s: RunSpec, inst: Any, on_progress: Any) -> FakeResult:
        calls.append((s, inst))
        on_progress(Event(30.0))
        time.sleep(0.02)
        on_progress(Event(20.0))
        return FakeResult(SolveStats(status="FEASIBLE", objective=20.0, best_bound=10.0,
                                     build_seconds=0.001, first_solution_seconds=0.0,
                                     workers=1, time_limit=1.0))

    monkeypatch.setattr(runner, "_solve", solve)
    monkeypatch.setattr(runner, "_check", lambda spec, inst, result: {
        "checked": "yes", "check_rules": "", "check_seconds": 0.0})
    return calls


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_run_one_measures_a_run(stand_in: list[Any]) -> None:
    outcome = run_one(spec())
    row = outcome.row
    assert set(row) == set(COLUMNS)
    assert (row["status"], row["objective"], row["best_bound"]) == ("FEASIBLE", 20.0, 10.0)
    assert row["gap"] == pytest.approx(0.5)
    assert [obj for _, obj in outcome.points] == [30.0, 20.0]
    assert row["best_solution_seconds"] == outcome.points[1][0] >= 0.02
    assert row["wall_seconds"] >= row["best_solution_seconds"]
    assert row["cpu_seconds"] >= 0 and row["load_seconds"] > 0
    assert row["peak_rss_mb"] > 10 and row["cores"] >= 1 and row["ortools"]
    # 30 is 1/3 away from 20 until the second point, then 0, over a 1 s limit
    t1, t2 = outcome.points[0][0], outcome.points[1][0]
    assert row["primal_integral"] == pytest.approx(t1 + (t2 - t1) / 3, abs=1e-9)
    assert row["checked"] == "yes" and row["error"] is None
    assert len(stand_in[0][1].teachers) > 0


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_a_failing_run_is_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: Any) -> None:
        raise RuntimeError("model exploded\nsecond line")

    monkeypatch.setattr(runner, "_solve", boom)
    row = run_one(spec()).row
    assert (row["status"], row["error"]) == ("ERROR", "RuntimeError: model exploded")
    assert row["primal_integral"] is None and row["peak_rss_mb"] > 0


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_no_plan_is_the_model_answer_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def none_in_time(*_: Any) -> None:
        raise NoPlanError("no plan found in 1 s", ["give it more time"])

    monkeypatch.setattr(runner, "_solve", none_in_time)
    row = run_one(spec(best_known=5.0)).row
    assert (row["status"], row["error"]) == ("NO_PLAN", "no plan found in 1 s")
    assert row["primal_integral"] == 1.0 and row["objective"] is None


def test_missing_instance_is_an_error_row(tmp_path: Path) -> None:
    row = run_one(spec(path=str(tmp_path / "nowhere"))).row
    assert row["status"] == "ERROR" and "InputError" in row["error"]


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_shipped_files_load_like_the_folder(stand_in: list[Any], tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("[rotation]\nmax_distance_km = 12.5\n", encoding="utf-8")
    files = pack_files(DEMO, policy)
    assert "teachers.csv" in files
    row = run_one(spec(kind="rotation", path="/elsewhere/demo-county", policy="/elsewhere/p.toml",
                       files=files)).row
    assert row["status"] == "FEASIBLE"
    inst = stand_in[0][1]
    assert inst.policy.rotation.max_distance_km == 12.5
    assert inst.name == "demo-county"


def test_peak_memory_is_megabytes() -> None:
    assert 1 < peak_rss_mb() < 64 * 1024


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_rotation_stage_objectives_become_totals() -> None:
    from scheduler.core import rotation_levels as lv
    from scheduler.data import load_instance

    inst = load_instance(DEMO)
    mult = lv.multipliers(inst, lv.weights(inst.policy))
    terms = {"shortage": 900.0, "senior_title": 2.0, "cv_limits": 0.0, "standards": 40.0,
             "movers": 20.0, "shortage_place": 1500.0, "balance": 250.0, "same_scope": 5.0,
             "distance": 6000.0, "preferences": 1.0}
    # a stage of two levels, W' = (1 + R_low, 1) as the rotation solve builds them
    ranges = lv.ranges(inst, lv.weights(inst.policy))
    pair = (("balance", 1 + ranges["same_scope"]), ("same_scope", 1))
    first = sum(w * terms[n] for n, w in pair)
    events = [(1.0, Stage("shortage", terms["shortage"] + 7)),
              (2.0, Stage("balance+same_scope", first)),
              (3.0, Stage("preferences", terms["preferences"]))]
    (t1, est1), (_, est2), (t3, est3) = runner.rotation_points(inst, events, terms)
    assert (t1, t3) == (1.0, 3.0)
    total = lv.total({k: int(v) for k, v in terms.items()}, mult)
    # the first stage, 7 units above its optimum: 7 × W_shortage above the final total
    # (totals near 10^22 are floats: equal to 12 digits, while 7 × W_shortage is 0.8 %)
    assert est1 == pytest.approx(total + 7 * mult["shortage"], rel=1e-12)
    assert est1 != pytest.approx(total, rel=1e-6)
    # a merged stage, and the last one, at their optimum: the final total
    assert est2 == pytest.approx(total, rel=1e-12)
    assert est3 == pytest.approx(total, rel=1e-12)


@dataclass
class Stage:
    stage: str
    objective: float


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
@pytest.mark.parametrize("partial", [False, True])
def test_travel_greedy_plan_is_written_and_checked(partial: bool) -> None:
    outcome = run_one(spec(method="greedy", options={"partial": partial}))
    row = outcome.row
    assert (row["status"], row["checked"], row["error"]) == ("FEASIBLE", "yes", None)
    # travel reports no incumbents: the plan counts from the moment the solve returned
    assert outcome.points == [(row["wall_seconds"], row["objective"])]
    assert row["first_solution_seconds"] == row["best_solution_seconds"] == row["wall_seconds"]
    # the timetable's own figures, as a plan row has them: every row placed, km driven,
    # no parts' gap for the greedy baseline (it solves the county whole)
    assert row["lessons_placed"] == row["lesson_rows"] > 0
    assert row["route_km"] > 0 and row["travel_parts_gap"] is None
