"""Candidate destinations: exact dominance keeps what can matter, drops the rest."""

from __future__ import annotations

import pytest

from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.problem import build_problem


def _dests(prob, arcs, tid):
    [g] = [g for g in prob.groups if tid in g.teacher_ids]
    return sorted(prob.schools[int(arcs.dest[a])] for a in arcs.by_group[g.index])


SIX = {"A": {"district_id": "D", "at": (0, 0)}, "S": {"at": (30, 0)}, "N1": {"at": (3, 0)},
       "N2": {"district_id": "D", "at": (9, 0)}, "N3": {"at": (20, 0)}, "X": {"at": (90, 0)}}


def test_only_short_schools_and_the_cheapest_other_one_remain(cty):
    # For A's chinese teacher: S lacks chinese (may matter), N1/N2/N3 do not: only the
    # cheapest of those stays, N2 in A's district before the nearer N1. X is out of reach.
    # Only without headcount limits (R9 "free"): a school that takes any number of teachers
    # is what makes the others dominated.
    inst = cty.county(SIX, {"C": {"school_id": "A"}}, needs={("S", "chinese"): 1},
                      rotation={"headcount": "free"})
    prob = build_problem(inst)
    assert _dests(prob, build_arcs(prob), "C") == ["N2", "S"]


@pytest.mark.parametrize("headcount", ["needs", "posts"])
def test_a_school_with_a_headcount_limit_is_kept(cty, headcount):
    # The same county under R9 "needs" (the contract's default) or "posts" (schools without
    # posts fall under "needs"; N1 has 2 posts): every school has a limit, so what one more
    # teacher is worth there depends on who leaves it (N1's D may leave and make room).
    # No school dominates another: every reachable school stays; X is still out of reach.
    inst = cty.county({**SIX, "N1": {"at": (3, 0), "posts": 2}},
                      {"C": {"school_id": "A"}, "D": {"school_id": "N1"}},
                      needs={("S", "chinese"): 1}, rotation={"headcount": headcount})
    prob = build_problem(inst)
    assert prob.limits["N1"] == (2 if headcount == "posts" else 1)
    assert _dests(prob, build_arcs(prob), "C") == ["N1", "N2", "N3", "S"]


def test_a_school_that_may_lose_its_teacher_may_matter(cty):
    # N1 has exactly the chinese teachers it needs, but one is eligible and may leave:
    # a chinese teacher arriving there can matter, so N1 stays a candidate.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "N1": {"at": (3, 0)}, "N2": {"at": (9, 0)}},
        {"C": {"school_id": "A"}, "D": {"school_id": "N1"}}, needs={("N1", "chinese"): 1})
    prob = build_problem(inst)
    assert _dests(prob, build_arcs(prob), "C") == ["N1", "N2"]


def test_unfiltered_arcs_keep_what_r3_r6_r7_forbid_flagged(cty):
    inst = cty.county(
        {"A": {"group_id": "G", "at": (0, 0)}, "B": {"group_id": "H", "at": (5, 0)},
         "R": {"kind": "rural", "group_id": "G", "at": (80, 0)}},
        {"C": {"school_id": "A", "seeks_senior_title": True}}, rotation={"scope": "group"})
    prob = build_problem(inst)
    assert len(build_arcs(prob)) == 0  # B: R6 and R7; R: R3
    arcs = build_arcs(prob, filtered=False)
    flags = {prob.schools[int(d)]: tuple(bool(arcs.ok[r][a]) for r in ("R3", "R6", "R7"))
             for a, d in enumerate(arcs.dest.tolist())}
    assert flags == {"B": (True, False, False), "R": (False, True, True)}
