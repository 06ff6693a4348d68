"""R12 principals: a due principal or vice principal (years_in_post ≥ principal_max_years)
moves, to the same post at a school of the same stage group; one principal a school after
the plan; the vice principal of a school whose principal is due waits a year."""

from __future__ import annotations

import pytest

from scheduler import rules

# P1 and P2 are primary schools 10 km apart; J, a junior school, is 2 km from P1 and has
# no principal. Leaders teach chinese (no indicator): the CVs and standards do not care.
SCHOOLS = {"P1": {"at": (0, 0)}, "P2": {"at": (10, 0)},
           "J": {"stage": "junior", "at": (2, 0)}}


def _leader(school: str, post: str, years: int) -> dict[str, object]:
    return {"school_id": school, "post": post, "years_in_post": years}


def test_due_principals_swap_within_their_stage_group(cty, tmp_path):
    # A1 (P1) and A2 (P2) are due principals, V1 and V2 due vice principals of the same
    # schools. Each principal moves, to a primary school (not J, the nearest school, which
    # even lacks a principal) without a principal after the plan: only P2 for A1 and P1 for
    # A2, so they swap (2 × 10 km). The vice principals wait: no school loses both.
    inst = cty.county(SCHOOLS, {"A1": _leader("P1", "principal", 6),
                                "V1": _leader("P1", "vice_principal", 9),
                                "A2": _leader("P2", "principal", 8),
                                "V2": _leader("P2", "vice_principal", 6)})
    assert [t.teacher_id for t in rules.leaders_to_move(inst)] == ["A1", "A2"]
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"A1": "P2", "A2": "P1"}
    assert (result.terms["movers"], result.terms["distance"]) == (2, 200)
    cty.written_and_checked(inst, result, tmp_path / "plan")


@pytest.mark.parametrize(("principal_years", "moves"), [
    (2, {"V1": "P2"}),  # the principal is not due: the due vice principal moves
    (6, {"A1": "P2"}),  # both due: the principal moves, the vice principal waits
])
def test_a_due_vice_principal_waits_for_a_due_principal(cty, tmp_path, principal_years,
                                                         moves):
    # P1 has principal A1 and vice principal V1 (6 years in post); P2 has no leader. The
    # one who moves goes to P2, the only other primary school (J is nearer but junior).
    inst = cty.county(SCHOOLS, {"A1": _leader("P1", "principal", principal_years),
                                "V1": _leader("P1", "vice_principal", 6)})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == moves
    cty.written_and_checked(inst, result, tmp_path / "plan")


# --- leaders not due who make room (校长交流) ------------------------------------------------


def test_a_due_principal_swaps_with_one_not_due(cty, tmp_path):
    # A1 (P1) is due; P2, the only other primary school, keeps B2 (2 years in post, not
    # due). A1 can only go to P2 if B2 leaves it, and B2's only school of its stage group
    # then is P1, which A1 leaves: they swap (J, junior, takes neither).
    inst = cty.county(SCHOOLS, {"A1": _leader("P1", "principal", 6),
                                "B2": _leader("P2", "principal", 2)})
    assert [t.teacher_id for t in rules.leaders_not_due(inst)] == ["B2"]
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"A1": "P2", "B2": "P1"}
    cty.written_and_checked(inst, result, tmp_path / "plan")


def test_with_a_school_free_the_principal_not_due_stays(cty, tmp_path):
    # As above, plus P3, a primary school without a principal 30 km from P1. B2 teaches
    # music and P1 lacks a music teacher: the swap would close that gap (level 1, above
    # the movers), but A1 has a school to go to without it, so B2 is not needed and stays.
    schools = {**SCHOOLS, "P3": {"at": (0, 30)}}
    inst = cty.county(schools, {"A1": _leader("P1", "principal", 6),
                                "B2": {**_leader("P2", "principal", 2), "subject": "music"}},
                      needs={("P1", "music"): 1})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"A1": "P3"}
    assert result.terms["shortage"] > 0  # the gap stays open
    cty.written_and_checked(inst, result, tmp_path / "plan")


def test_a_chain_of_principals(cty, tmp_path):
    # P1 to P4 on a line 40 km apart (each reaches only its neighbours, max 50 km); P1, P2
    # and P3 have principals, A1 (P1) due. A1's only school is P2, so B2 leaves; B2 may not
    # go back to P1 (a lock), so it takes P3, whose C3 then goes to P4, the free school.
    schools = {f"P{i}": {"at": (40 * (i - 1), 0)} for i in range(1, 5)}
    inst = cty.county(schools, {"A1": _leader("P1", "principal", 6),
                                "B2": _leader("P2", "principal", 1),
                                "C3": _leader("P3", "principal", 1)},
                      locks=[("B2", "not_to", "P1")])
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"A1": "P2", "B2": "P3", "C3": "P4"}
    cty.written_and_checked(inst, result, tmp_path / "plan")


def test_a_school_does_not_lose_its_principal_to_a_swap_when_its_vice_moves(cty):
    # P2's vice principal V2 is due and moves, so B2 may not leave too; P3 (free) is the
    # only way out for A1, 40 km away.
    schools = {**SCHOOLS, "P3": {"at": (0, 40)}}
    inst = cty.county(schools, {"A1": _leader("P1", "principal", 6),
                                "B2": _leader("P2", "principal", 2),
                                "V2": _leader("P2", "vice_principal", 6)})
    moves = cty.moves_of(cty.solve(inst))
    assert moves["A1"] == "P3" and "B2" not in moves


def test_a_move_lock_on_a_vice_principal_not_due(cty, tmp_path):
    # V1 (2 years in post) is not due but locked to move: it moves, to P2, its stage group.
    inst = cty.county(SCHOOLS, {"V1": _leader("P1", "vice_principal", 2)},
                      locks=[("V1", "move", None)])
    result = cty.solve(inst)
    assert cty.moves_of(result) == {"V1": "P2"}
    cty.written_and_checked(inst, result, tmp_path / "plan")
