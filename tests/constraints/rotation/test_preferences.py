"""Level 6: teachers' ranked wishes, after everything else."""

from __future__ import annotations


def _inst(cty, c_at):
    # W is the only eligible teacher and the quota needs one mover. W wishes C first, B
    # second; B is 10 km away.
    return cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (0, 10)}, "C": {"at": c_at}},
        {"W": {"school_id": "A"}, "X": {"school_id": "A", "years_at_school": 1}},
        wishes={"W": ["C", "B"]},
        rotation={"min_share_of_eligible": 1.0, "weights": {"balance": 0}})


def test_a_wish_decides_between_equally_good_schools(cty):
    # C is also 10 km away: the wish decides, rank 1 costs 0.
    result = cty.solve(_inst(cty, (10, 0)))
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"W": "C"}
    assert result.terms["preferences"] == 0
    assert "preference:1" in result.moves[0].reasons


def test_distance_comes_before_wishes(cty):
    # C is 11 km away: distance (level 5) sends W to B, its second wish (cost 1).
    result = cty.solve(_inst(cty, (11, 0)))
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"W": "B"}
    assert result.terms["preferences"] == 1
    assert "preference:2" in result.moves[0].reasons
