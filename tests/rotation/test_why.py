"""Per-teacher explanations: the rule that keeps a teacher, the level a move serves, the
filter that bars a wish, and the counterfactual solve compared level by level.

The county (`SCHOOLS`, `TEACHERS`): A at (0, 0) holds music teacher M, art teacher W and
Chinese teachers K (eligible) and Y (2 years at A: not eligible, R1); B at (10, 0) needs
one music and one art teacher and has none (its teacher Z is not eligible either); C at
(60, 0) is beyond max_distance_km = 50 from A (R3); D at (0, 10) needs nobody. No quota,
no headcount limit (the `cty` defaults): M and W move to B, nobody else moves.
"""

from __future__ import annotations

from typing import Any

import pytest

from scheduler.i18n import catalog
from scheduler.rotation.serves import serves
from scheduler.rotation.why import (
    MOVE,
    NO_PLAN,
    STAY,
    TO,
    Alternative,
    LevelChange,
    explain_teacher,
    markdown,
    page,
    render,
)
from scheduler.solving import SolverSettings

ONE = SolverSettings(time_limit=10, workers=1, seed=0)
SCHOOLS = {"A": {"at": (0, 0)}, "B": {"at": (10, 0)}, "C": {"at": (60, 0)},
           "D": {"at": (0, 10)}}
TEACHERS: dict[str, dict[str, Any]] = {
    "M": {"school_id": "A", "subject": "music"},
    "W": {"school_id": "A", "subject": "art"},
    "K": {"school_id": "A"},
    "Y": {"school_id": "A", "years_at_school": 2},
    "Z": {"school_id": "B", "years_at_school": 2},
}
NEEDS = {("B", "music"): 1, ("B", "art"): 1}


def written(cty, inst) -> dict[str, Any]:
    """The written plan's moves and cells, as `rotaplan explain` reads them."""
    result = cty.solve(inst, time_limit=10)
    moves = result.placement
    return {"moves": moves, "reasons": {m.teacher_id: ";".join(m.reasons) for m in result.moves},
            "serves": serves(inst, moves), "plan_status": result.stats.status}


def texts(ex) -> dict[str, str]:
    return {lang: markdown(render(ex, catalog(lang))) for lang in ("zh", "en")}


def others_unnamed(text: str, tid: str) -> None:
    """No other teacher's name (the builder names T "name T"); ids are fine."""
    for other in TEACHERS:
        if other != tid:
            assert f"name {other}" not in text


def test_a_mover_moves_for_a_shortage_and_staying_would_leave_it(cty):
    inst = cty.county(SCHOOLS, TEACHERS, needs=NEEDS)
    plan = written(cty, inst)
    assert plan["moves"] == {"M": "B", "W": "B"}
    ex = explain_teacher(inst, plan["moves"], "M", ONE, reasons=plan["reasons"],
                         serves=plan["serves"], plan_status=plan["plan_status"])
    assert ex.destination == "B"
    keys = [line.key for line in ex.why]
    assert keys == ["moves_reasons", "moves_serves"]
    assert ex.why[0].fields["reasons"].startswith("shortage:music")
    assert ex.why[1].fields["level"] == "shortage"
    [alt] = ex.alternatives
    assert (alt.action, alt.status) == (STAY, "OPTIMAL")
    # M is the only music teacher: had M stayed, B's one music post stays unmet
    # (written 0 posts, counterfactual 1.0), the first level, so it decides.
    assert alt.decisive.level == "shortage"
    assert (alt.decisive.written, alt.decisive.other) == (0.0, 1.0)
    assert alt.decisive.cells == (("B", "music", 0.0, 1.0),)
    assert alt.also_move == [] and alt.no_longer == []
    zh, en = texts(ex).values()
    assert "B school B 的音乐缺口：0 → 1 个岗位（+1）" in zh
    assert "Unmet Music at B school B: 0 → 1 posts (+1)." in en
    assert "name M" in zh and "name M" in en
    others_unnamed(zh, "M")
    others_unnamed(en, "M")


