"""Explanations: counting proofs first, then the smallest conflicting set of rule families."""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.explain import counting_reasons, explain
from scheduler.rotation.problem import build_problem
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import SolverSettings

ONE = SolverSettings(time_limit=20, workers=1, seed=0)


def _no_plan(inst) -> NoPlanError:
    with pytest.raises(NoPlanError) as err:
        solve_rotation(inst, ONE)
    assert err.value.headline == "no plan exists: the rules conflict"
    return err.value


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
    """Each school's only teacher of a subject it requires; the quota wants one to move."""
    return cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}},
        {"M": {"school_id": "A", "subject": "music"}, "C": {"school_id": "B"}},
        needs={("A", "music"): 1, ("B", "chinese"): 1},
        rotation={"min_share_of_eligible": 0.5})


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
    err = explain(build_problem(inst))
    assert "(R5)" in err.reasons[0] and "(R4" not in err.reasons[0]
