"""R4: a school sends at most floor(max_outflow_share × its staff before)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("share", "sent"), [(0.15, 1), (0.2, 2), (0.1, 1), (0.09, 0)])
def test_the_sending_cap_limits_how_many_gaps_are_filled(cty, share, sent):
    # A has 10 teachers: 2 spare music teachers and 8 others not yet eligible. R and S
    # (rural, 10 and 20 km) each lack one music teacher (level 1: music ×2 = 2 each; the
    # place level, × rural 2, ties them). floor(1.5) = 1, floor(2.0) = 2 (not 1.9999…),
    # floor(1.0) = 1, floor(0.9) = 0.
    teachers = {"M1": {"school_id": "A", "subject": "music"},
                "M2": {"school_id": "A", "subject": "music"},
                **{f"N{i}": {"school_id": "A", "years_at_school": 1} for i in range(8)}}
    inst = cty.county(
        {"A": {"at": (0, 0)}, "R": {"kind": "rural", "at": (10, 0)},
         "S": {"kind": "rural", "at": (20, 0)}},
        teachers, needs={("R", "music"): 1, ("S", "music"): 1},
        rotation={"max_outflow_share": share, "weights": {"balance": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert len(result.moves) == sent
    assert result.terms["shortage"] == 2 * (2 - sent)
    if sent == 1:
        assert [m.to_school_id for m in result.moves] == ["R"]  # the nearer one
