"""Re-check a plan of `rotaplan plan` (DIR/rotation and DIR/travel) as one: the timetable
is checked on the county after the rotation's moves, the rotation on the county as the
written timetable's coverage counts it (`coplan.counting`: needs lowered, traveling PE
and arts teachers in the small rural schools' indicators, which `check_rotation` then
recomputes), and the coverage the rotation says it counted (`travel_coverage` of its
summary) against the coverage the timetable places.

This module must not import ortools, directly or through what it imports.
"""

from __future__ import annotations

import math
from pathlib import Path

from scheduler.check.base import CheckReport, Finding, read_contract_csv, read_summary
from scheduler.check.rotation import check_rotation
from scheduler.check.travel import (
    TIMETABLE_COLUMNS,
    TIMETABLE_CSV,
    check_travel,
    parse_slots,
    read_table,
)
from scheduler.coplan import Coverage, after_moves, counting, coverage
from scheduler.data.instance import Instance

ROTATION, TRAVEL = "rotation", "travel"
PLAN_CSV, SUMMARY_JSON = "rotation_plan.csv", "rotation_summary.json"
TOLERANCE = 1e-6


def is_joint(plan_dir: Path) -> bool:
    """A folder `rotaplan plan` wrote: rotation/ and travel/ with their main files."""
    return ((plan_dir / ROTATION / PLAN_CSV).is_file()
            and (plan_dir / TRAVEL / TIMETABLE_CSV).is_file())


def check_joint(inst: Instance, plan_dir: Path) -> list[CheckReport]:
    """The rotation's report, the timetable's report and the pair's own ("plan")."""
    plan_dir = Path(plan_dir)
    pair = CheckReport(plan="plan")
    table, problems = read_table(plan_dir / TRAVEL / TIMETABLE_CSV, TIMETABLE_COLUMNS)
    pair.findings.extend(problems)
    slots = parse_slots(inst, table or [], pair.findings)
    cover = coverage(inst, ((s.site_id, s.subject, s.periods) for s in slots))
    placement = written_placement(inst, plan_dir, pair.findings)
    rotation = check_rotation(counting(inst, cover), plan_dir / ROTATION)
    travel = check_travel(after_moves(inst, placement), plan_dir / TRAVEL)
    summary, problems = read_summary(plan_dir / ROTATION / SUMMARY_JSON, ())
    pair.findings.extend(problems)
    if summary is not None:
        pair.findings.extend(coverage_findings(summary.get("travel_coverage"), cover))
    pair.figures = {"coverage_needs": len(cover),
                    "coverage_teachers": round(sum(cover.values()), 6)}
    return [rotation, travel, pair]


def check_separate(inst: Instance, plan_dir: Path) -> list[CheckReport]:
    """Rotate-then-travel written in the joint layout (the benchmark's `separate` plans):
    the rotation on the county as it stands, the timetable on the county after the
    written moves; no coverage is counted, so none is compared."""
    plan_dir = Path(plan_dir)
    pair = CheckReport(plan="plan")
    placement = written_placement(inst, plan_dir, pair.findings)
    return [check_rotation(inst, plan_dir / ROTATION),
            check_travel(after_moves(inst, placement), plan_dir / TRAVEL), pair]


def written_placement(inst: Instance, plan_dir: Path, findings: list[Finding]
                      ) -> dict[str, str]:
    """teacher_id -> destination as rotation/rotation_plan.csv says (known ids only; the
    rotation's own check reports the others); a file it cannot read goes to `findings`."""
    rows, problems = read_contract_csv(plan_dir / ROTATION / PLAN_CSV,
                                       ("teacher_id", "to_school_id"))
    findings.extend(problems)
    return {c["teacher_id"]: c["to_school_id"] for _n, c in rows or []
            if c["teacher_id"] in inst.teacher and c["to_school_id"] in inst.school}


def coverage_findings(counted: object, placed: Coverage) -> list[Finding]:
    """The rotation counted exactly what the timetable places, need by need."""
    if not isinstance(counted, list):
        return [Finding("coverage", f"{ROTATION}/{SUMMARY_JSON}: travel_coverage is missing; "
                                    "a joint plan counts the timetable's coverage")]
    said: dict[tuple[str, str], float] = {}
    for item in counted:
        try:
            said[(str(item["site_id"]), str(item["subject"]))] = float(item["teachers"])
        except (KeyError, TypeError, ValueError):
            return [Finding("coverage", f"{ROTATION}/{SUMMARY_JSON}: travel_coverage entry "
                                        f"{item!r} is not site_id, subject, teachers")]
    out = []
    for key in sorted(set(said) | set(placed)):
        a, b = said.get(key, 0.0), placed.get(key, 0.0)
        if not math.isclose(a, b, abs_tol=TOLERANCE):
            out.append(Finding("coverage", f"site {key[0]} {key[1]}: the rotation counts {a:g} "
                                           f"teachers of traveling coverage, the timetable "
                                           f"places {b:g}"))
    return out
