"""One benchmark run, from instance files to a results row, inside one fresh process.

A run loads the instance, calls the model's solve function (timing it and recording
every improving solution it reports), writes the plan with the product's writer into a
temporary folder and re-checks it with the independent checker. It must run in a
process of its own: CPU seconds and peak memory are read from the process itself.

The process must also be fresh for a second reason: highspy and ortools each ship their
own `libhighs.so.1`, so the HiGHS baseline can only run where ortools was never loaded.

Peak memory is the process's high-water resident set (VmHWM in /proc/self/status).
`ru_maxrss` is not used on Linux: a process started by fork+exec inherits its parent's
maximum there, so a run spawned from a large parent would report the parent's size.
"""

from __future__ import annotations

import contextlib
import os
import resource
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.bench.machine import machine_info
from scheduler.bench.metrics import Point, primal_integral, time_to_target
from scheduler.errors import NoPlanError
from scheduler.solving import SolverSettings, SolveStats

POLICY_KEY = "__policy__.toml"  # the policy file's name inside RunSpec.files
# Status of a run whose solve function raised NoPlanError: proved infeasible or nothing
# found in time (the headline, in `error`, says which); the solver statuses otherwise.
NO_PLAN = "NO_PLAN"

# The columns only plan runs fill (kind `plan`, scheduler/bench/plans.py), empty for others.
PLAN_COLUMNS = (
    "moves", "leader_moves", "moves_into_covered", "unmet_counting_coverage", "unmet_plain",
    "lessons_placed", "lesson_rows", "route_km", "periods_at_home", "rotation_status",
    "rotation_gap", "travel_status", "travel_gap", "travel_parts_gap", "hubs", "hubs_dropped",
)
# The results.csv columns, in order; README.md explains each.
COLUMNS = (
    "run_id", "suite", "instance", "group", "kind", "setting", "method", "seed",
    "time_limit", "workers", "status", "objective", "best_bound", "gap",
    "first_solution_seconds", "best_solution_seconds", "primal_integral", "best_known",
    "wall_seconds", "cpu_seconds", "peak_rss_mb", "load_seconds", "build_seconds",
    "solve_seconds", "stopped_by", "checked", "check_rules", "check_seconds", "error",
    "host", "cores", "cpu_model", "ortools", "python", "started_at", *PLAN_COLUMNS,
)


@dataclass(frozen=True)
class RunSpec:
    """Everything a run needs, picklable, so it can travel to another process or machine.

    `files` carries the instance's bytes (file name -> content; the policy file under
    POLICY_KEY) when the run goes to a machine that may not share this one's disk.
    """

    run_id: str
    suite: str
    instance: str
    group: str
    kind: str
    path: str
    setting: str
    method: str
    seed: int
    time_limit: float
    workers: int
    log: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    policy: str | None = None
    best_known: float | None = None
    files: dict[str, bytes] | None = None

    def settings(self) -> SolverSettings:
        return SolverSettings(time_limit=self.time_limit, workers=self.workers, seed=self.seed,
                              log=self.log, params=dict(self.params))


@dataclass
class Outcome:
    """A finished run: its results row and the improving solutions it reported."""

    row: dict[str, Any]
    points: list[Point]


