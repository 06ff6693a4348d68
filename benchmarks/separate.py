"""Rotate, then plan the traveling teachers on the county after the moves, separately: the
baseline `rotaplan plan` is compared with (benchmarks/README.md).

    python benchmarks/separate.py instances/county-m [SECONDS]

Prints one JSON line: moves, moves into needs that traveling teachers cover, the unmet
shortage counting that coverage and not, and the timetable's status, gap and km.
"""

from __future__ import annotations

import json
import sys

from scheduler import rules
from scheduler.coplan import after_moves, counting, lesson_coverage
from scheduler.data import load_instance
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import SolverSettings
from scheduler.travel.solve import solve_travel


def main() -> None:
    inst = load_instance(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    settings = SolverSettings(time_limit=seconds, workers=2, seed=0)
    cover = lesson_coverage(inst)
    rotation = solve_rotation(inst, settings)
    timetable = solve_travel(after_moves(inst, rotation.placement), settings)
    placement = rules.placement_after(inst, rotation.placement)
    print(json.dumps({
        "rotation_status": rotation.stats.status,
        "moves": len(rotation.placement),
        "moves_into_covered_needs": sum((to, inst.teacher[t].subject) in cover
                                        for t, to in rotation.placement.items()),
        "unmet_counting_coverage": round(rules.total_shortage(counting(inst, cover),
                                                              placement), 4),
        "unmet": round(rules.total_shortage(inst, placement), 4),
        "travel_status": timetable.stats.status, "travel_gap": timetable.stats.gap,
        "km": round(sum(r.km for r in timetable.routes), 1),
        "lessons_placed": len({(s.site_id, s.class_id, s.subject) for s in timetable.slots}),
    }))


if __name__ == "__main__":
    main()
