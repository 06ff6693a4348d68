"""R10 direction: unless backbone_upward, a backbone teacher (county level and above) of a
rural school, a teaching point or a weak school does not move to a strong (urban or town,
not weak) school."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("backbone", "upward", "moves"), [
    ("county", False, {}),  # R10: the gap at T stays
    ("county", True, {"K": "T"}),  # the county allows it
    ("school", False, {"K": "T"}),  # a school-level backbone teacher is no backbone teacher
])
def test_a_rural_backbone_teacher_does_not_go_up_to_fill_a_gap(cty, tmp_path, backbone,
                                                                 upward, moves):
    # K, a music teacher at the rural school R, is spare there; the town school T (not weak,
    # 10 km) lacks music. Sending K closes the gap (level 1: music ×2, 2 -> 0), and R and T
    # have as many pupils, so the CVs and the per-school standards (backbone 4 and PE/arts
    # 4 each) lose at R what they gain at T. Only R10 keeps a county backbone teacher at R.
    inst = cty.county({"R": {"kind": "rural", "at": (0, 0)}, "T": {"kind": "town", "at": (10, 0)}},
                      {"K": {"school_id": "R", "subject": "music", "backbone": backbone}},
                      needs={("T", "music"): 1}, rotation={"backbone_upward": upward})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == moves
    assert result.terms["shortage"] == (0 if moves else 2)
    cty.written_and_checked(inst, result, tmp_path / "plan")


def test_a_weak_town_school_is_not_strong(cty, tmp_path):
    # The same, but T is weak: it counts as a receiving school, and K goes.
    inst = cty.county({"R": {"kind": "rural", "at": (0, 0)},
                       "T": {"kind": "town", "weak": True, "at": (10, 0)}},
                      {"K": {"school_id": "R", "subject": "music", "backbone": "county"}},
                      needs={("T", "music"): 1})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"K": "T"}
    cty.written_and_checked(inst, result, tmp_path / "plan")
