"""report.md: the summary table's numbers, the plots, and failures named."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.bench.presets import Preset
from scheduler.bench.report import (
    GAP_PNG,
    PROFILE_PNG,
    markdown_table,
    plan_sections,
    plan_table,
    profile_measures,
    summary_table,
    write_report,
)
from scheduler.bench.results import frame
from scheduler.bench.runner import RunSpec, base_row

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def row(instance: str, setting: str, seed: int, status: str, objective: float | None,
        wall: float, first: float | None, error: str | None = None) -> dict:
    spec = RunSpec(run_id=f"{instance}/{setting}/{seed}", suite="t", instance=instance,
                   group="G", kind="rotation", path=instance, setting=setting,
                   method="cpsat", seed=seed, time_limit=30.0, workers=1)
    r = base_row(spec)
    r.update(status=status, objective=objective, wall_seconds=wall,
             first_solution_seconds=first, best_solution_seconds=first,
             best_bound=90.0 if objective is not None else None,
             gap=(objective - 90.0) / objective if objective is not None else None,
             primal_integral=0.5 if objective is not None else 1.0, best_known=100.0,
             checked="yes" if objective is not None else "n/a", peak_rss_mb=100.0, error=error)
    return r


@pytest.fixture
def results() -> tuple:
    rows = [
        row("i1", "fast", 0, "OPTIMAL", 100.0, wall=0.0, first=0.0),
        row("i1", "slow", 0, "FEASIBLE", 120.0, wall=30.0, first=6.0),
        row("i2", "fast", 0, "OPTIMAL", 100.0, wall=30.0, first=2.0),
        row("i2", "slow", 0, "ERROR", None, wall=70.0, first=None, error="ValueError: boom"),
    ]
    points = {"i1/fast/0": [(0.0, 100.0)], "i1/slow/0": [(6.0, 120.0)],
              "i2/fast/0": [(2.0, 100.0)], "i2/slow/0": []}
    return frame(rows), points


def test_summary_table_by_hand(results: tuple) -> None:
    df, _ = results
    table = summary_table(df).set_index("setting")
    fast, slow = table.loc["fast"], table.loc["slow"]
    assert (fast["runs"], fast["optimal"], fast["feasible"], fast["no plan"]) == (2, 2, 0, 0)
    assert (slow["runs"], slow["feasible"], slow["no plan"], slow["errors"]) == (2, 1, 0, 1)
    # walls 0 and 30: sqrt(10 · 40) − 10 = 10
    assert fast["sgm wall s"] == pytest.approx(10.0)
    # slow's first solution: 6 s; its crashed run is left out
    assert slow["sgm first s"] == pytest.approx(6.0)
    assert slow["sgm wall s"] == pytest.approx(30.0)
    assert slow["checked ok"] == "1/1"
    assert slow["mean gap"] == pytest.approx(30 / 120)


def test_profile_measures(results: tuple) -> None:
    df, points = results
    measures = profile_measures(df, points)
    proof = measures["time to prove optimality"]
    assert proof["i1#0"] == {"fast": 0.0, "slow": float("inf")}
    target = measures["time to the best known objective"]
    assert target["i2#0"] == {"fast": 2.0, "slow": float("inf")}


def test_report_and_plots_are_written(results: tuple, tmp_path: Path) -> None:
    df, points = results
    presets = [Preset(name="fast", method="cpsat", workers=1, params={"use_lns_only": True}),
               Preset(name="slow", method="greedy")]
    path = write_report(df, points, tmp_path, suite="t", presets=presets,
                        command="rotaplan bench ...", notes=["highs does not apply to x"])
    text = path.read_text(encoding="utf-8")
    assert "| G | rotation | fast | 2 | 2 | 0 | 0 | 0 |" in text
    assert "use_lns_only=True" in text
    assert "`i2/slow/0`: ValueError: boom" in text and "highs does not apply to x" in text
    for png in (PROFILE_PNG, GAP_PNG):
        assert f"]({png})" in text
        assert (tmp_path / png).read_bytes().startswith(PNG_MAGIC)


def test_markdown_table_escapes_pipes() -> None:
    import pandas as pd

    assert markdown_table(pd.DataFrame([{"a": "x|y", "b": 1.23456}])) == (
        "| a | b |\n|---|---|\n| x\\|y | 1.235 |")
    assert markdown_table(pd.DataFrame()) == "(none)"


def plan_row(setting: str, seed: int, moves: int, covered: int, unmet: float, km: float,
             travel: str = "FEASIBLE") -> dict:
    spec = RunSpec(run_id=f"m/{setting}/{seed}", suite="t", instance="m", group="G",
                   kind="plan", path="m", setting=setting, method=setting, seed=seed,
                   time_limit=30.0, workers=1)
    r = base_row(spec)
    r.update(status="FEASIBLE", objective=unmet, rotation_status="OPTIMAL", rotation_gap=0.0,
             travel_status=travel, travel_gap=0.1, moves=moves, moves_into_covered=covered,
             unmet_counting_coverage=unmet, unmet_plain=unmet + 5, lessons_placed=9,
             lesson_rows=9, route_km=km, wall_seconds=20.0, checked="yes")
    return r


def test_plan_rows_side_by_side() -> None:
    df = frame([plan_row("joint", 0, 10, 0, 4.5, 100.0),
                plan_row("joint", 1, 12, 0, 5.5, 120.0, travel="OPTIMAL"),
                plan_row("separate", 0, 15, 3, 7.0, 90.0)])
    table = plan_table(df).set_index("measure")
    assert list(table.columns) == ["joint", "separate"]
    # joint over its two seeds: medians (10, 12) → 11 moves, (4.5, 5.5) → 5.0 unmet
    assert table.loc["moves (teachers + leaders)"].tolist() == [11, 15]
    assert table.loc["moves into needs 走教 covers"].tolist() == [0, 3]
    assert table.loc["unmet shortage counting coverage"].tolist() == [5.0, 7.0]
    assert table.loc["route km a week"].tolist() == [110.0, 90.0]
    assert table.loc["lessons placed"].tolist() == ["9/9", "9/9"]
    assert table.loc["timetable status"].tolist() == ["1 FEASIBLE, 1 OPTIMAL", "1 FEASIBLE"]
    lines = plan_sections(df)
    assert "### m" in lines and any("| moves (teachers + leaders) | 11 | 15 |" in x
                                    for x in lines)


def test_no_plan_rows_no_plan_section(results: tuple) -> None:
    assert plan_sections(results[0]) == []
