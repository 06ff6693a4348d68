"""`rotaplan rotate`: options, the output folder, exit codes, interrupts, the by-hand column.

Most tests replace `scheduler.rotation.solve` with a stand-in that returns a hand-built
plan (or raises), so that each behaviour of the command is pinned down exactly; the
end-to-end tests at the bottom run the real solver and the real checker.

The tiny county (tests/conftest.py) with max_outflow_share 0.34: moving T01 (county
backbone, music) from C1 to V1 is a valid plan; moving T03 (near retirement) is not.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scheduler.check.rotation import check_rotation
from scheduler.cli import app
from scheduler.data.load import load_instance
from scheduler.data.write import write_folder
from scheduler.errors import NoPlanError
from scheduler.rotation.explain import say
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.solving import SolveStats

POLICY = {"rotation": {"max_outflow_share": 0.34}}
runner = CliRunner()


@pytest.fixture
def county(tiny_records: dict, tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    write_folder(tiny_records, folder, POLICY)
    return folder


def plan_of(inst: Any, moves: dict[str, str], status: str = "OPTIMAL",
            method: str = "cpsat", stopped_by: str | None = None) -> RotationResult:
    total = score(inst, moves)["total"]
    stats = SolveStats(status, total, total if status == "OPTIMAL" else None,
                       solve_seconds=0.2, method=method, stopped_by=stopped_by)
    return RotationResult([Move(t, inst.teacher[t].school_id, s, 0.0) for t, s in moves.items()],
                          stats)


class FakeSolver:
    """Stands in for scheduler.rotation.solve; records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.behaviour: dict[str, Callable[[Any, Any], RotationResult]] = {
            "cpsat": self.valid, "greedy": lambda inst, on: plan_of(inst, {"T01": "V1"},
                                                                    "FEASIBLE", "greedy")}

    @staticmethod
    def valid(inst: Any, on_progress: Any) -> RotationResult:
        if on_progress is not None:
            on_progress(types.SimpleNamespace(elapsed=0.1, objective=5.0, bound=1.0))
        return plan_of(inst, {"T01": "V1"})

    def solve_rotation(self, inst: Any, settings: Any, method: str = "cpsat",
                       on_progress: Any = None, previous: Any = None) -> RotationResult:
        self.calls.append((method, settings))
        return self.behaviour[method](inst, on_progress)


@pytest.fixture
def solver(monkeypatch: pytest.MonkeyPatch) -> FakeSolver:
    fake = FakeSolver()
    module = types.ModuleType("scheduler.rotation.solve")
    module.solve_rotation = fake.solve_rotation  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scheduler.rotation.solve", module)
    return fake


def rotate(*args: str) -> Any:
    return runner.invoke(app, ["rotate", *args])


def test_writes_plan_report_and_summary(county: Path, tmp_path: Path,
                                        solver: FakeSolver) -> None:
    out = tmp_path / "out"
    result = rotate(str(county), "--out", str(out), "--time-limit", "5", "--workers", "1",
                    "--seed", "3")
    assert result.exit_code == 0, result.output
    assert [m for m, _ in solver.calls] == ["cpsat", "greedy"]
    settings = solver.calls[0][1]
    assert (settings.time_limit, settings.workers, settings.seed) == (5.0, 1, 3)
    assert "当前最好 5" in result.output and "差距 80.00%" in result.output  # plain progress
    assert "已证明最优" in result.output and "独立校验：每条规则都满足" in result.output
    assert "OPTIMAL" not in result.output and "incumbent" not in result.output
    assert {p.name for p in out.iterdir()} == {"rotation_plan.csv", "rotation_plan.xlsx",
                                               "rotation_summary.json", "report.html",
                                               "publication.html"}
    summary = json.loads((out / "rotation_summary.json").read_text())
    assert summary["baseline"]["movers"] == 1
    assert "人工方案" in (out / "report.html").read_text(encoding="utf-8")


def test_defaults(county: Path, tmp_path: Path, solver: FakeSolver) -> None:
    assert rotate(str(county), "--out", str(tmp_path / "out")).exit_code == 0
    settings = solver.calls[0][1]
    assert (settings.time_limit, settings.workers, settings.seed) == (60.0, 2, 0)


