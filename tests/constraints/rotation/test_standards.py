"""Level 4: schools brought up to the per-school standards of the 2017 assessment (backbone
1.0, PE and arts 0.9, above-degree 4.2 / 5.3 teachers per 100 pupils), above the fewest
movers."""

from __future__ import annotations

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
