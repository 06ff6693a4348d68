"""The rotation checker: a valid plan passes; each rule broken on purpose is caught by id.

Plans are written here as an outside tool would write them (plain csv and json), not with
the project's writer, so the checker is tested against the contract's words.

The tiny county (tests/conftest.py) with max_outflow_share 0.34: eligible teachers are
T01 (county backbone, music, C1), T02 (volunteer, senior-title candidate, C1) and T04
(V1); C1 has 3 staff and may send floor(0.34 × 3) = 1. Moving T01 from C1 to V1 (7 km,
V1 needs music) meets both quotas: ceil(0.1 × 3) = 1 mover, ceil(0.2 × 1) = 1 backbone.
Unmet posts: before V1 music 1 + P1 art 0.5 + J1 english 1 = 2.5; after 1.5.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.check.rotation import CONTRACT_COLUMNS, check_rotation
from scheduler.data.load import instance_from_records
from scheduler.rotation.outputs import build_outputs, write_outputs
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.rules import eligible
from scheduler.solving import SolveStats

POLICY = {"rotation": {"max_outflow_share": 0.34}}
T01_ROW = {"teacher_id": "T01", "name": "Teacher one", "subject": "music", "backbone": "county",
           "from_school_id": "C1", "to_school_id": "V1", "distance_km": "7.00",
           "reasons": "shortage:music;quota"}


def make_inst(records: dict, policy: dict | None = None) -> Any:
    return instance_from_records(records, policy if policy is not None else POLICY)


def true_summary(inst: Any, moves: dict[str, str], **changes: Any) -> dict[str, Any]:
    total = score(inst, moves)["total"]
    summary = {"status": "OPTIMAL", "objective": total, "best_bound": total, "gap": 0.0,
               "eligible": 3, "movers": len(moves),
               "backbone_movers": sum(inst.teacher[t].is_backbone for t in moves),
               "unmet_shortage_before": 2.5, "unmet_shortage_after": 1.5,
               "solve_seconds": 0.1}
    summary.update(changes)
    return summary


def write_plan(folder: Path, rows: list[dict[str, str]], summary: dict[str, Any] | None,
               columns: tuple[str, ...] = CONTRACT_COLUMNS, bom: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "rotation_plan.csv", "w", encoding="utf-8-sig" if bom else "utf-8",
              newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    if summary is not None:
        (folder / "rotation_summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


def rules_of(report: Any) -> list[str]:
    return sorted({f.rule for f in report.findings})


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return make_inst(tiny_records)


def test_valid_plan_passes_and_figures_are_recomputed(inst: Any, tmp_path: Path) -> None:
    folder = write_plan(tmp_path, [T01_ROW], true_summary(inst, {"T01": "V1"}))
    report = check_rotation(inst, folder)
    assert report.findings == []
    assert report.figures["movers"] == 1
    assert report.figures["backbone_movers"] == 1
    assert report.figures["unmet_shortage_before"] == 2.5
    assert report.figures["unmet_shortage_after"] == 1.5
    assert report.figures["required_movers"] == 1


def test_formula_guarded_name_matches_the_instance(tiny_records: dict, tmp_path: Path) -> None:
    tiny_records["teachers"][0]["name"] = "=HYPERLINK(\"http://x\")"
    inst = make_inst(tiny_records)
    row = dict(T01_ROW, name="'=HYPERLINK(\"http://x\")")
    report = check_rotation(inst, write_plan(tmp_path, [row], true_summary(inst, {"T01": "V1"})))
    assert report.findings == []


@pytest.mark.parametrize("tid", ["T03", "T05", "T06"])  # near retirement, 2 years, exempt
def test_r1_ineligible_teacher(inst: Any, tmp_path: Path, tid: str) -> None:
    t = inst.teacher[tid]
    row = {"teacher_id": tid, "name": t.name, "subject": t.subject, "backbone": str(t.backbone),
           "from_school_id": t.school_id, "to_school_id": "V1" if t.school_id != "V1" else "C1",
           "distance_km": f"{inst.road_km(t.school_id, 'V1' if t.school_id != 'V1' else 'C1'):.2f}",
           "reasons": ""}
    moves = {"T01": "V1", tid: row["to_school_id"]}
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW, row],
                                             true_summary(inst, moves)))
    r1 = [f for f in report.findings if f.rule == "R1"]
    assert len(r1) == 1 and tid in r1[0].message
    if tid == "T06":  # the exemption's reason is personal: never printed
        assert "secondment" not in r1[0].message


def test_r2_too_few_movers(inst: Any, tmp_path: Path) -> None:
    summary = true_summary(inst, {}, unmet_shortage_after=2.5)
    report = check_rotation(inst, write_plan(tmp_path, [], summary))
    assert [f.rule for f in report.findings] == ["R2"]
    assert "at least 1" in report.findings[0].message


def test_r2_too_few_backbone_movers(inst: Any, tmp_path: Path) -> None:
    row = dict(T01_ROW, teacher_id="T02", name="Teacher two", subject="chinese",
               backbone="none")
    report = check_rotation(inst, write_plan(tmp_path, [row], true_summary(inst, {"T02": "V1"},
                                             unmet_shortage_after=2.5)))
    assert rules_of(report) == ["R2"]
    assert "backbone" in report.findings[0].message


def test_r3_distance_over_the_limit(tiny_records: dict, tmp_path: Path) -> None:
    inst = make_inst(tiny_records, {"rotation": {"max_outflow_share": 0.34,
                                                 "max_distance_km": 5}})
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW],
                                             true_summary(inst, {"T01": "V1"})))
    assert rules_of(report) == ["R3"]
    assert "T01" in report.findings[0].message and "7.00 km" in report.findings[0].message


def test_r4_sending_cap(tiny_records: dict, tmp_path: Path) -> None:
    inst = make_inst(tiny_records, {})  # 0.15 × 3 staff: C1 may send nobody
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW],
                                             true_summary(inst, {"T01": "V1"})))
    assert rules_of(report) == ["R4"]
    assert "C1" in report.findings[0].message and "cap is 0" in report.findings[0].message


def test_r5_last_teacher_of_a_required_subject(tiny_records: dict, tmp_path: Path) -> None:
    tiny_records["needs"].append({"school_id": "C1", "subject": "music", "required": 1})
    inst = make_inst(tiny_records)
    summary = true_summary(inst, {"T01": "V1"}, unmet_shortage_after=2.5)
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert rules_of(report) == ["R5"]
    assert "C1" in report.findings[0].message and "T01" in report.findings[0].message


def test_r6_scope(tiny_records: dict, tmp_path: Path) -> None:
    inst = make_inst(tiny_records, {"rotation": {"max_outflow_share": 0.34, "scope": "group"}})
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW],
                                             true_summary(inst, {"T01": "V1"})))
    assert rules_of(report) == ["R6"]
    assert "G1" in report.findings[0].message


def test_r7_senior_title_candidate_to_an_urban_school(inst: Any, tmp_path: Path) -> None:
    km = inst.road_km("C1", "J1")
    row = dict(T01_ROW, teacher_id="T02", name="Teacher two", subject="chinese",
               backbone="none", to_school_id="J1", distance_km=f"{km:.2f}")
    moves = {"T01": "V1", "T02": "J1"}
    summary = true_summary(inst, moves, unmet_shortage_after=1.5)
    # C1 may send only one: R4 is broken as well, and named apart.
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW, row], summary))
    assert rules_of(report) == ["R4", "R7"]
    assert "T02" in next(f.message for f in report.findings if f.rule == "R7")


@pytest.mark.parametrize(("change", "needle"), [
    ({"teacher_id": "T99"}, "T99"),
    ({"from_school_id": "J1"}, "serves at C1"),
    ({"to_school_id": "C1", "distance_km": "0"}, "already serves"),
    ({"to_school_id": "X9"}, "X9"),
    ({"distance_km": "7.5"}, "road from C1 to V1 is 7.00 km"),
    ({"distance_km": "far"}, "not a number"),
    ({"subject": "art"}, "subject of teacher T01"),
    ({"backbone": "none"}, "backbone of teacher T01"),
])
def test_r8_rows(inst: Any, tmp_path: Path, change: dict, needle: str) -> None:
    row = dict(T01_ROW, **change)
    report = check_rotation(inst, write_plan(tmp_path, [row], true_summary(inst, {"T01": "V1"})))
    r8 = [f.message for f in report.findings if f.rule == "R8"]
    assert any(needle in m for m in r8), report.findings


def test_r8_wrong_name_is_reported_without_printing_names(inst: Any, tmp_path: Path) -> None:
    row = dict(T01_ROW, name="Somebody else")
    report = check_rotation(inst, write_plan(tmp_path, [row], true_summary(inst, {"T01": "V1"})))
    assert rules_of(report) == ["R8"]
    assert "Somebody" not in report.findings[0].message
    assert "Teacher one" not in report.findings[0].message


def test_r8_one_row_per_teacher(inst: Any, tmp_path: Path) -> None:
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW, T01_ROW],
                                             true_summary(inst, {"T01": "V1"})))
    assert rules_of(report) == ["R8"]
    assert "row 2" in report.findings[0].message


@pytest.mark.parametrize("key", ["eligible", "movers", "backbone_movers",
                                 "unmet_shortage_before", "unmet_shortage_after"])
def test_r8_summary_counts(inst: Any, tmp_path: Path, key: str) -> None:
    summary = true_summary(inst, {"T01": "V1"})
    summary[key] += 1
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert [f.rule for f in report.findings] == ["R8"]
    assert key in report.findings[0].message


def test_wrong_objective(inst: Any, tmp_path: Path) -> None:
    true = score(inst, {"T01": "V1"})["total"]
    wrong = true + 1.0 + abs(true) * 1e-3
    summary = true_summary(inst, {"T01": "V1"}, objective=wrong, best_bound=wrong)
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert rules_of(report) == ["figures"]
    assert "scores" in report.findings[0].message


def test_objective_within_relative_tolerance_passes(inst: Any, tmp_path: Path) -> None:
    true = score(inst, {"T01": "V1"})["total"]
    near = true + 1e-9 * max(1.0, abs(true))
    summary = true_summary(inst, {"T01": "V1"}, objective=near, best_bound=near)
    assert check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary)).ok


def test_optimal_needs_bound_equal_to_objective(inst: Any, tmp_path: Path) -> None:
    true = score(inst, {"T01": "V1"})["total"]
    bound = true - 0.01 * abs(true)
    gap = 0.01 * abs(true) / max(1.0, abs(true))
    summary = true_summary(inst, {"T01": "V1"}, best_bound=bound, gap=gap)
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert rules_of(report) == ["figures"]
    assert "OPTIMAL" in report.findings[0].message
    # the same figures as FEASIBLE are consistent
    summary["status"] = "FEASIBLE"
    assert check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary)).ok


def test_gap_inconsistent_with_objective_and_bound(inst: Any, tmp_path: Path) -> None:
    true = score(inst, {"T01": "V1"})["total"]
    summary = true_summary(inst, {"T01": "V1"}, status="FEASIBLE",
                           best_bound=true - 0.01 * abs(true), gap=0.0)
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert rules_of(report) == ["figures"]
    assert "gap" in report.findings[0].message


def test_bound_above_objective_of_a_minimisation(inst: Any, tmp_path: Path) -> None:
    true = score(inst, {"T01": "V1"})["total"]
    bound = true + 0.01 * abs(true)
    summary = true_summary(inst, {"T01": "V1"}, status="FEASIBLE", best_bound=bound,
                           gap=0.01 * abs(true) / max(1.0, abs(true)))
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert any("above the objective" in f.message for f in report.findings)


@pytest.mark.parametrize("status", ["INFEASIBLE", "UNKNOWN", "optimal"])
def test_status_of_a_written_plan(inst: Any, tmp_path: Path, status: str) -> None:
    summary = true_summary(inst, {"T01": "V1"}, status=status)
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert not report.ok
    assert any(status in f.message for f in report.findings)


def test_plan_made_under_another_policy(inst: Any, tmp_path: Path) -> None:
    policy = inst.policy.model_dump(mode="json")
    policy["rotation"]["max_distance_km"] = 80.0
    summary = true_summary(inst, {"T01": "V1"}, policy=policy)
    report = check_rotation(inst, write_plan(tmp_path, [T01_ROW], summary))
    assert rules_of(report) == ["policy"]
    assert "rotation.max_distance_km" in report.findings[0].message


# --- malformed files: findings, never a traceback ---------------------------------------


def test_missing_files(inst: Any, tmp_path: Path) -> None:
    report = check_rotation(inst, tmp_path)
    assert rules_of(report) == ["format"]
    assert {"rotation_plan.csv is missing", "rotation_summary.json is missing"} == {
        f.message for f in report.findings}


def test_missing_column(inst: Any, tmp_path: Path) -> None:
    columns = tuple(c for c in CONTRACT_COLUMNS if c != "distance_km")
    folder = write_plan(tmp_path, [T01_ROW], true_summary(inst, {"T01": "V1"}), columns)
    report = check_rotation(inst, folder)
    assert rules_of(report) == ["format"]
    assert "distance_km" in report.findings[0].message


def test_extra_column_and_any_order_are_accepted(inst: Any, tmp_path: Path) -> None:
    columns = ("note", *reversed(CONTRACT_COLUMNS))
    folder = write_plan(tmp_path, [dict(T01_ROW, note="x")], true_summary(inst, {"T01": "V1"}),
                        columns)
    assert check_rotation(inst, folder).ok


def test_no_bom(inst: Any, tmp_path: Path) -> None:
    folder = write_plan(tmp_path, [T01_ROW], true_summary(inst, {"T01": "V1"}), bom=False)
    report = check_rotation(inst, folder)
    assert rules_of(report) == ["format"]
    assert "byte order mark" in report.findings[0].message


def test_not_utf8_and_ragged_rows(inst: Any, tmp_path: Path) -> None:
    write_plan(tmp_path, [T01_ROW], true_summary(inst, {"T01": "V1"}))
    (tmp_path / "rotation_plan.csv").write_bytes("工号\n".encode("gb18030"))
    report = check_rotation(inst, tmp_path)
    assert any("not UTF-8" in f.message for f in report.findings)
    text = "\ufeff" + ",".join(CONTRACT_COLUMNS) + "\nT01,only,three\n"
    (tmp_path / "rotation_plan.csv").write_text(text, encoding="utf-8")
    report = check_rotation(inst, tmp_path)
    assert any("3 cells" in f.message for f in report.findings)
    assert any(f.rule == "R2" for f in report.findings)  # the skipped row moves nobody


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"status": "OPTIMAL"}',
                                  '{"status": "OPTIMAL", "objective": "x", "best_bound": null, '
                                  '"gap": null, "eligible": 3, "movers": 1, '
                                  '"backbone_movers": 1, "unmet_shortage_before": 2.5, '
                                  '"unmet_shortage_after": 1.5, "solve_seconds": 0}'])
def test_malformed_summary(inst: Any, tmp_path: Path, text: str) -> None:
    write_plan(tmp_path, [T01_ROW], None)
    (tmp_path / "rotation_summary.json").write_text(text, encoding="utf-8")
    report = check_rotation(inst, tmp_path)
    assert "format" in rules_of(report)


def test_checker_does_not_import_ortools() -> None:
    """Neither the rotation checker nor anything `rotaplan check` loads pulls in the solver."""
    code = ("import sys, scheduler.cli, scheduler.check.run\n"
            "sys.exit(1 if 'ortools' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr or "ortools was imported"


# --- the writer and the checker agree on every plan --------------------------------------

TINY_TEACHERS = ("T01", "T02", "T03", "T04", "T05", "T06")
TINY_SCHOOLS = ("C1", "V1", "P1", "J1")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.dictionaries(st.sampled_from(TINY_TEACHERS), st.sampled_from(TINY_SCHOOLS),
                             max_size=6))
def test_written_figures_always_agree_with_the_checker(
        inst: Any, tmp_path_factory: pytest.TempPathFactory, moves: dict[str, str]) -> None:
    """Whatever the moves, the writer's figures are true: only R1–R7 can be broken, and R1
    exactly when an ineligible teacher moves."""
    moves = {t: s for t, s in moves.items() if s != inst.teacher[t].school_id}
    total = score(inst, moves)["total"]
    result = RotationResult([Move(t, inst.teacher[t].school_id, s, 0.0)
                             for t, s in moves.items()], SolveStats("FEASIBLE", total, None))
    out = tmp_path_factory.mktemp("plan") / "out"
    write_outputs(build_outputs(inst, result), out)
    report = check_rotation(inst, out)
    found = set(rules_of(report))
    assert found <= {"R1", "R2", "R3", "R4", "R5", "R6", "R7"}, report.findings
    ineligible = any(not eligible(inst.teacher[t], inst.policy) for t in moves)
    assert ("R1" in found) == ineligible
    assert report.figures["movers"] == len(moves)
