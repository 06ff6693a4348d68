"""Level 5: road km of the moves, in tenths of a km."""

from __future__ import annotations


def test_the_quota_mover_goes_to_the_nearest_school(cty):
    # One mover needed (10 eligible, 10 %); B is 12.34 km away, C 20 km: -> B, 123 tenths.
    teachers = {f"T{i}": {"school_id": "A"} for i in range(10)}
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (12.34, 0)}, "C": {"at": (0, 20)}},
                      teachers, rotation={"min_share_of_eligible": 0.1,
                                          "weights": {"balance": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert [m.to_school_id for m in result.moves] == ["B"]
    assert result.terms["distance"] == 123
    assert result.moves[0].distance_km == 12.34
