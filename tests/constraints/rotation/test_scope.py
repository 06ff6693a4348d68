"""R6: with scope group (district), a teacher whose school has one moves only inside it."""

from __future__ import annotations

import pytest


def _inst(cty, scope, field="group_id"):
    # A and C share G1; B (nearer, 5 km) is in G2; both lack music equally (rural). Level 4
    # (moves inside a group) is off, so that only the hard rule keeps M inside.
    return cty.county(
        {"A": {field: "G1", "at": (0, 0)}, "B": {field: "G2", "kind": "rural", "at": (5, 0)},
         "C": {field: "G1", "kind": "rural", "at": (30, 0)},
         "L": {"at": (0, 3)}},
        {"M": {"school_id": "A", "subject": "music"},
         "N": {"school_id": "L", "subject": "music"}},
        needs={("B", "music"): 1, ("C", "music"): 1},
        rotation={"scope": scope, "weights": {"balance": 0, "same_scope": 0}})


@pytest.mark.parametrize(("scope", "field", "to"), [
    ("county", "group_id", "B"), ("group", "group_id", "C"), ("district", "district_id", "C")])
def test_the_scope_keeps_moves_inside(cty, scope, field, to):
    # county: M -> B and N -> C (5 + 30.15 km) beat M -> C and N -> B (30 + 5.83 km).
    # group/district: M must stay in G1, so C; N's school L has neither group nor
    # district, so N may go anywhere and takes the other gap.
    result = cty.solve(_inst(cty, scope, field))
    assert result.stats.status == "OPTIMAL"
    moves = cty.moves_of(result)
    assert moves["M"] == to
    assert sorted(moves.values()) == ["B", "C"]
    assert result.terms["shortage"] == 0
