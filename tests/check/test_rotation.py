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
import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import rules
from scheduler.check.rotation import CONTRACT_COLUMNS, OPTIONAL_COLUMNS, check_rotation
from scheduler.data.load import instance_from_records
from scheduler.report.files import write_outputs
from scheduler.rotation.outputs import build_outputs
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
    """Whatever the moves, the writer's figures are true: only R1–R7 and R9 (headcount) can
    be broken (the tiny county has no leader, exchange, lock or upward move), and R1
    exactly when an ineligible teacher moves."""
    moves = {t: s for t, s in moves.items() if s != inst.teacher[t].school_id}
    total = score(inst, moves)["total"]
    result = RotationResult([Move(t, inst.teacher[t].school_id, s, 0.0)
                             for t, s in moves.items()], SolveStats("FEASIBLE", total, None))
    out = tmp_path_factory.mktemp("plan") / "out"
    write_outputs(build_outputs(inst, result), out)
    report = check_rotation(inst, out)
    found = set(rules_of(report))
    assert found <= {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R9"}, report.findings
    ineligible = any(not eligible(inst.teacher[t], inst) for t in moves)
    assert ("R1" in found) == ineligible
    assert report.figures["movers"] == len(moves)


# --- data contract §5: R9–R12 and the locks ------------------------------------------------
#
# Plans here are built from the instance (row_for) and their summaries from scheduler.rules
# (summary_for), so that each test breaks exactly the rule it names.


def row_for(inst: Any, tid: str, to: str, **changes: str) -> dict[str, str]:
    """The plan row of `tid` moving to `to`, every copied column as teachers.csv has it."""
    t = inst.teacher[tid]
    row = {"teacher_id": tid, "name": t.name, "subject": t.subject,
           "backbone": str(t.backbone), "from_school_id": t.school_id, "to_school_id": to,
           "distance_km": f"{inst.road_km(t.school_id, to):.2f}", "reasons": "",
           "post": str(t.post), "from_name": inst.school[t.school_id].name,
           "to_name": inst.school[to].name, "term_end_year": str(inst.policy.year + 3)}
    row.update(changes)
    return row


def summary_for(inst: Any, moves: dict[str, str], **changes: Any) -> dict[str, Any]:
    """A true summary of `moves`, §5 keys included (movers: teachers only, not leaders)."""
    teachers = [t for t in moves if not inst.teacher[t].is_leader]
    total = score(inst, moves)["total"]
    summary = {"status": "OPTIMAL", "objective": total, "best_bound": total, "gap": 0.0,
               "eligible": sum(eligible(t, inst) for t in inst.teachers),
               "movers": len(teachers),
               "backbone_movers": sum(inst.teacher[t].is_backbone for t in teachers),
               "unmet_shortage_before": rules.total_shortage(inst, rules.placement_before(inst)),
               "unmet_shortage_after": rules.total_shortage(inst,
                                                            rules.placement_after(inst, moves)),
               "solve_seconds": 0.1, "movers_required": rules.required_movers(inst),
               "principals_moved": len(moves) - len(teachers),
               "headcount_rule": inst.policy.rotation.headcount}
    summary.update(changes)
    return summary


def check_moves(inst: Any, folder: Path, moves: dict[str, str], **changes: Any) -> Any:
    """Write `moves` as a §5 plan (all optional columns) with a true summary; check it."""
    rows = [row_for(inst, tid, to) for tid, to in moves.items()]
    write_plan(folder, rows, summary_for(inst, moves, **changes),
               (*CONTRACT_COLUMNS, *OPTIONAL_COLUMNS))
    return check_rotation(inst, folder)


def messages(report: Any, rule: str) -> list[str]:
    return [f.message for f in report.findings if f.rule == rule]


def test_v2_columns_are_accepted_and_checked(inst: Any, tmp_path: Path) -> None:
    assert check_moves(inst, tmp_path, {"T01": "V1"}).ok
    summary = true_summary(inst, {"T01": "V1"})
    for change, needle in (({"post": "principal"}, "post of teacher T01"),
                           ({"term_end_year": "2028"}, "ends in 2029"),
                           ({"to_name": "Hill teaching point"}, "to_name"),
                           ({"from_name": "County junior"}, "from_name")):
        row = row_for(inst, "T01", "V1", **change)
        folder = write_plan(tmp_path, [row], summary, (*CONTRACT_COLUMNS, *OPTIONAL_COLUMNS))
        report = check_rotation(inst, folder)
        assert rules_of(report) == ["R8"] and needle in report.findings[0].message
    # a blank post is a teacher's, as in teachers.csv
    folder = write_plan(tmp_path, [row_for(inst, "T01", "V1", post="")], summary,
                        (*CONTRACT_COLUMNS, "post"))
    assert check_rotation(inst, folder).ok


@pytest.mark.parametrize(("headcount", "posts", "moves", "broken"), [
    ("posts", 1, {"T01": "V1"}, True),         # V1 ends with 2, it has 1 post
    ("posts", 2, {"T01": "V1"}, False),
    ("posts", None, {"T01": "V1"}, False),     # no posts: as "needs", 1 staff + 1 music = 2
    ("needs", 1, {"T01": "V1"}, False),        # posts are not the rule
    ("needs", None, {"T01": "V1", "T02": "V1"}, True),  # V1 ends with 3 of 2
    ("free", 1, {"T01": "V1", "T02": "V1"}, False),
])
def test_r9_headcount(tiny_records: dict, tmp_path: Path, headcount: str, posts: int | None,
                      moves: dict[str, str], broken: bool) -> None:
    tiny_records["schools"][1]["posts"] = posts
    inst = make_inst(tiny_records, {"rotation": {"max_outflow_share": 0.67,
                                                 "headcount": headcount}})
    report = check_moves(inst, tmp_path, moves)
    assert rules_of(report) == (["R9"] if broken else []), report.findings
    if broken:
        assert "school V1" in report.findings[0].message


@pytest.mark.parametrize(("upward", "broken"), [(False, True), (True, False)])
def test_r10_backbone_does_not_leave_a_weak_school_upward(
        tiny_records: dict, tmp_path: Path, upward: bool, broken: bool) -> None:
    four = tiny_records["teachers"][3]
    four.update(backbone="county", subject="english")  # V1 needs no english: R5 holds
    inst = make_inst(tiny_records, {"rotation": {"max_outflow_share": 1.0,
                                                 "backbone_upward": upward}})
    report = check_moves(inst, tmp_path, {"T04": "J1"})  # rural, weak V1 to urban J1
    assert rules_of(report) == (["R10"] if broken else []), report.findings
    if broken:
        assert "T04" in report.findings[0].message and "J1" in report.findings[0].message


def test_r10_downward_and_sideways_moves_are_allowed(tiny_records: dict, tmp_path: Path) -> None:
    tiny_records["teachers"][3].update(backbone="county", subject="english")
    inst = make_inst(tiny_records, {"rotation": {"max_outflow_share": 1.0}})
    assert check_moves(inst, tmp_path, {"T04": "P1"}).ok  # weak V1 to a teaching point


@pytest.mark.parametrize("away", [True, False])
def test_r11_teacher_on_an_exchange_under_way(tiny_records: dict, tmp_path: Path,
                                              away: bool) -> None:
    """T02 serves at C1 on an exchange from V1 (2025 to 2028): it does not move in 2026."""
    if away:
        tiny_records["history"] = [{"teacher_id": "T02", "from_school_id": "V1",
                                    "to_school_id": "C1", "start_year": 2025,
                                    "end_year": 2028}]
    inst = make_inst(tiny_records, {"rotation": {"max_outflow_share": 0.67}})
    report = check_moves(inst, tmp_path, {"T01": "V1", "T02": "P1"})
    if not away:
        assert report.ok, report.findings
        return
    assert rules_of(report) == ["R1", "R11"]
    assert all("T02" in m and "exchange" in m for m in messages(report, "R1")
               + messages(report, "R11"))


def test_r11_an_exchange_that_has_ended_does_not_count(tiny_records: dict,
                                                       tmp_path: Path) -> None:
    tiny_records["history"] = [{"teacher_id": "T02", "from_school_id": "V1",
                                "to_school_id": "C1", "start_year": 2023, "end_year": 2026}]
    inst = make_inst(tiny_records, {"rotation": {"max_outflow_share": 0.67}})
    assert check_moves(inst, tmp_path, {"T01": "V1", "T02": "P1"}).ok


# The leaders' county: the tiny one plus principal PC (7 years in post: due) and vice
# principal VC of C1, and principal PV of V1 (3 years). With max_outflow_share 0.5, C1
# (5 staff) may send 2. T01 to V1 and PC to the teaching point P1 keep every rule.

LEADER_POLICY = {"rotation": {"max_outflow_share": 0.5}}
KEEP = {"T01": "V1", "PC": "P1"}


def leader_inst(records: dict, vice_years: int = 2, policy: dict | None = None,
                **pv: Any) -> Any:
    base = {"subject": "chinese", "years_at_school": 7, "birth_year": 1980, "gender": "M"}
    records["teachers"] += [
        dict(base, teacher_id="PC", name="Principal C", school_id="C1", post="principal",
             years_in_post=7),
        dict(base, teacher_id="VC", name="Vice C", school_id="C1", post="vice_principal",
             years_in_post=vice_years),
        dict(base, teacher_id="PV", name="Principal V", school_id="V1", post="principal",
             years_in_post=3, **pv),
    ]
    return make_inst(records, policy or LEADER_POLICY)


def test_r12_due_principal_moves_within_the_rules(tiny_records: dict, tmp_path: Path) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, KEEP)
    assert report.ok, report.findings
    # movers and R1/R2 count teachers only; the principal is counted apart
    assert report.figures["movers"] == 1
    assert report.figures["principals_moved"] == 1
    assert report.figures["movers_required"] == 1
    assert report.figures["headcount_rule"] == "needs"


