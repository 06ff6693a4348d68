"""The greedy baseline: every rule kept, scarce subjects and backbone teachers first."""

from __future__ import annotations

import pytest

from scheduler.core import rotation_levels as lv
from scheduler.data.load import instance_from_records
from scheduler.errors import NoPlanError
from scheduler.generate import generate_records
from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.greedy import greedy_flows
from scheduler.rotation.problem import build_problem


def test_a_generated_county_gets_a_rule_abiding_plan_no_better_than_the_optimum(cty):
    records, policy = generate_records("s", 5)
    inst = instance_from_records(records, policy)
    greedy = cty.solve(inst, method="greedy")
    best = cty.solve(inst)
    assert greedy.stats.status == "FEASIBLE" and greedy.stats.best_bound is None
    key = [tuple(r.terms[k] for k in lv.LEVELS) for r in (best, greedy)]
    assert key[0] <= key[1]


def test_the_scarce_subject_goes_first(cty):
    # A may send one teacher (cap floor(50 % × 2) = 1); B lacks music and chinese alike.
    # Music is a shortage subject: the music teacher goes.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"kind": "rural", "at": (5, 0)}},
        {"C": {"school_id": "A", "subject": "chinese"},
         "M": {"school_id": "A", "subject": "music"}},
        needs={("B", "music"): 1, ("B", "chinese"): 1}, rotation={"max_outflow_share": 0.5})
    assert cty.moves_of(cty.solve(inst, method="greedy")) == {"M": "B"}


def test_no_teacher_robs_a_school_of_as_much_as_it_gives(cty):
    # A (urban) needs its two music teachers; B (urban too) lacks one: same weight, no gain.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}},
        {"M1": {"school_id": "A", "subject": "music"},
         "M2": {"school_id": "A", "subject": "music"}},
        needs={("A", "music"): 2, ("B", "music"): 1})
    assert cty.solve(inst, method="greedy").moves == []


def test_quota_movers_come_from_where_they_leave_no_gap(cty):
    # One mover needed; M is A's only music teacher (R5 keeps him), C is spare: C goes.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}},
        {"M": {"school_id": "A", "subject": "music"}, "C": {"school_id": "A"}},
        needs={("A", "music"): 1}, rotation={"min_share_of_eligible": 0.5})
    result = cty.solve(inst, method="greedy")
    assert cty.moves_of(result) == {"C": "B"} and result.moves[0].reasons == ("quota",)


def test_it_says_so_when_it_cannot_meet_the_quotas(cty):
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}},
        {"M": {"school_id": "A", "subject": "music"}, "C": {"school_id": "B"}},
        needs={("A", "music"): 1, ("B", "chinese"): 1}, rotation={"min_share_of_eligible": 0.5})
    prob = build_problem(inst)
    with pytest.raises(NoPlanError, match="greedy baseline found no plan") as err:
        greedy_flows(prob, build_arcs(prob))
    assert "it moved 0 teachers" in str(err.value.reasons[0])


def test_no_teacher_goes_to_a_school_at_its_posts(cty):
    # B lacks music but has its 1 post filled (R9 "posts"); the greedy plan does not look
    # for the swap the optimum makes (tests/constraints/rotation/test_headcount.py): M stays.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0), "posts": 1}},
        {"M": {"school_id": "A", "subject": "music"}, "X": {"school_id": "B"}},
        needs={("B", "music"): 1}, rotation={"headcount": "posts"})
    assert cty.solve(inst, method="greedy").moves == []


def _principal(school: str, years: int, **spec: object) -> dict[str, object]:
    return {"school_id": school, "post": "principal", "years_in_post": years, **spec}


def test_a_due_principal_takes_the_post_of_one_not_due_only_without_a_free_school(cty):
    # A1 (A, due) reaches B only (C is 60 km away): B's principal B2 (not due) makes room
    # and goes to A, which A1 leaves: a swap. With D free 20 km from A, A1 goes there and
    # B2 stays, even though B2's music would close A's gap.
    schools = {"A": {"at": (0, 0)}, "B": {"at": (10, 0)}, "C": {"at": (60, 0)}}
    teachers = {"A1": _principal("A", 6), "B2": _principal("B", 2, subject="music")}
    swap = cty.county(schools, teachers)
    assert cty.moves_of(cty.solve(swap, method="greedy")) == {"A1": "B", "B2": "A"}
    free = cty.county({**schools, "D": {"at": (0, 20)}}, teachers, needs={("A", "music"): 1})
    assert cty.moves_of(cty.solve(free, method="greedy")) == {"A1": "D"}
