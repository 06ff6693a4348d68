"""The fairness audit of a rotation plan: wishes granted, swap pairs, justified envy.

Preferences come from preferences.csv (`rotation_levels.wishes`: eligible teachers only,
their own school left out, the best rank of a school kept). A teacher *prefers* school x
to outcome y when x is one of their wishes and y is not, or x has the better rank; a
school that is no wish is worth the same as any other. Staying is preferred to any move
unless the teacher volunteered (自愿交流): the wishes rank where to go, not whether.

**Swap pair.** Two movers A and B, both with wishes, each preferring the other's
destination (A prefers B's destination to A's own, and B A's to B's), such that the plan
with the two destinations exchanged (1) keeps every hard rule of data contract §3 and
§5 (R1–R12, L), checked on the whole changed plan, and (2) is no worse on any objective
level but `preferences`, as `score` counts them; the `preferences` level then drops by
at least 2. Such a plan is dominated: the county loses nothing and two teachers gain,
so `fix_swaps` exchanges them until no pair is left. It ends: every exchange lowers the
`preferences` level, a whole number ≥ 0, by ≥ 2, and raises no other level, so it
makes at most preferences/2 exchanges, and each plan it passes through keeps every level
at or below the solver's. Mutual wishes whose exchange breaks a rule or costs a level
are listed apart (`Blocked`), with the first rule or level that stops them.

**Justified envy.** Teacher A (with wishes) prefers the destination s of mover B to A's
own outcome, A ranks above B in the county's priority order (`rotation.priority`,
compared key by key, higher first; backbone levels in the contract's order), and the
plan where A takes B's place (A goes to s; B takes A's outcome: A's destination, or B
stays when A stayed) keeps every hard rule. Principals and vice principals move by post
(R12), never by priority, so they are neither A nor B. Each case names the first
objective level the exchange would make worse (`costs`): that level is why the plan
chose B; a case that costs no level is envy the plan's objectives do not explain.

Which rules a changed plan breaks is a parameter (`RuleTest`): `LocalRules` checks them
here from `scheduler.rules`, and the independent checker passes its own rule functions
(`scheduler.check.rotation`), so both audit with one definition and two rule books.
No ortools here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from scheduler import rules
from scheduler.core import rotation_levels as lv
from scheduler.data.instance import Instance
from scheduler.data.models import Teacher
from scheduler.data.schema import Backbone, LockAction, Post
from scheduler.rotation.score import score

# (plan before, plan after) -> the first hard rule the plan after breaks, None if none;
# plans map teacher_id -> destination, movers only.
RuleTest = Callable[[Mapping[str, str], Mapping[str, str]], str | None]
BACKBONE_ORDER = tuple(Backbone)  # none < school < county < city < province
NONE = "none"  # the wish_ranks key of movers sent to no school they wished for
LEVEL = "preferences"  # the level a swap improves; every other must not get worse


@dataclass(frozen=True)
class SwapPair:
    """Movers `a` < `b` now going to `a_to` and `b_to`, each wishing for the other's school."""

    a: str
    b: str
    a_to: str
    b_to: str
    gain: int = 0  # how much the preferences level drops when they swap (unweighted)

    def record(self) -> dict[str, Any]:
        return {"teacher_ids": [self.a, self.b], "schools": [self.a_to, self.b_to],
                "gain": self.gain}


@dataclass(frozen=True)
class Blocked:
    """Mutual wishes that cannot be granted: `by` is the rule (R3, ...) or level broken."""

    a: str
    b: str
    a_to: str
    b_to: str
    by: str

    def record(self) -> dict[str, Any]:
        return {"teacher_ids": [self.a, self.b], "schools": [self.a_to, self.b_to],
                "by": self.by}


@dataclass(frozen=True)
class Envy:
    """Teacher `teacher_id` prefers `school` (wish `rank`), where lower-priority `envied` goes."""

    teacher_id: str
    envied: str
    school: str
    rank: int
    outcome: str | None  # the teacher's own destination; None: stays
    costs: str | None  # the first objective level the exchange makes worse; None: none

    def record(self) -> dict[str, Any]:
        return {"teacher_id": self.teacher_id, "envied": self.envied, "school": self.school,
                "rank": self.rank, "outcome": self.outcome, "costs": self.costs}


