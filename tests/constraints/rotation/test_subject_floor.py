"""R5: no school is left without a teacher of a subject it requires, where it had one."""

from __future__ import annotations

SCHOOLS = {"A": {"at": (0, 0)}, "R": {"kind": "rural", "at": (10, 0)}}
NEEDS = {("A", "music"): 1, ("R", "music"): 1}


def test_the_only_music_teacher_stays(cty):
    # M is A's only music teacher and seeks a senior title without a rural year; R lacks
    # music. Moving M to R would place him (level 2: 1 -> 0) at no cost at level 1 (A's new
    # gap weighs what R's closed one did, music ×2 both), so without R5 he would go; but A
    # would be left with no music teacher: M stays, shortage 2, one candidate unplaced.
    inst = cty.county(SCHOOLS, {"M": {"school_id": "A", "subject": "music",
                                      "seeks_senior_title": True}}, needs=NEEDS,
                      rotation={"weights": {"balance": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert result.moves == [] and result.terms["shortage"] == 2
    assert result.terms["senior_title"] == 1


def test_an_arrival_lets_the_only_teacher_go(cty):
    # C (45 km west of A, 55 km from R: out of R's reach) has a spare music teacher. The
    # chain C -> A, A -> R closes every gap: M may leave because C1 arrives.
    schools = {**SCHOOLS, "C": {"at": (-45, 0)}}
    teachers = {"M": {"school_id": "A", "subject": "music"},
                "C1": {"school_id": "C", "subject": "music"},
                "C2": {"school_id": "C", "subject": "music"}}
    inst = cty.county(schools, teachers, needs={**NEEDS, ("C", "music"): 1},
                      rotation={"weights": {"balance": 0}})
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    moves = cty.moves_of(result)
    assert moves["M"] == "R" and sorted(moves.values()) == ["A", "R"]
    assert result.terms["shortage"] == 0
    assert result.terms["distance"] == 100 + 450
