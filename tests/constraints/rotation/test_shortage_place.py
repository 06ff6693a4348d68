"""Level 6: the gaps left, weighted by subject × school (teaching point 3, rural and weak 2),
below the fewest movers: it chooses among plans that close as much shortage (level 1) with
as few movers, never adds a mover."""

from __future__ import annotations


def test_the_teaching_point_wins_only_among_the_fewest_movers(cty, tmp_path):
    # Chinese teachers only (weight 1, no indicator: the CVs and the standards do not care).
    # P, a teaching point, and R, a rural school, each lack one. D at B is spare; A has the
    # two it needs. Level 1: D fills one gap (2 -> 1); a teacher of A would open at A the
    # gap it closes: no gain. Fewest movers: D alone. Between D -> P (R's gap left: × 2 = 2)
    # and D -> R (P's gap left: × 3 = 3), the place level sends D to P, though R is nearer.
    # D -> P with A1 -> R would leave only A's urban gap (1), but takes a second mover.
    inst = cty.county({"A": {"at": (0, 10)}, "B": {"at": (0, 0)},
                       "P": {"kind": "teaching_point", "students": 30, "at": (10, 0)},
                       "R": {"kind": "rural", "at": (5, 0)}},
                      {"A1": {"school_id": "A"}, "A2": {"school_id": "A"},
                       "D": {"school_id": "B"}},
                      needs={("A", "chinese"): 2, ("P", "chinese"): 1, ("R", "chinese"): 1})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"D": "P"}
    assert (result.terms["shortage"], result.terms["movers"],
            result.terms["shortage_place"]) == (1, 1, 2)
    cty.written_and_checked(inst, result, tmp_path / "plan")
