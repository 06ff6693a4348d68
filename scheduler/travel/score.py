"""A timetable's routes and objective, recomputed from its lesson periods alone.

No solver here (the checker imports this module): every term is counted by the same rule
family that puts it in the model (`constraints/travel/*.count`), in the same integer
units, so `score(...)["total"]` equals the objective a solve reports for those slots.
"""

from __future__ import annotations

import itertools

from constraints.travel import OBJECTIVE, routes
from scheduler.data.instance import Instance
from scheduler.travel.data import SCALE, TERM_UNITS, TravelData
from scheduler.travel.result import Route, Slot


def term_counts(data: TravelData, slots: list[Slot]) -> dict[str, int]:
    """Each objective term in its integer unit (km in metres)."""
    return {family.TERM: family.count(data, slots) for family in OBJECTIVE}


def points(data: TravelData, counts: dict[str, int]) -> int:
    """The integer objective the solver minimises."""
    return sum(data.coef[name] * n for name, n in counts.items())


def score(inst: Instance, slots: list[Slot], data: TravelData | None = None
          ) -> dict[str, float]:
    """Every objective term ("km", "road_days", "loads", "spread", "unplaced") and "total"."""
    data = data or TravelData(inst)
    counts = term_counts(data, slots)
    out = {name: n / TERM_UNITS[name] for name, n in counts.items()}
    out["total"] = points(data, counts) / SCALE
    return out


def build_routes(inst: Instance, slots: list[Slot]) -> list[Route]:
    """T9: one route per teacher and day with lessons; true road km and minutes."""
    home = {t.teacher_id: t.school_id for t in inst.teachers}
    out = []
    for (t, d), sites in routes.day_sites(slots).items():
        stops = routes.stops(home[t], sites)
        legs = list(itertools.pairwise(stops))
        km = sum(inst.road_km(a, b) for a, b in legs if a != b)
        minutes = sum(inst.road_minutes(a, b) for a, b in legs if a != b)
        out.append(Route(t, d, stops, float(km), float(minutes)))
    return out
