"""Level 3: backbone and PE+arts teachers per 100 students, spread evenly."""

from __future__ import annotations


def test_the_backbone_teacher_is_the_one_who_moves(cty):
    # A and B have 400 pupils each; A has both county backbone teachers K1, K2. Targets:
    # K × 2 × 400 / 800 = 10 tenths each, so before |20 − 10| + |0 − 10| = 20. The quota
    # asks for ceil(10% × 3) = 1 mover: N (not backbone) leaves 20, K1 or K2 leaves 0.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}},
        {"K1": {"school_id": "A", "backbone": "county"},
         "K2": {"school_id": "A", "backbone": "city"},
         "N": {"school_id": "A"}},
        rotation={"min_share_of_eligible": 0.1})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert result.terms["balance"] == 0
    [move] = result.moves
    assert move.teacher_id in ("K1", "K2") and move.to_school_id == "B"
    assert "balance" in move.reasons


def test_small_teaching_points_are_left_out(cty):
    # P has 30 pupils: outside the CV, so sending it the backbone teacher gains nothing
    # and B (in the CV, below its target) gets him instead, though P is nearer.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (9, 0)},
         "P": {"kind": "teaching_point", "students": 30, "at": (1, 0)}},
        {"K1": {"school_id": "A", "backbone": "county"},
         "K2": {"school_id": "A", "backbone": "county"}},
        rotation={"min_share_of_eligible": 0.5})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert [m.to_school_id for m in result.moves] == ["B"]
    assert result.terms["balance"] == 0
