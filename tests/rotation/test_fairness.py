"""The fairness audit: wishes granted, swap pairs (found, blocked, fixed), justified envy.

Every county here is drawn on a plane (tests/rotation/county.py): schools at (x, y) km,
teachers eligible, no quota and no headcount limit unless a test sets them. Each audit is
run twice, with the audit's own rule test and with the independent checker's rule
functions (`checker_rules`), and both must agree.
"""

from __future__ import annotations

import pytest

from scheduler.check.rotation import checker_rules
from scheduler.core.rotation_levels import LEVELS
from scheduler.errors import InputError
from scheduler.rotation.fairness import Envy, audit, fix_swaps, prefers, priority_key, swap_pairs
from scheduler.rotation.score import score

# H at the origin sends two music teachers; X (3 km east) and Y (4 km north) each lack one.
SCHOOLS = {"H": {"at": (0, 0)}, "X": {"at": (3, 0)}, "Y": {"at": (0, 4)}}
NEEDS = {("X", "music"): 1, ("Y", "music"): 1}


def both(inst, moves):
    """The audit with its own rule test, checked equal to the one with the checker's rules."""
    mine, theirs = audit(inst, moves), audit(inst, moves, checker_rules(inst))
    assert mine.record() == {**theirs.record(), "mutual_wishes_blocked":
                             mine.record()["mutual_wishes_blocked"]}
    assert [(b.a, b.b) for b in mine.blocked] == [(b.a, b.b) for b in theirs.blocked]
    return mine


def test_prefers_ranks_wishes_above_any_other_school_and_staying_only_for_volunteers():
    wished = {"X": 1, "Y": 2}
    assert prefers(wished, "X", "Y") and prefers(wished, "Y", "Z")
    assert not prefers(wished, "Y", "X") and not prefers(wished, "Z", "Y")
    assert not prefers(wished, "X", "X")
    assert not prefers(wished, "X", None) and prefers(wished, "X", None, volunteer=True)


def test_a_swap_pair_is_found_and_fixed_keeping_every_other_level(cty):
    # A wishes Y then X, B wishes X then Y; the plan sends A to X and B to Y: each got the
    # second wish (cost 1 each, preferences 2). Swapped, both get the first (preferences 0);
    # both leave H and are music teachers, so every gap, count and km total stays the same
    # (3 + 4 km either way).
    inst = cty.county(SCHOOLS, {"A": {"school_id": "H", "subject": "music"},
                                "B": {"school_id": "H", "subject": "music"}},
                      needs=NEEDS, wishes={"A": ["Y", "X"], "B": ["X", "Y"]})
    plan = {"A": "X", "B": "Y"}
    found = both(inst, plan)
    assert [(p.a, p.b, p.a_to, p.b_to, p.gain) for p in found.swap_pairs] == [
        ("A", "B", "X", "Y", 2)]
    assert found.wish_ranks == {"1": 0, "2": 2, "none": 0}
    fixed, made = fix_swaps(inst, plan)
    assert fixed == {"A": "Y", "B": "X"} and made == found.swap_pairs
    before, after = score(inst, plan), score(inst, fixed)
    assert {k: after[k] for k in LEVELS if k != "preferences"} == \
        {k: before[k] for k in LEVELS if k != "preferences"}
    assert (before["preferences"], after["preferences"]) == (2.0, 0.0)
    assert swap_pairs(inst, fixed) == [] and both(inst, fixed).wish_ranks["1"] == 2
    assert not cty.broken_rules(inst, fixed)


def test_every_plan_the_solver_hands_on_is_fixed(cty):
    # The greedy plan ignores wishes and sends A (picked first) to the nearer school X:
    # a swap pair, which the solve exchanges before naming the moves.
    inst = cty.county(SCHOOLS, {"A": {"school_id": "H", "subject": "music"},
                                "B": {"school_id": "H", "subject": "music"}},
                      needs=NEEDS, wishes={"A": ["Y", "X"], "B": ["X", "Y"]})
    result = cty.solve(inst, method="greedy")
    assert result.placement == {"A": "Y", "B": "X"}
    assert [(p.a, p.b) for p in result.swaps] == [("A", "B")]
    assert all("preference:1" in m.reasons for m in result.moves)
    assert cty.solve(inst).placement == {"A": "Y", "B": "X"}  # CP-SAT: optimal already


