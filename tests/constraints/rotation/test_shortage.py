"""Level 1: unmet shortage weighted by subject, and (below the movers) the same gaps weighted
by subject × school. Balance is switched off so the optimum is plain to see."""

from __future__ import annotations

OFF = {"weights": {"balance": 0}}


def test_a_spare_teacher_goes_where_the_weight_is_highest(cty):
    # One spare music teacher M at A. Music (a shortage subject, ×2) is short by one at a
    # teaching point P and at an urban school U. Level 1 weighs by subject only: staying
    # leaves 4, either move 2. The levels above the movers tie: P has 60 pupils, so it
    # counts in the CVs and the per-school standards like A and U (under 50 it would not,
    # and sending M there would take a PE/arts teacher out of the standards: level 4), and
    # every placement of the one PE/arts teacher breaks the CV limit. One mover either
    # way. The place level then weighs P ×3 (6) against U ×1 (2): to P leaves 2, to U 6.
    # Optimum: M -> P, shortage 2, place 2, one move of 10 km = 100 tenths, outside any
    # group or district.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "P": {"kind": "teaching_point", "students": 60, "at": (10, 0)},
         "U": {"at": (5, 0)}},
        {"M": {"school_id": "A", "subject": "music"}},
        needs={("P", "music"): 1, ("U", "music"): 1}, rotation=OFF)
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"M": "P"}
    assert (result.terms["shortage"], result.terms["shortage_place"]) == (2, 2)
    assert (result.terms["movers"], result.terms["cv_limits"]) == (1, 1)
    assert (result.terms["same_scope"], result.terms["distance"]) == (1, 100)
    assert result.moves[0].reasons == ("shortage:music",)


def test_fractional_needs_count_in_tenths(cty):
    # P needs 0.5 art and nobody can fill it: Q = 10, so 5 units × art (×2) = 10 at level 1,
    # × teaching point (×3) = 30 at the place level. The spare music teacher fills P's
    # music (10 units × 2 = 20 at level 1), which outweighs the PE/arts teacher A loses for
    # its per-school standard (P, 30 pupils, is not judged): level 1 comes first.
    inst = cty.county(
        {"A": {"at": (0, 0)}, "P": {"kind": "teaching_point", "students": 30, "at": (3, 4)}},
        {"M": {"school_id": "A", "subject": "music"}},
        needs={("P", "music"): 1, ("P", "art"): 0.5}, rotation=OFF)
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert cty.moves_of(result) == {"M": "P"}
    assert (result.terms["shortage"], result.terms["shortage_place"]) == (10, 30)


def test_a_gap_opened_at_the_sending_school_counts_against_the_move(cty):
    # A (urban) has 2 chinese teachers; the rural school B lacks one (chinese is no
    # shortage subject: weight 1; no indicator either, so the CVs and the standards do not
    # care where they teach). If A needs only 1, sending one closes B's gap for free:
    # shortage 1 -> 0, one move. If A needs 2, the move opens at A the gap it closes at B
    # (1 = 1 at level 1, where the school does not weigh): the fewest movers (level 5)
    # keep both at A, although the place level (rural ×2) would have paid for the move.
    teachers = {"C1": {"school_id": "A"}, "C2": {"school_id": "A"}}
    schools = {"A": {"at": (0, 0)}, "B": {"kind": "rural", "at": (8, 0)}}
    spare = cty.county(schools, teachers, needs={("A", "chinese"): 1, ("B", "chinese"): 1},
                       rotation=OFF)
    needed = cty.county(schools, teachers, needs={("A", "chinese"): 2, ("B", "chinese"): 1},
                        rotation=OFF)
    moved = cty.solve(spare)
    stayed = cty.solve(needed)
    assert moved.stats.status == stayed.stats.status == "OPTIMAL"
    assert sorted(cty.moves_of(moved).values()) == ["B"] and moved.terms["shortage"] == 0
    assert stayed.moves == [] and stayed.terms["shortage"] == 1
    assert stayed.terms["shortage_place"] == 2  # B's gap, × rural 2
