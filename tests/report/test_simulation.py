"""scheduler/report/simulation.py: the per-year CSV, the line charts and the page, from a
summary written by hand (two years; the second's junior backbone CV over its limit)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scheduler.i18n import Note
from scheduler.report.simulation import (
    line_chart,
    render_simulation_html,
    write_simulation_report,
    year_frame,
)


def year(y: int, movers: int, across: list[str], over: bool) -> dict:
    cvs = [{"stage": "primary", "indicator": "backbone", "cv": 0.3, "limit": 0.5,
            "meets": True},
           {"stage": "junior", "indicator": "backbone", "cv": 0.5 if over else 0.2,
            "limit": 0.45, "meets": not over},
           {"stage": "junior", "indicator": "above_degree", "cv": None, "limit": 0.45,
            "meets": None}]
    return {"index": y - 2025, "year": y, "status": "OPTIMAL", "objective": 1.0,
            "best_bound": 1.0, "gap": 0.0, "solve_seconds": 0.5, "eligible": 20,
            "movers": movers, "movers_required": 2, "backbone_movers": 1,
            "principals_moved": 0, "second_within_term": [], "second_across_terms": across,
            "came_home": 1, "stayed_on": 0, "retired": 2, "unmet_shortage_before": 4.5,
            "unmet_shortage_after": 1.5, "cvs": cvs, "check_findings": [],
            "cvs_within_limits": not over, "check_ok": True}


SUMMARY = {"instance": "x", "county": "双河县", "years_asked": 2, "years_done": 2,
           "stopped": "", "wall_seconds": 3.2, "time_limit_per_year": 5.0, "workers": 1,
           "seed": 0, "second_within_term": 0, "second_across_terms": 1,
           "cvs_within_limits_every_year": False, "checks_ok": True,
           "years": [year(2026, 3, [], False), year(2027, 2, ["T9"], True)]}


def test_the_csv_has_a_row_per_year_with_counts_and_cvs() -> None:
    df = year_frame(SUMMARY)
    assert list(df["year"]) == [2026, 2027]
    assert list(df["second_across_terms"]) == [0, 1]  # counts, not ids
    assert list(df["cv_junior_backbone"]) == [0.2, 0.5]
    assert list(df["cvs_within_limits"]) == [True, False]


def test_a_line_chart_draws_each_series_and_limit_and_skips_missing_values() -> None:
    svg = line_chart("t", [2026, 2027, 2028], [("a", [1, 2, 3]), ("b", [None, 0.5, 1])],
                     limits=[("lim", 2.5)])
    assert svg.count('class="series"') == 2 and svg.count('class="limit"') == 1
    # series b has two points (the None is left out), series a three
    assert svg.count("<circle") == 5
    b = re.findall(r'points="([^"]*)"', svg)[1]
    assert len(b.split()) == 2
    # the axis reaches a round number above every value and limit: 4 grid steps of 1
    assert ">4</text>" in svg and ">5</text>" not in svg


def test_the_page_is_chinese_and_marks_a_cv_over_its_limit() -> None:
    html = render_simulation_html(SUMMARY, "zh")
    assert "双河县 交流轮岗多学年模拟" in html and "2027—2028学年" in html
    assert "已证明最优" in html and "OPTIMAL" not in html
    assert "0.500 / 0.45 ✗" in html and "T9" in html
    assert "<svg" in html
    assert "rotation over several school years" in render_simulation_html(SUMMARY, "en")


def test_the_report_files(tmp_path: Path) -> None:
    files = write_simulation_report(SUMMARY, tmp_path, "en")
    assert sorted(files) == sorted(p.name for p in tmp_path.iterdir())
    assert (tmp_path / "simulation.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "CVs per year" in (tmp_path / "simulation_cvs.svg").read_text(encoding="utf-8")


def test_why_it_stopped_is_said_in_the_page_language_and_in_english_in_the_json(
        tmp_path: Path) -> None:
    # simulate.py keeps the year's headline and reasons as Notes (explain.rotation)
    stopped = Note.of("explain.rotation.year_stopped", k=2, year=2027,
                      headline=Note.of("explain.rotation.headline"))
    summary = {**SUMMARY, "stopped": stopped,
               "stopped_reasons": [Note.of("explain.rotation.advice.R4")]}
    write_simulation_report(summary, tmp_path, "zh")
    html = (tmp_path / "simulation.html").read_text(encoding="utf-8")
    assert "第 2 年（2027）：不存在可行的交流轮岗方案：规则相互冲突" in html
    assert "<li>调高 max_outflow_share</li>" in html
    written = json.loads((tmp_path / "simulation_summary.json").read_text(encoding="utf-8"))
    assert written["stopped"] == "year 2 (2027): no plan exists: the rules conflict"
    assert written["stopped_reasons"] == ["raise max_outflow_share"]
