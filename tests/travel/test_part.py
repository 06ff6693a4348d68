"""One part: week pieces, day timetables and the cuts that join them.

Day timetable: one day of three periods, T teaches music to classes A/1 and A/2, both
busy except in period 1: the two lessons clash and the core names exactly those two
(a third lesson, A/3 free all day, is not part of it). The cut then forbids both on that
day, and on every day where T, A/1 and A/2 have the same busy slots.
"""

from __future__ import annotations

from scheduler.solving import SolverSettings
from scheduler.travel import week
from scheduler.travel.data import TravelData
from scheduler.travel.model import build
from scheduler.travel.part import (
    PartOutcome,
    add_cut,
    complete,
    lp_floor,
    pieces,
    prepare,
    realise,
    solve_piece,
    timetable_day,
)


def clash(county):
    busy = [(f"A/{c}", d, p) for c in "12" for d in (1, 2) for p in (2, 3)]
    return county({"C": None, "A": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": c, "subject": "music", "periods_per_week": 1}
                   for c in "123"], {("C", "A"): (5, 10)}, busy=busy)


def test_day_core_and_cut(county):
    data = TravelData(clash(county))
    one = SolverSettings(workers=1)
    slots, core = timetable_day(data, 1, {0: 1, 1: 1, 2: 1}, {0: "T", 1: "T", 2: "T"}, one, 5)
    assert slots is None and sorted(core) == [(0, "T"), (1, "T")]
    master = build(data, data.rows, data.candidates, level="day")
    assert add_cut(master, 1, {(0, "T"): 1, (1, "T"): 1}) == 2  # day 1 and day 2 alike


def test_pieces_then_realise(county, checked):
    inst = clash(county)
    data = TravelData(inst)
    one = SolverSettings(workers=1)
    week_pieces = pieces(data, data.rows, data.candidates, optional=False)
    for piece in week_pieces:
        solve_piece(data, piece, one, 5, optional=False)
    assert all(p.status == "OPTIMAL" for p in week_pieces)
    out = realise(data, data.rows, data.candidates, week_pieces, one, 10)
    # the week model puts A/1 and A/2 on one day (one trip); that day cannot hold both,
    # so a cut moves one of them and the plan costs a second trip: above the week bound
    assert out.status == "FEASIBLE" and out.cuts >= 1
    assert out.bound < out.objective and len(out.slots) == 3


def test_a_piece_keeps_its_week_model_and_hints_only_its_best_plan(county):
    """A piece's later runs solve the model its first run built, hinted once per variable
    (every variable: CP-SAT takes a complete hint as its first solution) with its best
    plan (a hint left from an earlier run would be a duplicate, which CP-SAT rejects as an
    invalid model)."""
    data = TravelData(clash(county))
    one = SolverSettings(workers=1)
    (piece,) = pieces(data, data.rows, data.candidates, optional=False)
    solve_piece(data, piece, one, 5, optional=False, prove=False)
    built, best = piece.built, piece.objective
    assert built is not None and best is not None
    for _again in range(2):  # each hinted with the best plan
        solve_piece(data, piece, one, 5, optional=False)
    hints = list(built.model.proto.solution_hint.vars)
    assert piece.built is built and piece.objective == best
    assert len(hints) == len(set(hints)) == len(built.model.proto.variables)
    assert list(built.model.proto.solution_hint.values) == piece.solution


def test_a_seeded_plan_is_completed_into_a_full_hint_and_priced(county):
    """A seed (the one-site-a-day timetable's teachers and day routes) gives every variable
    a value and the piece its objective before the run; a plan the model does not allow
    gives neither."""
    data = TravelData(clash(county))
    one = SolverSettings(workers=1)
    (solved,) = pieces(data, data.rows, data.candidates, optional=False)
    solve_piece(data, solved, one, 5, optional=False)
    (fresh,) = pieces(data, data.rows, data.candidates, optional=False)
    fresh.built = week.build(data, fresh.rows, fresh.cands, optional=False)
    done = complete(fresh.built, solved.teacher, solved.counts, one, 5)
    assert done is not None
    values, objective = done
    assert objective == solved.objective
    assert len(values) == len(fresh.built.model.proto.variables)
    no_days = {key: 0 for key in solved.counts}  # teachers who never drive there
    assert complete(fresh.built, solved.teacher, no_days, one, 5) is None
    fresh.teacher, fresh.counts = solved.teacher, solved.counts
    solve_piece(data, fresh, one, 0.0, optional=False, prove=False)
    assert fresh.objective is not None and fresh.objective <= objective


def test_lp_floor_gives_a_piece_its_lp_bound_and_never_lowers_one(county):
    """A piece whose proving run was too short for CP-SAT's LP gets the LP's bound (at
    most its optimum, above 0: a trip costs km); a proven piece is left as it is."""
    data = TravelData(clash(county))
    one = SolverSettings(workers=1)
    (fresh,) = pieces(data, data.rows, data.candidates, optional=False)
    prepare(data, fresh, one, optional=False)
    lp_floor(fresh, 5)
    (proven,) = pieces(data, data.rows, data.candidates, optional=False)
    solve_piece(data, proven, one, 5, optional=False)
    assert proven.status == "OPTIMAL"
    assert fresh.bound is not None and 0 < fresh.bound <= proven.objective
    before = proven.bound
    lp_floor(proven, 5)
    assert proven.bound == before


def test_a_part_bound_above_its_plan_is_lowered_and_flagged_never_hidden():
    out = PartOutcome(status="UNKNOWN", objective=100)
    out.set_bound(90)
    assert (out.bound, out.status, out.clamped) == (90, "FEASIBLE", False)
    out.set_bound(120)  # the relaxation prices something the plan does not
    assert (out.bound, out.status, out.clamped) == (100, "OPTIMAL", True)
    out.set_bound(None)
    assert (out.bound, out.status, out.clamped) == (None, "FEASIBLE", False)