def test_an_eligible_stayer_is_not_needed_and_moving_costs_a_mover(cty):
    inst = cty.county(SCHOOLS, TEACHERS, needs=NEEDS)
    plan = written(cty, inst)
    ex = explain_teacher(inst, plan["moves"], "K", ONE, **{k: plan[k] for k in
                                                            ("reasons", "serves")})
    assert ex.destination is None
    [line] = ex.why
    assert line.key == "stays_not_needed" and line.fields["movers"] == 2
    [alt] = ex.alternatives
    assert alt.action == MOVE and alt.destination in ("B", "C", "D")
    # K counts in no shortage, senior-title, CV or standard: the first level that
    # differs is the number of movers, 2 (M, W) written, 3 with K.
    assert alt.decisive.level == "movers"
    assert (alt.decisive.written, alt.decisive.other) == (2.0, 3.0)
    zh, en = texts(ex).values()
    assert "“交流人数最少”会变差：交流 3 人，而原方案为 交流 2 人" in zh
    assert "“fewest movers”, would be worse: 3 movers instead of 2 movers" in en
    others_unnamed(zh, "K")
    others_unnamed(en, "K")


def test_a_teacher_the_rules_keep_has_the_rule_and_no_counterfactual(cty):
    inst = cty.county(SCHOOLS, TEACHERS, needs=NEEDS)
    plan = written(cty, inst)
    ex = explain_teacher(inst, plan["moves"], "Y", ONE)
    [line] = ex.why
    assert (line.key, line.fields["years"], line.fields["min"]) == ("stays_years", 2, 6)
    assert ex.alternatives == []
    assert [n.key for n in ex.notes] == ["no_alternative_rules"]
    zh, en = texts(ex).values()
    assert "不符合交流条件（R1）：在本校任教 2 年，不足 6 年" in zh
    assert "Not eligible (R1): 2 years at the school" in en


def test_a_wish_barred_by_distance_names_r3_and_is_not_solved(cty):
    inst = cty.county(SCHOOLS, TEACHERS, needs=NEEDS, wishes={"W": ["C", "B"]})
    plan = written(cty, inst)
    assert plan["moves"]["W"] == "B"
    ex = explain_teacher(inst, plan["moves"], "W", ONE, reasons=plan["reasons"],
                         serves=plan["serves"])
    keys = [line.key for line in ex.why_school]
    assert keys == ["wish_rank", "barred_R3"]
    # C is 60 km from A by road (straight line), beyond max_distance_km = 50
    assert ex.why_school[1].fields["km"] == 60.0
    assert [alt.action for alt in ex.alternatives] == [STAY]  # no solve for a barred wish
    en = texts(ex)["en"]
    assert "C school C is 60 km away by road, beyond max_distance_km = 50 (R3)." in en


def test_a_wish_the_rules_allow_is_denied_for_a_level(cty):
    inst = cty.county(SCHOOLS, TEACHERS, needs=NEEDS, wishes={"W": ["D", "B"]})
    plan = written(cty, inst)
    assert plan["moves"]["W"] == "B"
    ex = explain_teacher(inst, plan["moves"], "W", ONE, reasons=plan["reasons"],
                         serves=plan["serves"])
    assert [line.key for line in ex.why_school] == ["wish_rank", "wish_open"]
    stay, wish = ex.alternatives
    assert (stay.action, wish.action, wish.school_id) == (STAY, TO, "D")
    # W is B's only art teacher to be had: at D, B's art post stays unmet (0 -> 1.0)
    assert wish.status == "OPTIMAL" and wish.destination == "D"
    assert wish.decisive.level == "shortage"
    assert wish.decisive.cells == (("B", "art", 0.0, 1.0),)
    zh = texts(ex)["zh"]
    assert "假如该教师去第一志愿 D school D" in zh
    assert "B school B 的美术缺口：0 → 1 个岗位（+1）" in zh
    others_unnamed(zh, "W")