def test_r12_due_principal_stays(tiny_records: dict, tmp_path: Path) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, {"T01": "V1"})
    assert rules_of(report) == ["R12"]
    assert "PC" in report.findings[0].message and "must move" in report.findings[0].message


SWAP = {"T01": "V1", "PC": "V1", "PV": "C1"}  # PC takes V1's post, PV (not due) takes C1's


def test_r12_a_principal_not_due_swaps_with_a_due_one(tiny_records: dict,
                                                      tmp_path: Path) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, SWAP)
    assert report.ok, report.findings
    assert report.figures["principals_moved"] == 2


def test_r12_a_leader_who_may_not_move_moves(tiny_records: dict, tmp_path: Path) -> None:
    # PV is exempt: not due, and not free to make room either.
    inst = leader_inst(tiny_records, exempt="secondment")
    report = check_moves(inst, tmp_path, SWAP)
    assert rules_of(report) == ["R12"]
    [message] = messages(report, "R12")
    assert "PV" in message and "may not" in message and "exempt" in message


def test_r12_a_leader_not_due_moves_to_another_stage_group(tiny_records: dict,
                                                           tmp_path: Path) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, {**KEEP, "PV": "J1"})  # primary to junior
    assert rules_of(report) == ["R12"]
    assert "PV" in report.findings[0].message and "stage group" in report.findings[0].message


