"""Level 3: the CV limits of 县域义务教育优质均衡 (0.50 primary, 0.45 junior) met where a plan
can meet them, above the fewest movers."""

from __future__ import annotations

from scheduler import rules
from scheduler.rotation.score import score


def _backbone_cv_meets(inst, moves):
    """The true CV (rules.county_cvs, the report's figure), not the model's measure."""
    cvs = rules.county_cvs(rules.school_indicators(inst, rules.placement_after(inst, moves)))
    row = cvs[(cvs["stage"] == "primary") & (cvs["indicator"] == "backbone")].iloc[0]
    return row["meets"]


def test_a_move_that_brings_the_cv_under_its_limit_is_made(cty, tmp_path):
    # Two primary schools of 100 pupils: A has 4 county backbone teachers, B 1 (chinese
    # teachers: no shortage anywhere). Both meet the per-school standard of 1 backbone
    # teacher per 100 pupils, before and after any one move, so the standards level stays
    # 2 throughout (each school lacks the 1 PE/arts teacher its standard asks for, and no
    # one can bring one). Backbone per 100 pupils 4 and 1: CV 1.5 / 2.5 = 0.6, over 0.5.
    # One move
    # A -> B makes it 3 and 2: CV 0.5 / 2.5 = 0.2. The CV level (above the movers) makes
    # that move; nothing else would, so exactly one moves.
    teachers = {f"{s}{i}": {"school_id": s, "backbone": "county"}
                for s, n in (("A", 4), ("B", 1)) for i in range(n)}
    inst = cty.county({"A": {"students": 100, "at": (0, 0)},
                       "B": {"students": 100, "at": (6, 0)}}, teachers)
    before = score(inst, {})
    assert (before["cv_limits"], before["standards"]) == (1, 2)
    assert _backbone_cv_meets(inst, {}) is False
    result = cty.solve(inst)
    assert result.stats.status == "OPTIMAL"
    assert [(m.from_school_id, m.to_school_id) for m in result.moves] == [("A", "B")]
    assert (result.terms["cv_limits"], result.terms["standards"]) == (0, 2)
    assert _backbone_cv_meets(inst, cty.moves_of(result)) is True
    cty.written_and_checked(inst, result, tmp_path / "plan")
