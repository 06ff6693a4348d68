"""Writing a rotation plan: the contract's files, true figures, all-or-nothing, formula-safe.

Plans are built by hand on the tiny county (tests/conftest.py) with max_outflow_share
0.34: T01 (county backbone, music) moves from C1 to V1, 7 km by distances.csv.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from scheduler.check.rotation import check_rotation
from scheduler.core.rotation_levels import LEVELS
from scheduler.data.load import instance_from_records
from scheduler.errors import UsageError
from scheduler.report.files import write_outputs
from scheduler.rotation import outputs as o
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.solving import SolveStats

POLICY = {"rotation": {"max_outflow_share": 0.34}}
CONTRACT_KEYS = {"status", "objective", "best_bound", "gap", "eligible", "movers",
                 "backbone_movers", "unmet_shortage_before", "unmet_shortage_after",
                 "solve_seconds"}


def make_result(inst: Any, status: str = "OPTIMAL", km: float = 7.0,
                objective: float | None = None, bound: float | None = None) -> RotationResult:
    total = score(inst, {"T01": "V1"})["total"]
    objective = total if objective is None else objective
    bound = objective if bound is None else bound
    stats = SolveStats(status, objective, bound, solve_seconds=0.5, build_seconds=0.1,
                       method="cpsat", workers=2, seed=0, time_limit=60.0)
    return RotationResult([Move("T01", "C1", "V1", km, ("shortage:music", "quota"))], stats)


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    tiny_records["teachers"][0]["name"] = "=1+2"  # formula injection attempt
    return instance_from_records(tiny_records, POLICY)


@pytest.fixture
def written(inst: Any, tmp_path: Path) -> Path:
    out = tmp_path / "plan"
    write_outputs(o.build_outputs(inst, make_result(inst)), out)
    return out


def test_files_and_exact_csv_header(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == [
        "publication.html", "report.html", "rotation_plan.csv", "rotation_plan.xlsx",
        "rotation_summary.json"]
    data = (written / "rotation_plan.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("teacher_id,name,subject,backbone,from_school_id,to_school_id,"
                        "distance_km,reasons,post,from_name,to_name,term_end_year,serves")
    # the policy's year 2026 + term_years 3; T01 fills V1's music post
    assert lines[1] == ("T01,'=1+2,music,county,C1,V1,7.0,shortage:music;quota,teacher,"
                        "Central primary,Village primary,2029,shortage")


def test_written_plan_passes_the_checker(inst: Any, written: Path) -> None:
    assert check_rotation(inst, written).findings == []


def test_figures_are_recomputed_not_copied(inst: Any, tmp_path: Path) -> None:
    """A solver that reports a wrong distance and objective does not get them written."""
    true = score(inst, {"T01": "V1"})["total"]
    result = make_result(inst, status="FEASIBLE", km=99.0, objective=true + 5e6,
                         bound=true - 1e6)
    outputs = o.build_outputs(inst, result)
    assert outputs.plan.loc[0, "distance_km"] == 7.0
    s = outputs.summary
    assert set(s) >= CONTRACT_KEYS
    assert s["objective"] == true
    assert s["solver_objective"] == true + 5e6
    assert s["best_bound"] == true - 1e6
    assert s["gap"] == pytest.approx(1e6 / true)
    assert (s["eligible"], s["movers"], s["backbone_movers"]) == (3, 1, 1)
    assert (s["required_movers"], s["required_backbone_movers"]) == (1, 1)
    assert (s["movers_required"], s["principals_moved"], s["headcount_rule"]) == (1, 0, "needs")
    assert (s["unmet_shortage_before"], s["unmet_shortage_after"]) == (2.5, 1.5)
    assert s["movers_by_serves"] == {"shortage": 1}  # T01 fills V1's music post
    assert s["shortage_by_subject_after"] == {"art": 0.5, "english": 1.0}
    assert s["objective_terms"]["total"] == true


def test_summary_is_strict_json_with_settings_and_cvs(written: Path) -> None:
    text = (written / "rotation_summary.json").read_text(encoding="utf-8")
    assert "NaN" not in text
    s = json.loads(text)
    assert (s["status"], s["gap"], s["method"], s["workers"], s["seed"]) == (
        "OPTIMAL", 0.0, "cpsat", 2, 0)
    assert s["time_limit"] == 60.0 and s["build_seconds"] == 0.1
    junior = [c for c in s["cv_after"] if c["stage"] == "junior"]
    assert junior and all(c["cv"] is None for c in junior)  # one junior school: no CV
    primary = {c["indicator"]: c for c in s["cv_after"] if c["stage"] == "primary"}
    assert primary["backbone"]["limit"] == 0.5 and primary["backbone"]["cv"] > 0
    assert s["baseline"] is None
    assert s["policy"]["rotation"]["max_outflow_share"] == 0.34


def test_baseline_comparison_and_failure(inst: Any) -> None:
    greedy = make_result(inst, status="FEASIBLE")
    with_hand = o.build_outputs(inst, make_result(inst), greedy)
    assert with_hand.summary["baseline"]["unmet_shortage_after"] == 1.5
    assert "by_hand" in o.shortage_table(with_hand).columns
    assert "cv_by_hand" in o.cv_table(with_hand).columns
    failed = o.build_outputs(inst, make_result(inst), "greedy found no plan: caps too small")
    assert failed.summary["baseline"] == {"method": "greedy",
                                          "error": "greedy found no plan: caps too small"}
    assert "by_hand" not in o.shortage_table(failed).columns


def test_existing_out_is_refused_without_force(inst: Any, written: Path) -> None:
    before = (written / "rotation_plan.csv").read_bytes()
    with pytest.raises(UsageError, match="--force"):
        write_outputs(o.build_outputs(inst, make_result(inst)), written)
    assert (written / "rotation_plan.csv").read_bytes() == before
    write_outputs(o.build_outputs(inst, make_result(inst, status="FEASIBLE")), written,
                    force=True)
    assert json.loads((written / "rotation_summary.json").read_text())["status"] == "FEASIBLE"


def test_failure_mid_write_keeps_the_previous_plan(inst: Any, written: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.read_bytes() for p in written.iterdir()}

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    import scheduler.report.files as files

    monkeypatch.setattr(files, "write_rotation_workbook", broken)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(o.build_outputs(inst, make_result(inst, status="FEASIBLE")), written,
                        force=True)
    assert {p.name: p.read_bytes() for p in written.iterdir()} == before
    assert [p.name for p in written.parent.iterdir()] == ["plan"]  # no temporary folder left


def test_no_moves(inst: Any, tmp_path: Path) -> None:
    stats = SolveStats("OPTIMAL", score(inst, {})["total"], score(inst, {})["total"])
    outputs = o.build_outputs(inst, RotationResult([], stats))
    write_outputs(outputs, tmp_path / "empty")
    text = (tmp_path / "empty" / "rotation_plan.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == [",".join(o.PLAN_COLUMNS)]
    assert outputs.summary["movers"] == 0 and outputs.summary["max_distance_km"] == 0.0


def staged_result(inst: Any) -> RotationResult:
    """A staged solve stopped in its second level: the first proven, the second open."""
    terms = score(inst, {"T01": "V1"})
    names = [k for k in terms if k != "total"]
    result = make_result(inst, status="FEASIBLE")
    result.stages = [
        {"level": names[0], "step": "lp", "status": "OPTIMAL", "bound": terms[names[0]] - 3},
        {"level": names[0], "step": "cpsat-improve", "status": "INFEASIBLE", "bound": None},
        {"level": names[0], "step": "done", "status": "OPTIMAL", "bound": terms[names[0]]},
        {"level": names[1], "step": "lp", "status": "OPTIMAL", "bound": 0.0},
        # a rounding step's OPTIMAL is about a restricted model and proves nothing
        {"level": names[1], "step": "cpsat-round", "status": "OPTIMAL",
         "bound": terms[names[1]]},
    ]
    return result


def test_a_staged_solve_reports_its_first_open_level(inst: Any, tmp_path: Path) -> None:
    terms = score(inst, {"T01": "V1"})
    names = [k for k in terms if k != "total"]
    assert terms[names[1]] > 0, "the fixture must leave something to prove in level 2"
    outputs = o.build_outputs(inst, staged_result(inst))
    levels = outputs.summary["levels"]
    # lexicographic order: shortage_place is scored beside shortage but ranks after movers
    assert [lv["level"] for lv in levels] == names == list(LEVELS)
    assert levels[0]["proven"] and levels[0]["bound"] == terms[names[0]]
    assert not levels[1]["proven"] and levels[1]["bound"] == 0.0
    assert outputs.summary["first_open_level"] == names[1]
    assert outputs.summary["gap"] == pytest.approx(1.0)  # level 2: value vs bound 0
    assert all(lv["bound"] == 0.0 and lv["proven"] == (lv["value"] == 0) for lv in levels[2:]), \
        "a level after an open one is solved, if at all, given the open one's value"
    write_outputs(outputs, tmp_path / "p")
    assert check_rotation(inst, tmp_path / "p").findings == []


def test_the_checker_refuses_a_level_gap_hidden_in_the_total(inst: Any, tmp_path: Path) -> None:
    write_outputs(o.build_outputs(inst, staged_result(inst)), tmp_path / "p")
    path = tmp_path / "p" / "rotation_summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary["gap"] = 0.0
    summary["levels"][1]["proven"] = True
    path.write_text(json.dumps(summary), encoding="utf-8")
    messages = [f.message for f in check_rotation(inst, tmp_path / "p").findings]
    assert any("level" in m and "marked proven" in m for m in messages), messages


def test_the_checker_refuses_a_gap_that_is_not_the_open_levels(inst: Any,
                                                              tmp_path: Path) -> None:
    write_outputs(o.build_outputs(inst, staged_result(inst)), tmp_path / "p")
    path = tmp_path / "p" / "rotation_summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary["gap"] = 0.0
    path.write_text(json.dumps(summary), encoding="utf-8")
    messages = [f.message for f in check_rotation(inst, tmp_path / "p").findings]
    assert any("first open level" in m for m in messages), messages


# --- data contract §5 ------------------------------------------------------------------

PRINCIPAL = {"teacher_id": "T07", "name": "Principal seven", "school_id": "C1",
             "subject": "chinese", "post": "principal", "years_in_post": 8, "birth_year": 1975,
             "gender": "M"}


def with_principal(tiny_records: dict) -> Any:
    """The tiny county with T07, C1's principal for 8 years (due under R12)."""
    tiny_records["teachers"].append(dict(PRINCIPAL))
    return instance_from_records(tiny_records, {"rotation": {"max_outflow_share": 0.5}})