@dataclass
class Audit:
    """The audit of one plan (module docstring for the definitions)."""

    priority: tuple[str, ...]
    wish_ranks: dict[str, int]  # "1", "2", ..., "none": movers with wishes by rank granted
    stayers_with_wishes: int
    swap_pairs: list[SwapPair] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)
    envy: list[Envy] = field(default_factory=list)

    @property
    def movers_with_wishes(self) -> int:
        return sum(self.wish_ranks.values())

    @property
    def envy_unexplained(self) -> int:
        return sum(e.costs is None for e in self.envy)

    def record(self, swaps_made: list[SwapPair] | None = None) -> dict[str, Any]:
        """The summary's `fairness` block; `swaps_made`: the exchanges `fix_swaps` made."""
        out: dict[str, Any] = {
            "priority": list(self.priority),
            "teachers_with_wishes": self.movers_with_wishes + self.stayers_with_wishes,
            "movers_with_wishes": self.movers_with_wishes,
            "stayers_with_wishes": self.stayers_with_wishes,
            "wish_ranks": dict(self.wish_ranks),
            "swap_pairs_count": len(self.swap_pairs),
            "swap_pairs": [p.record() for p in self.swap_pairs],
            "mutual_wishes_blocked": [b.record() for b in self.blocked],
            "envy_count": len(self.envy),
            "envy_unexplained": self.envy_unexplained,
            "envy": [e.record() for e in self.envy],
        }
        if swaps_made is not None:
            out["swaps_made"] = [p.record() for p in swaps_made]
        return out


def audit(inst: Instance, moves: Mapping[str, str], rule_test: RuleTest | None = None
          ) -> Audit:
    """Wishes granted, swap pairs (and blocked mutual wishes) and justified envy of `moves`
    (teacher_id -> destination); `rule_test` defaults to `LocalRules`."""
    plan = _movers(inst, moves)
    ranks = lv.wishes(inst)
    test = rule_test or LocalRules(inst)
    levels = _Levels(inst, plan)
    worst = max((r for wished in ranks.values() for r in wished.values()), default=0)
    granted: Counter[str] = Counter()
    for tid, wished in ranks.items():
        if tid in plan:
            granted[str(wished[plan[tid]]) if plan[tid] in wished else NONE] += 1
    wish_ranks = {str(r): granted[str(r)] for r in range(1, worst + 1)} | {NONE: granted[NONE]}
    pairs, blocked = _swaps(inst, plan, ranks, test, levels)
    return Audit(priority=tuple(inst.policy.rotation.priority), wish_ranks=wish_ranks,
                 stayers_with_wishes=sum(tid not in plan for tid in ranks),
                 swap_pairs=pairs, blocked=blocked,
                 envy=_envy(inst, plan, ranks, test, levels))


def swap_pairs(inst: Instance, moves: Mapping[str, str], rule_test: RuleTest | None = None
               ) -> list[SwapPair]:
    """The swap pairs of `moves` (module docstring), in teacher_id order."""
    plan = _movers(inst, moves)
    return _swaps(inst, plan, lv.wishes(inst), rule_test or LocalRules(inst),
                  _Levels(inst, plan))[0]


def fix_swaps(inst: Instance, moves: Mapping[str, str], rule_test: RuleTest | None = None
              ) -> tuple[dict[str, str], list[SwapPair]]:
    """`moves` with swap pairs exchanged until none is left, and the exchanges made.

    The pair with the largest gain goes first (the first in teacher_id order on a tie), so
    the result does not depend on the order of `moves`. Termination: module docstring.
    """
    plan = _movers(inst, moves)
    test = rule_test or LocalRules(inst)
    made: list[SwapPair] = []
    while pairs := swap_pairs(inst, plan, test):
        best = max(pairs, key=lambda p: p.gain)  # max keeps the first of equals
        plan[best.a], plan[best.b] = best.b_to, best.a_to
        made.append(best)
    return plan, made