class Recorder:
    """The solve function's `on_progress`: keeps each event that carries an incumbent,
    stamped on the harness's clock (seconds since the solve function was called)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.events: list[tuple[float, Any]] = []

    def __call__(self, event: Any) -> None:
        if getattr(event, "objective", None) is not None:
            self.events.append((time.perf_counter() - self.start, event))


def incumbent_points(kind: str, inst: Any, events: list[tuple[float, Any]],
                     terms: dict[str, float]) -> list[Point]:
    """(seconds, objective) of each incumbent, in the units of the final objective."""
    if kind == "rotation":
        return rotation_points(inst, events, terms)
    return [(t, float(e.objective)) for t, e in events]


def rotation_points(inst: Any, events: list[tuple[float, Any]],
                    terms: dict[str, float]) -> list[Point]:
    """The rotation's staged progress as the totals it reports.

    The rotation model solves its levels in stages and reports each stage's objective,
    Σ W'_n level_n over the stage's levels; the total it reports is Σ W_n level_n
    (`scheduler.core.rotation_levels`), and inside a stage W_n = W'_n × W_low, W_low the
    multiplier of the stage's lowest level. The levels outside the stage are taken at
    their final values (`terms`): exact for the levels above (fixed at their optimum
    before the stage started) and for the run's final incumbent; for an earlier
    incumbent the levels below may have differed, by less than W_low in all, so its
    total is off by less than 1/(stage objective) relative.
    """
    from scheduler.core import rotation_levels as lv

    mult = lv.multipliers(inst, lv.weights(inst.policy))
    points = []
    for t, event in events:
        names = event.stage.split("+")
        if names[0] not in lv.LEVELS:  # a feasibility stage: every level switched off
            continue
        rest = sum(mult[n] * round(terms[n]) for n in lv.LEVELS if n not in names)
        points.append((t, float(rest + mult[names[-1]] * round(event.objective))))
    return points


def run_one(spec: RunSpec) -> Outcome:
    """Run one (instance, setting, seed) and measure it; failures become rows, not crashes."""
    row = base_row(spec)
    recorder = Recorder()
    points: list[Point] = []
    try:
        with _instance_paths(spec) as (path, policy):
            from scheduler.data import load_instance

            t0 = time.perf_counter()
            inst = load_instance(path, policy)
            row["load_seconds"] = time.perf_counter() - t0
            cpu0 = _cpu_seconds()
            recorder.start = time.perf_counter()
            result = _solve(spec, inst, recorder)
            row["wall_seconds"] = time.perf_counter() - recorder.start
            row["cpu_seconds"] = _cpu_seconds() - cpu0
            if spec.kind == "plan":  # two solves: the plan exists when both returned
                from scheduler.bench.plans import plan_row

                row.update(plan_row(inst, result))
            else:
                _record_stats(row, result.stats, spec)
                if spec.kind == "travel":
                    from scheduler.bench.plans import timetable_figures

                    row.update(timetable_figures(inst, result))
                points = incumbent_points(spec.kind, inst, recorder.events, result.terms)
            row.update(_check(spec, inst, result))
    except NoPlanError as exc:  # the model's own answer: infeasible, or none in time
        row["status"] = row["status"] or NO_PLAN
        row["error"] = str(exc.headline)[:300]
    except Exception as exc:  # a crashed run is a result too; the benchmark goes on
        row["status"] = row["status"] or "ERROR"
        row["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        if os.environ.get("ROTAPLAN_DEBUG"):
            traceback.print_exc()
    row["peak_rss_mb"] = peak_rss_mb()
    if row["objective"] is not None:
        if time_to_target(points, row["objective"]) is None:  # no progress reported it
            points.append((row["wall_seconds"], row["objective"]))
        row["first_solution_seconds"] = min(t for t, _ in points)
        row["best_solution_seconds"] = time_to_target(points, row["objective"])
    update_primal_integral(row, points, spec.best_known)
    return Outcome(row=row, points=points)


def base_row(spec: RunSpec) -> dict[str, Any]:
    """A row with what is known before the run starts; the rest stays empty."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(run_id=spec.run_id, suite=spec.suite, instance=spec.instance, group=spec.group,
               kind=spec.kind, setting=spec.setting, method=spec.method, seed=spec.seed,
               time_limit=spec.time_limit, workers=spec.workers, best_known=spec.best_known,
               started_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"), **machine_info())
    return row


def failed(spec: RunSpec, why: str) -> Outcome:
    """The outcome of a run whose process never reported back."""
    row = base_row(spec)
    row.update(status="ERROR", error=why)
    return Outcome(row=row, points=[])


def _solve(spec: RunSpec, inst: Any, on_progress: Callable[[Any], None]) -> Any:
    settings = spec.settings()
    if spec.kind == "plan":
        from scheduler.bench.plans import solve_plan

        return solve_plan(spec.method, inst, settings)
    if spec.kind == "rotation":
        if spec.method == "highs":
            from scheduler.bench.highs_rotation import solve_highs

            return solve_highs(inst, settings, on_progress=on_progress, **spec.options)
        from scheduler.rotation.solve import solve_rotation

        return solve_rotation(inst, settings, method=spec.method, on_progress=on_progress,
                              **spec.options)
    if spec.method == "highs":
        raise ValueError("the HiGHS baseline exists for the rotation model only")
    from scheduler.travel.solve import solve_travel

    return solve_travel(inst, settings, method=spec.method, on_progress=on_progress,
                        **spec.options)