def two_moves(inst: Any) -> RotationResult:
    """T01 (music) to V1, and the principal T07 to P1 (same stage group; each school then
    holds its R9 limit: staff before + its unmet posts, 2 each)."""
    moves = {"T01": "V1", "T07": "P1"}
    total = score(inst, moves)["total"]
    return RotationResult([Move("T01", "C1", "V1", 7.0), Move("T07", "C1", "P1", 11.5)],
                          SolveStats("OPTIMAL", total, total))


def test_principals_are_counted_apart_and_serve_r12(tiny_records: dict,
                                                     tmp_path: Path) -> None:
    inst = with_principal(tiny_records)
    outputs = o.build_outputs(inst, two_moves(inst))
    s = outputs.summary
    assert (s["movers"], s["backbone_movers"], s["principals_moved"]) == (1, 1, 1)
    assert s["eligible"] == 3  # a leader is not in the teachers' pool
    rows = outputs.plan.set_index("teacher_id")
    assert (rows.loc["T07", "post"], rows.loc["T07", "serves"]) == ("principal", "R12")
    assert (rows.loc["T01", "post"], rows.loc["T01", "serves"]) == ("teacher", "shortage")
    write_outputs(outputs, tmp_path / "p")
    assert check_rotation(inst, tmp_path / "p").findings == []  # the checker counts alike
    book = load_workbook(tmp_path / "p" / "rotation_plan.xlsx")
    leaders = list(book["校长副校长交流"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[4]) for r in leaders] == [("T07", "Principal seven", "校长")]


