"""R1 eligible only, R8 one move per teacher (never to the school it is at)."""

from __future__ import annotations

import pytest

from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.problem import build_problem

MUSIC_AT_A = {
    "E1": {"school_id": "A", "subject": "music", "exempt": "illness"},
    "E2": {"school_id": "A", "subject": "music", "birth_year": 1968, "gender": "M"},  # 2 y left
    "E3": {"school_id": "A", "subject": "music", "years_at_school": 2},
}


def _inst(cty, teachers):
    # R (rural, 10 km) lacks music (level 1: music ×2 = 2; place level: × rural 2 = 4):
    # every music teacher at A would help.
    return cty.county({"A": {"at": (0, 0)}, "R": {"kind": "rural", "at": (10, 0)}}, teachers,
                      needs={("R", "music"): 1}, rotation={"weights": {"balance": 0}})


def test_only_the_volunteer_may_go(cty):
    # Exempt, near retirement (1968 + 60 − 2026 = 2 ≤ 3) and too short at the school:
    # none may move; V has 2 years only but volunteers. Optimum: V -> R, shortage 0.
    teachers = {**MUSIC_AT_A, "V": {"school_id": "A", "subject": "music",
                                    "years_at_school": 2, "volunteer": True}}
    result = cty.solve(_inst(cty, teachers))
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"V": "R"}
    assert result.terms["shortage"] == 0


def test_without_an_eligible_teacher_the_gap_stays(cty):
    result = cty.solve(_inst(cty, MUSIC_AT_A))
    assert result.stats.status == "OPTIMAL"
    assert result.moves == [] and result.terms["shortage"] == 2
    assert result.terms["shortage_place"] == 4


def test_two_interchangeable_teachers_fill_two_schools(cty):
    # G1 and G2 form one group of two; each of R and S lacks one music teacher: both go,
    # one each (a group never sends more teachers than it has, nobody moves twice).
    inst = cty.county(
        {"A": {"at": (0, 0)}, "R": {"kind": "rural", "at": (10, 0)},
         "S": {"kind": "rural", "at": (0, 10)}},
        {"G1": {"school_id": "A", "subject": "music"},
         "G2": {"school_id": "A", "subject": "music"}},
        needs={("R", "music"): 1, ("S", "music"): 1}, rotation={"weights": {"balance": 0}})
    assert len(build_problem(inst).groups) == 1
    result = cty.solve(inst)
    assert sorted(cty.moves_of(result).values()) == ["R", "S"]
    assert result.terms["shortage"] == 0


@pytest.mark.parametrize("filtered", [True, False])
def test_no_arc_leads_back_home(cty, filtered):
    inst = _inst(cty, {"V": {"school_id": "A", "subject": "music"}})
    prob = build_problem(inst)
    arcs = build_arcs(prob, filtered=filtered)
    homes = [prob.groups[g].school_id for g in arcs.group.tolist()]
    assert all(prob.schools[d] != h for d, h in zip(arcs.dest.tolist(), homes, strict=True))


@pytest.mark.parametrize(("end_year", "moves"), [(2028, {}), (2026, {"E": "R"})])
def test_a_teacher_on_an_exchange_under_way_stays(cty, tmp_path, end_year, moves):
    # R11: E serves at A on an exchange from B that started in 2025. Ending in 2028 it is
    # under way in 2026 (2025 ≤ 2026 < 2028): E is not eligible although a volunteer, and
    # R's music gap stays (level 1: music ×2 = 2). Ended in 2026, E is back in the pool and
    # fills it.
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (0, 8)},
                       "R": {"kind": "rural", "at": (10, 0)}},
                      {"E": {"school_id": "A", "subject": "music", "years_at_school": 1,
                             "volunteer": True}},
                      needs={("R", "music"): 1}, history=[("E", "B", "A", 2025, end_year)])
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == moves
    assert result.terms["shortage"] == (0 if moves else 2)
    cty.written_and_checked(inst, result, tmp_path / "plan")
