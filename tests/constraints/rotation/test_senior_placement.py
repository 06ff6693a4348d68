"""Level 2: eligible senior-title candidates without a year at a rural or weak school."""

from __future__ import annotations


def test_a_candidate_moves_to_the_nearest_receiving_school_with_no_shortage_anywhere(cty):
    # No needs and no quota: only level 2 asks for a move. C seeks a senior title with no
    # rural year; the weak town school W (10 km) receives like a rural one and is nearer
    # than the rural R (30 km). Optimum: C -> W, senior_title 0, distance 100. S has not
    # been at the school long enough (not eligible) and is not counted.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "W": {"kind": "town", "weak": True, "at": (10, 0)},
         "R": {"kind": "rural", "at": (30, 0)}, "T": {"kind": "town", "at": (2, 0)}},
        {"C": {"school_id": "A", "seeks_senior_title": True},
         "S": {"school_id": "A", "seeks_senior_title": True, "years_at_school": 2}},
        rotation={"weights": {"balance": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"C": "W"}
    assert result.terms["senior_title"] == 0
    assert result.terms["distance"] == 100
    assert result.moves[0].reasons == ("senior_title",)


def test_switched_off_the_candidate_stays(cty):
    inst = cty.county(
        {"A": {"at": (0, 0)}, "R": {"kind": "rural", "at": (30, 0)}},
        {"C": {"school_id": "A", "seeks_senior_title": True}},
        rotation={"weights": {"balance": 0, "senior_title": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert result.moves == [] and result.terms["senior_title"] == 0
