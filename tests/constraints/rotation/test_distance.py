"""R3: road km between the two schools ≤ max_distance_km."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("limit", "moves"), [(50.0, {}), (60.0, {"M": "R"})])
def test_a_school_beyond_reach_gets_nobody(cty, limit, moves):
    # R lacks music 60 km from A's spare music teacher M: out of reach at 50 km; at exactly
    # 60 km it is allowed (≤), and M goes. Level 1 weighs the gap by subject only (music ×2:
    # 2); the place level by subject × rural school (2 × 2 = 4).
    inst = cty.county({"A": {"at": (0, 0)}, "R": {"kind": "rural", "at": (60, 0)}},
                      {"M": {"school_id": "A", "subject": "music"}}, needs={("R", "music"): 1},
                      rotation={"max_distance_km": limit, "weights": {"balance": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == moves
    assert result.terms["shortage"] == (0 if moves else 2)
    assert result.terms["shortage_place"] == (0 if moves else 4)
