"""Minimal-change re-plans (`replan.py`, `changes.py`, `solve_rotation(previous=...)`).

The county: A (urban) at (0, 0) has four music teachers a1..a4 (10, 9, 8 and 7 years
at the school) and needs one; the rural schools B at (10, 0) and C at (0, 10) need one
music teacher each and have none. Music is a shortage subject (factor 2) and every
`required` is whole (Q = 1), so one music teacher arriving where one is missing gains 2
units of the shortage level. The CV, standards and balance levels are off, so shortage
alone decides what is worth a change.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.check.rotation import check_rotation
from scheduler.report.files import write_outputs
from scheduler.rotation.changes import (
    CHANGES_CSV,
    Previous,
    differences,
    read_previous,
)
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import SolverSettings

SETTINGS = SolverSettings(time_limit=20.0, workers=1, seed=0)
OFF = {"weights": {"cv_limits": 0, "standards": 0, "balance": 0}}


def music_county(cty, teachers=("a1", "a2", "a3", "a4"), **rotation):
    years = {"a1": 10, "a2": 9, "a3": 8, "a4": 7}
    return cty.county(
        {"A": {"at": (0, 0)}, "B": {"kind": "rural", "at": (10, 0)},
         "C": {"kind": "rural", "at": (0, 10)}},
        {t: {"school_id": "A", "subject": "music", "years_at_school": years[t]}
         for t in teachers},
        needs={("A", "music"): 1, ("B", "music"): 1, ("C", "music"): 1},
        rotation={**OFF, **rotation})


def previous_of(moves: dict[str, str], homes: dict[str, str]) -> Previous:
    return Previous("hand", {tid: (homes[tid], to) for tid, to in moves.items()})


def replan(inst, previous: Previous):
    result = solve_rotation(inst, SETTINGS, previous=previous)
    assert result.stats.status == "OPTIMAL"
    return result


def test_a_replan_of_the_same_instance_changes_nothing(cty, tmp_path: Path):
    inst = music_county(cty)
    first = cty.solve(inst)
    assert len(first.moves) == 2  # B and C each get one of the four
    out = tmp_path / "first"
    cty.written_and_checked(inst, first, out)
    again = replan(inst, read_previous(out))
    assert again.placement == first.placement
    assert again.changes == []


def test_after_a_removal_only_what_must_change_changes(cty):
    # The previous plan sent a1 to B and a2 to C. a1 leaves the county: a1's move is a
    # forced change, and B's gap (2 units > penalty 1) is worth sending a3 there: two
    # changes (a4 stays, so A keeps its one). a2 keeps its move (a2 to B and a3 to C
    # would close the same gaps with a third change).
    previous = previous_of({"a1": "B", "a2": "C"}, {"a1": "A", "a2": "A"})
    inst = music_county(cty, teachers=("a2", "a3", "a4"))
    result = replan(inst, previous)
    assert result.placement == {"a2": "C", "a3": "B"}
    causes = {c.teacher_id: (c.old_to, c.new_to, c.cause, c.detail) for c in result.changes}
    assert causes == {"a1": ("B", "", "teacher_gone", ""),
                      "a3": ("", "B", "objective", "shortage")}


def test_a_change_is_made_only_when_it_gains_more_than_the_penalty(cty):
    # The previous plan moved nobody. Sending a music teacher to B gains 2 units of the
    # shortage level for one change (and C another 2 for another): worth it at penalty
    # 1 (2 > 1), not at penalty 3 (2 < 3), nor at penalty 2 (a tie keeps the old plan).
    previous = Previous("hand", {})
    assert len(replan(music_county(cty, change_penalty=1), previous).moves) == 2
    assert replan(music_county(cty, change_penalty=2), previous).moves == []
    assert replan(music_county(cty, change_penalty=3), previous).moves == []


def test_a_previous_move_the_rules_now_forbid_is_changed_with_its_cause(cty):
    # a1 was sent to B; B is now 60 km away, beyond max_distance_km = 50 (R3), so a1
    # stays and a3 (the next in line) goes to B in its place... or to C: either way
    # a1's change is `arc_forbidden` R3.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"kind": "rural", "at": (60, 0)},
         "C": {"kind": "rural", "at": (0, 10)}},
        {t: {"school_id": "A", "subject": "music"} for t in ("a1", "a2")},
        needs={("A", "music"): 1, ("C", "music"): 1}, rotation=OFF)
    result = replan(inst, previous_of({"a1": "B"}, {"a1": "A"}))
    causes = {c.teacher_id: (c.cause, c.detail) for c in result.changes}
    assert causes["a1"] == ("arc_forbidden", "R3")
    assert result.placement.get("a1") != "B"


def test_a_previous_move_to_a_school_now_gone_is_a_forced_change(cty):
    # a1 was sent to Z, a school no longer in schools.csv: a1 stays or goes elsewhere,
    # and the change is counted and told (arc_forbidden, `schools`).
    result = replan(music_county(cty), previous_of({"a1": "Z", "a2": "C"},
                                                   {"a1": "A", "a2": "A"}))
    causes = {c.teacher_id: (c.old_to, c.cause, c.detail) for c in result.changes}
    assert causes["a1"] == ("Z", "arc_forbidden", "schools")
    assert result.placement["a2"] == "C"


def test_the_checker_holds_the_listed_changes_to_the_two_plans(cty, tmp_path: Path):
    previous = previous_of({"a1": "B", "a2": "C"}, {"a1": "A", "a2": "A"})
    inst = music_county(cty, teachers=("a2", "a3", "a4"))
    result = replan(inst, previous)
    out = tmp_path / "replan"
    write_outputs(build_outputs(inst, result, None, previous=previous), out)
    assert check_rotation(inst, out).ok
    assert set(differences(inst, previous, result.placement)) == {"a1", "a3"}
    path = out / CHANGES_CSV
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    # a row left out, and one that is no change at all
    path.write_text("\ufeff" + "\n".join([lines[0], lines[1], "a2,C,C,objective,shortage"])
                    + "\n", encoding="utf-8")
    findings = [f.message for f in check_rotation(inst, out).findings if f.rule == "changes"]
    assert any("leaves out" in m and "a3" in m for m in findings), findings
    assert any("a2 is listed" in m for m in findings), findings


def test_previous_movers_keep_their_identity(cty):
    # a1..a4 are interchangeable, so a fresh plan names the two longest at A (a1, a2);
    # a previous plan that sent a3 to B is kept as it was, a3 and not a1.
    previous = previous_of({"a3": "B", "a2": "C"}, {"a3": "A", "a2": "A"})
    inst = music_county(cty)
    result = replan(inst, previous)
    assert result.placement == {"a3": "B", "a2": "C"}
    assert result.changes == []
