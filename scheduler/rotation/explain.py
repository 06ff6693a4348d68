"""Why no rotation plan exists, in sentences a county HR officer can act on.

Counting first, before any model: locks that contradict each other, the rules of who may
move or the filters (L); due principals and vice principals with nowhere to go, and
schools left with two principals (R12); schools that must send more teachers than they
may (R9 posts, locks and due leaders against R4 and R1); quotas (R2) that the caps (less
the places due leaders take) and the schools within reach cannot meet. A lock on a
teacher who may not move (R1, R11, a vice principal who waits a year) has no group, so
no model sees it: counting is the only place it is caught, and `solve_rotation` counts
before it solves. A leader not due who may move (R12) has a group: a principal who cannot
leave is one without, or without a school open to it.

Then CP-SAT over the hard rules alone, one switch per family (`_switchable_model`): the
families are dropped one at a time, each left out while the others still conflict, down
to a minimal conflicting set. With a quota in the set, a second solve finds how many
(backbone) teachers the others let move; without one, locks, due leaders or headcounts
conflict with the other rules on their own, and the sentence says which and whom.

Every sentence is a `Note` of the catalogs' `[explain.rotation]` table (what to change
included), said in the reader's language; `str()` of it is the English.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

import constraints.rotation as families
from constraints.rotation import locks, scope
from scheduler import rules
from scheduler.data.models import Lock, Teacher
from scheduler.data.schema import LockAction, Post
from scheduler.errors import NoPlanError
from scheduler.rotation.arcs import FILTER_FAMILIES, Arcs, build_arcs
from scheduler.rotation.problem import Group, Problem
from scheduler.solving import Items, Note

K = "explain.rotation."  # the catalogs' table of these sentences, what to change included


def say(key: str, **fields: object) -> Note:
    """A sentence of the `[explain.rotation]` table, said in the reader's language."""
    return Note.of(K + key, **fields)


HEADLINE = say("headline")
QUOTA, BACKBONE = families.quotas.RULE, families.quotas.BACKBONE
SWITCHABLE = (QUOTA, BACKBONE, "R3", "R4", "R5", "R6", "R7", "R9", "R10", "R12", "L")
# The order rules are named in a sentence: the backbone share, the county's data, the policy.
SAID = (BACKBONE, "L", "R12", "R9", "R10", "R3", "R4", "R5", "R6", "R7")
EXPLAIN_SECONDS = 30.0  # for all the CP-SAT calls of one explanation (one worker each)
MOST_NAMED = 5  # ids one sentence names before "and N more"
MOVING = (LockAction.MOVE, LockAction.TO)


def counting_reasons(prob: Problem, arcs: Arcs) -> list[Note]:
    """Sentences for the conflicts that counting proves, or [] when counting cannot tell;
    `arcs` are the model's (filters applied)."""
    named: set[str] = set()  # teachers a sentence already names, not named twice
    out = _lock_reasons(prob, arcs, named)
    out += _leader_reasons(prob, arcs, named)
    out += _sending_reasons(prob, arcs)
    return out + _quota_reasons(prob, arcs)


def explain(prob: Problem) -> NoPlanError:
    """The NoPlanError for a problem CP-SAT proved infeasible, naming the conflicting rules."""
    reasons = counting_reasons(prob, build_arcs(prob))
    if reasons:
        return NoPlanError(HEADLINE, reasons)
    deadline = time.perf_counter() + EXPLAIN_SECONDS
    sm = _switchable_model(prob)
    core = _core(sm, deadline)
    if core is None:
        return NoPlanError(HEADLINE, [say("undecided", seconds=f"{EXPLAIN_SECONDS:g}")])
    return NoPlanError(HEADLINE, [_sentence(prob, core, deadline)])


# --- counting: locks (L) ------------------------------------------------------------------


def _lock_reasons(prob: Problem, arcs: Arcs, named: set[str]) -> list[Note]:
    """One sentence per locked teacher whose locks cannot all hold."""
    group_of = _group_of(prob)
    out = []
    for tid, mine in prob.inst.locks_of.items():
        t = prob.inst.teacher[tid]
        g = group_of.get(tid)
        sentence = _contradiction(prob, t, g, mine)
        if sentence is None and any(lock.action in MOVING for lock in mine):
            sentence = _impossible_move(prob, arcs, t, g, mine)
        if sentence is not None:
            named.add(tid)
            out.append(sentence)
    return out


