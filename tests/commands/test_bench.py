"""`rotaplan bench`: a tiny suite through the local process pool, and its usage errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.bench.report import GAP_PNG, PROFILE_PNG
from scheduler.bench.runner import COLUMNS, PLAN_COLUMNS
from scheduler.bench.suites import REPO_ROOT
from scheduler.cli import app
from scheduler.data.write import write_folder
from scheduler.generate import generate_records

runner = CliRunner()
DEMO = REPO_ROOT / "instances" / "demo-county"


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated size-s county (12 schools) as a one-instance rotation suite."""
    root = tmp_path_factory.mktemp("bench")
    records, policy = generate_records("s", 0)
    write_folder(records, root / "county-s", policy)
    path = root / "tiny.toml"
    path.write_text('time_limit = 2.0\n[[instances]]\npath = "county-s"\nkind = "rotation"\n',
                    encoding="utf-8")
    return path


def test_local_executor_writes_results_report_and_plots(suite: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["bench", "--suite", str(suite), "--settings", "greedy,highs",
                                 "--repeat", "2", "--jobs", "2", "--out", str(out),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    with (out / "results.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert reader.fieldnames == list(COLUMNS)
    assert sorted(r["run_id"] for r in rows) == [
        "county-s/greedy/0", "county-s/greedy/1", "county-s/highs/0", "county-s/highs/1"]
    for row in rows:
        assert row["status"] in ("OPTIMAL", "FEASIBLE"), row["error"]
        assert row["checked"] == "yes" and row["error"] == ""
        assert float(row["peak_rss_mb"]) > 10 and float(row["wall_seconds"]) > 0
        assert 0 <= float(row["primal_integral"]) <= 1
        assert row["cores"] and row["cpu_model"] and row["ortools"] and row["python"]
    best = min(float(r["objective"]) for r in rows)
    assert {float(r["best_known"]) for r in rows} == {best}
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| county-s | rotation | greedy | 2 |" in report
    for png in (PROFILE_PNG, GAP_PNG):
        assert (out / png).stat().st_size > 1000
    assert "wrote" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--executor", "slurm"], "--executor must be local or dask"),
    (["--executor", "dask"], "needs --scheduler"),
    (["--scheduler", "tcp://127.0.0.1:1"], "goes with --executor dask"),
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--repeat", "0"], "--repeat must be at least 1"),
])
def test_usage_errors(suite: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["bench", "--suite", str(suite), "--settings", "greedy",
                                 "--out", str(tmp_path / "out"), "--lang", "en", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_refuses_a_non_empty_out_without_force(suite: Path, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["bench", "--suite", str(suite), "--settings", "greedy",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--force" in result.output


def test_unknown_preset_is_a_usage_error(suite: Path, tmp_path: Path) -> None:
    args = ["bench", "--suite", str(suite), "--settings", "greedy,nope", "--out",
            str(tmp_path / "out")]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 2 and "no settings preset named 'nope'" in result.output
    result = runner.invoke(app, [*args, "--lang", "zh"])
    assert result.exit_code == 2 and "没有名为 'nope' 的设置预设；已有：" in result.output


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_joint_and_separate_plans_side_by_side(tmp_path: Path) -> None:
    """The plan kind on the demo county, one worker, 2 s a run: both methods' rows have
    every plan column and passed the checker; report.md shows them side by side."""
    (tmp_path / "plan.toml").write_text(
        f'time_limit = 2.0\n[[instances]]\npath = "{DEMO}"\nkind = "plan"\n', encoding="utf-8")
    for method in ("joint", "separate"):
        (tmp_path / f"{method}.toml").write_text(f'method = "{method}"\nworkers = 1\n',
                                                 encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["bench", "--suite", str(tmp_path / "plan.toml"),
                                 "--settings", f"{tmp_path / 'joint.toml'},"
                                               f"{tmp_path / 'separate.toml'}",
                                 "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    with (out / "results.csv").open(encoding="utf-8") as fh:
        rows = {r["method"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"joint", "separate"}
    for row in rows.values():
        assert row["status"] in ("OPTIMAL", "FEASIBLE"), row["error"]
        assert (row["kind"], row["checked"], row["error"]) == ("plan", "yes", "")
        empty = [c for c in PLAN_COLUMNS if row[c] == "" and c != "travel_parts_gap"]
        assert not empty, empty
        assert row["lessons_placed"] == row["lesson_rows"] != "0"  # a complete timetable
        assert float(row["objective"]) == float(row["unmet_counting_coverage"])
        assert float(row["unmet_counting_coverage"]) <= float(row["unmet_plain"])
        assert row["best_bound"] == row["gap"] == ""
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Plans side by side" in report and "| measure | joint | separate |" in report
