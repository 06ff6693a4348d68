"""Level 5, fewest movers: a move that serves none of the levels above (shortage, senior
title, CV limits, standards) nor a hard rule is not made, whatever the levels below
(balance, scope, distance, wishes) would gain from it."""

from __future__ import annotations

from typing import Any

from scheduler import rules


def _county(cty: Any, music: int, share: float) -> Any:
    # Three primary schools of 100 pupils: A has 6 county backbone teachers, B 2, C 4 (all
    # chinese, so no shortage anywhere). Backbone per 100 pupils 6, 2, 4: every school
    # meets its standard of 1, and the CV is 1.63 / 4 = 0.41, under the 0.5 limit. Only the
    # balance (level 7) would move two backbone teachers from A to B: targets
    # round(10 × 12 × 100 / 300) = 40 each, |60 − 40| + |20 − 40| = 40 before, 20 after one
    # move, 0 after two. `music` music teachers at A, not backbone, and B lacks as many.
    teachers = {f"{s}{i}": {"school_id": s, "backbone": "county"}
                for s, n in (("A", 6), ("B", 2), ("C", 4)) for i in range(n)}
    teachers |= {f"M{i}": {"school_id": "A", "subject": "music"} for i in range(music)}
    needs = {("B", "music"): music} if music else None
    return cty.county({"A": {"students": 100, "at": (0, 0)},
                       "B": {"students": 100, "at": (8, 0)},
                       "C": {"students": 100, "at": (0, 8)}},
                      teachers, needs=needs, rotation={"min_share_of_eligible": share})


def test_the_quota_alone_moves_exactly_its_number(cty, tmp_path):
    # 12 eligible teachers, 5 %: ceil(0.6) = 1 mover. Nothing above the movers needs a
    # move, so exactly 1 moves; the balance then picks a backbone teacher from A to B
    # (20; any other single move leaves 40), not the second one it would like.
    inst = _county(cty, music=0, share=0.05)
    assert rules.required_movers(inst) == 1
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert [(m.from_school_id, m.to_school_id) for m in result.moves] == [("A", "B")]
    assert (result.terms["movers"], result.terms["cv_limits"], result.terms["balance"]) \
        == (1, 0, 20)
    cty.written_and_checked(inst, result, tmp_path / "plan")


def test_a_shortage_of_two_moves_two_not_more(cty, tmp_path):
    # No quota. B lacks 2 music (level 1: music ×2, 4): both music teachers of A go to B,
    # 4 -> 0. The PE/arts CV and standards are the same with both at A or both at B (100
    # pupils each: A's loss is B's gain), and so is the PE/arts balance (targets
    # round(10 × 2 × 100 / 300) = 7: 13 + 7 + 7 = 27 either way). Two movers, and not the
    # two more the backbone balance would move: the balance stays 40 + 27 = 67.
    inst = _county(cty, music=2, share=0.0)
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"M0": "B", "M1": "B"}
    assert (result.terms["shortage"], result.terms["movers"], result.terms["balance"]) \
        == (0, 2, 67)
    cty.written_and_checked(inst, result, tmp_path / "plan")
