"""R7: a senior-title candidate who moves goes to a rural, teaching-point or weak school."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("placement_weight", [1, 0])
def test_the_candidate_takes_the_rural_gap(cty, placement_weight):
    # C (candidate) and N are spare music teachers at A; U (urban, 5 km) and R (rural,
    # 40 km) each lack one. Cheapest by distance would be C -> U, N -> R (450 either way
    # round, a tie), but R7 only lets C go to R: C -> R, N -> U, even when level 2 is off.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "U": {"at": (5, 0)}, "R": {"kind": "rural", "at": (40, 0)}},
        {"C": {"school_id": "A", "subject": "music", "seeks_senior_title": True},
         "N": {"school_id": "A", "subject": "music"}},
        needs={("U", "music"): 1, ("R", "music"): 1},
        rotation={"weights": {"balance": 0, "senior_title": placement_weight}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"C": "R", "N": "U"}
    assert (result.terms["shortage"], result.terms["distance"]) == (0, 450)


def test_a_candidate_with_a_rural_year_goes_anywhere(cty):
    inst = cty.county(
        {"A": {"at": (0, 0)}, "U": {"at": (5, 0)}},
        {"C": {"school_id": "A", "subject": "music", "seeks_senior_title": True,
               "rural_years": 1}},
        needs={("U", "music"): 1}, rotation={"weights": {"balance": 0}})
    assert cty.moves_of(cty.solve(inst)) == {"C": "U"}
