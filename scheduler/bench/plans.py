"""The `plan` kind of `rotaplan bench`: the rotation and the traveling-teacher timetable
planned together (method `joint`, the very solve of `rotaplan plan`) against the two run
one after the other (method `separate`), side by side (issue 13).

`separate` rotates on the county as it stands, counting no coverage, then builds the
timetable on the county after the moves. Both methods split the time limit alike
(`scheduler.joint.split_time`: half for the rotation, the rest for the timetable), both
are written as `rotaplan plan` writes a plan (rotation/ and travel/) and re-checked by
the independent checker, and both are measured by the same figures (`comparison`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scheduler import rules
from scheduler.bench.presets import PLAN_METHODS
from scheduler.coplan import after_moves, counting, lesson_coverage
from scheduler.data.instance import Instance
from scheduler.joint import PlanPair, RotateFn, TravelFn, joint_outputs, solve_joint, split_time
from scheduler.solving import SolverSettings
from scheduler.travel.result import TravelResult

if TYPE_CHECKING:
    from scheduler.check.base import CheckReport

SOLVED = ("OPTIMAL", "FEASIBLE")
DIGITS = 6  # teachers and km: sums of fractions, rounded so that 20.7 does not print 20.699…


def solve_plan(method: str, inst: Instance, settings: SolverSettings) -> PlanPair:
    """Both halves by `method`, each solved by CP-SAT as `rotate` and `travel` solve them."""
    from scheduler.rotation.solve import solve_rotation
    from scheduler.travel.solve import solve_travel

    if method == "joint":
        return solve_joint(inst, settings, solve_rotation, solve_travel)
    if method == "separate":
        return solve_separate(inst, settings, solve_rotation, solve_travel)
    raise ValueError(f"the plan kind is solved by {' or '.join(PLAN_METHODS)}, not {method!r}")


def solve_separate(inst: Instance, settings: SolverSettings, rotate: RotateFn,
                   travel: TravelFn) -> PlanPair:
    """Rotate on the county as it stands, then the timetable on the county after the
    moves: what a county gets from `rotate` then `travel` (the baseline of issue 13)."""
    first, rest = split_time(settings)
    rotation = rotate(inst, first)
    after = after_moves(inst, rotation.placement)
    return PlanPair(cover=lesson_coverage(inst), counted=inst, audited=inst, rotation=rotation,
                    after=after, timetable=travel(after, rest), rotation_settings=first,
                    travel_settings=rest)


def comparison(inst: Instance, placement: dict[str, str], timetable: TravelResult
               ) -> dict[str, Any]:
    """The figures issue 13 compares the two methods by, on the county as it stands.

    A move "into a covered need" sends a teacher to a school whose lessons in the
    teacher's main subject traveling teachers teach (`lesson_coverage`: a complete
    timetable places every lesson, whoever teaches it). Unmet shortage is Σ max(0,
    required − teachers) over (school, subject), once with the needs lowered by that
    coverage (`counting`) and once plain. Both, and km, to 10⁻⁶; the periods taught at
    home (`periods_at_home`) say where the km differ."""
    cover = lesson_coverage(inst)
    after = rules.placement_after(inst, placement)
    return {
        "moves": len(placement),
        "leader_moves": sum(inst.teacher[t].is_leader for t in placement),
        "moves_into_covered": sum((to, inst.teacher[t].subject) in cover
                                  for t, to in placement.items()),
        "unmet_counting_coverage": round(rules.total_shortage(counting(inst, cover), after),
                                         DIGITS),
        "unmet_plain": round(rules.total_shortage(inst, after), DIGITS),
        **timetable_figures(inst, timetable),
        "periods_at_home": periods_at_home(inst, placement, timetable),
    }


def timetable_figures(inst: Instance, timetable: TravelResult) -> dict[str, Any]:
    """A timetable's results.csv cells, for a travel run as for a plan's timetable:
    lessons placed of the rows, route km a week, and the gap to the parts' bound (the
    county's own gap stays in `gap`; the two differ when the decomposition is not exact)."""
    from scheduler.travel.outputs import lessons_placed

    return {"lessons_placed": lessons_placed(inst, timetable.slots),
            "lesson_rows": len(inst.lessons),
            "route_km": round(sum(r.km for r in timetable.routes), DIGITS),
            "travel_parts_gap": timetable.parts_gap}


def periods_at_home(inst: Instance, placement: dict[str, str], timetable: TravelResult
                    ) -> float:
    """Periods a week the timetable gives teachers at the school they are based at after
    the moves: lessons taught without driving, which is where the two methods' km part
    (a full-time mover teaches the site's lessons where it now works)."""
    return sum(s.periods for s in timetable.slots
               if placement.get(s.teacher_id, inst.teacher[s.teacher_id].school_id)
               == s.site_id)


def plan_row(inst: Instance, pair: PlanPair) -> dict[str, Any]:
    """A plan run's results.csv cells: the comparison, each half's status and gap, and the
    row's own status (OPTIMAL only when both halves are) and objective (the unmet shortage
    counting coverage, for which no bound is computed: best_bound and gap stay empty)."""
    rot, tt = pair.rotation.stats, pair.timetable.stats
    statuses = (rot.status, tt.status)
    status = ("OPTIMAL" if statuses == ("OPTIMAL", "OPTIMAL") else
              "FEASIBLE" if all(s in SOLVED for s in statuses) else
              next(s for s in statuses if s not in SOLVED))
    row = comparison(inst, pair.rotation.placement, pair.timetable)
    row.update(
        status=status, objective=row["unmet_counting_coverage"], best_bound=None, gap=None,
        build_seconds=rot.build_seconds + tt.build_seconds,
        solve_seconds=rot.solve_seconds + tt.solve_seconds,
        stopped_by=rot.stopped_by or tt.stopped_by, workers=max(rot.workers, tt.workers),
        rotation_status=rot.status, rotation_gap=rot.gap, travel_status=tt.status,
        travel_gap=tt.gap, hubs=len(pair.hubs), hubs_dropped=pair.hubs_dropped)
    return row


def write_and_check(method: str, inst: Instance, pair: PlanPair, plan_dir: Path
                    ) -> list[CheckReport]:
    """Write the pair as `rotaplan plan` does (rotation/, travel/) and check it: the joint
    plan as `rotaplan check` checks one (coverage included), the separate one half by half."""
    from scheduler.check.coplan import ROTATION, TRAVEL, check_separate
    from scheduler.check.run import run_checks
    from scheduler.report.files import write_outputs, write_travel_plan
    from scheduler.rotation.outputs import build_outputs

    joint = method == "joint"
    outputs = joint_outputs(pair) if joint else build_outputs(inst, pair.rotation)
    write_outputs(outputs, plan_dir / ROTATION)
    write_travel_plan(pair.after, pair.timetable, plan_dir / TRAVEL,
                      settings=pair.travel_settings)
    return run_checks(inst, plan_dir).reports if joint else check_separate(inst, plan_dir)
