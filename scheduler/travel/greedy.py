"""The baseline: the "one site a day" timetable a central school draws by hand.

Each teacher spends each day at one site. Rows only one teacher can take come first, then
the rest site by site, longest first; a row goes to the teacher who already serves that
site, else the nearest free one (then the least loaded), on the days that teacher is
already there, else on new days spread over the week. It keeps every rule (T1-T9: one
site a day needs no travel between lessons), is fast, and is what the solver's km are
measured against.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.travel.data import Row, TravelData
from scheduler.travel.result import Slot


def plan(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]] | None = None
         ) -> tuple[list[Slot], list[int]]:
    """A one-site-a-day timetable for `rows` (teachers from `cands`, by default every
    candidate), and the rows it could not place."""
    cands = data.candidates if cands is None else cands
    at: dict[tuple[str, int], str] = {}            # (teacher, day) -> the site that day
    taken: set[tuple[str, int, int]] = set(data.busy)  # (owner, day, period) not free
    away = defaultdict(int)
    load = defaultdict(int)
    serves: dict[str, set[str]] = defaultdict(set)  # site -> teachers already there
    slots: list[Slot] = []
    left: list[int] = []
    # Rows only one teacher can take go first (pins, rare subjects), then site by site.
    order = sorted(rows, key=lambda r: (len(cands[r.index]) > 1, r.site,
                                        len(cands[r.index]), -r.periods,
                                        r.class_id, r.subject))
    for row in order:
        ranked = sorted(cands[row.index], key=lambda t: (
            t not in serves[row.site], data.metres(data.home[t], row.site), load[t], t))
        for t in ranked:
            if data.travels(t, row) and away[t] + row.halves > 2 * data.cap[t]:
                continue
            placed = _place(data, row, t, at, taken)
            if placed is None:
                continue
            for d, p in placed:
                at[t, d] = row.site
                taken.add((t, d, p))
                taken.add((row.class_key, d, p))
                slots.append(Slot(t, d, p, row.site, row.class_id, row.subject))
            load[t] += row.periods
            away[t] += row.halves if data.travels(t, row) else 0  # T6/T10 in halves
            serves[row.site].add(t)
            break
        else:
            left.append(row.index)
    return sorted(slots), sorted(left)


def _place(data: TravelData, row: Row, t: str, at: dict[tuple[str, int], str],
           taken: set[tuple[str, int, int]]) -> list[tuple[int, int]] | None:
    """Periods for the whole row with teacher t, or None if they do not fit."""
    usable = {}
    for d in range(1, data.days + 1):
        if at.get((t, d), row.site) != row.site:
            continue
        free = [p for p in range(1, data.periods + 1)
                if (t, d, p) not in taken and (row.class_key, d, p) not in taken]
        if free:
            usable[d] = free
    chosen: list[tuple[int, int]] = []
    days: list[int] = []
    while len(chosen) < row.periods:
        options = [d for d in usable if d not in days]
        if not options:
            break
        d = min(options, key=lambda d: (at.get((t, d)) != row.site,
                                        sum(1 for e in days if abs(e - d) <= 1), d))
        days.append(d)
        chosen.extend((d, p) for p in usable[d][:min(row.per_day, row.periods - len(chosen))])
    return chosen if len(chosen) == row.periods else None