def _contradiction(prob: Problem, t: Teacher, g: Group | None, mine: list[Lock]
                   ) -> Note | None:
    """Locks that contradict one another, the teacher's own school, or R12."""
    tid = t.teacher_id
    actions = {lock.action for lock in mine}
    to = sorted({lock.school_id for lock in mine if lock.action == LockAction.TO})
    barred = {lock.school_id for lock in mine if lock.action == LockAction.NOT_TO}
    if LockAction.STAY in actions and actions & set(MOVING):
        return say("lock_stay_and_move", teacher=tid)
    if len(to) > 1:
        return say("lock_to_many", teacher=tid, schools=_join(to))
    if to and to[0] in barred:
        return say("lock_to_and_not_to", teacher=tid, school=to[0])
    if to and to[0] == t.school_id:
        return say("lock_to_own", teacher=tid, school=to[0])
    if LockAction.STAY in actions and g is not None and g.due:
        return say("lock_stay_due", teacher=tid, due=_due(prob, t))
    return None


def _impossible_move(prob: Problem, arcs: Arcs, t: Teacher, g: Group | None,
                     mine: list[Lock]) -> Note | None:
    """A `move` or `to` lock on a teacher who may not move, or who may not go there."""
    tid = t.teacher_id
    to = next((lock.school_id for lock in mine if lock.action == LockAction.TO), None)
    asks = say("lock_sends", teacher=tid, school=to) if to else say("lock_moves", teacher=tid)
    if g is None:
        return say("lock_cannot_move", asks=asks, why=_why_not(prob, t))
    if to is not None:
        barring = [(f.RULE, _BARRED[f.RULE](prob, g, to)) for f in FILTER_FAMILIES
                   if f.RULE != locks.RULE and not f.allowed(prob, g)[prob.inst.school_index[to]]]
        if not barring:
            return None
        advice = [_ADVICE[r](prob) for r, _ in barring if r not in ("R12", locks.RULE)]
        return say("but", what=asks, why=_join([text for _, text in barring]),
                   advice=_either([*advice, say("advice.change_lock")]))
    if arcs.by_group[g.index]:
        return None
    nowhere, closing = _nowhere(prob, g)
    advice = [_ADVICE[r](prob) for r in closing if r not in ("R12", locks.RULE)]
    return say("but", what=asks, why=nowhere, advice=_either([*advice, _ADVICE["L"](prob)]))


def _why_not(prob: Problem, t: Teacher) -> Note:
    """Why a teacher without a group may not move (R1, R11, R12), as a clause."""
    inst, tid = prob.inst, t.teacher_id
    pol = inst.policy.rotation
    if t.exempt.strip():
        return say("why_not.exempt", teacher=tid)
    if rules.near_retirement(t, inst.policy):
        return say("why_not.near_retirement", teacher=tid,
                   years=pol.exempt_years_to_retirement)
    if t.teacher_id in inst.on_exchange:
        h = inst.on_exchange[tid]
        return say("why_not.on_exchange", teacher=tid, school=h.from_school_id,
                   year=h.end_year)
    if t.is_leader:
        return say("why_not.vice_waits", teacher=tid, school=t.school_id)
    return say("why_not.years", teacher=tid, years=t.years_at_school,
               need=pol.eligible_years_at_school)


def _barred_far(prob: Problem, g: Group, dest: str) -> Note:
    km = prob.inst.road_km(g.school_id, dest)
    if math.isnan(km):
        return say("barred.no_road", school=g.school_id, dest=dest)
    return say("barred.R3", school=g.school_id, dest=dest, km=f"{round(km, 1):g}",
               max_km=f"{prob.inst.policy.rotation.max_distance_km:g}")


def _barred_scope(prob: Problem, g: Group, dest: str) -> Note:
    name = prob.inst.policy.rotation.scope
    field = scope.field_of(prob)
    own = getattr(prob.inst.school[g.school_id], field) if field else None
    return say("barred.R6", school=g.school_id, dest=dest, scope=_scope(name), own=own,
               value=name)


