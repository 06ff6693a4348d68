"""Explanations: counting proofs first, then the smallest conflicting set of rule families.

The tests of data contract §5's rules (R9, R10, R11, R12, L) build a county as records
(`_county`), so that the same county is solved here and written for `rotaplan rotate`,
which must exit 1 with the same sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.load import instance_from_records
from scheduler.data.schema import Post
from scheduler.data.write import write_folder
from scheduler.errors import NoPlanError
from scheduler.i18n import catalog
from scheduler.rotation import explain as explain_module
from scheduler.rotation.arcs import FILTERS, build_arcs
from scheduler.rotation.explain import counting_reasons, explain
from scheduler.rotation.problem import build_problem
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import SolverSettings
from tests.said import fields, lookup, said

ONE = SolverSettings(time_limit=20, workers=1, seed=0)
runner = CliRunner()


def _no_plan(inst) -> NoPlanError:
    """The error solving raises, its sentences (Notes) as their English (`str()`)."""
    with pytest.raises(NoPlanError) as err:
        solve_rotation(inst, ONE)
    assert str(err.value.headline) == "no plan exists: the rules conflict"
    return NoPlanError(str(err.value.headline), [str(r) for r in err.value.reasons])


def test_sending_caps_below_the_quota(cty):
    # 20 eligible at A (and 20 at B) need 4 movers; each school of 20 may send
    # floor(5 % × 20) = 1: 2 at most.
    teachers = {f"{s}{i}": {"school_id": s} for s in "AB" for i in range(20)}
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (5, 0)}}, teachers,
                      rotation={"min_share_of_eligible": 0.1, "max_outflow_share": 0.05})
    assert _no_plan(inst).reasons == [
        "4 movers are required (10% of 40 eligible teachers, R2), but the sending caps of the "
        "2 schools with eligible teachers allow 2 at most (R4: 5% of a school's staff): "
        "raise max_outflow_share or lower min_share_of_eligible"]


def test_nowhere_to_go(cty):
    # B is 80 km away: nobody at A may move, and A holds every eligible teacher.
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (80, 0)}},
                      {f"T{i}": {"school_id": "A"} for i in range(10)},
                      rotation={"min_share_of_eligible": 0.1})
    [reason] = _no_plan(inst).reasons
    assert "10 eligible teachers have no school they may move to" in reason
    assert "raise max_distance_km" in reason


def test_not_enough_backbone_teachers_within_reach(cty):
    teachers = {f"T{i}": {"school_id": "A"} for i in range(10)}
    teachers["K"] = {"school_id": "C", "backbone": "county"}  # C is out of everyone's reach
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (5, 0)}, "C": {"at": (200, 0)}},
                      teachers, rotation={"min_share_of_eligible": 0.1,
                                          "min_backbone_share": 0.2})
    [reason] = _no_plan(inst).reasons
    assert reason.startswith("at least 1 backbone movers are required")


def _floor_against_quota(cty):
    """Each school's only teacher of a subject it requires; the quota wants one to move.
    (Under headcount = "needs" neither school could take a teacher either: R9 would be a
    second conflict with the quota.)"""
    return cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}},
        {"M": {"school_id": "A", "subject": "music"}, "C": {"school_id": "B"}},
        needs={("A", "music"): 1, ("B", "chinese"): 1},
        rotation={"min_share_of_eligible": 0.5, "headcount": "free"})


def test_the_subject_floor_and_the_quota_conflict(cty):
    # Each school's only teacher of a subject it requires: R5 keeps both, the quota wants
    # one of them. Counting cannot see it; the assumptions name R5 with the quota.
    inst = _floor_against_quota(cty)
    prob = build_problem(inst)
    assert counting_reasons(prob, build_arcs(prob)) == []
    [reason] = _no_plan(inst).reasons
    assert reason == (
        "1 movers are required (50% of 2 eligible teachers, R2), but under no school losing "
        "its last teacher of a required subject (R5) at most 0 teachers can move: check "
        "needs.csv and the schools' only teachers of a subject or lower "
        "min_share_of_eligible")


def test_scope_and_caps_together(cty):
    # Group scope keeps A's teachers inside G1, whose only other school D may not... the
    # group has one other school, but A's cap lets 1 go while 2 are needed from A alone
    # (B, outside the group, has no eligible teacher).
    teachers = {f"T{i}": {"school_id": "A"} for i in range(10)}
    inst = cty.county(
        {"A": {"group_id": "G1", "at": (0, 0)}, "D": {"group_id": "G1", "at": (100, 0)},
         "B": {"group_id": "G2", "at": (5, 0)}},
        teachers, rotation={"min_share_of_eligible": 0.2, "scope": "group"})
    [reason] = _no_plan(inst).reasons
    assert "no school they may move to" in reason and 'set scope = "county"' in reason


def test_explain_names_the_families_even_without_counting(cty):
    inst = _floor_against_quota(cty)
    reason = str(explain(build_problem(inst)).reasons[0])
    assert "(R5)" in reason and "(R4" not in reason


# --- data contract §5: locks, leaders, posts ----------------------------------------------

SCHOOL = {"kind": "urban", "stage": "primary", "students": 400}
TEACHER = {"subject": "chinese", "years_at_school": 8, "birth_year": 1985, "backbone": "none"}
# Every rule out of the way unless a test switches it on; R9 explicitly free.
ROTATION = {"min_share_of_eligible": 0.0, "min_backbone_share": 0.0, "max_outflow_share": 1.0,
            "headcount": "free"}
County = tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]


def _county(schools: dict[str, dict[str, Any]], teachers: dict[str, dict[str, Any]],
            locks: Sequence[tuple[str, str, str | None]] = (),
            history: Sequence[dict[str, Any]] = (),
            needs: dict[tuple[str, str], float] | None = None, **rotation: Any) -> County:
    """Records and policy: schools at (x, y) km with straight-line distances rows, teachers
    eligible by default, locks as (teacher, action, school), needs by (school, subject)."""
    school_rows, where = [], {}
    for sid, spec in schools.items():
        spec = dict(spec)
        where[sid] = spec.pop("at")
        school_rows.append({"school_id": sid, "name": f"school {sid}", **SCHOOL, **spec})
    ids = list(schools)
    records = {
        "schools": school_rows,
        "teachers": [{"teacher_id": tid, "name": f"name {tid}", **TEACHER, **spec}
                     for tid, spec in teachers.items()],
        "distances": [{"from_id": a, "to_id": b, "km": round(math.dist(where[a], where[b]), 3)}
                      for i, a in enumerate(ids) for b in ids[i + 1:]],
        "needs": [{"school_id": s, "subject": j, "required": r}
                  for (s, j), r in (needs or {}).items()],
        "locks": [{"teacher_id": t, "action": a, "school_id": s} for t, a, s in locks],
        "history": list(history)}
    return ({k: v for k, v in records.items() if v},
            {"year": 2026, "rotation": {**ROTATION, **rotation}})


def _staff(school: str, n: int, **spec: Any) -> dict[str, dict[str, Any]]:
    return {f"{school}{i}": {"school_id": school, **spec} for i in range(n)}


def _refused(county: County, tmp_path: Path) -> list[str]:
    """The reasons solving gives, after checking that `rotaplan rotate` exits 1 with them."""
    records, policy = county
    reasons = _no_plan(instance_from_records(records, policy)).reasons
    folder = tmp_path / "county"
    write_folder(records, folder, policy)
    result = runner.invoke(app, ["rotate", str(folder), "--out", str(tmp_path / "out"),
                                 "--time-limit", "20", "--workers", "1", "--no-compare",
                                 "--lang", "en"])
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())  # the terminal wraps long lines
    assert "no plan exists: the rules conflict" in said
    for reason in reasons:
        assert reason in said
    assert not (tmp_path / "out").exists()
    return reasons


TWO = {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}}


@pytest.mark.parametrize(("spec", "history", "why"), [
    ({"exempt": "illness"}, [], "T1 is exempt (R1)"),
    ({"birth_year": 1966, "gender": "M"}, [],
     "T1 is near retirement (R1: within exempt_years_to_retirement = 3 years)"),
    ({}, [{"teacher_id": "T1", "from_school_id": "B", "to_school_id": "A", "start_year": 2025,
           "end_year": 2028}],
     "T1 is on an exchange from B until 2028 (R11: an exchange under way)"),
    ({"years_at_school": 2}, [], "T1 has 2 years at the school, fewer than "
                                 "eligible_years_at_school = 6, and is not a volunteer (R1)"),
    ({"post": "vice_principal", "years_in_post": 2, "exempt": "illness"}, [],
     "T1 is exempt (R1)"),
], ids=["exempt", "retirement", "exchange", "years", "exempt-leader"])
def test_a_move_lock_on_a_teacher_who_may_not_move(spec, history, why, tmp_path):
    # T1 has no group, so without the check the model never sees the lock and moves nobody.
    county = _county(TWO, {"T1": {"school_id": "A", **spec}, "T2": {"school_id": "A"}},
                     locks=[("T1", "move", None)], history=history)
    assert _refused(county, tmp_path) == [
        f"lock L asks T1 to move but {why}: remove the lock from locks.csv or correct "
        f"teachers.csv"]
    # the greedy baseline is refused the same way, not handed a plan that drops the lock
    records, policy = county
    with pytest.raises(NoPlanError):
        solve_rotation(instance_from_records(records, policy), SolverSettings(time_limit=5),
                       method="greedy")


def test_a_to_lock_on_a_vice_principal_who_waits_a_year(tmp_path):
    # Principal P and vice principal V of A are both due: V waits a year (R12).
    county = _county(TWO, {"P": {"school_id": "A", "post": "principal", "years_in_post": 7},
                           "V": {"school_id": "A", "post": "vice_principal",
                                 "years_in_post": 9}},
                     locks=[("V", "to", "B")])
    [reason] = _refused(county, tmp_path)
    assert reason.startswith("lock L sends V to B but V is the vice principal of A, whose "
                             "principal moves this year, so V waits a year (R12)")


@pytest.mark.parametrize(("locks", "reason"), [
    ([("T1", "stay", None), ("T1", "move", None)],
     "locks.csv asks T1 both to stay and to move (L): keep one of the two rows"),
    ([("T1", "to", "B"), ("T1", "to", "C")],
     "locks.csv sends T1 to B and C at once (L): keep one of these rows"),
    ([("T1", "to", "B"), ("T1", "not_to", "B")],
     "locks.csv both sends T1 to B and keeps T1 from B (L): keep one of the two rows"),
    ([("T1", "to", "A")],
     "lock L sends T1 to A, where T1 already serves (R8: a move goes to another school): use "
     "stay, or name another school in locks.csv"),
], ids=["stay-move", "two-to", "to-not_to", "own-school"])
def test_locks_that_contradict_each_other(locks, reason, tmp_path):
    county = _county({**TWO, "C": {"at": (0, 5)}}, {"T1": {"school_id": "A"}}, locks=locks)
    assert _refused(county, tmp_path) == [reason]


def test_a_stay_lock_on_a_due_principal(tmp_path):
    county = _county(TWO, {"P": {"school_id": "A", "post": "principal", "years_in_post": 7}},
                     locks=[("P", "stay", None)])
    assert _refused(county, tmp_path) == [
        "lock L asks P to stay but principal P of A must move (7 years in post, "
        "principal_max_years = 6, R12): drop the lock from locks.csv or raise "
        "principal_max_years"]


@pytest.mark.parametrize(("schools", "spec", "rotation", "why"), [
    ({"B": {"at": (80, 0)}}, {}, {}, "B is 80 km from A by road, beyond max_distance_km = 50 "
                                     "(R3): raise max_distance_km or change the lock"),
    ({"A": {"group_id": "G1"}, "B": {"group_id": "G2"}}, {}, {"scope": "group"},
     'B is outside A\'s group G1 (R6: scope = "group"): set scope = "county" or change the lock'),
    ({}, {"seeks_senior_title": True}, {},
     "T1 seeks a senior title without a year at a rural or weak school, and B is not rural, a "
     "teaching point or weak (R7)"),
    ({"A": {"kind": "rural"}}, {"backbone": "county"}, {},
     "T1 is a backbone teacher of a rural or weak school, and B is a strong urban or town "
     "school (R10: backbone_upward = false): set backbone_upward = true or change the lock"),
    ({"B": {"stage": "junior"}}, {"post": "principal", "years_in_post": 7}, {},
     "T1 is a principal of a primary school, and B is a junior or nine-year school (R12: "
     "leaders move within their stage group): change the lock in locks.csv"),
], ids=["R3", "R6", "R7", "R10", "R12"])
def test_a_to_lock_the_filters_forbid(schools, spec, rotation, why, tmp_path):
    places = {s: {**TWO[s], **schools.get(s, {})} for s in TWO}
    county = _county(places, {"T1": {"school_id": "A", **spec}}, locks=[("T1", "to", "B")],
                     **rotation)
    [reason] = _refused(county, tmp_path)
    assert reason.startswith("lock L sends T1 to B but ") and why in reason


def test_a_due_principal_with_no_school_of_its_stage_group_within_reach(tmp_path):
    county = _county({"A": {"at": (0, 0)}, "B": {"at": (5, 0), "stage": "junior"},
                      "C": {"at": (80, 0)}},
                     {"P": {"school_id": "A", "post": "principal", "years_in_post": 7}})
    assert _refused(county, tmp_path) == [
        "principal P of A must move (7 years in post, principal_max_years = 6, R12) but none "
        "of the 2 other schools is open to P: 1 beyond 50 km (R3); 1 of another stage group "
        "than primary (R12: a leader moves within its stage group): raise max_distance_km; or "
        "raise principal_max_years, or bring more schools of the stage group within reach"]


def test_a_move_lock_with_no_school_within_reach(tmp_path):
    county = _county({"A": {"at": (0, 0)}, "B": {"at": (80, 0)}}, {"T1": {"school_id": "A"}},
                     locks=[("T1", "move", None)])
    assert _refused(county, tmp_path) == [
        "lock L asks T1 to move but none of the 1 other schools is open to T1: 1 beyond 50 km "
        "(R3): raise max_distance_km or review locks.csv"]


@pytest.mark.parametrize(("spec", "vice", "locks"), [
    ({"exempt": "secondment"}, False, []),  # Q may not move (R1)
    ({}, False, [("Q", "stay", None)]),  # Q is locked (L)
    ({}, True, []),  # B's due vice principal leaves, so Q may not (R12: not both)
], ids=["exempt", "stay-lock", "vice-due"])
def test_a_due_principal_whose_every_school_keeps_its_principal(spec, vice, locks, tmp_path):
    # B is the only school within reach of A: P takes B's post only if Q, not due, makes
    # room (a swap with A); here Q cannot leave B.
    teachers = {"P": {"school_id": "A", "post": "principal", "years_in_post": 7},
                "Q": {"school_id": "B", "post": "principal", "years_in_post": 2, **spec}}
    if vice:
        teachers["V"] = {"school_id": "B", "post": "vice_principal", "years_in_post": 7}
    county = _county({"A": {"at": (0, 0)}, "B": {"at": (5, 0)}, "C": {"at": (80, 0)}},
                     teachers, locks=locks)
    [reason] = _refused(county, tmp_path)
    assert reason.startswith("principal P of A must move (7 years in post, principal_max_years "
                             "= 6, R12) but every school open to P (B) keeps a principal who "
                             "cannot leave it, and a school has at most one (R12)")


def test_a_due_principal_whose_swap_cannot_close(tmp_path):
    # Q (B, not due) could leave B, but only for C (not A: a lock), which keeps its exempt
    # principal R. Counting sees a way out for P through Q; CP-SAT proves there is none,
    # and the explanation names the leaders' rule and the lock.
    county = _county({"A": {"at": (0, 0)}, "B": {"at": (30, 0)}, "C": {"at": (60, 0)}},
                     {"P": {"school_id": "A", "post": "principal", "years_in_post": 7},
                      "Q": {"school_id": "B", "post": "principal", "years_in_post": 2},
                      "R": {"school_id": "C", "post": "principal", "years_in_post": 2,
                            "exempt": "secondment"}},
                     locks=[("Q", "not_to", "A")])
    [reason] = _refused(county, tmp_path)
    assert "R12" in reason and "(L)" in reason and "P" in reason


def test_two_principals_stay_at_one_school(tmp_path):
    # A has two principals, neither due; one could make room by moving, but B is too far.
    county = _county({"A": {"at": (0, 0)}, "B": {"at": (80, 0)}},
                     {"P1": {"school_id": "A", "post": "principal", "years_in_post": 1},
                      "P2": {"school_id": "A", "post": "principal", "years_in_post": 3}})
    assert _refused(county, tmp_path) == [
        "school A has 2 principals, P1 and P2, and none of them can leave it this year (R12), "
        "but a school has at most one principal: correct post in teachers.csv"]


@pytest.mark.parametrize(("spec", "share", "but"), [
    ({}, 0.1, "its sending cap allows 1 (R4: 10% of its 10 teachers): raise posts in "
              'schools.csv or set headcount = "needs" or "free"; or raise max_outflow_share'),
    ({"exempt": "secondment"}, 1.0, "only 1 of its 10 teachers may move (9 exempt (R1))"),
], ids=["R4", "R1"])
def test_a_school_over_its_posts_that_cannot_send_enough(spec, share, but, tmp_path):
    teachers = {**_staff("A", 9, **spec), "T": {"school_id": "A"}}
    county = _county({"A": {"at": (0, 0), "posts": 8}, "B": {"at": (5, 0), "posts": 20}},
                     teachers, headcount="posts", max_outflow_share=share)
    [reason] = _refused(county, tmp_path)
    assert reason.startswith("school A must send at least 2 teachers away (R9: 10 teachers on 8 "
                             'posts, headcount = "posts"), but ')
    assert but in reason


def test_locked_and_due_movers_past_the_sending_cap(tmp_path):
    teachers = {**_staff("A", 8), "T1": {"school_id": "A"},
                "P": {"school_id": "A", "post": "principal", "years_in_post": 7}}
    county = _county(TWO, teachers, locks=[("T1", "move", None)], max_outflow_share=0.1)
    assert _refused(county, tmp_path) == [
        "school A must send at least 2 teachers away (locks.csv: T1; R12: P), but its sending "
        "cap allows 1 (R4: 10% of its 10 teachers): review locks.csv, raise "
        "principal_max_years or raise max_outflow_share"]


def test_due_leaders_take_places_in_the_sending_caps(tmp_path):
    # A may send floor(10 % × 10) = 1, and its due principal P takes that place: none of
    # the 9 teachers can be the 1 mover the quota asks for.
    teachers = {**_staff("A", 9), "P": {"school_id": "A", "post": "principal",
                                        "years_in_post": 7}}
    county = _county(TWO, teachers, min_share_of_eligible=0.1, max_outflow_share=0.1)
    assert _refused(county, tmp_path) == [
        "1 movers are required (10% of 9 eligible teachers, R2), but the sending caps of the 1 "
        "schools with eligible teachers allow 0 at most (R4: 10% of a school's staff, less 1 "
        "taken by principals and vice principals who must move (R12)): raise "
        "max_outflow_share, raise principal_max_years or lower min_share_of_eligible"]


def test_backbone_teachers_kept_from_strong_schools(tmp_path):
    # Every eligible teacher is a backbone teacher of rural A; B is strong (R10).
    county = _county({"A": {"at": (0, 0), "kind": "rural"}, "B": {"at": (5, 0)}},
                     _staff("A", 5, backbone="county"), min_share_of_eligible=0.2)
    assert _refused(county, tmp_path) == [
        "1 movers are required (20% of 5 eligible teachers, R2), but 5 eligible teachers have "
        "no school they may move to (for backbone teachers of rural or weak schools, none but "
        "strong urban or town schools (R10)), so at most 0 can move: set backbone_upward = "
        "true or lower min_share_of_eligible"]


# --- CP-SAT cores without a quota ------------------------------------------------------------


def _no_counting(county: County) -> None:
    """Counting cannot tell: the core search must."""
    prob = build_problem(instance_from_records(*county))
    assert counting_reasons(prob, build_arcs(prob)) == []


def test_a_to_lock_into_a_school_with_no_room(tmp_path):
    # B has no unmet shortage (headcount "needs": no room) and nobody who may leave it.
    county = _county(TWO, {"T1": {"school_id": "A"}, "B0": {"school_id": "B",
                                                             "years_at_school": 1}},
                     locks=[("T1", "to", "B")], headcount="needs")
    _no_counting(county)
    assert _refused(county, tmp_path) == [
        "under the locks on T1 (L) and no school past its staff plus its unmet shortage (R9: "
        'headcount = "needs"; no room at B) no plan exists: review locks.csv; or set '
        'headcount = "free" (or "posts", with posts in schools.csv)']


def test_a_to_lock_into_a_full_school_that_may_not_send(tmp_path):
    # B is at its posts; its teachers could make room by leaving for C, but B may send
    # floor(10 % × 7) = 0 of them: the sending cap is part of the conflict.
    teachers = {**_staff("A", 9), "T1": {"school_id": "A"}, **_staff("B", 7)}
    county = _county({"A": {"at": (0, 0)}, "B": {"at": (5, 0), "posts": 7},
                      "C": {"at": (0, 5), "posts": 20}},
                     teachers, locks=[("T1", "to", "B")], headcount="posts",
                     max_outflow_share=0.1)
    _no_counting(county)
    assert _refused(county, tmp_path) == [
        'under the locks on T1 (L), no school past its posts (R9: headcount = "posts"; no room '
        "at B) and the sending caps (R4: 10% of a school's staff) no plan exists: review "
        'locks.csv; or raise posts in schools.csv or set headcount = "needs" or "free"; or '
        "raise max_outflow_share"]


def test_a_due_principal_and_no_free_post(tmp_path):
    # The only primary school within reach, B, is at its posts and nobody may leave it.
    county = _county({"A": {"at": (0, 0)}, "B": {"at": (5, 0), "posts": 1},
                      "C": {"at": (80, 0)}},
                     {"P": {"school_id": "A", "post": "principal", "years_in_post": 7},
                      "B0": {"school_id": "B", "years_at_school": 1}},
                     headcount="posts")
    _no_counting(county)
    [reason] = _refused(county, tmp_path)
    assert reason.startswith("under the due principals and vice principals (P) moving within "
                             "their stage group, with at most one principal a school (R12)")
    assert 'no school past its posts (R9: headcount = "posts"; no room at B)' in reason
    assert "raise principal_max_years" in reason and "raise posts in schools.csv" in reason


def test_a_move_lock_direction_and_headcount(tmp_path):
    # T1, a backbone teacher of rural A, must move: B, short of a Chinese teacher, is
    # strong (R10); rural C has no room (R9) and nobody who may leave it.
    county = _county({"A": {"at": (0, 0), "kind": "rural"}, "B": {"at": (5, 0)},
                      "C": {"at": (0, 5), "kind": "rural"}},
                     {"T1": {"school_id": "A", "backbone": "county"},
                      "C0": {"school_id": "C", "years_at_school": 1}},
                     locks=[("T1", "move", None)], needs={("B", "chinese"): 1},
                     headcount="needs")
    _no_counting(county)
    [reason] = _refused(county, tmp_path)
    assert reason.startswith("under ") and " no plan exists: " in reason
    assert "the locks on T1 (L)" in reason and "no room at C" in reason
    assert "(R10)" in reason and "set backbone_upward = true" in reason


def test_both_quotas_and_the_subject_floor(tmp_path):
    # The only backbone teacher is B's only PE teacher (R5): the 1 mover the quota asks for
    # could be A's music teacher, but then no mover would be a backbone teacher.
    county = _county(TWO, {"M": {"school_id": "A", "subject": "music"},
                           "K": {"school_id": "B", "subject": "pe", "backbone": "county"}},
                     needs={("B", "pe"): 1}, min_share_of_eligible=0.5,
                     min_backbone_share=0.2)
    _no_counting(county)
    assert _refused(county, tmp_path) == [
        "1 movers are required (50% of 2 eligible teachers, R2), but under a share of at least "
        "20% backbone teachers among the movers (R2) and no school losing its last teacher of a "
        "required subject (R5) at most 0 teachers can move: lower min_backbone_share, check "
        "needs.csv and the schools' only teachers of a subject or lower min_share_of_eligible"]


# --- said in the reader's language ------------------------------------------------------------

# Where the rotation side says why there is no plan: `say("key", field=...)` of explain.py
# (imported as `say` by the others) and `Note.of("explain.rotation.key", ...)`
SAYERS = ["scheduler/rotation/explain.py", "scheduler/rotation/greedy.py",
          "scheduler/rotation/solve.py", "scheduler/commands/rotate.py", "scheduler/simulate.py"]


def test_the_scan_finds_the_sentences():
    keys = {key.removeprefix(explain_module.K) for _p, key, _f in said(SAYERS, explain_module.K)}
    assert {"headline", "undecided", "conflict", "conflict_quota", "lock_stay_due", "send",
            "quota_cap", "why_not.exempt", "barred.R3", "rule.R9", "advice.R12",
            "greedy_shortfall", "not_found", "interrupted", "greedy_interrupted",
            "year_stopped"} <= keys


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sentence_said_is_in_the_catalog_with_the_fields_given(lang):
    tables = catalog(lang).tables
    for path, key, given in said(SAYERS, explain_module.K):
        assert fields(lookup(tables, key)) == given, (path, key)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_words_said_by_their_codes_are_in_the_catalog(lang):
    # the keys built from codes (`say(f"post.{post}")`...), which the scan cannot read
    table = catalog(lang).tables["explain"]["rotation"]
    assert set(table["post"]) == {str(p) for p in Post}
    assert set(table["stage"]) == {"primary", "junior"}  # rules.stage_group
    assert set(table["scope"]) == {"county", "district", "group"}  # RotationPolicy.scope
    assert set(table["kept"]) == {"exempt", "near_retirement", "on_exchange", "years",
                                  "leader", "stay", "shut"}
    assert set(table["reach"]) == {"none", *FILTERS} - {"R12"}  # leaders are in no quota
    assert set(explain_module._RULE_TEXT) == set(explain_module._ADVICE) == \
        set(explain_module.SWITCHABLE) - {explain_module.QUOTA}


def test_a_conflict_found_by_cp_sat_said_in_chinese(cty):
    # the subject floor against the quota (above), as a Chinese reader reads it: the rule
    # ids and policy keys kept, every word Chinese, and "or" between the two remedies
    [reason] = explain(build_problem(_floor_against_quota(cty))).reasons
    assert catalog("zh").say(reason) == (
        "需要 1 名教师交流（2 名符合条件教师的 50%，R2），但在不让任何学校失去必需学科的最后"
        "一名教师（R5）之下至多 0 名教师可以交流：可核对 needs.csv 以及各校某学科唯一的教师或"
        "调低 min_share_of_eligible")


def test_rotate_says_why_in_chinese_and_in_english(tmp_path):
    # P, principal of A for 7 years, must move (R12); B is a junior school, C is 80 km away:
    # no school is open to P. The Chinese run says so in Chinese, the English run as before.
    records, policy = _county({"A": {"at": (0, 0)}, "B": {"at": (5, 0), "stage": "junior"},
                               "C": {"at": (80, 0)}},
                              {"P": {"school_id": "A", "post": "principal",
                                     "years_in_post": 7}})
    folder = tmp_path / "county"
    write_folder(records, folder, policy)
    said = {}
    for lang in ("zh", "en"):
        result = runner.invoke(app, ["rotate", str(folder), "--out", str(tmp_path / lang),
                                     "--time-limit", "20", "--workers", "1", "--no-compare",
                                     "--lang", lang])
        assert result.exit_code == 1, result.output
        said[lang] = " ".join(result.output.split())  # the terminal wraps long lines
    assert "不存在可行的交流轮岗方案：规则相互冲突" in said["zh"]
    assert ("A 的校长 P 必须交流（任职 7 年，principal_max_years = 6，R12），但 P 在其他 2 所"
            "学校中无处可去：1 所超过 50 公里（R3）；1 所不属于小学学段组（R12：校长、副校长在"
            "同学段组内交流）：可调高 max_distance_km；或者调高 principal_max_years，或让更多同"
            "学段组的学校处于可达范围内") in said["zh"]
    assert "no plan exists" not in said["zh"] and "must move" not in said["zh"]
    assert "no plan exists: the rules conflict" in said["en"]
    assert ("principal P of A must move (7 years in post, principal_max_years = 6, R12) but "
            "none of the 2 other schools is open to P: 1 beyond 50 km (R3); 1 of another stage "
            "group than primary (R12: a leader moves within its stage group): raise "
            "max_distance_km; or raise principal_max_years, or bring more schools of the stage "
            "group within reach") in said["en"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_count_cp_sat_could_not_make_is_not_said_as_a_number(lang, monkeypatch):
    # The county of test_both_quotas_and_the_subject_floor, with CP-SAT out of time on
    # "at most how many can move" (None): the sentence says the count is not known rather
    # than putting a word where the number goes ("至多 未知 名"); no solve is run
    county = _county(TWO, {"M": {"school_id": "A", "subject": "music"},
                           "K": {"school_id": "B", "subject": "pe", "backbone": "county"}},
                     needs={("B", "pe"): 1}, min_share_of_eligible=0.5,
                     min_backbone_share=0.2)
    prob = build_problem(instance_from_records(*county))
    monkeypatch.setattr(explain_module, "_most_movers", lambda *_args: None)
    quota, backbone = explain_module.QUOTA, explain_module.BACKBONE
    said = [catalog(lang).note(explain_module._sentence(prob, core, 0.0))
            for core in ([quota, backbone, "R5"], [backbone, "R5"])]
    for text in said:
        assert not any(word in text for word in ("未知", "至多", "unknown", "at most")), text
    if lang == "zh":
        assert said[0] == (
            "需要 1 名教师交流（2 名符合条件教师的 50%，R2），但未能算出在交流教师中骨干教师至少"
            "占 20%（R2）和不让任何学校失去必需学科的最后一名教师（R5）之下最多有多少名教师可以"
            "交流：可调低 min_backbone_share、核对 needs.csv 以及各校某学科唯一的教师或调低 "
            "min_share_of_eligible")
        assert "（R5）之下最多有多少名骨干教师可以交流：" in said[1]
    else:
        assert said[0] == (
            "1 movers are required (50% of 2 eligible teachers, R2), but it could not be "
            "worked out in time how many teachers can move under a share of at least 20% "
            "backbone teachers among the movers (R2) and no school losing its last teacher of "
            "a required subject (R5): lower min_backbone_share, check needs.csv and the "
            "schools' only teachers of a subject or lower min_share_of_eligible")
        assert "how many backbone teachers can move under no school losing" in said[1]