def test_existing_out_is_refused_before_solving(county: Path, tmp_path: Path,
                                                solver: FakeSolver) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous plan")
    result = rotate(str(county), "--out", str(out))
    assert result.exit_code == 2
    assert "--force" in result.output
    assert solver.calls == []
    assert (out / "keep.txt").read_text() == "previous plan"
    result = rotate(str(county), "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert not (out / "keep.txt").exists() and (out / "rotation_plan.csv").is_file()


@pytest.mark.parametrize("args", [["--method", "milp"], ["--time-limit", "0"],
                                  ["--workers", "0"], ["--workers", "two"]])
def test_bad_options_exit_2(county: Path, tmp_path: Path, solver: FakeSolver,
                            args: list[str]) -> None:
    result = rotate(str(county), "--out", str(tmp_path / "out"), *args)
    assert result.exit_code == 2
    assert solver.calls == [] and not (tmp_path / "out").exists()


def test_bad_instance_exits_2(tmp_path: Path, solver: FakeSolver) -> None:
    result = rotate(str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and solver.calls == []


def test_no_plan_exits_1_and_writes_nothing(county: Path, tmp_path: Path,
                                            solver: FakeSolver) -> None:
    def infeasible(inst: Any, on: Any) -> RotationResult:
        raise NoPlanError("no rotation plan exists", ["2 movers are required, caps allow 1"])

    solver.behaviour["cpsat"] = infeasible
    result = rotate(str(county), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "no rotation plan exists" in result.output and "caps allow 1" in result.output
    assert not (tmp_path / "out").exists()


def test_interrupt_without_a_plan_exits_1(county: Path, tmp_path: Path,
                                          solver: FakeSolver) -> None:
    def interrupted(inst: Any, on: Any) -> RotationResult:
        raise KeyboardInterrupt

    solver.behaviour["cpsat"] = interrupted
    result = rotate(str(county), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "在找到任何方案之前被中断" in result.output  # the default language: Chinese
    assert not (tmp_path / "out").exists()


def test_interrupted_plan_is_written_as_feasible(county: Path, tmp_path: Path,
                                                 solver: FakeSolver) -> None:
    solver.behaviour["cpsat"] = lambda inst, on: plan_of(inst, {"T01": "V1"}, "FEASIBLE",
                                                         stopped_by="interrupt")
    result = rotate(str(county), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "rotation_summary.json").read_text())
    assert (summary["status"], summary["stopped_by"]) == ("FEASIBLE", "interrupt")
    assert "被用户中断" in result.output
    english = rotate(str(county), "--out", str(tmp_path / "en"), "--lang", "en")
    assert "interrupted by the user" in english.output, english.output


def test_greedy_failure_is_told_in_the_report(county: Path, tmp_path: Path,
                                              solver: FakeSolver) -> None:
    def no_greedy(inst: Any, on: Any) -> RotationResult:
        raise NoPlanError(say("greedy"))  # as greedy.py says it

    solver.behaviour["greedy"] = no_greedy
    result = rotate(str(county), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "未能给出结果：人工方案（贪心法）未找到可行方案" in html  # the report's language
    summary = json.loads((tmp_path / "out" / "rotation_summary.json").read_text())
    assert summary["baseline"]["error"] == "the greedy baseline found no plan"  # JSON: English


@pytest.mark.parametrize(("args", "methods"), [(["--no-compare"], ["cpsat"]),
                                               (["--method", "greedy"], ["greedy"])])
def test_comparison_runs_only_when_useful(county: Path, tmp_path: Path, solver: FakeSolver,
                                          args: list[str], methods: list[str]) -> None:
    result = rotate(str(county), "--out", str(tmp_path / "out"), *args)
    assert result.exit_code == 0, result.output
    assert [m for m, _ in solver.calls] == methods
    summary = json.loads((tmp_path / "out" / "rotation_summary.json").read_text())
    assert summary["baseline"] is None


def test_a_plan_that_breaks_a_rule_is_reported_as_a_bug(county: Path, tmp_path: Path,
                                                        solver: FakeSolver) -> None:
    solver.behaviour["cpsat"] = lambda inst, on: plan_of(inst, {"T01": "V1", "T03": "P1"},
                                                         "FEASIBLE")
    result = rotate(str(county), "--out", str(tmp_path / "out"), "--no-compare")
    assert result.exit_code == 3
    assert "R1: teacher T03" in result.output and "please report" in result.output


def test_ctrl_c_goes_back_to_python_after_the_solve(county: Path, tmp_path: Path,
                                                     solver: FakeSolver) -> None:
    """CP-SAT leaves SIGINT at the system default after a solve (a later Ctrl-C would kill
    the process mid-write); the command puts Python's handler back."""
    def like_cpsat(inst: Any, on: Any) -> RotationResult:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        return plan_of(inst, {"T01": "V1"})

    solver.behaviour["cpsat"] = like_cpsat
    before = signal.getsignal(signal.SIGINT)
    result = rotate(str(county), "--out", str(tmp_path / "out"), "--no-compare")
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGINT) is before is not signal.SIG_DFL


# --- end to end with the real solver -------------------------------------------------


def test_end_to_end_real_solver_then_check(county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = rotate(str(county), "--out", str(out), "--time-limit", "10", "--workers", "1")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "rotation_summary.json").read_text())
    assert summary["status"] == "OPTIMAL" and summary["gap"] == 0.0
    assert summary["movers"] >= summary["required_movers"] >= 1
    assert check_rotation(load_instance(county), out).ok
    checked = runner.invoke(app, ["check", str(county), "--plan", str(out)])
    assert checked.exit_code == 0, checked.output


def test_baseline_replan_of_the_same_county_changes_nothing(county: Path,
                                                          tmp_path: Path) -> None:
    # The tiny county's plan, re-planned against itself: every move is kept, the summary
    # says 0 changes, the changes file has only its header, and the checker agrees. A
    # `plan` folder (the rotation in rotation/) is read the same way.
    first = tmp_path / "joint" / "rotation"
    assert rotate(str(county), "--out", str(first), "--time-limit", "10", "--workers",
                  "1").exit_code == 0
    out = tmp_path / "again"
    result = rotate(str(county), "--out", str(out), "--baseline", str(first.parent),
                    "--time-limit", "10", "--workers", "1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (out / "rotation_plan.csv").read_text() == (first / "rotation_plan.csv").read_text()
    summary = json.loads((out / "rotation_summary.json").read_text())
    assert summary["changed_from_baseline"]["changes"] == 0
    assert (out / "rotation_changes.csv").read_text(encoding="utf-8-sig").strip() == \
        "teacher_id,old_to_school_id,new_to_school_id,cause,detail"
    assert "0 change(s) from the previous plan" in result.output
    assert runner.invoke(app, ["check", str(county), "--plan", str(out)]).exit_code == 0


@pytest.mark.parametrize("args", [["--method", "greedy"], []])
def test_a_bad_baseline_is_refused_before_solving(county: Path, tmp_path: Path,
                                                  solver: FakeSolver, args: list[str]) -> None:
    # with greedy (which cannot keep a previous plan), or a folder without a plan
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    result = rotate(str(county), "--out", str(out), "--baseline", str(empty), *args)
    assert result.exit_code == 2
    assert solver.calls == [] and not out.exists()


@pytest.fixture(scope="module")
def large_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated county of about 4,400 teachers: CP-SAT needs a while to prove it optimal."""
    from scheduler.generate import generate_records

    records, policy = generate_records("l", 1)
    folder = tmp_path_factory.mktemp("county-l") / "county"
    write_folder(records, folder, policy)
    return folder


def interrupt_rotate(county: Path, out: Path) -> tuple[int, str]:
    """Run `rotaplan rotate` in a subprocess and press Ctrl-C at its first progress line."""
    command = [sys.executable, "-m", "scheduler", "rotate", str(county), "--out", str(out),
               "--time-limit", "60", "--no-compare"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as proc:
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if "cpsat:" in line:
                proc.send_signal(signal.SIGINT)
                break
        rest, _ = proc.communicate(timeout=60)
        return proc.returncode, "".join(seen) + rest


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_ctrl_c_during_the_solve_writes_the_best_plan_so_far(large_county: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = interrupt_rotate(large_county, out)
    assert code == 0, output
    summary = json.loads((out / "rotation_summary.json").read_text())
    assert summary["status"] == "FEASIBLE"  # stopped early: never OPTIMAL
    assert summary["solve_seconds"] < 30
    assert check_rotation(load_instance(large_county), out).ok
    assert summary["stopped_by"] == "interrupt"


def test_a_move_that_leaves_a_named_lesson_without_its_teacher_is_told(
        tiny_records: dict, tmp_path: Path, solver: FakeSolver) -> None:
    # P1/1 music names T01; under T12 scope "township" and T8's 60 minutes T01 still
    # reaches P1 from V1 (the stand-in's move), so add a row at C1 naming T01 with
    # T01 unable to travel: from V1, T01 may teach only at V1 (T2), so both named rows
    # lose their teacher, and the summary and the terminal say so.
    tiny_records["teachers"][0]["can_travel"] = False
    tiny_records["lessons"].append({"site_id": "C1", "class_id": "2", "subject": "music",
                                    "periods_per_week": 2, "teacher_id": "T01"})
    folder = tmp_path / "county"
    write_folder(tiny_records, folder, POLICY)
    out = tmp_path / "out"
    result = rotate(str(folder), "--out", str(out), "--no-compare")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "rotation_summary.json").read_text())
    assert [(p["site_id"], p["class_id"], p["teacher_id"], p["to_school_id"])
            for p in summary["pinned_lessons_out_of_reach"]] == [
        ("P1", "1", "T01", "V1"), ("C1", "2", "T01", "V1")]
    line = "".join(result.output.split())  # the line wraps at the terminal's width
    assert ("注意：2门走教课由lessons.csv指定的教师承担" in line
            and "Hillteachingpoint1班音乐（T01交流至Villageprimary）、Centralprimary2班音乐"
            in line)


def test_a_plan_that_keeps_every_named_teacher_says_nothing(county: Path, tmp_path: Path,
                                                            solver: FakeSolver) -> None:
    out = tmp_path / "out"
    result = rotate(str(county), "--out", str(out), "--no-compare")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "rotation_summary.json").read_text())
    assert summary["pinned_lessons_out_of_reach"] == []
    assert "lessons.csv" not in result.output
