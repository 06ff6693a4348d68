"""Why lessons cannot be placed, in sentences a person can act on.

Counting checks come first (cheap, and they name the data to change): no qualified
teacher within reach (T2/T8, pins, T6), reachable teachers' weekly caps or time too small
for the demand (a max-flow over rows -> teachers), too few free periods in a class's week
(T3/busy/T7), and sites a teacher must serve that no two bell periods let it combine
(T4/T5). When those find nothing but the solver proves the timetable impossible, the
model is rebuilt with each rule family behind an assumption literal and every row
optional behind its own; CP-SAT names a set of assumptions that cannot hold together,
which is shrunk one assumption at a time to a minimal set of lessons and rules.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from ortools.graph.python import max_flow

from constraints.travel import RELAXABLE
from constraints.travel.travel_gap import staircase
from scheduler.core.travel_rules import in_scope, mobile, one_way_minutes, within_reach
from scheduler.solving import SolverSettings
from scheduler.travel import cpsat
from scheduler.travel.data import Row, TravelData
from scheduler.travel.model import build

SHOWN = 5  # rows or teachers named in one sentence before "and N more"

# What a person can change when an assumption is part of a conflict.
REMEDY = {
    "T2": "let another qualified teacher travel (can_travel) or serve there",
    "pins": "clear or change the pinned teacher_id",
    "T3": "the teachers and classes involved have too few free periods in common",
    "busy": "free some of their busy.csv slots",
    "T4": "leave more time between periods (period_starts) so teachers can drive between "
          "sites",
    "T5": "raise travel.max_sites_per_day",
    "T6": "raise max_travel_periods of the teachers who can take them",
    "T7": "the class would need a subject twice on one day",
    "T8": "raise travel.max_one_way_minutes so that a teacher farther away can take them",
    "T10": "lower the home_periods of the teachers who can take them, or raise "
           "travel.max_total_periods_*",
    "T12": "widen travel.scope so that teachers of other districts or townships may serve",
}


@dataclass(frozen=True)
class Reason:
    """Lessons that cannot all be placed, the rules behind it, and what to change.

    `definite`: each of these rows is impossible on its own (partial mode drops them).
    """

    rules: tuple[str, ...]
    rows: tuple[int, ...]
    text: str
    definite: bool = False


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


def _labels(data: TravelData, rows: list[int]) -> str:
    return _names([data.rows[r].label for r in sorted(rows)])


# --- counting checks ---------------------------------------------------------------------

def counting(data: TravelData, rows: list[Row] | None = None) -> list[Reason]:
    """Every conflict that counting alone proves, most specific first."""
    rows = data.rows if rows is None else rows
    reasons = [r for row in rows if (r := no_teacher(data, row))]
    reasons += [r for row in rows if (r := class_time(data, row))]
    dead = {r for reason in reasons for r in reason.rows}
    live = [row for row in rows if row.index not in dead]
    reasons += class_week(data, live)
    reasons += teacher_capacity(data, live)
    reasons += forced_sites(data, live)
    return reasons


def no_teacher(data: TravelData, row: Row) -> Reason | None:
    """T2/T8/T12/pins/T6/T10: nobody may take the row at all."""
    if data.candidates[row.index]:
        return None
    inst, label, subject = data.inst, row.label, row.subject
    max_min = inst.policy.travel.max_one_way_minutes
    if row.pinned is not None:
        t = inst.teacher[row.pinned]
        why = data.refusal(row, t.teacher_id)
        text = {
            "qualified": f"{label}: the pinned teacher {t.teacher_id} does not teach {subject} "
                         f"(T2); pin a {subject} teacher or clear teacher_id",
            "T2": f"{label}: the pinned teacher {t.teacher_id} may not travel (can_travel is "
                  f"false) and serves at {t.school_id}, not {row.site} (T2)",
            "T8": f"{label}: the pinned teacher {t.teacher_id}'s school {t.school_id} is "
                  f"{one_way_minutes(inst, t, row.site):.0f} min from {row.site}, more than "
                  f"max_one_way_minutes = {max_min:g} (T8)",
            "T6": f"{label}: the pinned teacher {t.teacher_id} may travel {data.cap[t.teacher_id]}"
                  f" periods a week (max_travel_periods), fewer than the row's "
                  f"{_periods(row.halves)} (T6)",
            "T10": f"{label}: the pinned teacher {t.teacher_id} may travel {data.cap[t.teacher_id]}"
                   f" periods a week beside home_periods = {t.home_periods} "
                   f"(max_total_periods_*), fewer than the row's {_periods(row.halves)} (T10)",
            "T12": f"{label}: the pinned teacher {t.teacher_id}'s school {t.school_id} is outside "
                   f"{row.site}'s {inst.policy.travel.scope} (travel.scope, T12)",
        }[why or "qualified"]
        return Reason(("pins", why or "T2"), (row.index,), text, definite=True)
    lesson = inst.lessons[row.index]
    qualified = [t for t in inst.teachers if t.teaches(lesson.subject)]
    if not qualified:
        return Reason(("T2",), (row.index,), f"{label}: no teacher in the county teaches "
                      f"{subject} (as main or other subject); add one (T2)", definite=True)
    movers = [t for t in qualified if mobile(t, row.site)]
    if not movers:
        return Reason(("T2",), (row.index,), f"{label}: none of the {len(qualified)} teacher(s) "
                      f"who teach {subject} may travel (can_travel) or serves at {row.site} (T2)",
                      definite=True)
    near = [t for t in movers if within_reach(inst, t, row.site)]
    if not near:
        nearest = min(movers, key=lambda t: (_minutes(data, t.teacher_id, row.site),
                                             t.teacher_id))
        return Reason(("T8",), (row.index,), f"{label}: the nearest {subject} teacher who may "
                      f"travel ({nearest.teacher_id} at {nearest.school_id}) is "
                      f"{_minutes(data, nearest.teacher_id, row.site):.0f} min away; "
                      f"max_one_way_minutes is {max_min:g} (T8)", definite=True)
    scoped = [t for t in near if in_scope(inst, t, row.site)]
    if not scoped:
        return Reason(("T12",), (row.index,), f"{label}: the {len(near)} {subject} teacher(s) "
                      f"within reach all belong outside {row.site}'s "
                      f"{inst.policy.travel.scope} (travel.scope, T12)", definite=True)
    top = max(data.cap[t.teacher_id] for t in scoped)
    rules = sorted({data.cap_rule[t.teacher_id] for t in scoped})
    return Reason(tuple(rules), (row.index,), f"{label}: the {len(scoped)} {subject} teacher(s) "
                  f"within reach may travel at most {top} periods a week (max_travel_periods, "
                  f"and max_total_periods_* less home_periods), fewer than the row's "
                  f"{_periods(row.halves)} ({', '.join(rules)})", definite=True)


def _periods(halves: int) -> str:
    """Halves of a period as the lessons say them: 3, 2.5."""
    return f"{halves // 2}" if halves % 2 == 0 else f"{halves / 2:g}"


def _minutes(data: TravelData, teacher_id: str, site: str) -> float:
    value = one_way_minutes(data.inst, data.inst.teacher[teacher_id], site)
    return math.inf if math.isnan(value) else value


def _room(data: TravelData, row: Row, teacher_id: str | None) -> int:
    """Periods the row could get in a week (T7 limit per day) with that teacher."""
    class_free = set(data.free(row.class_key))
    both = class_free & set(data.free(teacher_id)) if teacher_id else class_free
    per_day = defaultdict(int)
    for d, _p in both:
        per_day[d] += 1
    return sum(min(row.per_day, n) for n in per_day.values())


def class_time(data: TravelData, row: Row) -> Reason | None:
    """T3/busy/T7: the class (or the class and every candidate together) lacks free days."""
    if not data.candidates[row.index]:
        return None
    if _room(data, row, None) < row.periods:
        days = len({d for d, _p in data.free(row.class_key)})
        return Reason(("busy", "T7"), (row.index,), f"{row.label}: the class is free on only "
                      f"{days} day(s) (busy.csv) but needs {row.periods} periods of {row.subject}"
                      f", at most {row.per_day} a day (T7)", definite=True)
    if all(_room(data, row, t) < row.periods for t in data.candidates[row.index]):
        return Reason(("busy", "T7"), (row.index,), f"{row.label}: no teacher who could take it "
                      f"({_names(list(data.candidates[row.index]))}) is free with the class on "
                      f"enough days for {row.periods} periods, at most {row.per_day} a day "
                      f"(busy.csv, T7)", definite=True)
    return None


def class_week(data: TravelData, rows: list[Row]) -> list[Reason]:
    """T3/busy: a class needs more periods than it has free periods in the week."""
    by_class: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_class[row.class_key].append(row)
    out = []
    for key, members in sorted(by_class.items()):
        need, free = sum(r.periods for r in members), len(data.free(key))
        if need > free:
            out.append(Reason(("T3", "busy"), tuple(r.index for r in members),
                              f"class {key} needs {need} traveling periods a week but has only "
                              f"{free} free periods (T3, busy.csv)"))
    return out


def teacher_capacity(data: TravelData, rows: list[Row]) -> list[Reason]:
    """T6/T10/T3: a max-flow from rows through teachers' weekly caps and free periods."""
    rows = [r for r in rows if data.candidates[r.index]]
    teachers = sorted({t for r in rows for t in data.candidates[r.index]})
    if not rows:
        return []
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    row_node = {r.index: 2 + i for i, r in enumerate(rows)}
    base = 2 + len(rows)
    away = {t: base + 2 * i for i, t in enumerate(teachers)}
    total = {t: base + 2 * i + 1 for i, t in enumerate(teachers)}
    demand = 0  # in halves of a period: a biweekly row is half a period a week (T11), and
    # two of them may share a slot in odd and even weeks, so a slot holds two halves
    for r in rows:
        flow.add_arc_with_capacity(source, row_node[r.index], r.halves)
        demand += r.halves
        for t in data.candidates[r.index]:
            target = away[t] if data.travels(t, r) else total[t]
            flow.add_arc_with_capacity(row_node[r.index], target, r.halves)
    for t in teachers:
        flow.add_arc_with_capacity(away[t], total[t], 2 * data.cap[t])
        flow.add_arc_with_capacity(total[t], sink, 2 * len(data.free(t)))
    if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() >= demand:
        return []
    side = set(flow.get_source_side_min_cut())
    stuck = [r.index for r in rows if row_node[r.index] in side]
    crowd = [t for t in teachers if away[t] in side or total[t] in side]
    need = sum(data.rows[r].halves for r in stuck)
    caps = sum(2 * min(data.cap[t], len(data.free(t))) for t in crowd)
    rules = sorted({data.cap_rule[t] for t in crowd})
    limits = " and ".join({"T6": "max_travel_periods",
                           "T10": "max_total_periods_* less home_periods"}[r] for r in rules)
    return [Reason((*rules,), tuple(stuck),
                   f"{_labels(data, stuck)} need {_periods(need)} periods a week, but the only "
                   f"teachers who may take them ({_names(crowd)}) may give at most "
                   f"{_periods(caps)} (weekly {limits} and free periods; {', '.join(rules)}, "
                   f"T3); {_periods(flow.optimal_flow())} of {_periods(demand)} periods can be "
                   "covered")]


