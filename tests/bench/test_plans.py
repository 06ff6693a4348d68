"""The bench's plan kind (scheduler/bench/plans.py): the comparison figures on a hand-built
county, a row's status from its two halves, and the separate method's time split."""

from __future__ import annotations

import pytest

from scheduler.bench.plans import comparison, plan_row, solve_separate
from scheduler.data.load import instance_from_records
from scheduler.joint import ROTATION_SHARE, PlanPair
from scheduler.rotation.result import Move, RotationResult
from scheduler.solving import SolverSettings, SolveStats
from scheduler.travel.result import Route, Slot, TravelResult


@pytest.fixture
def inst(tiny_records):
    """The tiny county (conftest) with needs where its lessons are: P1 pe and music,
    V1 art, V1 music and math, one teacher each; a full load is 16 periods. T02 is C1's
    vice principal."""
    tiny_records["teachers"][1]["post"] = "vice_principal"
    tiny_records["needs"] = [
        {"school_id": s, "subject": sub, "required": 1.0}
        for s, sub in (("P1", "pe"), ("P1", "music"), ("V1", "art"), ("V1", "music"),
                       ("V1", "math"))]
    return instance_from_records(tiny_records, {"rotation": {"full_load_periods": 16}})


def result(placement: dict[str, str], status: str = "OPTIMAL") -> RotationResult:
    return RotationResult(moves=[Move(t, "C1", to, 0.0) for t, to in placement.items()],
                          stats=SolveStats(status=status))


def timetable(status: str = "FEASIBLE") -> TravelResult:
    """P1/1 music (2 periods) and V1/3A art (2) placed whole, P1/1 pe 2 of its 3."""
    slots = [Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 2, 1, "P1", "1", "music"),
             Slot("T03", 1, 2, "P1", "1", "pe"), Slot("T03", 2, 2, "P1", "1", "pe"),
             Slot("T01", 3, 1, "V1", "3A", "art"), Slot("T01", 4, 1, "V1", "3A", "art")]
    routes = [Route("T01", 1, ("C1", "P1", "C1"), 23.0, 40.0),
              Route("T01", 3, ("C1", "V1", "C1"), 14.0, 30.0)]
    return TravelResult(slots=slots, routes=routes,
                        stats=SolveStats(status=status, objective=50.0, best_bound=40.0))


def test_comparison_counts_moves_into_needs_that_travel_covers(inst):
    # lessons.csv: P1/1 music 2 periods, P1/1 pe 3, V1/3A art 2, so 走教 covers
    # (P1, music) 2/16, (P1, pe) 3/16 and (V1, art) 2/16 of a teacher.
    # T03 (pe) to P1: into covered pe; T01 (music) to V1: no lesson of music at V1;
    # T02 (chinese, a leader) to P1: none of chinese. 3 moves, 1 of a leader, 1 into a
    # covered need.
    placement = {"T03": "P1", "T01": "V1", "T02": "P1"}
    got = comparison(inst, placement, timetable())
    # After the moves: P1 has pe T03, chinese T05 and T02; V1 math T04, music T01.
    # Plain unmet: P1 pe 0, P1 music 1, V1 art 1, V1 music 0, V1 math 0 = 2.
    # Counting coverage: P1 music 1 − 2/16 = 0.875, V1 art 1 − 2/16 = 0.875, P1 pe
    # 1 − 3/16 − 1 < 0 so 0: 1.75.
    # At home: T03, now at P1, teaches P1 pe 2 periods; T01, now at V1, V1 art 2 (its P1
    # music is driven to): 4.
    assert got == {"moves": 3, "leader_moves": 1, "moves_into_covered": 1,
                   "unmet_counting_coverage": 1.75, "unmet_plain": 2.0, "lessons_placed": 2,
                   "lesson_rows": 3, "route_km": 37.0, "periods_at_home": 4.0,
                   "travel_parts_gap": None}  # not a decomposed solve


def test_no_move_leaves_every_need_as_it_stands(inst):
    # Before any move: P1 has chinese only, V1 math only. Plain: P1 pe 1, P1 music 1,
    # V1 art 1, V1 music 1 = 4; counting: 13/16 + 14/16 + 14/16 + 1 = 3.5625.
    got = comparison(inst, {}, timetable())
    assert (got["moves"], got["moves_into_covered"]) == (0, 0)
    assert (got["unmet_plain"], got["unmet_counting_coverage"]) == (4.0, 3.5625)
    assert got["periods_at_home"] == 0.0  # T01 and T03 at C1 teach only at P1 and V1


@pytest.mark.parametrize(("rotation", "travel", "status"), [
    ("OPTIMAL", "OPTIMAL", "OPTIMAL"),
    ("OPTIMAL", "FEASIBLE", "FEASIBLE"),
    ("FEASIBLE", "OPTIMAL", "FEASIBLE"),
])
def test_a_plan_is_optimal_only_when_both_halves_are(inst, rotation, travel, status):
    pair = PlanPair(cover={}, counted=inst, audited=inst, rotation=result({"T03": "P1"}, rotation),
                    after=inst, timetable=timetable(travel), rotation_settings=SolverSettings(),
                    travel_settings=SolverSettings())
    row = plan_row(inst, pair)
    assert (row["status"], row["rotation_status"], row["travel_status"]) == (status, rotation,
                                                                              travel)
    # the objective is the unmet shortage counting coverage; no bound is claimed for it
    assert row["objective"] == row["unmet_counting_coverage"]
    assert row["best_bound"] is None and row["gap"] is None
    assert row["travel_gap"] == pytest.approx(10 / 50)  # |50 − 40| / 50
    assert row["travel_parts_gap"] is None  # not decomposed


def test_separate_rotates_on_the_county_as_it_stands_with_the_joint_split(inst):
    seen: list[tuple[str, float]] = []

    def rotate(county, settings):
        seen.append(("rotation", settings.time_limit))
        assert county is inst  # no coverage counted, no lock added
        return result({"T03": "P1"})

    def travel(county, settings):
        seen.append(("travel", settings.time_limit))
        assert county.teacher["T03"].school_id == "P1"  # the county after the moves
        return timetable()

    pair = solve_separate(inst, SolverSettings(time_limit=10.0), rotate, travel)
    assert seen == [("rotation", 10.0 * ROTATION_SHARE), ("travel", 10.0 * (1 - ROTATION_SHARE))]
    assert pair.rotation.placement == {"T03": "P1"} and pair.hubs == []


def test_a_plan_row_says_how_many_hubs_it_sent_and_left_out(inst):
    pair = PlanPair(cover={}, counted=inst, audited=inst, rotation=result({}, "OPTIMAL"),
                    after=inst, timetable=timetable("OPTIMAL"), rotation_settings=SolverSettings(),
                    travel_settings=SolverSettings(), hubs_dropped=2)
    row = plan_row(inst, pair)
    assert (row["hubs"], row["hubs_dropped"]) == (0, 2)
