"""The week pieces' CP-SAT portfolio, side by side (issue 16): every piece on the core
search (`cpsat.WEEK_PROVE` / `TRAVEL_DEFAULTS`, as before) against large pieces on the LP
search and LNS (`cpsat.WEEK_LARGE` above `Budget.large_piece`, as shipped).

    python benchmarks/week_portfolio.py OUT SECONDS INSTANCE [INSTANCE ...]

Runs each instance under both policies one after the other (2 workers, seed 0), writes
every plan as `rotaplan travel` does under OUT/<instance>-<policy>/, re-checks it with the
independent checker, and writes OUT/results.csv (objective, parts' bound and gap, county
bound, km, wall seconds, checker findings). The policy is switched by replacing the
budget `scheduler.travel.part` reads, the one knob between the two.
"""

from __future__ import annotations

import csv
import dataclasses
import sys
import time
from pathlib import Path

import scheduler.travel.part as part
from scheduler.check.run import run_checks
from scheduler.data import load_instance
from scheduler.report.files import write_travel_plan
from scheduler.solving import SolverSettings
from scheduler.travel.solve import solve_travel

POLICIES = {"core": 1 << 60, "sized": part.B.large_piece}


def main() -> None:
    out, seconds, paths = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
    shipped = part.B
    rows = []
    for path in paths:
        inst = load_instance(path)
        for policy, large in POLICIES.items():
            part.B = dataclasses.replace(shipped, large_piece=large)
            settings = SolverSettings(time_limit=seconds, workers=2, seed=0)
            began = time.perf_counter()
            result = solve_travel(inst, settings)
            wall = time.perf_counter() - began
            part.B = shipped
            plan = out / f"{Path(path).name}-{policy}"
            write_travel_plan(inst, result, plan, force=True, settings=settings)
            findings = sum(len(r.findings) for r in run_checks(inst, plan).reports)
            objective = result.stats.objective
            rows.append({
                "instance": Path(path).name, "policy": policy, "time_limit": seconds,
                "status": result.stats.status, "objective": objective,
                "parts_bound": result.parts_bound,
                "parts_gap": None if result.parts_bound is None or not objective
                else round(1 - result.parts_bound / objective, 4),
                "county_bound": result.stats.best_bound, "gap": result.stats.gap,
                "km": round(result.terms["km"], 1), "wall_seconds": round(wall, 1),
                "check_findings": findings})
            print(rows[-1], flush=True)
    with (out / "results.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
