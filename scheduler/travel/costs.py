"""走教补贴: what the county pays its traveling teachers over the term (data contract §5).

A teacher's week is its routes (travel_routes.csv): days on the road and road km. Over
the term each weekday's route is driven on every school day that teaches that weekday
(`scheduler.term`: holidays off, make-up workdays on), so

    term_days  = Σ over the teacher's route days d of (school days taught as d)
    term_km    = Σ over the teacher's route days d of km(d) × (school days taught as d)
    allowance  = per_km × term_km + per_day × term_days     (yuan, `travel.allowance`)

A day whose lessons away from home are all biweekly (T11, `weeks` odd or even) is driven
in those weeks only; a day that mixes them with weekly lessons counts every week at the
week's route (its even-week route, shorter, is not priced apart: a small overpayment).

Km are the routes' as written (3 decimals), so `rotaplan check` recomputes the same
figures from the files alone. No ortools here: the checker uses this.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from scheduler.data.instance import Instance
from scheduler.term import Term
from scheduler.travel.result import Route, Slot

COST_COLUMNS = ("teacher_id", "days_per_week", "km_per_week", "term_days", "term_km",
                "term_allowance")
KM_DECIMALS = 3
YUAN_DECIMALS = 2


def costs_frame(inst: Instance, routes: Iterable[Route], term: Term,
                slots: Iterable[Slot] = ()) -> pd.DataFrame:
    """travel_costs.csv: one row per teacher with a route, by teacher_id; `slots` (the
    timetable) says which days are driven in odd or even weeks only (T11)."""
    pay = inst.policy.travel.allowance
    weeks: dict[tuple[str, int], set[str]] = defaultdict(set)
    for s in slots:
        t = inst.teacher.get(s.teacher_id)  # the checker's plan may name one it does not know
        if t is None or s.site_id != t.school_id:
            weeks[(s.teacher_id, s.day)].add(s.weeks)
    only = {key: next(iter(w)) for key, w in weeks.items() if len(w) == 1 and "" not in w}
    by_teacher: dict[str, list[Route]] = defaultdict(list)
    for r in routes:
        by_teacher[r.teacher_id].append(r)
    rows = []
    for tid, own in sorted(by_teacher.items()):
        km = [round(r.km, KM_DECIMALS) for r in own]
        days = [term.count(r.day, only.get((tid, r.day), "")) for r in own]
        term_days = sum(days)
        term_km = round(sum(k * n for k, n in zip(km, days, strict=True)), KM_DECIMALS)
        rows.append((tid, len(own), round(sum(km), KM_DECIMALS), term_days, term_km,
                     round(pay.per_km * term_km + pay.per_day * term_days, YUAN_DECIMALS)))
    return pd.DataFrame(rows, columns=list(COST_COLUMNS))


def township_costs(inst: Instance, costs: pd.DataFrame) -> pd.DataFrame:
    """The allowance per township of the teachers' own schools (a school's township is its
    central school, or itself), for the township's budget line."""
    rows = defaultdict(lambda: [0, 0.0, 0, 0.0, 0.0])
    for r in costs.itertuples():
        school = inst.school[inst.teacher[r.teacher_id].school_id]
        key = school.central_school_id or school.school_id
        acc = rows[key]
        acc[0] += 1
        acc[1] += r.km_per_week
        acc[2] += r.term_days
        acc[3] += r.term_km
        acc[4] += r.term_allowance
    out = [(key, inst.school[key].name, n, round(wk, KM_DECIMALS), d, round(km, KM_DECIMALS),
            round(yuan, YUAN_DECIMALS)) for key, (n, wk, d, km, yuan) in sorted(rows.items())]
    return pd.DataFrame(out, columns=["central_school_id", "central_school_name", "teachers",
                                      "km_per_week", "term_days", "term_km",
                                      "term_allowance"])
