"""The terminal side of `rotate`: progress while solving and the summary table after."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from rich.console import Console

from scheduler.data.load import instance_from_records
from scheduler.report import rotation_terminal as rt
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.solving import SolveStats


def plain_console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=False, width=120), buf


def test_plain_progress_prints_at_most_one_line_a_second(
        monkeypatch: pytest.MonkeyPatch) -> None:
    console, buf = plain_console()
    clock = iter([0.0, 0.1, 0.2, 0.3, 1.5, 1.6])
    monkeypatch.setattr(rt.time, "perf_counter", lambda: next(clock))
    progress = rt.SolveProgress(console, "cpsat", time_limit=10, lang="en")  # start: 0.0
    for elapsed, objective, bound in [(0.1, 120.0, 80.0), (0.2, 110.0, 80.0),
                                      (0.3, 100.0, 90.0), (1.5, 100.0, 100.0)]:
        progress(SimpleNamespace(elapsed=elapsed, objective=objective, bound=bound))
    lines = buf.getvalue().splitlines()
    assert len(lines) == 2
    assert "incumbent 120" in lines[0] and "bound 80" in lines[0] and "gap 33.33%" in lines[0]
    assert "gap 0.00%" in lines[1]
    assert progress.solutions == 3


def test_live_panel_shows_incumbent_bound_and_gap() -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=80)
    progress = rt.SolveProgress(console, "cpsat", time_limit=10)
    progress(SimpleNamespace(elapsed=0.5, objective=200.0, bound=150.0))
    assert buf.getvalue() == ""  # on a terminal only the live panel draws
    console.print(progress)
    out = buf.getvalue()
    assert "200" in out and "150" in out and "25.00%" in out and "/ 10 s" in out


def test_summary_table(tiny_records: dict) -> None:
    inst = instance_from_records(tiny_records, {"rotation": {"max_outflow_share": 0.34}})
    total = score(inst, {"T01": "V1"})["total"]
    result = RotationResult([Move("T01", "C1", "V1", 7.0)],
                            SolveStats("OPTIMAL", total, total, solve_seconds=0.25,
                                       method="cpsat", workers=2))
    outputs = build_outputs(inst, result, "no greedy plan")
    console, buf = plain_console()
    console.print(rt.summary_table(outputs))
    out = buf.getvalue()
    for needle in ["已证明最优", "求解 0.25 秒", "1 人（最低 1 人），符合交流条件 3 人",
                   "2.5 → 1.5（人工方案未得出结果）", "CV 小学 县级及以上骨干教师数",
                   "限值 0.50"]:
        assert needle in out, needle
    assert "OPTIMAL" not in out and "objective" not in out
    console, buf = plain_console()
    console.print(rt.summary_table(outputs, "en"))
    out = buf.getvalue()
    for needle in ["proven optimal", "0.25 s solve", "1 (minimum 1) of 3 eligible",
                   "2.5 → 1.5  (by hand: no plan)", "limit 0.50"]:
        assert needle in out, needle
    # weighted gaps are sums of fractions: shown to two decimals, as a person reads them
    outputs.figures.unmet_shortage_before = 168.78125
    console, buf = plain_console()
    console.print(rt.summary_table(outputs, "en"))
    assert "168.78 → 1.5" in buf.getvalue()


def test_summary_table_principals_and_standards(tiny_records: dict) -> None:
    # V1 with 100 pupils: T01 (county backbone, music) brings it up to the backbone and
    # PE/arts standards (1.0 and 0.9 per 100); T07, C1's principal for 8 years, moves too.
    tiny_records["schools"][1]["students"] = 100
    tiny_records["teachers"].append({
        "teacher_id": "T07", "name": "Principal seven", "school_id": "C1",
        "subject": "chinese", "post": "principal", "years_in_post": 8, "birth_year": 1975})
    inst = instance_from_records(tiny_records, {"rotation": {"max_outflow_share": 0.5}})
    total = score(inst, {"T01": "V1", "T07": "V1"})["total"]
    result = RotationResult([Move("T01", "C1", "V1", 7.0), Move("T07", "C1", "V1", 7.0)],
                            SolveStats("OPTIMAL", total, total))
    console, buf = plain_console()
    console.print(rt.summary_table(build_outputs(inst, result)))
    out = buf.getvalue()
    for needle in ["1 人（最低 1 人），符合交流条件 3 人",  # the principal is not a mover
                   "交流校长、副校长", "1 人（应交流 1 人，不计入交流人数）",
                   "小学 县级及以上骨干教师数", "0 → 1 / 2 所（每百名学生 ≥ 1）"]:
        assert needle in out, needle


def test_stages_are_shown_and_start_afresh() -> None:
    console, buf = plain_console()
    progress = rt.SolveProgress(console, "cpsat", lang="en")
    progress(SimpleNamespace(elapsed=0.1, objective=90.0, bound=10.0, stage="shortage",
                             stage_index=1, stages=3))
    progress._last_line = float("-inf")  # let the next event print at once
    progress(SimpleNamespace(elapsed=0.2, objective=None, bound=4.0, stage="balance",
                             stage_index=2, stages=3))
    lines = buf.getvalue().splitlines()
    assert "1/3 close subject gaps  incumbent 90  bound 10" in lines[0]
    assert "2/3 backbone and PE/arts balance  incumbent –  bound 4  gap –" in lines[1]


def test_progress_speaks_chinese_by_default() -> None:
    console, buf = plain_console()
    progress = rt.SolveProgress(console, "交流轮岗 cpsat")
    progress(SimpleNamespace(elapsed=0.1, objective=90.0, bound=10.0, stage="movers",
                             stage_index=4, stages=9))
    line = buf.getvalue().splitlines()[0]
    assert "4/9 交流人数最少" in line
    assert "当前最好 90  下界 10" in line and "incumbent" not in line
