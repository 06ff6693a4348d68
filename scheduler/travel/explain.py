"""Why lessons cannot be placed, in sentences a person can act on.

Counting checks come first (cheap, and they name the data to change): no qualified
teacher within reach (T2/T8, pins, T6), reachable teachers' weekly caps or time too small
for the demand (a max-flow over rows -> teachers), too few free periods in a class's week
(T3/busy/T7), and sites a teacher must serve that no two bell periods let it combine
(T4/T5). When those find nothing but the solver proves the timetable impossible, the
model is rebuilt with each rule family behind an assumption literal and every row
optional behind its own; CP-SAT names a set of assumptions that cannot hold together,
which is shrunk one assumption at a time to a minimal set of lessons and rules.

Every sentence is a `Note` of the catalogs' `[explain.travel]` table (what to change
included), said in the reader's language; `str()` of it is the English.
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
from scheduler.solving import Items, Note, SolverSettings
from scheduler.travel import cpsat
from scheduler.travel.data import Row, TravelData
from scheduler.travel.model import build
from scheduler.travel.result import whole

SHOWN = 5  # rows or teachers named in one sentence before "and N more"
K = "explain.travel."  # the catalogs' table of these sentences, what to change included


def say(key: str, **fields: object) -> Note:
    """A sentence of the `[explain.travel]` table, said in the reader's language."""
    return Note.of(K + key, **fields)


@dataclass(frozen=True)
class Reason:
    """Lessons that cannot all be placed, the rules behind it, and what to change.

    `definite`: each of these rows is impossible on its own (partial mode drops them).
    `note` says it in the reader's language (`str()`: the English).
    """

    rules: tuple[str, ...]
    rows: tuple[int, ...]
    note: Note
    definite: bool = False


def row_name(row: Row) -> Note:
    """A lesson row as a reader names it: `S010/G1 music` (the subject in words in Chinese)."""
    return say("row", class_key=row.class_key, subject=row.subject)


def _names(items: list[str]) -> Items:
    return Items.of(items, shown=SHOWN)


def _labels(data: TravelData, rows: list[int]) -> Items:
    return Items.of([row_name(data.rows[r]) for r in sorted(rows)], shown=SHOWN)


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
    inst, label, subject = data.inst, row_name(row), row.subject
    max_min = f"{inst.policy.travel.max_one_way_minutes:g}"
    scope = say(f"scope.{inst.policy.travel.scope}")
    if row.pinned is not None:
        t = inst.teacher[row.pinned]
        why = data.refusal(row, t.teacher_id)
        tid, cap, periods = t.teacher_id, data.cap[t.teacher_id], whole(row.halves / 2)
        if why == "T2":
            note = say("pin_T2", row=label, teacher=tid, school=t.school_id, site=row.site)
        elif why == "T8":
            note = say("pin_T8", row=label, teacher=tid, school=t.school_id, site=row.site,
                       minutes=f"{one_way_minutes(inst, t, row.site):.0f}", max_min=max_min)
        elif why == "T6":
            note = say("pin_T6", row=label, teacher=tid, cap=cap, periods=periods)
        elif why == "T10":
            note = say("pin_T10", row=label, teacher=tid, cap=cap, home=t.home_periods,
                       periods=periods)
        elif why == "T12":
            note = say("pin_T12", row=label, teacher=tid, school=t.school_id, site=row.site,
                       scope=scope)
        else:  # not qualified
            note = say("pin_qualified", row=label, teacher=tid, subject=subject)
        return Reason(("pins", why or "T2"), (row.index,), note, definite=True)
    lesson = inst.lessons[row.index]
    qualified = [t for t in inst.teachers if t.teaches(lesson.subject)]
    if not qualified:
        return Reason(("T2",), (row.index,), say("no_qualified", row=label, subject=subject),
                      definite=True)
    movers = [t for t in qualified if mobile(t, row.site)]
    if not movers:
        return Reason(("T2",), (row.index,), say("no_mover", row=label, n=len(qualified),
                                                 subject=subject, site=row.site),
                      definite=True)
    near = [t for t in movers if within_reach(inst, t, row.site)]
    if not near:
        nearest = min(movers, key=lambda t: (_minutes(data, t.teacher_id, row.site),
                                             t.teacher_id))
        return Reason(("T8",), (row.index,), say(
            "too_far", row=label, subject=subject, teacher=nearest.teacher_id,
            school=nearest.school_id, max_min=max_min,
            minutes=f"{_minutes(data, nearest.teacher_id, row.site):.0f}"), definite=True)
    scoped = [t for t in near if in_scope(inst, t, row.site)]
    if not scoped:
        return Reason(("T12",), (row.index,), say("out_of_scope", row=label, n=len(near),
                                                  subject=subject, site=row.site,
                                                  scope=scope), definite=True)
    top = max(data.cap[t.teacher_id] for t in scoped)
    rules = sorted({data.cap_rule[t.teacher_id] for t in scoped})
    return Reason(tuple(rules), (row.index,), say(
        "capped", row=label, n=len(scoped), subject=subject, top=top,
        periods=whole(row.halves / 2), rules=Items.of(rules)), definite=True)


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
        return Reason(("busy", "T7"), (row.index,), say(
            "class_days", row=row_name(row), days=days, periods=row.periods,
            subject=row.subject, per_day=row.per_day), definite=True)
    if all(_room(data, row, t) < row.periods for t in data.candidates[row.index]):
        return Reason(("busy", "T7"), (row.index,), say(
            "class_teacher_days", row=row_name(row),
            teachers=_names(list(data.candidates[row.index])), periods=row.periods,
            per_day=row.per_day), definite=True)
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
                              say("class_week", class_key=key, need=need, free=free)))
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
    return [Reason((*rules,), tuple(stuck), say(
        "capacity", rows=_labels(data, stuck), need=whole(need / 2), teachers=_names(crowd),
        caps=whole(caps / 2), limits=Items.of([say(f"limit.{r}") for r in rules], join="and"),
        rules=Items.of(rules), covered=whole(flow.optimal_flow() / 2),
        demand=whole(demand / 2)))]


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
            out.append(Reason(("T5",), tuple(forced[t]), say(
                "too_many_sites", teacher=t, rows=_labels(data, forced[t]),
                site_days=sum(sites.values()), days=data.days, max_sites=data.max_sites)))
            continue
        for a, b in combinations(sorted(sites), 2):
            if sites[a] + sites[b] <= data.days:
                continue
            if staircase(data, tuple(range(1, data.periods + 1)), a, b)[1] == 0:
                mins = min(data.minutes(a, b), data.minutes(b, a))
                both = [r for r in forced[t] if data.rows[r].site in (a, b)]
                out.append(Reason(("T4",), tuple(both), say(
                    "no_gap", teacher=t, rows=_labels(data, both), days_a=sites[a], a=a,
                    days_b=sites[b], b=b, minutes=f"{mins:.0f}", days=data.days)))
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
        note = say("conflict", rows=_labels(data, stuck),
                   rules=Items.of([say("rule_named", rule=r, title=say(f"rule.{r}"))
                                   for r in rules], join="semi"),
                   remedies=Items.of([say(f"remedy.{r}") for r in rules], join="or"))
    else:
        note = say("conflict_time", rows=_labels(data, stuck))
    return [Reason(rules, tuple(stuck), note)]


def sentences(reasons: list[Reason]) -> list[Note]:
    return [r.note for r in reasons]