# Why a filter keeps a group (a teacher alone) from one school, as a clause.
_BARRED: dict[str, Callable[[Problem, Group, str], Note]] = {
    "R3": _barred_far,
    "R6": _barred_scope,
    "R7": lambda p, g, d: say("barred.R7", teacher=g.teacher_ids[0], dest=d),
    "R10": lambda p, g, d: say("barred.R10", teacher=g.teacher_ids[0], dest=d),
    "R12": lambda p, g, d: say("barred.R12", teacher=g.teacher_ids[0], post=_post(g.post),
                               stage=_stage(p.stage_of[g.school_id]), dest=d,
                               dest_stage=_stage(p.stage_of[d])),
}

# How many of the other schools a filter keeps a group (a teacher alone) from, as a clause.
_SHUT: dict[str, Callable[[Problem, Group, int], Note]] = {
    "R3": lambda p, g, k: say("shut.R3", n=k,
                              max_km=f"{p.inst.policy.rotation.max_distance_km:g}"),
    "R6": lambda p, g, k: say("shut.R6", n=k, scope=_scope(p.inst.policy.rotation.scope)),
    "R7": lambda p, g, k: say("shut.R7", n=k),
    "R10": lambda p, g, k: say("shut.R10", n=k),
    "R12": lambda p, g, k: say("shut.R12", n=k, stage=_stage(p.stage_of[g.school_id])),
    "L": lambda p, g, k: say("shut.L", n=k),
}


def _nowhere(prob: Problem, g: Group) -> tuple[Note, list[str]]:
    """"none of the N other schools is open to T: ..." and the filters that close them."""
    base = _by_road(prob, g)
    parts, closing = [], []
    for f in FILTER_FAMILIES:
        k = int((base & ~f.allowed(prob, g)).sum())
        if k:
            parts.append(_SHUT[f.RULE](prob, g, k))
            closing.append(f.RULE)
    return say("nowhere", n=int(base.sum()), teacher=g.teacher_ids[0],
               parts=Items.of(parts, "semi")), closing


# --- counting: principals and vice principals (R12) ---------------------------------------


def _leader_reasons(prob: Problem, arcs: Arcs, named: set[str]) -> list[Note]:
    """Due leaders with no school open to them, or none without a principal who cannot
    leave it (a principal not due who may move can make room: a swap or a chain), and
    schools with more than one principal who cannot leave."""
    inst = prob.inst
    staying = _staying_principals(prob, arcs)
    out = []
    for g in prob.groups:
        tid = g.teacher_ids[0]
        if not g.due or tid in named:
            continue
        t = inst.teacher[tid]
        if not arcs.by_group[g.index]:
            nowhere, closing = _nowhere(prob, g)
            advice = [_ADVICE[r](prob) for r in closing if r not in ("R12", locks.RULE)]
            advice.append(_ADVICE["R12"](prob))
            out.append(say("but", what=_due(prob, t), why=nowhere, advice=_either(advice)))
        elif g.post == Post.PRINCIPAL:
            dests = sorted({prob.schools[d] for d in arcs.dest[arcs.by_group[g.index]].tolist()})
            if all(staying.get(s) for s in dests):
                out.append(say("leader_kept_out", due=_due(prob, t), teacher=tid,
                               schools=_ids(dests), advice=_ADVICE["R12"](prob)))
    for school, ids in staying.items():
        if len(ids) > 1:
            out.append(say("two_principals", school=school, n=len(ids), teachers=_join(ids)))
    return out


def _staying_principals(prob: Problem, arcs: Arcs) -> dict[str, list[str]]:
    """School -> its principals who cannot leave it this year: not due and not free to
    move (R1, R11, a vice principal who waits), with no school open to them (R3, R6, L),
    or with a due vice principal who leaves (R12: not both)."""
    group_of = _group_of(prob)
    vice_due = {g.school_id for g in prob.groups if g.due and g.post == Post.VICE_PRINCIPAL}
    out: dict[str, list[str]] = {}
    for t in prob.inst.teachers:
        g = group_of.get(t.teacher_id)
        if t.post != Post.PRINCIPAL or (g is not None and g.due):
            continue
        if g is None or not arcs.by_group[g.index] or t.school_id in vice_due:
            out.setdefault(t.school_id, []).append(t.teacher_id)
    return out