def test_a_counterfactual_without_a_plan_says_so(cty):
    # M is the only eligible teacher and the quota is 100 % of them (R2: 1 mover), so M
    # moves for the quota alone (no need anywhere), and a stay lock leaves no plan.
    teachers = {"M": {"school_id": "A", "subject": "music"},
                "Y": {"school_id": "A", "years_at_school": 2}}
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (10, 0)}}, teachers,
                      rotation={"min_share_of_eligible": 1.0})
    plan = written(cty, inst)
    ex = explain_teacher(inst, plan["moves"], "M", ONE, serves=plan["serves"])
    assert [line.key for line in ex.why] == ["moves_quota"]
    [alt] = ex.alternatives
    assert alt.status == NO_PLAN
    reason = str(alt.no_plan[0])  # the English
    assert "R2" in reason and "(L)" in reason  # the quota against the lock
    assert "No plan exists then" in texts(ex)["en"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_feasible_counterfactual_is_not_called_proven(cty, lang):
    inst = cty.county(SCHOOLS, TEACHERS, needs=NEEDS)
    plan = written(cty, inst)
    ex = explain_teacher(inst, plan["moves"], "Y", ONE)
    alt = Alternative(STAY, None, "FEASIBLE", 1.0, gap=0.25, open_level="movers",
                      changes=[LevelChange("movers", 2, 1)])
    ex.alternatives = [alt]
    text = markdown(render(ex, catalog(lang)))
    assert ("未经证明" if lang == "zh" else "not proven") in text
    assert "25.0%" in text
    assert ("会更好" if lang == "zh" else "would be better") in text
    html = page(render(ex, catalog(lang)), catalog(lang))
    assert html.startswith("<!DOCTYPE html>") and "<li>" in html
    # the levels down to the decisive one proven: the comparison there holds
    alt.proven = frozenset({"shortage", "senior_title", "cv_limits", "standards", "movers"})
    alt.open_level = "shortage_place"
    text = markdown(render(ex, catalog(lang)))
    assert ("上的对照成立" if lang == "zh" else "the comparison at “fewest movers” holds") in text


def test_an_exchange_under_way_and_a_stay_lock_are_named(cty):
    # E serves at A on an exchange from B until 2028 (R11); K is kept by a stay lock (L),
    # so its counterfactual replaces that lock by a move lock.
    teachers = {**TEACHERS, "E": {"school_id": "A"}}
    inst = cty.county(SCHOOLS, teachers, needs=NEEDS, locks=[("K", "stay", None)],
                      history=[("E", "B", "A", 2025, 2028)])
    plan = written(cty, inst)
    exchange = explain_teacher(inst, plan["moves"], "E", ONE)
    [line] = exchange.why
    assert (line.key, line.fields["end"]) == ("stays_exchange", 2028)
    assert exchange.alternatives == []
    locked = explain_teacher(inst, plan["moves"], "K", ONE)
    assert [line.key for line in locked.why] == ["stays_lock"]
    [alt] = locked.alternatives
    assert alt.action == MOVE and alt.dropped_locks
    assert alt.decisive.level == "movers"  # as for K without the lock: 2 movers, then 3
    en = texts(locked)["en"]
    assert "(locks.csv: stay; rule L)" in en and "replaced by this one" in en


def test_a_wish_the_county_bars_names_the_lock(cty):
    inst = cty.county(SCHOOLS, TEACHERS, needs=NEEDS, wishes={"W": ["D", "B"]},
                      locks=[("W", "not_to", "D")])
    plan = written(cty, inst)
    ex = explain_teacher(inst, plan["moves"], "W", ONE, serves=plan["serves"])
    assert [line.key for line in ex.why_school] == ["wish_rank", "barred_L_not_to"]
    assert [alt.action for alt in ex.alternatives] == [STAY]
    assert "县局指定该教师不去 D school D" in texts(ex)["zh"]