def _record_stats(row: dict[str, Any], stats: SolveStats, spec: RunSpec) -> None:
    row.update(status=stats.status, objective=stats.objective, best_bound=stats.best_bound,
               gap=stats.gap, build_seconds=stats.build_seconds,
               solve_seconds=stats.solve_seconds, stopped_by=stats.stopped_by)
    if spec.method == "cpsat" and stats.workers != spec.workers:
        row["workers"] = stats.workers  # what the solver actually used


def _check(spec: RunSpec, inst: Any, result: Any) -> dict[str, Any]:
    """Write the plan as `rotate`/`travel`/`plan` would and run the checker on the files;
    a partial travel plan is checked for what it places, its unplaced rows declared."""
    if spec.kind != "plan" and result.stats.status not in ("OPTIMAL", "FEASIBLE"):
        return {"checked": "n/a", "check_rules": ""}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rotaplan-bench-") as tmp:
        plan = Path(tmp) / "plan"
        if spec.kind == "plan":  # solve_plan returns only with both halves solved
            from scheduler.bench.plans import write_and_check

            reports = write_and_check(spec.method, inst, result, plan)
        elif spec.kind == "rotation":
            from scheduler.check.rotation import check_rotation
            from scheduler.report.files import write_outputs
            from scheduler.rotation.outputs import build_outputs

            write_outputs(build_outputs(inst, result), plan)
            reports = [check_rotation(inst, plan)]
        else:
            from scheduler.check.travel import check_travel
            from scheduler.report.files import write_travel_plan

            partial = bool(spec.options.get("partial", False))
            write_travel_plan(inst, result, plan, partial=partial)
            reports = [check_travel(inst, plan, unplaced=[u[:3] for u in result.unplaced])]
    rules = sorted({f.rule for r in reports for f in r.findings})
    ok = all(r.ok for r in reports)
    return {"checked": "yes" if ok else "no", "check_rules": ";".join(rules),
            "check_seconds": time.perf_counter() - t0}


def update_primal_integral(row: dict[str, Any], points: list[Point],
                           best_known: float | None) -> None:
    """Set best_known and primal_integral against the best objective known for the instance
    (`best_known`, or this run's own objective when it is better or nothing is known).
    A crashed run gets none: it measured the harness or the model's bug, not the solver."""
    candidates = [v for v in (best_known, row.get("objective")) if v is not None]
    if not candidates or not row.get("time_limit") or row.get("status") == "ERROR":
        row["primal_integral"] = None
        return
    best = min(candidates)
    row["best_known"] = best
    row["primal_integral"] = primal_integral(points, best, float(row["time_limit"]))


@contextlib.contextmanager
def _instance_paths(spec: RunSpec) -> Iterator[tuple[Path, Path | None]]:
    """The instance (and policy) on this machine's disk: as named, or unpacked from bytes."""
    if spec.files is None:
        yield Path(spec.path), Path(spec.policy) if spec.policy else None
        return
    with tempfile.TemporaryDirectory(prefix="rotaplan-bench-") as tmp:
        root = Path(tmp) / Path(spec.path).name
        if Path(spec.path).suffix.lower() == ".xlsx":
            root.write_bytes(spec.files[root.name])
        else:
            root.mkdir()
            for name, content in spec.files.items():
                if name != POLICY_KEY:
                    (root / name).write_bytes(content)
        policy = None
        if POLICY_KEY in spec.files:
            policy = Path(tmp) / POLICY_KEY
            policy.write_bytes(spec.files[POLICY_KEY])
        yield root, policy


def pack_files(path: Path, policy: Path | None) -> dict[str, bytes]:
    """An instance's files as bytes, for `RunSpec.files` (folders: their plain files)."""
    files = {path.name: path.read_bytes()} if path.is_file() else {
        p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}
    if policy is not None:
        files[POLICY_KEY] = policy.read_bytes()
    return files


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB (see the module docstring)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024) if os.uname().sysname == "Darwin" else maxrss / 1024
