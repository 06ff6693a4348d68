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
