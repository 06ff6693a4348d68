"""What each move of a plan is for: the objective level or hard rule it serves (`serves`).

A move serves the first objective level (in `levels.LEVELS` order) that gets worse when
that one move is undone and the others stay, as `score` counts it; `movers` is passed
over, since undoing any move lowers it. A move that no level needs is there for a hard
rule: R12 for a principal or vice principal, L for a lock that requires it (`move`,
`to`), else R2 (the quota). A principal or vice principal not due moves only to make
room for a due one (R12's stage, `solve.py`), so its move serves R12 whatever the levels
say. People read this column to see why a colleague was picked.

One `score` call costs 60-160 ms on a generated county of 1,800-4,200 teachers, almost all
of it in figures that no move changes: 300 moves took 19-47 s that way, 0.2 s here.
Undoing one move changes the counts of two schools only: `Undo` keeps per-school counts and
recomputes a level from those two schools. It knows the levels below by their definitions
in `rotation_levels.py`; each is trusted only where its value for the whole plan equals `score`'s,
and any other level (a new one, or one whose definition changed) is taken from `score`.
No ortools here: the checker may call this too.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from scheduler import rules
from scheduler.core import rotation_levels as lv
from scheduler.data.instance import Instance
from scheduler.data.models import Teacher
from scheduler.data.schema import LockAction
from scheduler.rotation.score import score

SKIPPED = "movers"  # undoing a move always lowers the mover count
LEADER, LOCK, QUOTA = "R12", "L", "R2"
REQUIRING_LOCKS = (LockAction.MOVE, LockAction.TO)
# The two shortage levels differ only in the weight of a unit of unmet need.
SHORTAGE_WEIGHTS = {"shortage": lv.shortage_weight, "shortage_place": lv.place_weight}


def serves(inst: Instance, moves: Mapping[str, str]) -> dict[str, str]:
    """teacher_id -> the level (`shortage`, ...) or rule (`R12`, `L`, `R2`) each move serves.

    `moves` maps teacher_id -> destination; entries that stay at their school are left out.
    """
    before = rules.placement_before(inst)
    plan = {tid: dest for tid, dest in moves.items() if dest != before[tid]}
    whole = score(inst, plan)
    undo = Undo(inst, plan)
    fast = {level for level, value in undo.values().items()
            if level in whole and _same(value, whole[level])}
    not_due = {t.teacher_id for t in rules.leaders_not_due(inst)}
    out = {}
    for tid in sorted(plan):
        if tid in not_due:
            out[tid] = LEADER
            continue
        slow: dict[str, float] | None = None
        served = None
        for level in lv.LEVELS:
            if level == SKIPPED:
                continue
            if level in fast:
                without = undo.without(level, tid)
            else:
                if slow is None:
                    slow = score(inst, {k: v for k, v in plan.items() if k != tid})
                without = slow[level]
            if without > whole[level]:
                served = level
                break
        out[tid] = served or hard_rule(inst, tid)
    return out


def hard_rule(inst: Instance, tid: str) -> str:
    """The rule that makes a move no objective level needs: R12, L or R2."""
    if inst.teacher[tid].is_leader:
        return LEADER
    if any(lock.action in REQUIRING_LOCKS for lock in inst.locks_of.get(tid, ())):
        return LOCK
    return QUOTA


class Undo:
    """The levels of a plan, and of the plan with one move undone, from per-school counts.

    Each level is `score`'s definition (rotation_levels.py) evaluated on the two schools the undone
    move touches; `values()` gives the whole plan's, to compare with `score`.
    """

    LEVELS = (*SHORTAGE_WEIGHTS, "senior_title", "cv_limits", "standards", "balance",
              "same_scope", "distance", "preferences")

    def __init__(self, inst: Instance, plan: Mapping[str, str]) -> None:
        self.inst = inst
        self.plan = dict(plan)
        self.home = {tid: inst.teacher[tid].school_id for tid in plan}
        self.w = lv.weights(inst.policy)
        after = rules.placement_after(inst, plan)
        self.q = lv.shortage_scale(inst)
        self.required = lv.required_units(inst, self.q)
        self.subject_count = rules.main_subject_counts(inst, after)
        self.stage = {sc.school_id: rules.stage_group(sc.stage) for sc in inst.schools}
        self.standard_count = self._standard_counts(after)
        self.minimum = lv.standard_pairs(inst)
        self.cvs = lv.cv_limits(inst, self._standard_counts(rules.placement_before(inst)))
        self.cv_w = [dict(zip(cv.schools, zip(cv.w, cv.lin, strict=True), strict=True))
                     for cv in self.cvs]
        self.cv_sq = [sum(w * self.standard_count[s, cv.indicator] ** 2
                          + a * self.standard_count[s, cv.indicator] for s, (w, a) in ws.items())
                      for cv, ws in zip(self.cvs, self.cv_w, strict=True)]
        self.cv_sum = [sum(self.standard_count[s, cv.indicator] for s in cv.schools)
                       for cv in self.cvs]
        self.targets = lv.balance_targets(inst)
        self.indicator_count: Counter[tuple[str, str]] = Counter()
        for t in inst.teachers:
            for ind in lv.INDICATORS:
                self.indicator_count[after[t.teacher_id], ind] += lv.indicator_of(t, ind)
        self.ranks = lv.wishes(inst)
        self.km = {tid: inst.road_km(self.home[tid], dest) for tid, dest in plan.items()}
        self.raw = {level: sum(self._shortage_cell(level, s, j, self.subject_count[s, j])
                               for s, j in self.required) for level in SHORTAGE_WEIGHTS}
        self.raw |= {
            "senior_title": sum(self._senior_title(t.teacher_id, after[t.teacher_id])
                                for t in inst.teachers),
            "cv_limits": sum(self._cv_measure(i, self.cv_sq[i], self.cv_sum[i]) > 0
                             for i in range(len(self.cvs))),
            "standards": sum(max(0, lo - self.standard_count[key])
                             for key, lo in self.minimum.items()),
            "balance": sum(self._balance_cell(s, ind, self.indicator_count[s, ind])
                           for s, ind in self.targets),
            "same_scope": sum(self._out_of_scope(tid) for tid in plan),
            "distance": sum(lv.km_units(k) for k in self.km.values() if not math.isnan(k)),
            "preferences": sum(self._wish(tid) for tid in plan),
        }
        self.unknown_roads = sum(math.isnan(k) for k in self.km.values())

    def values(self) -> dict[str, float]:
        """The whole plan's levels, weighted as `score` reports them."""
        return {level: self._weighted(level, self.raw[level], self.unknown_roads)
                for level in self.LEVELS if level in self.w.level}

    def without(self, level: str, tid: str) -> float:
        """`score(inst, plan without tid's move)[level]`."""
        t = self.inst.teacher[tid]
        home, dest = self.home[tid], self.plan[tid]
        unknown = self.unknown_roads
        if level in SHORTAGE_WEIGHTS:
            count = self.subject_count
            change = sum(self._shortage_cell(level, s, t.subject, count[s, t.subject] + d)
                         - self._shortage_cell(level, s, t.subject, count[s, t.subject])
                         for s, d in ((dest, -1), (home, 1)))
        elif level == "senior_title":
            change = self._senior_title(tid, home) - self._senior_title(tid, dest)
        elif level == "cv_limits":
            change = self._cv_limits_undone(self._standard_steps(t, home, dest))
        elif level == "standards":
            change = self._standards_undone(self._standard_steps(t, home, dest))
        elif level == "balance":
            change = sum(self._balance_cell(s, ind, self.indicator_count[s, ind] + d)
                         - self._balance_cell(s, ind, self.indicator_count[s, ind])
                         for ind in lv.INDICATORS if lv.indicator_of(t, ind)
                         for s, d in ((dest, -1), (home, 1)))
        elif level == "same_scope":
            change = -self._out_of_scope(tid)
        elif level == "distance":
            known = not math.isnan(self.km[tid])
            change = -lv.km_units(self.km[tid]) if known else 0
            unknown -= not known
        elif level == "preferences":
            change = -self._wish(tid)
        else:
            raise KeyError(level)
        return self._weighted(level, self.raw[level] + change, unknown)

    def _weighted(self, level: str, raw: int, unknown_roads: int) -> float:
        if level == "distance" and unknown_roads:
            return math.nan
        return float(self.w.level[level] * raw)

    def _shortage_cell(self, level: str, school: str, subject: str, count: int) -> int:
        req = self.required.get((school, subject))
        if req is None:
            return 0
        weight = SHORTAGE_WEIGHTS[level](self.inst, self.w, school, subject)
        return weight * max(0, req - self.q * count)

    def _senior_title(self, tid: str, school: str) -> int:
        t = self.inst.teacher[tid]
        return int(lv.counts_for_senior_title(t, self.inst)
                   and not self.inst.school[school].receiving)

    def _standard_counts(self, placement: Mapping[str, str]) -> Counter[tuple[str, str]]:
        out: Counter[tuple[str, str]] = Counter()
        for t in self.inst.teachers:
            school = placement[t.teacher_id]
            for ind in lv.STANDARD_INDICATORS:
                out[school, ind] += lv.indicator_at(t, ind, self.stage[school])
        return out

    def _standard_steps(self, t: Teacher, home: str, dest: str) -> dict[tuple[str, str], int]:
        """(school, indicator) -> the change of its count when `t` goes back home."""
        steps = {}
        for ind in lv.STANDARD_INDICATORS:
            for school, sign in ((dest, -1), (home, 1)):
                if lv.indicator_at(t, ind, self.stage[school]):
                    steps[school, ind] = sign
        return steps

    def _standards_undone(self, steps: Mapping[tuple[str, str], int]) -> int:
        change = 0
        for key, d in steps.items():
            lo = self.minimum.get(key)
            if lo is not None:
                count = self.standard_count[key]
                change += max(0, lo - count - d) - max(0, lo - count)
        return change

    def _cv_limits_undone(self, steps: Mapping[tuple[str, str], int]) -> int:
        change = 0
        for i, cv in enumerate(self.cvs):
            sq, total = self.cv_sq[i], self.cv_sum[i]
            for (school, ind), d in steps.items():
                wa = self.cv_w[i].get(school)
                if ind == cv.indicator and wa is not None:
                    count, (w, a) = self.standard_count[school, ind], wa
                    sq += w * ((count + d) ** 2 - count ** 2) + a * d
                    total += d
            change += ((self._cv_measure(i, sq, total) > 0)
                       - (self._cv_measure(i, self.cv_sq[i], self.cv_sum[i]) > 0))
        return change

    def _cv_measure(self, i: int, sq: int, total: int) -> int:
        """CvLimit.measure from the sums Σ (w_s c_s² + lin_s c_s) and Σ c_s."""
        cv = self.cvs[i]
        return sq - cv.slope * (total - cv.c0) - cv.offset

    def _balance_cell(self, school: str, indicator: str, count: int) -> int:
        target = self.targets.get((school, indicator))
        if target is None:
            return 0
        return (self.w.factor[f"balance_{indicator}"]
                * abs(lv.BALANCE_SCALE * count - target))

    def _out_of_scope(self, tid: str) -> int:
        school = self.inst.school
        return int(lv.same_scope(school[self.home[tid]], school[self.plan[tid]]) is None)

    def _wish(self, tid: str) -> int:
        ranks = self.ranks.get(tid)
        return 0 if ranks is None else lv.wish_cost(ranks, self.plan[tid])


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))