def test_r12_a_leader_not_due_moves_to_another_post(tiny_records: dict, tmp_path: Path) -> None:
    # The plan's row makes PV a vice principal at C1: a leader moves in its own post.
    inst = leader_inst(tiny_records)
    rows = [row_for(inst, tid, to) for tid, to in SWAP.items()]
    rows[-1] = row_for(inst, "PV", "C1", post="vice_principal")
    write_plan(tmp_path, rows, summary_for(inst, SWAP), (*CONTRACT_COLUMNS, *OPTIONAL_COLUMNS))
    report = check_rotation(inst, tmp_path)
    assert rules_of(report) == ["R8"]
    assert "post of teacher PV" in report.findings[0].message


def test_r12_leader_moves_to_another_stage_group(tiny_records: dict, tmp_path: Path) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, {"T01": "V1", "PC": "J1"})  # primary to junior
    assert rules_of(report) == ["R12"]
    assert "J1" in report.findings[0].message and "stage group" in report.findings[0].message


def test_r12_two_principals_at_one_school(tiny_records: dict, tmp_path: Path) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, {"T01": "P1", "PC": "V1"})  # V1 has PV already
    assert rules_of(report) == ["R12"]
    assert "V1" in report.findings[0].message and "2 principals" in report.findings[0].message