def test_term_end_year_is_the_year_plus_the_term(tiny_records: dict) -> None:
    inst = instance_from_records(tiny_records, {"year": 2027, "rotation": {
        "max_outflow_share": 0.34, "term_years": 2}})
    assert list(o.build_outputs(inst, make_result(inst)).plan["term_end_year"]) == [2029]


def test_standards_met_before_and_after_and_the_largest_headcount_gain(
        tiny_records: dict, tmp_path: Path) -> None:
    # V1 with 100 pupils needs 1 backbone and 1 PE/arts teacher (per 100: 1.0, 0.9) and has
    # neither; C1 (400 pupils) needs 4 of each and has 1 and 2. T01, a county backbone
    # music teacher, brings V1 up to both standards. V1's R9 limit ("needs"): its staff (1)
    # + ceil(its unmet posts before: music 1) = 2.
    tiny_records["schools"][1]["students"] = 100
    inst = instance_from_records(tiny_records, POLICY)
    outputs = o.build_outputs(inst, make_result(inst))
    standards = {(r["stage"], r["indicator"]): r for r in outputs.summary["standards"]}
    assert standards["primary", "backbone"] == {
        "stage": "primary", "indicator": "backbone", "standard_per100": 1.0, "schools": 2,
        "meeting_before": 0, "meeting_after": 1}
    pe_arts = standards["primary", "pe_arts"]
    assert (pe_arts["schools"], pe_arts["meeting_before"], pe_arts["meeting_after"]) == (2, 0, 1)
    assert outputs.summary["largest_headcount_gain"] == {
        "school_id": "V1", "name": "Village primary", "teachers_before": 1, "teachers_after": 2,
        "gain": 1, "limit": 2}
    write_outputs(outputs, tmp_path / "p")
    book = load_workbook(tmp_path / "p" / "rotation_plan.xlsx")
    sheet = list(book["每校达标情况"].iter_rows(values_only=True))
    assert ("小学", "县级及以上骨干教师数", 1.0, 2, 0, 1) in sheet
    header, *rows = list(book["各校教师指标"].iter_rows(min_row=2, values_only=True))
    v1 = dict(zip(header, next(r for r in rows if r[0] == "V1"), strict=True))
    assert (v1["县级及以上骨干教师数达标（交流前）"], v1["县级及以上骨干教师数达标（交流后）"]) == (
        "否", "是")


