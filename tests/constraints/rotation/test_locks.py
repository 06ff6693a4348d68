"""L locks (locks.csv): `stay` does not move, `move` moves, `to` moves to that school,
`not_to` does not move to that school."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("lock", "moves"), [
    (None, {"M": "B"}),  # no lock: the nearer gap
    (("M", "stay", None), {}),  # both gaps stay
    (("X", "move", None), {"M": "B", "X": "B"}),  # X moves for nothing, to the nearest school
    (("M", "to", "C"), {"M": "C"}),  # the farther gap
    (("M", "not_to", "B"), {"M": "C"}),  # the other gap
])
def test_locks_decide_what_the_levels_would_not(cty, tmp_path, lock, moves):
    # A has a spare music teacher M and a chinese teacher X nobody needs. The rural schools
    # B (5 km) and C (10 km) each lack music. Without locks M fills one gap (level 1: music
    # ×2 each, 4 -> 2; one mover), B and C alike until the distance picks B; X stays (a
    # mover serving nothing). A lock overrides: M stays, X moves (to B, the nearest: every
    # level above the distance is the same wherever X goes), or M goes to C.
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"kind": "rural", "at": (5, 0)},
                       "C": {"kind": "rural", "at": (10, 0)}},
                      {"M": {"school_id": "A", "subject": "music"}, "X": {"school_id": "A"}},
                      needs={("B", "music"): 1, ("C", "music"): 1},
                      locks=[lock] if lock else None)
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == moves
    assert result.terms["shortage"] == (4 if lock == ("M", "stay", None) else 2)
    cty.written_and_checked(inst, result, tmp_path / "plan")
