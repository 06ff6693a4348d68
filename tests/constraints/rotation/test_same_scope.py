"""Level 4: moves leaving both the education group and the school district."""

from __future__ import annotations


def test_a_move_inside_the_district_beats_a_nearer_one_outside(cty):
    # Quota: ceil(10% × 10) = 1 mover from A (district D1). B is in D1 at 20 km, C in no
    # district at 10 km: level 4 (0 vs 1) comes before distance. Optimum: -> B, 200 tenths.
    teachers = {f"T{i}": {"school_id": "A"} for i in range(10)}
    inst = cty.county(
        {"A": {"district_id": "D1", "at": (0, 0)}, "B": {"district_id": "D1", "at": (20, 0)},
         "C": {"at": (0, 10)}},
        teachers, rotation={"min_share_of_eligible": 0.1, "weights": {"balance": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    [move] = result.moves
    assert move.to_school_id == "B" and "same_district" in move.reasons
    assert (result.terms["same_scope"], result.terms["distance"]) == (0, 200)
