"""Candidate destinations: the arcs (group -> school) that get a flow variable.

Filters: R3 (distance), R6 (scope), R7 (senior-title candidates), R10 (direction),
R12 (a leader stays in its stage group) and L (locks) decide which schools a group may go
to; each is a family in `constraints/rotation/` with `allowed(prob, group)`.

Which destinations can matter is decided exactly, by dominance, not by a heuristic, so an
OPTIMAL status stays a proof for the whole problem. A destination *interacts* with a
group when what one more such teacher is worth there depends on the rest of the plan:
the group's subject may be short there after the plan (its needs exceed the teachers
who cannot leave), or, for backbone and PE/arts teachers, the school may end below its
balance target. Everywhere else each teacher adds a fixed cost per level (no shortage
gain, a balance cost of 0 or K per indicator, scope, distance, wish) and schools take any
number, so all such teachers of the group are best sent to the one lexicographically
cheapest of those schools: the others are dropped. A school with a headcount limit (R9)
does not take any number, and every school the per-school standards or a CV limit judge
counts for a group with that indicator, so those always interact: under the default
`headcount = "needs"` nothing is dropped.

For explanations (`filtered=False`) the arcs that the filters forbid are kept, with a
flag per rule, so that those families can be switched off; each non-interacting school
then stands for all schools with the same flags, and only R5 and R9 make a school
interact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from constraints.rotation import direction, distance, leaders, locks, scope, senior_title
from scheduler.core import rotation_levels as lv
from scheduler.rotation.problem import Group, Problem

FILTER_FAMILIES = (distance, scope, senior_title, direction, leaders, locks)
FILTERS = tuple(f.RULE for f in FILTER_FAMILIES)


@dataclass
class Arcs:
    """Parallel arrays, one entry per arc, and the lookups the families need."""

    group: np.ndarray  # group index
    dest: np.ndarray  # school index
    km: np.ndarray  # road km
    km_units: np.ndarray
    scope: list[str | None]  # "same_group", "same_district" or None
    wish: np.ndarray  # wish cost (0 for groups without wishes)
    ub: np.ndarray  # at most min(group size, sending cap) teachers on one arc
    ok: dict[str, np.ndarray]  # rule -> whether the arc keeps it (R3, R6, R7)
    by_group: list[list[int]] = field(default_factory=list)
    into: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (dest, subject)
    into_school: dict[str, list[int]] = field(default_factory=dict)  # dest
    out_of: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (home, subject)
    into_ind: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (dest, ind)
    out_ind: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (home, ind)
    from_school: dict[str, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.group)


def build_arcs(prob: Problem, filtered: bool = True) -> Arcs:
    """The candidate arcs of `prob`; `filtered=False` keeps filter-forbidden ones (flagged)."""
    inst = prob.inst
    index = inst.school_index
    km_all = inst.km
    interacts = _interactions(prob, filtered)
    w = prob.weights
    unit_cost = {ind: np.array([w.factor[f"balance_{ind}"] * lv.BALANCE_SCALE
                                if (s, ind) in prob.targets else 0 for s in prob.schools])
                 for ind in lv.INDICATORS}
    scope_of = [[lv.same_scope(a, b) for b in inst.schools] for a in inst.schools]

    rows: list[tuple[int, int, int]] = []  # (group, dest, wish)
    ok_rows: list[tuple[bool, ...]] = []
    for g in prob.groups:
        h = index[g.school_id]
        base = ~np.isnan(km_all[h])
        base[h] = False
        flags = tuple(f.allowed(prob, g) for f in FILTER_FAMILIES)
        wish = np.zeros(len(prob.schools), dtype=np.int64)
        if g.wishes:
            wish[:] = max(g.wishes.values())
            for s, rank in g.wishes.items():
                wish[index[s]] = rank - 1
        mask = base & np.logical_and.reduce(flags) if filtered else base
        inter = mask & interacts(g)
        rest = np.flatnonzero(mask & ~inter)
        if filtered:
            keep = _cheapest(prob, g, rest, km_all[h], scope_of[h], unit_cost, wish)
        else:
            keep = _one_per_pattern(rest, km_all[h], flags)
        for d in sorted([*np.flatnonzero(inter).tolist(), *keep]):
            rows.append((g.index, d, int(wish[d])))
            ok_rows.append(tuple(bool(f[d]) for f in flags))
    return _assemble(prob, rows, ok_rows, scope_of)


def _interactions(prob: Problem, filtered: bool):
    """group -> bool mask of the schools where its teachers interact (module docstring)."""
    schools = prob.schools
    k = lv.BALANCE_SCALE
    subjects = {g.subject for g in prob.groups}
    if filtered:
        short = {j: np.array([prob.req_units.get((s, j), 0)
                              > prob.q * (prob.before[s, j] - prob.max_out(s, subject=j))
                              for s in schools]) for j in subjects}
    else:  # only R5 makes a school interact: its last teachers of a required subject may go
        short = {j: np.array([prob.floor_applies(s, j)
                              and prob.before[s, j] - prob.max_out(s, subject=j) < 1
                              for s in schools]) for j in subjects}
    below = {ind: np.array([(s, ind) in prob.targets
                            and k * (prob.indicator_before[s, ind] - prob.max_out(s, indicator=ind))
                            < prob.targets[s, ind] for s in schools])
             for ind in lv.INDICATORS}
    balance = filtered and prob.weights.on("balance")
    n = len(schools)
    everywhere = np.ones(n, dtype=bool)
    judged = {(ind, stage): np.array([(s, ind) in prob.standards and prob.stage_of[s] == stage
                                      for s in schools])
              for ind in lv.STANDARD_INDICATORS for stage in ("primary", "junior")}
    standards = filtered and prob.weights.on("standards")

    def interacts(g: Group) -> np.ndarray:
        if (prob.limits or g.leader or g.teacher_ids[0] in prob.inst.locks_of
                or g.teacher_ids[0] in prob.previous):
            # capacities (R9), one principal a school (R12), locks (L), a previous move
            # (keeping it costs no change, going elsewhere one)
            return everywhere
        mask = short[g.subject].copy()
        if balance:
            for ind in lv.INDICATORS:
                if g.has(ind):
                    mask |= below[ind]
        if standards:
            for (ind, stage), at in judged.items():
                if g.counts(ind, stage):
                    mask |= at
        return mask

    return interacts


def _cheapest(prob: Problem, g, rest: np.ndarray, km: np.ndarray, scope_row: list,
              unit_cost: dict[str, np.ndarray], wish: np.ndarray) -> list[int]:
    """The lexicographically cheapest non-interacting destination (none if `rest` is empty)."""
    if not len(rest):
        return []
    lvl = prob.weights.level
    bal = sum((unit_cost[ind][rest] for ind in lv.INDICATORS if g.has(ind)),
              np.zeros(len(rest), dtype=np.int64)) * lvl["balance"]
    out = np.array([scope_row[d] is None for d in rest], dtype=np.int64) * lvl["same_scope"]
    dist = np.rint(km[rest] / lv.KM_PER_UNIT).astype(np.int64) * lvl["distance"]
    pref = wish[rest] * lvl["preferences"]
    order = np.lexsort((rest, pref, dist, out, bal))
    return [int(rest[order[0]])]


def _one_per_pattern(rest: np.ndarray, km: np.ndarray, flags: tuple[np.ndarray, ...]
                     ) -> list[int]:
    """For feasibility only the R3/R6/R7 flags tell schools apart: the nearest of each kind."""
    best: dict[tuple[bool, ...], int] = {}
    for d in rest[np.argsort(km[rest], kind="stable")]:
        best.setdefault(tuple(bool(f[d]) for f in flags), int(d))
    return list(best.values())


def _assemble(prob: Problem, rows: list[tuple[int, int, int]],
              ok_rows: list[tuple[bool, ...]], scope_of: list[list[str | None]]) -> Arcs:
    inst = prob.inst
    index = inst.school_index
    group = np.array([r[0] for r in rows], dtype=np.int64)
    dest = np.array([r[1] for r in rows], dtype=np.int64)
    home = np.array([index[prob.groups[g].school_id] for g in group.tolist()], dtype=np.int64)
    km = inst.km[home, dest] if len(rows) else np.zeros(0)
    sizes = np.array([prob.groups[g].size for g in group.tolist()], dtype=np.int64)
    caps = np.array([prob.cap[prob.groups[g].school_id] for g in group.tolist()], dtype=np.int64)
    ok = np.array(ok_rows, dtype=bool).reshape(-1, len(FILTERS))
    arcs = Arcs(
        group=group, dest=dest, km=km,
        km_units=np.rint(km / lv.KM_PER_UNIT).astype(np.int64),
        scope=[scope_of[h][d] for h, d in zip(home.tolist(), dest.tolist(), strict=True)],
        wish=np.array([r[2] for r in rows], dtype=np.int64),
        ub=np.minimum(sizes, caps),
        ok={rule: ok[:, i] for i, rule in enumerate(FILTERS)})
    by_group: list[list[int]] = [[] for _ in prob.groups]
    into: dict[tuple[str, str], list[int]] = defaultdict(list)
    into_school: dict[str, list[int]] = defaultdict(list)
    out_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    into_ind: dict[tuple[str, str], list[int]] = defaultdict(list)
    out_ind: dict[tuple[str, str], list[int]] = defaultdict(list)
    from_school: dict[str, list[int]] = defaultdict(list)
    for a, (gi, d) in enumerate(zip(group.tolist(), dest.tolist(), strict=True)):
        g = prob.groups[gi]
        to = prob.schools[d]
        by_group[gi].append(a)
        into[to, g.subject].append(a)
        into_school[to].append(a)
        out_of[g.school_id, g.subject].append(a)
        from_school[g.school_id].append(a)
        for ind in lv.INDICATORS:
            if g.has(ind):
                into_ind[to, ind].append(a)
                out_ind[g.school_id, ind].append(a)
    arcs.by_group, arcs.into, arcs.out_of = by_group, dict(into), dict(out_of)
    arcs.into_school = dict(into_school)
    arcs.into_ind, arcs.out_ind, arcs.from_school = dict(into_ind), dict(out_ind), dict(from_school)
    return arcs