def test_r12_school_keeps_its_vice_when_the_principal_leaves(tiny_records: dict,
                                                             tmp_path: Path) -> None:
    """Both PC and VC are due: PC moves and VC waits a year, so VC staying is right."""
    policy = {"rotation": {"max_outflow_share": 0.6, "headcount": "free"}}
    inst = leader_inst(tiny_records, vice_years=7, policy=policy)
    assert check_moves(inst, tmp_path, KEEP).ok
    report = check_moves(inst, tmp_path, {**KEEP, "VC": "V1"})
    assert rules_of(report) == ["R12"]
    r12 = messages(report, "R12")
    assert any("C1 loses both" in m for m in r12), r12
    assert any("VC" in m and "waits a year" in m for m in r12), r12


def test_r12_leaders_do_not_count_for_r2(tiny_records: dict, tmp_path: Path) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, {"PC": "P1"})
    assert rules_of(report) == ["R2"]
    assert "0 teacher(s) move" in report.findings[0].message


@pytest.mark.parametrize(("key", "wrong"), [("movers", 2), ("principals_moved", 0),
                                            ("movers_required", 2)])
def test_r8_v2_summary_counts(tiny_records: dict, tmp_path: Path, key: str,
                              wrong: int) -> None:
    inst = leader_inst(tiny_records)
    report = check_moves(inst, tmp_path, KEEP, **{key: wrong})
    assert rules_of(report) == ["R8"]
    assert key in report.findings[0].message


def test_headcount_rule_of_another_policy(inst: Any, tmp_path: Path) -> None:
    report = check_moves(inst, tmp_path, {"T01": "V1"}, headcount_rule="posts")
    assert rules_of(report) == ["policy"]
    assert "headcount_rule" in report.findings[0].message


@pytest.mark.parametrize(("broken", "kept"), [
    ({"teacher_id": "T01", "action": "stay"}, {"teacher_id": "T02", "action": "stay"}),
    ({"teacher_id": "T02", "action": "move"}, {"teacher_id": "T01", "action": "move"}),
    ({"teacher_id": "T01", "action": "to", "school_id": "P1"},
     {"teacher_id": "T01", "action": "to", "school_id": "V1"}),
    ({"teacher_id": "T01", "action": "not_to", "school_id": "V1"},
     {"teacher_id": "T01", "action": "not_to", "school_id": "P1"}),
])
def test_locks(tiny_records: dict, tmp_path: Path, broken: dict, kept: dict) -> None:
    """The plan moves T01 to V1 and nobody else."""
    for lock, ok in ((kept, True), (broken, False)):
        tiny_records["locks"] = [lock]
        inst = make_inst(tiny_records)
        report = check_moves(inst, tmp_path, {"T01": "V1"})
        assert rules_of(report) == ([] if ok else ["L"]), (lock, report.findings)
        if not ok:
            assert lock["teacher_id"] in report.findings[0].message


# --- fairness: no swap pair, and the audit's figures ------------------------------------


def swap_county(cty: Any) -> Any:
    """H sends music teachers A and B; X (3 km) and Y (4 km) each lack one; A wishes Y
    then X, B wishes X then Y."""
    return cty.county({"H": {"at": (0, 0)}, "X": {"at": (3, 0)}, "Y": {"at": (0, 4)}},
                      {"A": {"school_id": "H", "subject": "music"},
                       "B": {"school_id": "H", "subject": "music"}},
                      needs={("X", "music"): 1, ("Y", "music"): 1},
                      wishes={"A": ["Y", "X"], "B": ["X", "Y"]})


def written_plan(inst: Any, moves: dict[str, str], out: Path) -> Path:
    """`moves` written as the writer writes a plan, unfixed, with true figures."""
    total = score(inst, moves)["total"]
    result = RotationResult([Move(t, inst.teacher[t].school_id, s, inst.road_km(
        inst.teacher[t].school_id, s)) for t, s in moves.items()],
        SolveStats("FEASIBLE", total, None))
    write_outputs(build_outputs(inst, result), out)
    return out


def test_a_plan_with_a_swap_pair_is_a_finding(cty: Any, tmp_path: Path) -> None:
    # A to X and B to Y: both would rather have the other's school, and swapping keeps
    # every rule and level (tests/rotation/test_fairness.py): the one finding.
    inst = swap_county(cty)
    report = check_rotation(inst, written_plan(inst, {"A": "X", "B": "Y"}, tmp_path / "p"))
    assert [(f.rule, "A (to X) and B (to Y)" in f.message) for f in report.findings] == [
        ("fairness", True)]
    assert report.figures["swap_pairs"] == 1
    fixed = check_rotation(inst, written_plan(inst, {"A": "Y", "B": "X"}, tmp_path / "q"))
    assert fixed.findings == [] and fixed.figures["swap_pairs"] == 0


