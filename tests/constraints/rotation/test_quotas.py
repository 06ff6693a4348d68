"""R2: movers ≥ ceil(share × eligible), backbone movers ≥ ceil(share × movers)."""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError


def _inst(cty, eligible, backbone=0, rotation=None):
    # `eligible` teachers at A, the first `backbone` of them county backbone; no needs, so
    # only the quotas move anyone, each to B (5 km; C is 20 km away).
    teachers = {f"T{i:02d}": {"school_id": "A", "backbone": "county" if i < backbone else "none"}
                for i in range(eligible)}
    return cty.county({"A": {"at": (0, 0)}, "B": {"at": (5, 0)}, "C": {"at": (20, 0)}},
                      teachers, rotation={"min_share_of_eligible": 0.1,
                                          "weights": {"balance": 0}, **(rotation or {})})


@pytest.mark.parametrize(("eligible", "movers"), [(10, 1), (11, 2), (30, 3), (9, 1)])
def test_movers_are_exactly_the_quota_at_its_edges(cty, eligible, movers):
    # 10 % of 10 is exactly 1; of 11 it is 1.1 -> 2; of 30 it is 3.0000000000000004 in
    # floating point, still 3; of 9 it is 0.9 -> 1. Each mover: 50 tenths, outside groups.
    result = cty.solve(_inst(cty, eligible))
    assert result.stats.status == "OPTIMAL"
    assert len(result.moves) == movers
    assert {m.to_school_id for m in result.moves} == {"B"}
    assert (result.terms["same_scope"], result.terms["distance"]) == (movers, 50 * movers)


def test_the_backbone_share_takes_the_backbone_teacher(cty):
    # 11 eligible -> 2 movers; 20 % of 2 = 0.4 -> 1 backbone mover: T00 must go.
    result = cty.solve(_inst(cty, 11, backbone=1, rotation={"min_backbone_share": 0.2}))
    assert result.stats.status == "OPTIMAL"
    assert "T00" in cty.moves_of(result) and len(result.moves) == 2
    assert "backbone_quota" in next(m.reasons for m in result.moves if m.teacher_id == "T00")


def test_the_backbone_share_can_ask_for_more_movers_of_them(cty):
    # 60 % backbone of 2 movers = 1.2 -> 2: both backbone teachers go, and no one else.
    result = cty.solve(_inst(cty, 11, backbone=2, rotation={"min_backbone_share": 0.6}))
    assert sorted(cty.moves_of(result)) == ["T00", "T01"]


def test_no_backbone_teacher_no_plan(cty):
    with pytest.raises(NoPlanError) as err:
        cty.solve(_inst(cty, 11, backbone=0, rotation={"min_backbone_share": 0.2}))
    assert str(err.value.headline).startswith("no plan exists")
    assert "backbone" in " ".join(map(str, err.value.reasons))


@pytest.mark.parametrize(("base", "movers"), [("all", 3), ("urban_town", 1)])
def test_the_quota_base_urban_town_counts_strong_schools_only(cty, tmp_path, base, movers):
    # 10 eligible teachers each at an urban school U, a weak town school W and a rural
    # school R; 10 %. "all": ceil(0.1 × 30) = 3 movers; "urban_town" counts U's 10 only
    # (W is weak): ceil(0.1 × 10) = 1. Nothing else asks for a move, so the fewest movers
    # make the quota exactly, each over the shortest road (4 km: U to W or R).
    teachers = {f"{s}{i}": {"school_id": s} for s in "UWR" for i in range(10)}
    inst = cty.county({"U": {"at": (0, 0)}, "W": {"kind": "town", "weak": True, "at": (0, 4)},
                       "R": {"kind": "rural", "at": (4, 0)}}, teachers,
                      rotation={"min_share_of_eligible": 0.1, "quota_base": base})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert len(result.moves) == movers and result.terms["distance"] == 40 * movers
    cty.written_and_checked(inst, result, tmp_path / "plan")
