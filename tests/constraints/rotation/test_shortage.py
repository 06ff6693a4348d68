"""Level 1: weighted unmet shortage. Balance is switched off so the optimum is plain to see."""

from __future__ import annotations

OFF = {"weights": {"balance": 0}}


def test_a_spare_teacher_goes_where_the_weight_is_highest(cty):
    # One spare music teacher M at A. Music (a shortage subject, ×2) is short by one at a
    # teaching point P (×3, weight 6) and at an urban school U (×1, weight 2). Sending M to
    # P leaves 2; to U leaves 6; staying leaves 8. Optimum: M -> P, shortage 2, one move
    # of 10 km = 100 tenths, outside any group or district.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "P": {"kind": "teaching_point", "students": 30, "at": (10, 0)},
         "U": {"at": (5, 0)}},
        {"M": {"school_id": "A", "subject": "music"}},
        needs={("P", "music"): 1, ("U", "music"): 1}, rotation=OFF)
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"M": "P"}
    assert result.terms["shortage"] == 2
    assert (result.terms["same_scope"], result.terms["distance"]) == (1, 100)
    assert result.moves[0].reasons == ("shortage:music",)


def test_fractional_needs_count_in_tenths(cty):
    # P needs 0.5 art and nobody can fill it: Q = 10, so 5 units × art (×2) × teaching
    # point (×3) = 30; the spare music teacher still fills P's music (weight 6).
    inst = cty.county(
        {"A": {"at": (0, 0)}, "P": {"kind": "teaching_point", "students": 30, "at": (3, 4)}},
        {"M": {"school_id": "A", "subject": "music"}},
        needs={("P", "music"): 1, ("P", "art"): 0.5}, rotation=OFF)
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"M": "P"}
    assert result.terms["shortage"] == 30


def test_a_gap_opened_at_the_sending_school_counts_against_the_move(cty):
    # A (urban) needs 2 music and has 2. Sending one to a rural school R (×2 × music ×2 = 4)
    # opens a gap of weight 2 at A and closes 4: it moves (shortage 2). To an urban school
    # instead the two gaps weigh the same (2 = 2), and the move only costs distance:
    # nobody moves and the shortage stays 2.
    teachers = {"M1": {"school_id": "A", "subject": "music"},
                "M2": {"school_id": "A", "subject": "music"}}
    needs = {("A", "music"): 2, ("B", "music"): 1}
    rural = cty.county({"A": {"at": (0, 0)}, "B": {"kind": "rural", "at": (8, 0)}}, teachers,
                       needs=needs, rotation=OFF)
    urban = cty.county({"A": {"at": (0, 0)}, "B": {"at": (8, 0)}}, teachers, needs=needs,
                       rotation=OFF)
    moved = cty.solve(rural)
    stayed = cty.solve(urban)
    assert len(moved.moves) == 1 and moved.terms["shortage"] == 2
    assert stayed.moves == [] and stayed.terms["shortage"] == 2
