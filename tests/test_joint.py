"""The joint plan's solve (scheduler/joint.py) with stand-in solvers: what each half is
solved on, and the time limit split in advance."""

from __future__ import annotations

from scheduler.data.load import instance_from_records
from scheduler.data.schema import LockAction
from scheduler.errors import NoPlanError
from scheduler.joint import ROTATION_SHARE, joint_outputs, solve_joint, split_time
from scheduler.rotation.result import Move, RotationResult
from scheduler.solving import SolverSettings, SolveStats
from scheduler.travel.result import TravelResult


def test_split_time_halves_the_limit_whatever_the_rotation_leaves():
    first, rest = split_time(SolverSettings(time_limit=7.0, workers=3, seed=5))
    assert (first.time_limit, rest.time_limit) == (7.0 * ROTATION_SHARE, 7.0 - 3.5)
    assert (first.workers, first.seed, rest.workers, rest.seed) == (3, 5, 3, 5)


def test_joint_rotates_counting_coverage_then_times_the_county_after(tiny_records):
    tiny_records["needs"] = [{"school_id": "P1", "subject": "pe", "required": 1.0}]
    inst = instance_from_records(tiny_records, {"rotation": {"full_load_periods": 16}})
    seen: list[tuple[str, float]] = []

    def rotate(county, settings):
        seen.append(("rotation", settings.time_limit))
        # lessons.csv has 3 periods of pe at P1: 3/16 of the need is covered
        assert county.required[("P1", "pe")] == 1.0 - 3 / 16
        return RotationResult(moves=[Move("T02", "C1", "P1", 11.5)],
                              stats=SolveStats(status="OPTIMAL"))

    def travel(county, settings):
        seen.append(("travel", settings.time_limit))
        assert county.teacher["T02"].school_id == "P1"
        assert county.required[("P1", "pe")] == 1.0  # the county's own needs
        return TravelResult(slots=[], routes=[], stats=SolveStats(status="OPTIMAL"))

    pair = solve_joint(inst, SolverSettings(time_limit=10.0), rotate, travel)
    assert seen == [("rotation", 5.0), ("travel", 5.0)]
    assert pair.cover[("P1", "pe")] == 3 / 16 and pair.audited.required[("P1", "pe")] < 1.0
    # a teacher who travels for a subject of lessons.csv stays (T01 music, T03 pe)
    stays = {lk.teacher_id for lk in pair.counted.locks if lk.action == LockAction.STAY}
    assert {"T01", "T03"} <= stays


def test_hubs_that_leave_no_plan_are_dropped_and_said(cty):
    from tests.test_coplan import hub_county

    inst = hub_county(cty)  # one hub: M sent to CA for the music of P1 and P2
    tried: list[list[str]] = []

    def rotate(county, settings):
        tried.append([lk.teacher_id for lk in county.locks if lk.action == LockAction.TO])
        if len(tried) == 1:
            raise NoPlanError("no plan with the hub", [])
        return RotationResult(moves=[], stats=SolveStats(status="OPTIMAL"))

    def travel(county, settings):
        return TravelResult(slots=[], routes=[], stats=SolveStats(status="OPTIMAL"))

    pair = solve_joint(inst, SolverSettings(time_limit=2.0), rotate, travel)
    assert tried == [["M"], []] and pair.hubs == [] and pair.hubs_dropped == 1
    assert joint_outputs(pair).summary["travel_hubs_dropped"] == 1
