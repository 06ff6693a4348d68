"""Naming the movers and giving each move its reasons."""

from __future__ import annotations

import numpy as np

from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.plan import named_moves
from scheduler.rotation.problem import build_problem


def test_reasons_and_who_is_picked(cty):
    inst = cty.county(
        {"A": {"group_id": "G", "at": (0, 0)}, "R": {"kind": "rural", "group_id": "G",
                                                    "at": (6, 8)}},
        {"M1": {"school_id": "A", "subject": "music", "years_at_school": 7},
         "M2": {"school_id": "A", "subject": "music", "years_at_school": 9},
         "C": {"school_id": "A", "seeks_senior_title": True},
         "K": {"school_id": "A", "backbone": "county"}},
        needs={("R", "music"): 1}, wishes={"C": ["R"]}, rotation={"weights": {"balance": 0}})
    prob = build_problem(inst)
    arcs = build_arcs(prob)
    flows = np.zeros(len(arcs), dtype=np.int64)
    for g in prob.groups:  # one of every group to R, two of the music group
        for a in arcs.by_group[g.index]:
            if prob.schools[int(arcs.dest[a])] == "R":
                flows[a] = min(2, g.size)
    moves = {m.teacher_id: m for m in named_moves(prob, arcs, flows)}
    assert set(moves) == {"M1", "M2", "C", "K"}
    assert moves["M2"].reasons == ("shortage:music", "same_group")  # longest there first
    assert moves["M1"].reasons == ("quota", "same_group")  # R lacked one music teacher
    assert moves["C"].reasons[:2] == ("senior_title", "preference:1")
    assert moves["K"].reasons == ("backbone_quota", "same_group")
    assert moves["K"].distance_km == 10.0


def test_balance_is_a_reason_when_that_level_is_on(cty):
    # A has both backbone teachers of two equal schools: above its target; R below.
    inst = cty.county({"A": {"at": (0, 0)}, "R": {"at": (5, 0)}},
                      {"K1": {"school_id": "A", "backbone": "county"},
                       "K2": {"school_id": "A", "backbone": "county"}})
    prob = build_problem(inst)
    arcs = build_arcs(prob)
    flows = np.zeros(len(arcs), dtype=np.int64)
    flows[arcs.by_group[0][0]] = 1
    [move] = named_moves(prob, arcs, flows)
    assert move.reasons == ("balance",)
