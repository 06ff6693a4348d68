"""R9 headcount: no school ends the plan with more teachers than it may have (its posts,
its staff plus its unmet shortage, or no limit)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("headcount", "posts", "x_may_leave", "moves"), [
    ("posts", 1, True, {"M": "B", "X": "A"}),  # B at its limit: it receives as it sends
    ("posts", 1, False, {}),  # B at its limit and nobody can leave it: it receives nobody
    ("posts", 2, True, {"M": "B"}),  # room for one more
    ("needs", 1, True, {"M": "B"}),  # posts ignored: 1 staff + ceil(1 unmet music) = 2
    ("free", 1, True, {"M": "B"}),  # no limit at all
])
def test_a_school_at_its_limit_receives_only_as_it_sends(cty, tmp_path, headcount, posts,
                                                          x_may_leave, moves):
    # A (5 km from B, no posts: it falls under "needs", 1 staff + 0 unmet = 1) has a spare
    # music teacher M; B lacks music and has one chinese teacher X it does not need.
    # Sending M closes B's music gap (level 1: music ×2, 2 -> 0); the CVs and the
    # standards do not care which of two like schools M serves at. Fewest movers: M
    # alone, unless B's limit is its 1 post: then X must leave to make room, to A (the only
    # other school, whose limit X then meets: M left it). If X may not move (2 years at
    # B, no volunteer), M cannot go and the gap stays.
    x = {"school_id": "B"} if x_may_leave else {"school_id": "B", "years_at_school": 2}
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (5, 0), "posts": posts}},
                      {"M": {"school_id": "A", "subject": "music"}, "X": x},
                      needs={("B", "music"): 1}, rotation={"headcount": headcount})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == moves
    assert result.terms["shortage"] == (0 if moves else 2)
    assert result.terms["movers"] == len(moves)
    cty.written_and_checked(inst, result, tmp_path / "plan")