def test_the_summarys_fairness_figures_are_recomputed(cty: Any, tmp_path: Path) -> None:
    inst = swap_county(cty)
    out = written_plan(inst, {"A": "Y", "B": "X"}, tmp_path / "p")
    path = out / "rotation_summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    assert summary["fairness"]["wish_ranks"] == {"1": 2, "2": 0, "none": 0}
    summary["fairness"]["wish_ranks"] = {"1": 0, "2": 2, "none": 0}
    summary["fairness"]["envy"] = [{"teacher_id": "A", "envied": "B", "school": "X",
                                    "rank": 2, "outcome": "Y", "costs": None}]
    path.write_text(json.dumps(summary), encoding="utf-8")
    found = [f.message for f in check_rotation(inst, out).findings if f.rule == "figures"]
    assert len(found) == 2
    assert "fairness.wish_ranks" in found[0] and "fairness.envy" in found[1]


def indicator_figures(inst: Any, moves: dict[str, str]) -> dict[str, Any]:
    """The summary's cv_before, cv_after and standards, as `rules` computes them."""
    out: dict[str, Any] = {}
    met = {}
    for when, placement in (("before", rules.placement_before(inst)),
                            ("after", rules.placement_after(inst, moves))):
        frame = rules.school_indicators(inst, placement)
        out[f"cv_{when}"] = [{"stage": r.stage, "indicator": r.indicator,
                              "cv": None if math.isnan(r.cv) else r.cv, "meets": r.meets}
                             for r in rules.county_cvs(frame).itertuples()]
        met[when] = {(r.stage, r.indicator): int(r.meeting)
                     for r in rules.standards_met(frame).itertuples()}
    out["standards"] = [{"stage": s, "indicator": i, "meeting_before": n,
                         "meeting_after": met["after"][s, i]}
                        for (s, i), n in met["before"].items()]
    return out


def test_the_summary_indicators_count_the_traveling_teachers(inst: Any, tmp_path: Path) -> None:
    # V1 (rural, 120 pupils) has no PE or arts teacher; a traveling teacher gives its art
    # lessons, 2 periods a week: 2 / 16 = 0.125 teachers. T01 (music) moves C1 -> V1: V1
    # has 1.125, over the 1.08 (0.9 × 120 / 100) its standard asks, so one primary school
    # meets the PE/arts standard after the plan counting the traveling teacher, none
    # without (C1 keeps 1 of the 3.6 it needs).
    counted = dataclasses.replace(inst, travel_coverage={("V1", "art"): 2 / 16})
    moves = {"T01": "V1"}
    right = indicator_figures(counted, moves)
    plain = indicator_figures(inst, moves)
    pe_arts = ("primary", "pe_arts", 0, 1)
    assert pe_arts in [(r["stage"], r["indicator"], r["meeting_before"], r["meeting_after"])
                       for r in right["standards"]]
    assert ("primary", "pe_arts", 0, 0) in [(r["stage"], r["indicator"], r["meeting_before"],
                                             r["meeting_after"]) for r in plain["standards"]]
    travel = [{"school_id": "V1", "teachers": 0.125}]
    ok = true_summary(counted, moves, **right, travel_pe_arts=travel)
    assert check_rotation(counted, write_plan(tmp_path / "ok", [T01_ROW], ok)).findings == []
    # a summary that counts no traveling teacher, or counts them on a county without any
    other = true_summary(inst, moves, **right, travel_pe_arts=travel)
    for n, (county, summary) in enumerate(((counted, true_summary(counted, moves, **plain)),
                                           (inst, other))):
        report = check_rotation(county, write_plan(tmp_path / str(n), [T01_ROW], summary))
        assert rules_of(report) == ["indicators"], report.findings
        text = " ".join(f.message for f in report.findings)
        assert "traveling PE and arts teachers" in text and "meeting_after is" in text
        assert "cv_after primary pe_arts" in text