def _due(prob: Problem, t: Teacher) -> Note:
    return say("due", post=_post(t.post), teacher=t.teacher_id, school=t.school_id,
               years=t.years_in_post, max_years=prob.inst.policy.rotation.principal_max_years)


# --- counting: schools that must send teachers (R9, L, R12 against R4, R1) ----------------


def _sending_reasons(prob: Problem, arcs: Arcs) -> list[Note]:
    """Schools that must send more teachers than their cap (R4) or their teachers who may
    move allow: past their posts (R9), or with locked (L) and due (R12) movers."""
    inst = prob.inst
    share = inst.policy.rotation.max_outflow_share
    out = []
    for school in prob.schools:
        staff = inst.staff[school]
        limit = prob.limits.get(school)
        excess = max(0, staff - limit) if limit is not None else 0
        groups = [prob.groups[i] for i in prob.by_school.get(school, ())]
        locked = [g.teacher_ids[0] for g in groups
                  if locks.must_move(prob, g) and arcs.by_group[g.index]]
        due = [g.teacher_ids[0] for g in groups
               if g.due and arcs.by_group[g.index] and g.teacher_ids[0] not in locked]
        need = max(excess, len(locked) + len(due))
        cap = prob.cap.get(school, 0)
        movable = sum(g.size for g in groups if arcs.by_group[g.index])
        if need <= min(cap, movable):
            continue
        why: list[Note] = []
        but: list[Note] = []
        advice: list[Note] = []
        if excess:
            why.append(say("send_why.R9", staff=staff, posts=limit))
            advice.append(_ADVICE["R9"](prob))
        if locked:
            why.append(say("send_why.L", teachers=_ids(locked)))
            advice.append(_ADVICE[locks.RULE](prob))
        if due:
            why.append(say("send_why.R12", teachers=_ids(due)))
            advice.append(say("advice.principal_max_years"))
        if cap < need:
            but.append(say("send_cap", cap=cap, share=f"{share:.0%}", staff=_teachers(staff)))
            advice.append(_ADVICE["R4"](prob))
        if movable < need:
            but.append(say("send_movable", movable=movable, staff=_teachers(staff),
                           kept=_kept(prob, arcs, school)))
        out.append(say("send", school=school, need=_teachers(need),
                       why=Items.of(why, "semi"), but=_join(but), advice=_either(advice)))
    return out


def _kept(prob: Problem, arcs: Arcs, school: str) -> Items:
    """Why a school's other teachers may not move, counted by rule."""
    inst = prob.inst
    group_of = _group_of(prob)
    years = inst.policy.rotation.eligible_years_at_school
    counts: Counter[str] = Counter()
    for t in inst.teachers_at.get(school, ()):
        g = group_of.get(t.teacher_id)
        if g is None:  # ineligible (R1, R11), or a leader who does not move (R12)
            counts[rules.ineligible_reason(t, inst) or "leader"] += 1
        elif not arcs.by_group[g.index]:
            stay = any(lock.action == LockAction.STAY
                       for lock in inst.locks_of.get(t.teacher_id, ()))
            counts["stay" if stay else "shut"] += 1
    return Items.of([say(f"kept.{key}", n=n, **({"years": years} if key == "years" else {}))
                     for key, n in counts.items()])


# --- counting: quotas (R2) ----------------------------------------------------------------