def test_no_headcount_gain_without_moves(inst: Any) -> None:
    stats = SolveStats("OPTIMAL", score(inst, {})["total"], score(inst, {})["total"])
    assert o.build_outputs(inst, RotationResult([], stats)).summary[
        "largest_headcount_gain"] is None


def test_broken_cv_limits_are_listed_with_why() -> None:
    from types import SimpleNamespace

    import pandas as pd

    from scheduler.rotation.outputs import cv_limits_unmet

    cvs = pd.DataFrame([{"stage": "primary", "indicator": "backbone", "cv": 0.61,
                         "limit": 0.5, "meets": False},
                        {"stage": "junior", "indicator": "backbone", "cv": 0.30,
                         "limit": 0.45, "meets": True},
                        {"stage": "junior", "indicator": "above_degree", "cv": float("nan"),
                         "limit": 0.45, "meets": None}])
    fig = SimpleNamespace(cvs_after=cvs)
    proven = cv_limits_unmet(fig, [{"level": "cv_limits", "proven": True}])
    assert [(r["stage"], r["indicator"]) for r in proven] == [("primary", "backbone")]
    assert "proven" in proven[0]["why"] and "not proven" not in proven[0]["why"]
    open_ = cv_limits_unmet(fig, [{"level": "cv_limits", "proven": False}])
    assert "not proven" in open_[0]["why"]