def forced_sites(data: TravelData, rows: list[Row]) -> list[Reason]:
    """T4/T5: a teacher who alone can take rows at several sites cannot fit them in a week."""
    need: dict[str, dict[str, int]] = defaultdict(dict)
    forced: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        cands = data.candidates[row.index]
        if len(cands) == 1:
            t = cands[0]
            need[t][row.site] = max(need[t].get(row.site, 0), row.days)
            forced[t].append(row.index)
    out = []
    for t, sites in sorted(need.items()):
        if sum(sites.values()) > data.days * data.max_sites:
            out.append(Reason(("T5",), tuple(forced[t]), f"teacher {t} alone can take "
                              f"{_labels(data, forced[t])}: that is {sum(sites.values())} "
                              f"site-days a week, more than {data.days} days × "
                              f"max_sites_per_day {data.max_sites} (T5)"))
            continue
        for a, b in combinations(sorted(sites), 2):
            if sites[a] + sites[b] <= data.days:
                continue
            if staircase(data, tuple(range(1, data.periods + 1)), a, b)[1] == 0:
                mins = min(data.minutes(a, b), data.minutes(b, a))
                both = [r for r in forced[t] if data.rows[r].site in (a, b)]
                out.append(Reason(("T4",), tuple(both), f"teacher {t} alone can take "
                                  f"{_labels(data, both)}: {sites[a]} day(s) at {a} and "
                                  f"{sites[b]} at {b}, but no two bell periods leave the "
                                  f"{mins:.0f} min needed to drive between them, and the week "
                                  f"has {data.days} days (T4)"))
    return out


