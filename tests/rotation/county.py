"""Tiny counties for the rotation tests, written the way the tests reason about them.

Schools sit at (x, y) km on a plane; every pair gets a distances row with the straight
km, so a test reads distances off its own coordinates. Teachers are eligible by default
(8 years at the school, born 1985). The default policy keeps every rule out of the way
(no quota, no backbone share, caps at 100 %, no headcount limit: R9's contract default
"needs" would let no school without a gap receive anyone) so that each test switches on
what it tests.

Loaded by path from the conftests of tests/rotation and tests/constraints/rotation.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from scheduler.check.rotation import RULES, Plan, check_rotation
from scheduler.data.instance import Instance
from scheduler.data.load import instance_from_records
from scheduler.report.files import write_outputs
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.result import RotationResult
from scheduler.rotation.score import score
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import SolverSettings

SCHOOL_DEFAULTS = {"kind": "urban", "stage": "primary", "students": 400}
TEACHER_DEFAULTS = {"subject": "chinese", "years_at_school": 8, "birth_year": 1985,
                    "backbone": "none"}
POLICY = {"year": 2026, "rotation": {"min_share_of_eligible": 0.0, "min_backbone_share": 0.0,
                                     "max_outflow_share": 1.0, "headcount": "free"}}


def county(schools: dict[str, dict[str, Any]], teachers: dict[str, dict[str, Any]],
           needs: dict[tuple[str, str], float] | None = None,
           wishes: dict[str, list[str]] | None = None,
           rotation: dict[str, Any] | None = None,
           locks: list[tuple[str, str, str | None]] | None = None,
           history: list[tuple[str, str, str, int, int]] | None = None) -> Instance:
    """An instance: schools by id (with `at`: (x, y) km), teachers by id, needs by
    (school, subject), wishes by teacher (schools in rank order), rotation policy keys,
    locks as (teacher, action, school or None), exchanges as (teacher, from school, to
    school, start year, end year)."""
    return instance_from_records(*county_records(schools, teachers, needs, wishes, rotation,
                                                 locks, history))


def county_records(schools: dict[str, dict[str, Any]], teachers: dict[str, dict[str, Any]],
                   needs: dict[tuple[str, str], float] | None = None,
                   wishes: dict[str, list[str]] | None = None,
                   rotation: dict[str, Any] | None = None,
                   locks: list[tuple[str, str, str | None]] | None = None,
                   history: list[tuple[str, str, str, int, int]] | None = None
                   ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """`county`'s records and policy, for `write_folder` (a county a command reads)."""
    school_rows, where = [], {}
    for sid, spec in schools.items():
        spec = dict(spec)
        where[sid] = spec.pop("at", (0.0, 0.0))
        school_rows.append({"school_id": sid, "name": f"school {sid}", **SCHOOL_DEFAULTS,
                            **spec})
    ids = list(schools)
    distances = [{"from_id": a, "to_id": b, "km": round(math.dist(where[a], where[b]), 3)}
                 for i, a in enumerate(ids) for b in ids[i + 1:]]
    teacher_rows = [{"teacher_id": tid, "name": f"name {tid}", **TEACHER_DEFAULTS, **spec}
                    for tid, spec in teachers.items()]
    need_rows = [{"school_id": s, "subject": j, "required": r}
                 for (s, j), r in (needs or {}).items()]
    wish_rows = [{"teacher_id": tid, "rank": rank, "school_id": sid}
                 for tid, sids in (wishes or {}).items() for rank, sid in enumerate(sids, 1)]
    lock_rows = [{"teacher_id": tid, "action": action, "school_id": sid}
                 for tid, action, sid in locks or ()]
    history_rows = [{"teacher_id": tid, "from_school_id": a, "to_school_id": b,
                     "start_year": start, "end_year": end}
                    for tid, a, b, start, end in history or ()]
    policy = {**POLICY, "rotation": {**POLICY["rotation"], **(rotation or {})}}
    records = {"schools": school_rows, "teachers": teacher_rows, "needs": need_rows,
               "distances": distances, "preferences": wish_rows, "locks": lock_rows,
               "history": history_rows}
    return {k: v for k, v in records.items() if v}, policy


def solve(inst: Instance, method: str = "cpsat", time_limit: float = 20.0,
          **params: Any) -> RotationResult:
    """Solve on one worker with a fixed seed, then check what every solve must satisfy:
    the checker's rules hold and the reported objective is the plan's score."""
    settings = SolverSettings(time_limit=time_limit, workers=1, seed=0, params=params)
    result = solve_rotation(inst, settings, method=method)
    findings = broken_rules(inst, result.placement)
    assert not findings, findings
    assert result.stats.objective == score(inst, result.placement)["total"]
    assert {k: v for k, v in result.terms.items()} == score(inst, result.placement)
    return result


def written_and_checked(inst: Instance, result: RotationResult, out: Path) -> None:
    """Write the plan's files into `out` as `rotaplan rotate` does, then re-read them with
    the independent checker (`rotaplan check`): no finding, whatever the rule."""
    write_outputs(build_outputs(inst, result), out)
    findings = check_rotation(inst, out).findings
    assert not findings, findings


def broken_rules(inst: Instance, moves: dict[str, str]) -> list[Any]:
    """The independent checker's findings (R1–R7, R9–R12, L) for a plan given as moves."""
    # rows numbered as a written plan would number them, for the findings that cite them
    plan = Plan(rows=[], moves=dict(moves), row_of={tid: n for n, tid in enumerate(moves, 2)})
    return [f for rule in RULES for f in rule(inst, plan)]


def moves_of(result: RotationResult) -> dict[str, str]:
    return {m.teacher_id: m.to_school_id for m in result.moves}