def prefers(wished: Mapping[str, int], school: str, outcome: str | None,
            volunteer: bool = False) -> bool:
    """Whether a teacher with wishes `wished` (school -> rank) strictly prefers `school` to
    `outcome` (a destination, or None for staying, which only a volunteer gives up)."""
    if school not in wished:
        return False
    if outcome is None:
        return volunteer
    return outcome not in wished or wished[school] < wished[outcome]


def priority_key(t: Teacher, priority: tuple[str, ...]) -> tuple[int, ...]:
    """The teacher's place in the county's order: compared key by key, higher first."""
    out = []
    for key in priority:
        if key == "backbone":
            out.append(BACKBONE_ORDER.index(t.backbone))
        else:
            out.append(int(getattr(t, key)))  # models.PRIORITY_KEYS, as the policy checked
    return tuple(out)


def _movers(inst: Instance, moves: Mapping[str, str]) -> dict[str, str]:
    return {tid: to for tid, to in moves.items() if to != inst.teacher[tid].school_id}


def _swaps(inst: Instance, plan: dict[str, str], ranks: dict[str, dict[str, int]],
           test: RuleTest, levels: _Levels) -> tuple[list[SwapPair], list[Blocked]]:
    movers = sorted(tid for tid in ranks if tid in plan)
    pairs, blocked = [], []
    for i, a in enumerate(movers):
        for b in movers[i + 1:]:
            a_to, b_to = plan[a], plan[b]
            if not (prefers(ranks[a], b_to, a_to) and prefers(ranks[b], a_to, b_to)):
                continue
            changed = {**plan, a: b_to, b: a_to}
            by = test(plan, changed) or levels.worse(changed)
            if by is not None:
                blocked.append(Blocked(a, b, a_to, b_to, by))
                continue
            gain = (lv.wish_cost(ranks[a], a_to) - lv.wish_cost(ranks[a], b_to)
                    + lv.wish_cost(ranks[b], b_to) - lv.wish_cost(ranks[b], a_to))
            pairs.append(SwapPair(a, b, a_to, b_to, gain))
    return pairs, blocked


def _envy(inst: Instance, plan: dict[str, str], ranks: dict[str, dict[str, int]],
          test: RuleTest, levels: _Levels) -> list[Envy]:
    priority = tuple(inst.policy.rotation.priority)
    arriving: dict[str, list[str]] = {}
    for tid, to in sorted(plan.items()):
        if not inst.teacher[tid].is_leader:
            arriving.setdefault(to, []).append(tid)
    out = []
    for a in sorted(ranks):
        ta = inst.teacher[a]
        outcome = plan.get(a)
        key = priority_key(ta, priority)
        for school in sorted(ranks[a], key=lambda s: (ranks[a][s], s)):
            if not prefers(ranks[a], school, outcome, ta.volunteer):
                continue
            for b in arriving.get(school, ()):
                if b == a or priority_key(inst.teacher[b], priority) >= key:
                    continue
                changed = {**plan, a: school}
                if outcome is None or outcome == inst.teacher[b].school_id:
                    del changed[b]
                else:
                    changed[b] = outcome
                if test(plan, changed) is None:
                    out.append(Envy(a, b, school, ranks[a][school], outcome,
                                    levels.worse(changed)))
    return out


class _Levels:
    """The plan's objective levels, and the first one a changed plan makes worse (scored
    only once a candidate needs it: most plans have none)."""

    def __init__(self, inst: Instance, plan: Mapping[str, str]):
        self.inst, self.plan = inst, dict(plan)

    @cached_property
    def base(self) -> dict[str, float]:
        return score(self.inst, self.plan)

    def worse(self, changed: Mapping[str, str]) -> str | None:
        after = score(self.inst, changed)
        for level in lv.LEVELS:
            if level == LEVEL:
                continue
            new, old = after[level], self.base[level]
            if new > old or (math.isnan(new) and not math.isnan(old)):
                return level
        return None