def test_a_swap_that_breaks_a_rule_or_costs_a_level_is_not_a_swap_pair(cty):
    # A leaves H1 (0, 0) for X (3, 0), B leaves H2 (10, 0) for Y (10, 4); each wishes for the
    # other's school. Swapped, A would go 10.8 km to Y and B 7 km to X: 17.8 km against 7.
    schools = {"H1": {"at": (0, 0)}, "H2": {"at": (10, 0)}, "X": {"at": (3, 0)},
               "Y": {"at": (10, 4)}}
    teachers = {"A": {"school_id": "H1"}, "B": {"school_id": "H2"}}
    wishes = {"A": ["Y"], "B": ["X"]}
    plan = {"A": "X", "B": "Y"}
    costly = both(cty.county(schools, teachers, wishes=wishes), plan)
    assert costly.swap_pairs == []
    assert [(b.a, b.b, b.by) for b in costly.blocked] == [("A", "B", "distance")]
    # with a 10 km limit A may not go to Y at all (R3); with the distance level off the
    # exchange costs nothing and is a swap pair again
    far = both(cty.county(schools, teachers, wishes=wishes, rotation={"max_distance_km": 10}),
               plan)
    assert far.swap_pairs == [] and [b.by for b in far.blocked] == ["R3"]
    free = cty.county(schools, teachers, wishes=wishes, rotation={"weights": {"distance": 0}})
    assert len(both(free, plan).swap_pairs) == 1


def test_a_swap_that_empties_a_subject_is_blocked_by_r5(cty):
    # X's only music teacher M leaves for H; music teacher A arrives at X and chinese
    # teacher B at Y. Swapped, X would be left with no music teacher (R5) even though both
    # prefer the other's school.
    inst = cty.county(SCHOOLS, {"A": {"school_id": "H", "subject": "music"},
                                "B": {"school_id": "H", "subject": "chinese"},
                                "M": {"school_id": "X", "subject": "music"}},
                      needs={("X", "music"): 1}, wishes={"A": ["Y"], "B": ["X"]})
    plan = {"A": "X", "B": "Y", "M": "H"}
    assert not cty.broken_rules(inst, plan)
    found = both(inst, plan)
    assert found.swap_pairs == [] and [b.by for b in found.blocked] == ["R5"]


def test_justified_envy_is_found_and_none_when_priorities_agree(cty):
    # Volunteer A (12 years at H) wishes for X and stays; B (8 years, no wishes) goes to X.
    # Under the default order (backbone, then years) A ranks above B, and A going to X with
    # B staying breaks no rule: one case. The two are alike in every indicator and leave
    # the same school, so no level gets worse: the plan's objectives do not explain it.
    teachers = {"A": {"school_id": "H", "volunteer": True, "years_at_school": 12},
                "B": {"school_id": "H"}}
    inst = cty.county(SCHOOLS, teachers, wishes={"A": ["X"]})
    found = both(inst, {"B": "X"})
    assert found.envy == [Envy("A", "B", "X", 1, None, None)]
    assert found.envy_unexplained == 1 and found.stayers_with_wishes == 1
    # equal years: nobody ranks above anybody, so no envy is justified
    teachers["A"]["years_at_school"] = 8
    assert both(cty.county(SCHOOLS, teachers, wishes={"A": ["X"]}), {"B": "X"}).envy == []
    # a non-volunteer who stays is taken to prefer staying
    teachers["A"].update(years_at_school=12, volunteer=False)
    assert both(cty.county(SCHOOLS, teachers, wishes={"A": ["X"]}), {"B": "X"}).envy == []


def test_envy_names_the_level_that_explains_the_plan(cty):
    # A (county backbone, chinese) goes to its second wish Y; B (music, no backbone) fills
    # X's music gap. A ranks above B and prefers X, and may exchange with B (B to Y) by
    # the rules, but X would then lack its music teacher: the shortage level explains it.
    inst = cty.county(SCHOOLS, {"A": {"school_id": "H", "backbone": "county"},
                                "B": {"school_id": "H", "subject": "music"}},
                      needs={("X", "music"): 1}, wishes={"A": ["X", "Y"]})
    found = both(inst, {"A": "Y", "B": "X"})
    assert found.envy == [Envy("A", "B", "X", 1, "Y", "shortage")]
    assert found.envy_unexplained == 0


def test_the_priority_order_is_the_policys(cty):
    inst = cty.county(SCHOOLS, {"A": {"school_id": "H", "backbone": "city",
                                      "years_at_school": 7, "rural_years": 2}},
                      rotation={"priority": ["rural_years", "backbone"]})
    assert priority_key(inst.teacher["A"], inst.policy.rotation.priority) == (2, 3)
    with pytest.raises(InputError, match="priority"):
        cty.county(SCHOOLS, {"A": {"school_id": "H"}}, rotation={"priority": ["age"]})


def test_wish_ranks_count_movers_by_the_wish_they_got(cty):
    # A gets wish 1, B wish 2, C none of its wishes; D has wishes and stays; E has none.
    schools = {**SCHOOLS, "Z": {"at": (5, 5)}}
    teachers = {t: {"school_id": "H"} for t in "ABCDE"}
    wishes = {"A": ["X", "Y"], "B": ["Z", "Y", "X"], "C": ["Z"], "D": ["X"]}
    found = both(cty.county(schools, teachers, wishes=wishes),
                 {"A": "X", "B": "Y", "C": "X", "E": "Z"})
    assert found.wish_ranks == {"1": 1, "2": 1, "3": 0, "none": 1}
    assert (found.movers_with_wishes, found.stayers_with_wishes) == (3, 1)
    record = found.record()
    assert record["teachers_with_wishes"] == 4 and record["swap_pairs_count"] == 0