# --- assumptions ---------------------------------------------------------------------------

def conflicts(data: TravelData, rows: list[Row], settings: SolverSettings,
              time_limit: float) -> list[Reason]:
    """A minimal set of lessons and rule families that cannot hold together (CP-SAT cores).

    Teachers refused by one relaxable rule only (mobility, reach, a pin, the cap) are
    offered too, so that rule can appear in the conflict. Empty when none is found in time.
    """
    deadline = time.perf_counter() + time_limit
    cands: dict[int, tuple[str, ...]] = {}
    relaxed: dict[tuple[int, str], str] = {}
    for row in rows:
        cands[row.index] = data.candidates[row.index]
        for t in data.inst.teachers:
            why = data.refusals(row, t.teacher_id)
            if len(why) == 1 and why[0] in RELAXABLE:
                relaxed[row.index, t.teacher_id] = why[0]
    ctx = build(data, rows, cands, level="slot", explain=True, relaxed=relaxed)
    meaning = {lit.index: ("rule", rule) for rule, lit in ctx.guards.items()}
    meaning.update({lit.index: ("row", r) for r, lit in ctx.v.placed.items()})
    lits = [*ctx.guards.values(), *ctx.v.placed.values()]
    core = cpsat.minimal_core(ctx.model, settings, lits, deadline)
    if core is None:
        return []
    rules = tuple(meaning[lit.index][1] for lit in core if meaning[lit.index][0] == "rule")
    stuck = sorted(meaning[lit.index][1] for lit in core if meaning[lit.index][0] == "row")
    if rules:
        named = "; ".join(f"{rule} ({RELAXABLE[rule]})" for rule in rules)
        text = (f"{_labels(data, stuck)} cannot all be placed: the rules in conflict are "
                f"{named}. To fix it: " + "; or ".join(REMEDY[rule] for rule in rules))
    else:
        text = (f"{_labels(data, stuck)} cannot all be placed: their periods do not fit in "
                f"the week of the classes and teachers involved (T1, T2)")
    return [Reason(rules, tuple(stuck), text)]


def sentences(reasons: list[Reason]) -> list[str]:
    return [r.text for r in reasons]