class LocalRules:
    """The hard rules (R1–R12, L) a plan breaks after some teachers' outcomes changed.

    The plan before the change is taken to keep every rule, so the per-teacher rules
    (R1, R3, R6, R7, R10, R11, R12's stage group, L) are checked for the changed teachers
    only, and the per-school rules (R4, R5, R9, R12's posts) at the schools they leave or
    reach; R2 counts the whole plan.
    """

    def __init__(self, inst: Instance):
        self.inst = inst

    @cached_property
    def due(self) -> set[str]:
        return {t.teacher_id for t in rules.leaders_to_move(self.inst)}

    @cached_property
    def required_movers(self) -> int:
        return rules.required_movers(self.inst)

    @cached_property
    def limits(self) -> dict[str, int]:
        return rules.headcount_limits(self.inst)

    def __call__(self, old: Mapping[str, str], new: Mapping[str, str]) -> str | None:
        changed = sorted(t for t in old.keys() | new.keys() if old.get(t) != new.get(t))
        for tid in changed:
            broken = self._teacher(tid, new.get(tid))
            if broken:
                return broken
        return self._schools(changed, old, new)

    def _teacher(self, tid: str, dest: str | None) -> str | None:
        inst, policy = self.inst, self.inst.policy
        t = inst.teacher[tid]
        locks = inst.locks_of.get(tid, ())
        if dest is None:
            if tid in self.due:
                return "R12"
            return "L" if any(k.action in (LockAction.MOVE, LockAction.TO) for k in locks) \
                else None
        home, there = inst.school[t.school_id], inst.school[dest]
        if dest == t.school_id:
            return "R8"
        if t.is_leader:
            if tid not in self.due or not rules.same_stage_group(home, there):
                return "R12"
        elif not rules.eligible(t, inst):
            return "R11" if tid in inst.on_exchange else "R1"
        km = inst.road_km(t.school_id, dest)
        if math.isnan(km) or km > policy.rotation.max_distance_km + 1e-9:
            return "R3"
        scope = policy.rotation.scope
        if scope != "county":
            attr = "group_id" if scope == "group" else "district_id"
            if getattr(home, attr) is not None and getattr(there, attr) != getattr(home, attr):
                return "R6"
        if rules.senior_title_candidate(t) and not there.receiving:
            return "R7"
        if rules.upward(t, home, there, policy):
            return "R10"
        for k in locks:
            if (k.action == LockAction.STAY or (k.action == LockAction.TO and dest != k.school_id)
                    or (k.action == LockAction.NOT_TO and dest == k.school_id)):
                return "L"
        return None

    def _schools(self, changed: list[str], old: Mapping[str, str], new: Mapping[str, str]
                 ) -> str | None:
        inst, policy = self.inst, self.inst.policy
        teachers = [tid for tid in new if not inst.teacher[tid].is_leader]
        backbone = sum(inst.teacher[tid].is_backbone for tid in teachers)
        if (len(teachers) < self.required_movers
                or backbone < rules.min_backbone_movers(len(teachers), policy)):
            return "R2"
        homes = {inst.teacher[tid].school_id for tid in changed}
        sent = Counter(inst.teacher[tid].school_id for tid in new)
        if any(sent[s] > rules.max_outflow(inst.staff[s], policy) for s in homes):
            return "R4"
        touched = homes | {m[tid] for m in (old, new) for tid in changed if tid in m}
        after = rules.placement_after(inst, new)
        counts = rules.main_subject_counts(inst, after)
        before = inst.main_subject_count
        if any(s in touched and req >= 1 and before[s, j] >= 1 and counts[s, j] == 0
               for (s, j), req in inst.required.items()):
            return "R5"
        heads = Counter(after.values())
        if any(heads[s] > self.limits[s] for s in touched if s in self.limits):
            return "R9"
        principals = Counter(after[t.teacher_id] for t in inst.teachers
                             if t.post == Post.PRINCIPAL)
        if any(principals[s] > 1 for s in touched):
            return "R12"
        for s in homes:
            posts = {inst.teacher[tid].post for tid in new
                     if inst.teacher[tid].school_id == s and inst.teacher[tid].is_leader}
            if {Post.PRINCIPAL, Post.VICE_PRINCIPAL} <= posts:
                return "R12"
        return None
