"""Level 4: schools brought up to the per-school standards of the 2017 assessment (backbone
1.0, PE and arts 0.9, above-degree 4.2 / 5.3 teachers per 100 pupils), above the fewest
movers."""

from __future__ import annotations

import pytest

from scheduler.rotation.score import score


def test_a_move_that_brings_a_school_up_to_its_standard_is_made(cty, tmp_path):
    # County backbone teachers (chinese: no shortage anywhere): A (1000 pupils) has 11,
    # B (1000) 10, S (100) none. Standards: A and B need 10, S needs 1: S lacks 1. The CV
    # is under its limit before (per 100: 1.1, 1.0, 0; weighted mean 1.0, std 0.229) and
    # after A -> S (1.0 everywhere, 0), so only the standards level (above the movers)
    # asks for that move; from B it would leave B one short. Exactly one moves, A -> S:
    # the level drops from 20 to 19 (the other 19 are PE/arts teachers, 9 + 9 + 1, that
    # nobody can bring).
    teachers = {f"{s}{i}": {"school_id": s, "backbone": "county"}
                for s, n in (("A", 11), ("B", 10)) for i in range(n)}
    inst = cty.county({"A": {"students": 1000, "at": (0, 0)},
                       "B": {"students": 1000, "at": (0, 4)},
                       "S": {"kind": "rural", "students": 100, "at": (9, 0)}}, teachers)
    before = score(inst, {})
    assert (before["standards"], before["cv_limits"]) == (20, 0)
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert [(m.from_school_id, m.to_school_id) for m in result.moves] == [("A", "S")]
    assert (result.terms["standards"], result.terms["cv_limits"]) == (19, 0)
    cty.written_and_checked(inst, result, tmp_path / "plan")


@pytest.mark.parametrize(("kind", "periods", "moved"), [
    ("rural", None, [("A", "R")]),  # rotate: R lacks its one PE/arts teacher
    ("rural", 15, []),              # 15 / 16 = 0.9375 traveling teachers per 100: met
    ("rural", 14, [("A", "R")]),    # 14 / 16 = 0.875 < 0.9: still one short
    ("town", 15, [("A", "R")]),     # a town school counts no traveling teachers
])
def test_traveling_pe_teachers_bring_a_small_rural_school_up_to_its_standard(
        cty, tmp_path, kind, periods, moved):
    # A (1000 pupils) has 10 PE teachers, the standard asks 9; R (100 pupils) has none and
    # needs 0.9 × 100 / 100 = 0.9. The PE/arts CV is within its limit either way (per 100:
    # 1.0 and 0, CV 0.32), so only the standards level asks A -> R. Traveling teachers
    # placing `periods` PE periods a week at R (full load 16) count there when R is rural.
    from scheduler.coplan import counting

    teachers = {f"P{i}": {"school_id": "A", "subject": "pe"} for i in range(10)}
    inst = cty.county({"A": {"students": 1000, "at": (0, 0)},
                       "R": {"kind": kind, "students": 100, "at": (8, 0)}}, teachers)
    if periods is not None:
        inst = counting(inst, {("R", "pe"): periods / 16})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert [(m.from_school_id, m.to_school_id) for m in result.moves] == moved
    assert score(inst, {})["standards"] == (0 if kind == "rural" and periods == 15 else 1) + 11
    cty.written_and_checked(inst, result, tmp_path / "plan")