def _quota_reasons(prob: Problem, arcs: Arcs) -> list[Note]:
    """The quotas against the sending caps and the schools within reach. Leaders count in
    neither quota, but those who move under R12 take places in their school's cap first."""
    pol = prob.inst.policy.rotation
    pool = [g for g in prob.groups if not g.leader]
    leaving = Counter(g.school_id for g in prob.groups if g.due)
    room = {s: max(0, cap - leaving[s]) for s, cap in prob.cap.items()}
    eligible: Counter[str] = Counter()
    reach: Counter[str] = Counter()
    reach_backbone: Counter[str] = Counter()
    for g in pool:
        eligible[g.school_id] += g.size
        if arcs.by_group[g.index]:
            reach[g.school_id] += g.size
            reach_backbone[g.school_id] += g.size * g.backbone
    stuck = [g for g in pool if not arcs.by_group[g.index]]
    need = prob.min_movers
    by_cap = sum(min(n, room[s]) for s, n in eligible.items())
    by_reach = sum(min(n, room[s]) for s, n in reach.items())
    by_backbone = sum(min(n, room[s]) for s, n in reach_backbone.items())
    required = _required(prob)
    if by_cap < need:
        taken = sum(prob.cap[s] - room[s] for s in eligible)
        less = say("quota_cap_less", n=taken) if taken else ""
        advice = [_ADVICE["R4"](prob),
                  *([say("advice.principal_max_years")] if taken else []),
                  say("advice.min_share")]
        return [say("quota_cap", required=required, n=len(eligible), most=by_cap,
                    share=f"{pol.max_outflow_share:.0%}", less=less, advice=_either(advice))]
    if by_reach < need:
        closing = _closing(prob, stuck)
        advice = [*(_ADVICE[r](prob) for r in closing), say("advice.min_share")]
        return [say("quota_reach", required=required, n=sum(g.size for g in stuck),
                    reach=_reach_text(prob, closing), most=by_reach, advice=_either(advice))]
    num, den = prob.backbone_share
    need_backbone = -(-num * need // den)
    if by_backbone < need_backbone:
        closing = _closing(prob, [g for g in stuck if g.backbone])
        within = say("within", reach=_reach_text(prob, closing)) if closing else ""
        advice = [_ADVICE[BACKBONE](prob), _ADVICE["R4"](prob),
                  *(_ADVICE[r](prob) for r in closing)]
        return [say("quota_backbone", need=need_backbone,
                    share=f"{pol.min_backbone_share:.0%}", movers=need, within=within,
                    most=by_backbone, advice=_either(advice))]
    return []


def _closing(prob: Problem, groups: Iterable[Group]) -> list[str]:
    """The filters that keep at least one of `groups` from a school it could reach by road."""
    found: set[str] = set()
    for g in groups:
        base = _by_road(prob, g)
        found |= {f.RULE for f in FILTER_FAMILIES if (base & ~f.allowed(prob, g)).any()}
    return [f.RULE for f in FILTER_FAMILIES if f.RULE in found]


def _reach_text(prob: Problem, closing: list[str]) -> Note | Items:
    """Why teachers reach no school, one clause per filter."""
    pol = prob.inst.policy.rotation
    if not closing:
        return say("reach.none")
    fields: dict[str, dict[str, object]] = {
        "R3": {"max_km": f"{pol.max_distance_km:g}"}, "R6": {"scope": _scope(pol.scope)}}
    return Items.of([say(f"reach.{r}", **fields.get(r, {})) for r in closing], "semi")


# --- CP-SAT: the smallest conflicting set of families ---------------------------------------


@dataclass
class _Switchable:
    """The hard rules alone as a CP-SAT model, with one literal per family."""

    model: cp_model.CpModel
    arcs: Arcs
    x: list[cp_model.IntVar]
    switches: dict[str, cp_model.IntVar]
    present: set[str]  # the families with at least one constraint


def _switchable_model(prob: Problem) -> _Switchable:
    """The hard families over unfiltered arcs, each constraint enforced by its family's
    literal. Feasibility needs no objective, and the solving model's levels bound their
    auxiliaries with R4 and R9 (`cv_limits._range`), which would hold those rules even when
    switched off. Each arc is bounded by its group's size, not by the sending cap as when
    solving, so that R4 lives only in its family's constraints (emitted wherever a cap is
    below the school's senders) and is switched off with them."""
    arcs = build_arcs(prob, filtered=False)
    model = cp_model.CpModel()
    x = [model.new_int_var(0, prob.groups[g].size, "") for g in arcs.group.tolist()]
    switches = {rule: model.new_bool_var(f"rule {rule}") for rule in SWITCHABLE}
    present = set()
    for fam in families.HARD:
        for c in fam.constraints(prob, arcs):
            present.add(c.rule)
            expr = cp_model.LinearExpr.weighted_sum([x[a] for a in c.arcs.tolist()],
                                                    c.coefs.tolist())
            ct = model.add_linear_constraint(expr, cp_model.INT_MIN if c.lo is None else c.lo,
                                             cp_model.INT_MAX if c.hi is None else c.hi)
            if c.rule in switches:
                ct.only_enforce_if(switches[c.rule])
    return _Switchable(model, arcs, x, switches, present)


def _core(sm: _Switchable, deadline: float) -> list[str] | None:
    """A minimal set of rule families that cannot hold together, or None if undecided: drop
    one family at a time, and leave it out while the others still conflict. Each solve fixes
    the switches rather than assuming them: under assumptions CP-SAT's presolve keeps the
    switched-off constraints, and on a county of 700 eligible teachers it then decided
    nothing in a minute, where with the switches fixed it takes seconds."""
    core = [r for r in sm.switches if r in sm.present]
    if not _conflict(sm, core, deadline):
        return None
    for rule in list(core):
        trial = [r for r in core if r != rule]
        if trial and _conflict(sm, trial, deadline):  # undecided: the rule stays
            core = trial
    return core


def _conflict(sm: _Switchable, rules: list[str], deadline: float) -> bool | None:
    """Whether `rules` (with R1, R8) cannot hold together; None when CP-SAT cannot tell."""
    for rule, lit in sm.switches.items():
        on = int(rule in rules)
        domain = sm.model.proto.variables[lit.index].domain
        domain[0], domain[1] = on, on
    code = _solver(deadline).solve(sm.model)
    if code == cp_model.INFEASIBLE:
        return True
    return False if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _sentence(prob: Problem, core: list[str], deadline: float) -> Note:
    """"N movers are required, but under <rules> at most K can move: <advice>", or without
    a quota in the core "under <rules> no plan exists: <advice>". With both quotas in the
    core, the backbone share is one of the rules under which K teachers can move."""
    quota = QUOTA in core
    others = sorted((r for r in core if r != QUOTA and (quota or r != BACKBONE)),
                    key=SAID.index)
    under = _join([_RULE_TEXT[r](prob) for r in others]) if others else say("the_rules")
    advice = [_ADVICE[r](prob) for r in others]
    if quota:
        most = _most_movers(prob, others, False, deadline)
        advice.append(say("advice.min_share"))
        if most is None:  # CP-SAT could not tell in time: no number to say
            return say("conflict_quota_unknown", required=_required(prob), under=under,
                       advice=_either(advice))
        return say("conflict_quota", required=_required(prob), under=under, most=most,
                   advice=_either(advice))
    if BACKBONE in core:
        most = _most_movers(prob, others, True, deadline)
        share = prob.inst.policy.rotation.min_backbone_share
        advice.append(_ADVICE[BACKBONE](prob))
        movers = (say("movers_n", n=prob.min_movers) if prob.min_movers
                  else say("movers_any"))
        if most is None:
            return say("conflict_backbone_unknown", share=f"{share:.0%}", movers=movers,
                       under=under, advice=_either(advice))
        return say("conflict_backbone", share=f"{share:.0%}", movers=movers, under=under,
                   most=most, advice=_either(advice))
    return say("conflict", under=under, advice=_either(advice))


def _most_movers(prob: Problem, rules: list[str], backbone: bool, deadline: float
                 ) -> int | None:
    """At most how many (backbone) teachers, leaders not counted, can move when only
    `rules` (and R1, R8) hold: the optimum, or CP-SAT's upper bound when time runs out."""
    sm = _switchable_model(prob)
    for rule, lit in sm.switches.items():
        sm.model.add(lit == (rule in rules))
    groups = [prob.groups[g] for g in sm.arcs.group.tolist()]
    sm.model.maximize(sum(x for x, g in zip(sm.x, groups, strict=True)
                          if not g.leader and (g.backbone or not backbone)))
    solver = _solver(deadline)
    code = solver.solve(sm.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return math.floor(solver.best_objective_bound + 1e-6)


def _solver(deadline: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    return solver


# --- words ----------------------------------------------------------------------------------


def _required(prob: Problem) -> Note:
    share = prob.inst.policy.rotation.min_share_of_eligible
    return say("required", n=prob.min_movers, share=f"{share:.0%}",
               eligible=prob.eligible_count)


def _join(parts: list[str] | list[Note]) -> Items:
    """"A, B and C" as the reader's language says it."""
    return Items.of(parts, "series")


def _teachers(n: int) -> Note:
    return say("teachers_1") if n == 1 else say("teachers", n=n)


def _either(advice: list[Note]) -> Items:
    """Things to do, once each; "; or " between them where one has a comma or an "or"
    (in English: the other language follows the same choice)."""
    items = list(dict.fromkeys(advice))
    if any("," in str(a) or " or " in str(a) for a in items):
        return Items.of(items, "or")
    return Items.of(items, "either")


def _ids(ids: list[str]) -> Items:
    """Up to MOST_NAMED ids, then how many more."""
    return Items.of(ids, "series", shown=MOST_NAMED)


def _post(post: Post) -> Note:
    return say(f"post.{post}")


def _stage(stage: str) -> Note:
    return say(f"stage.{stage}")


def _scope(name: str) -> Note:
    return say(f"scope.{name}")


def _by_road(prob: Problem, g: Group) -> np.ndarray:
    """The other schools a group's school has a known road to, by index."""
    h = prob.inst.school_index[g.school_id]
    base = ~np.isnan(prob.inst.km[h])
    base[h] = False
    return base


def _open_to(prob: Problem, g: Group) -> np.ndarray:
    """The schools every filter lets the group go to, by index."""
    return _by_road(prob, g) & np.logical_and.reduce([f.allowed(prob, g)
                                                       for f in FILTER_FAMILIES])


def _group_of(prob: Problem) -> dict[str, Group]:
    return {tid: g for g in prob.groups for tid in g.teacher_ids}


def _forced(prob: Problem) -> list[Group]:
    """The groups that must move: due leaders (R12) and teachers locked to move (L)."""
    return [g for g in prob.groups if g.due or locks.must_move(prob, g)]


def _headcount_text(prob: Problem) -> Note:
    """R9 with the schools that have no room: those the forced movers may go to when some
    of them are full (the conflict is about those), else all."""
    mode = prob.inst.policy.rotation.headcount
    full = [s for s in prob.schools if s in prob.limits and prob.limits[s] <= prob.inst.staff[s]]
    forced = _forced(prob)
    if forced:
        mask = np.logical_or.reduce([_open_to(prob, g) for g in forced])
        theirs = [s for s in full if mask[prob.inst.school_index[s]]]
        full = theirs or full
    what = say("rule.R9_posts" if mode == "posts" else "rule.R9_needs")
    where = say("rule.R9_full", schools=_ids(full)) if full else ""
    return say("rule.R9", what=what, mode=mode, where=where)


def _leaders_text(prob: Problem) -> Note:
    due = [g.teacher_ids[0] for g in prob.groups if g.due]
    moving = say("rule.R12_due", teachers=_ids(due)) if due else ""
    return say("rule.R12", moving=moving)


def _locks_text(prob: Problem) -> Note:
    group_of = _group_of(prob)
    return say("rule.L", teachers=_ids([t for t in prob.inst.locks_of if t in group_of]))


def _headcount_advice(prob: Problem) -> Note:
    if prob.inst.policy.rotation.headcount == "posts":
        return say("advice.R9_posts")
    return say("advice.R9_other")


_RULE_TEXT: dict[str, Callable[[Problem], Note]] = {
    BACKBONE: lambda p: say("rule.backbone",
                            share=f"{p.inst.policy.rotation.min_backbone_share:.0%}"),
    "R3": lambda p: say("rule.R3", max_km=f"{p.inst.policy.rotation.max_distance_km:g}"),
    "R4": lambda p: say("rule.R4", share=f"{p.inst.policy.rotation.max_outflow_share:.0%}"),
    "R5": lambda p: say("rule.R5"),
    "R6": lambda p: say("rule.R6", scope=_scope(p.inst.policy.rotation.scope)),
    "R7": lambda p: say("rule.R7"),
    "R9": _headcount_text,
    "R10": lambda p: say("rule.R10"),
    "R12": _leaders_text,
    "L": _locks_text,
}
_ADVICE: dict[str, Callable[[Problem], Note]] = {
    BACKBONE: lambda p: say("advice.backbone"),
    "R3": lambda p: say("advice.R3"),
    "R4": lambda p: say("advice.R4"),
    "R5": lambda p: say("advice.R5"),
    "R6": lambda p: say("advice.R6"),
    "R7": lambda p: say("advice.R7"),
    "R9": _headcount_advice,
    "R10": lambda p: say("advice.R10"),
    "R12": lambda p: say("advice.R12"),
    "L": lambda p: say("advice.L"),
}
