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

HEADLINE = "no plan exists: the rules conflict"
QUOTA, BACKBONE = families.quotas.RULE, families.quotas.BACKBONE
SWITCHABLE = (QUOTA, BACKBONE, "R3", "R4", "R5", "R6", "R7", "R9", "R10", "R12", "L")
# The order rules are named in a sentence: the backbone share, the county's data, the policy.
SAID = (BACKBONE, "L", "R12", "R9", "R10", "R3", "R4", "R5", "R6", "R7")
EXPLAIN_SECONDS = 30.0  # for all the CP-SAT calls of one explanation (one worker each)
MOST_NAMED = 5  # ids one sentence names before "and N more"
MOVING = (LockAction.MOVE, LockAction.TO)
STAGE_TEXT = {"primary": "primary", "junior": "junior or nine-year"}


def counting_reasons(prob: Problem, arcs: Arcs) -> list[str]:
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
        return NoPlanError(HEADLINE, [
            f"CP-SAT proved that the rules conflict but could not tell which within "
            f"{EXPLAIN_SECONDS:g} s; try relaxing max_outflow_share, max_distance_km or scope"])
    return NoPlanError(HEADLINE, [_sentence(prob, core, deadline)])


# --- counting: locks (L) ------------------------------------------------------------------


def _lock_reasons(prob: Problem, arcs: Arcs, named: set[str]) -> list[str]:
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


def _contradiction(prob: Problem, t: Teacher, g: Group | None, mine: list[Lock]) -> str | None:
    """Locks that contradict one another, the teacher's own school, or R12."""
    tid = t.teacher_id
    actions = {lock.action for lock in mine}
    to = sorted({lock.school_id for lock in mine if lock.action == LockAction.TO})
    barred = {lock.school_id for lock in mine if lock.action == LockAction.NOT_TO}
    if LockAction.STAY in actions and actions & set(MOVING):
        return f"locks.csv asks {tid} both to stay and to move (L): keep one of the two rows"
    if len(to) > 1:
        return f"locks.csv sends {tid} to {_join(to)} at once (L): keep one of these rows"
    if to and to[0] in barred:
        return (f"locks.csv both sends {tid} to {to[0]} and keeps {tid} from {to[0]} (L): "
                f"keep one of the two rows")
    if to and to[0] == t.school_id:
        return (f"lock L sends {tid} to {to[0]}, where {tid} already serves (R8: a move goes to "
                f"another school): use stay, or name another school in locks.csv")
    if LockAction.STAY in actions and g is not None and g.due:
        return (f"lock L asks {tid} to stay but {_due(prob, t)}: drop the lock from locks.csv "
                f"or raise principal_max_years")
    return None


def _impossible_move(prob: Problem, arcs: Arcs, t: Teacher, g: Group | None,
                     mine: list[Lock]) -> str | None:
    """A `move` or `to` lock on a teacher who may not move, or who may not go there."""
    tid = t.teacher_id
    to = next((lock.school_id for lock in mine if lock.action == LockAction.TO), None)
    asks = f"lock L sends {tid} to {to}" if to else f"lock L asks {tid} to move"
    if g is None:
        return (f"{asks} but {_why_not(prob, t)}: remove the lock from locks.csv or correct "
                f"teachers.csv")
    if to is not None:
        barring = [(f.RULE, _BARRED[f.RULE](prob, g, to)) for f in FILTER_FAMILIES
                   if f.RULE != locks.RULE and not f.allowed(prob, g)[prob.inst.school_index[to]]]
        if not barring:
            return None
        advice = [_ADVICE[r](prob) for r, _ in barring if r not in ("R12", locks.RULE)]
        return (f"{asks} but {_join([text for _, text in barring])}: "
                f"{_either([*advice, 'change the lock in locks.csv'])}")
    if arcs.by_group[g.index]:
        return None
    nowhere, closing = _nowhere(prob, g)
    advice = [_ADVICE[r](prob) for r in closing if r not in ("R12", locks.RULE)]
    return f"{asks} but {nowhere}: {_either([*advice, 'review locks.csv'])}"


def _why_not(prob: Problem, t: Teacher) -> str:
    """Why a teacher without a group may not move (R1, R11, R12), as a clause."""
    inst, tid = prob.inst, t.teacher_id
    pol = inst.policy.rotation
    if t.exempt.strip():
        return f"{tid} is exempt (R1)"
    if rules.near_retirement(t, inst.policy):
        return (f"{tid} is near retirement (R1: within exempt_years_to_retirement = "
                f"{pol.exempt_years_to_retirement} years)")
    if t.teacher_id in inst.on_exchange:
        h = inst.on_exchange[tid]
        return (f"{tid} is on an exchange from {h.from_school_id} until {h.end_year} (R11: an "
                f"exchange under way)")
    if t.is_leader:
        return (f"{tid} is the vice principal of {t.school_id}, whose principal moves this "
                f"year, so {tid} waits a year (R12)")
    return (f"{tid} has {t.years_at_school} years at the school, fewer than "
            f"eligible_years_at_school = {pol.eligible_years_at_school}, and is not a "
            f"volunteer (R1)")


def _barred_far(prob: Problem, g: Group, dest: str) -> str:
    km = prob.inst.road_km(g.school_id, dest)
    if math.isnan(km):
        return f"no road from {g.school_id} to {dest} is known (R3)"
    return (f"{dest} is {round(km, 1):g} km from {g.school_id} by road, beyond "
            f"max_distance_km = {prob.inst.policy.rotation.max_distance_km:g} (R3)")


def _barred_scope(prob: Problem, g: Group, dest: str) -> str:
    name = prob.inst.policy.rotation.scope
    field = scope.field_of(prob)
    own = getattr(prob.inst.school[g.school_id], field) if field else None
    return f'{dest} is outside {g.school_id}\'s {name} {own} (R6: scope = "{name}")'


# Why a filter keeps a group (a teacher alone) from one school, as a clause.
_BARRED: dict[str, Callable[[Problem, Group, str], str]] = {
    "R3": _barred_far,
    "R6": _barred_scope,
    "R7": lambda p, g, d: (f"{g.teacher_ids[0]} seeks a senior title without a year at a rural "
                           f"or weak school, and {d} is not rural, a teaching point or weak (R7)"),
    "R10": lambda p, g, d: (f"{g.teacher_ids[0]} is a backbone teacher of a rural or weak "
                            f"school, and {d} is a strong urban or town school (R10: "
                            f"backbone_upward = false)"),
    "R12": lambda p, g, d: (f"{g.teacher_ids[0]} is a {_post(g.post)} of a "
                            f"{STAGE_TEXT[p.stage_of[g.school_id]]} school, and {d} is a "
                            f"{STAGE_TEXT[p.stage_of[d]]} school (R12: leaders move within "
                            f"their stage group)"),
}

# How many of the other schools a filter keeps a group (a teacher alone) from, as a clause.
_SHUT: dict[str, Callable[[Problem, Group, int], str]] = {
    "R3": lambda p, g, k: f"{k} beyond {p.inst.policy.rotation.max_distance_km:g} km (R3)",
    "R6": lambda p, g, k: f"{k} outside its {p.inst.policy.rotation.scope} (R6)",
    "R7": lambda p, g, k: (f"{k} neither rural, a teaching point nor weak (R7: a senior-title "
                           f"candidate)"),
    "R10": lambda p, g, k: (f"{k} strong urban or town schools (R10: a backbone teacher of a "
                            f"rural or weak school)"),
    "R12": lambda p, g, k: (f"{k} of another stage group than "
                            f"{STAGE_TEXT[p.stage_of[g.school_id]]} (R12: a leader moves within "
                            f"its stage group)"),
    "L": lambda p, g, k: f"{k} barred by its locks (L)",
}


def _nowhere(prob: Problem, g: Group) -> tuple[str, list[str]]:
    """"none of the N other schools is open to T: ..." and the filters that close them."""
    base = _by_road(prob, g)
    parts, closing = [], []
    for f in FILTER_FAMILIES:
        k = int((base & ~f.allowed(prob, g)).sum())
        if k:
            parts.append(_SHUT[f.RULE](prob, g, k))
            closing.append(f.RULE)
    return (f"none of the {int(base.sum())} other schools is open to {g.teacher_ids[0]}: "
            f"{'; '.join(parts)}"), closing


# --- counting: principals and vice principals (R12) ---------------------------------------


def _leader_reasons(prob: Problem, arcs: Arcs, named: set[str]) -> list[str]:
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
            out.append(f"{_due(prob, t)} but {nowhere}: {_either(advice)}")
        elif g.post == Post.PRINCIPAL:
            dests = sorted({prob.schools[d] for d in arcs.dest[arcs.by_group[g.index]].tolist()})
            if all(staying.get(s) for s in dests):
                out.append(f"{_due(prob, t)} but every school open to {tid} ({_ids(dests)}) "
                           f"keeps a principal who cannot leave it, and a school has at most one "
                           f"(R12): {_ADVICE['R12'](prob)}")
    for school, ids in staying.items():
        if len(ids) > 1:
            out.append(f"school {school} has {len(ids)} principals, {_join(ids)}, and none of "
                       f"them can leave it this year (R12), but a school has at most one "
                       f"principal: correct post in teachers.csv")
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


def _due(prob: Problem, t: Teacher) -> str:
    m = prob.inst.policy.rotation.principal_max_years
    return (f"{_post(t.post)} {t.teacher_id} of {t.school_id} must move ({t.years_in_post} "
            f"years in post, principal_max_years = {m}, R12)")


# --- counting: schools that must send teachers (R9, L, R12 against R4, R1) ----------------


def _sending_reasons(prob: Problem, arcs: Arcs) -> list[str]:
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
        why, but, advice = [], [], []
        if excess:
            why.append(f'R9: {staff} teachers on {limit} posts, headcount = "posts"')
            advice.append(_ADVICE["R9"](prob))
        if locked:
            why.append(f"locks.csv: {_ids(locked)}")
            advice.append(_ADVICE[locks.RULE](prob))
        if due:
            why.append(f"R12: {_ids(due)}")
            advice.append("raise principal_max_years")
        if cap < need:
            but.append(f"its sending cap allows {cap} (R4: {share:.0%} of its {_teachers(staff)})")
            advice.append(_ADVICE["R4"](prob))
        if movable < need:
            but.append(f"only {movable} of its {_teachers(staff)} may move "
                       f"({_kept(prob, arcs, school)})")
        out.append(f"school {school} must send at least {_teachers(need)} away "
                   f"({'; '.join(why)}), but {_join(but)}: {_either(advice)}")
    return out


def _kept(prob: Problem, arcs: Arcs, school: str) -> str:
    """Why a school's other teachers may not move, counted by rule."""
    inst = prob.inst
    group_of = _group_of(prob)
    years = inst.policy.rotation.eligible_years_at_school
    text = {"exempt": "exempt (R1)", "near_retirement": "near retirement (R1)",
            "on_exchange": "on an exchange under way (R11)",
            "years": f"with fewer than {years} years at the school (R1)",
            "leader": "principals or vice principals who may not move (R1, R11, R12)",
            "stay": "locked to stay (L)",
            "shut": "with no school open to them (R3, R6, R7, R10 or L)"}
    counts: Counter[str] = Counter()
    for t in inst.teachers_at.get(school, ()):
        g = group_of.get(t.teacher_id)
        if g is None:  # ineligible (R1, R11), or a leader who does not move (R12)
            counts[rules.ineligible_reason(t, inst) or "leader"] += 1
        elif not arcs.by_group[g.index]:
            stay = any(lock.action == LockAction.STAY
                       for lock in inst.locks_of.get(t.teacher_id, ()))
            counts["stay" if stay else "shut"] += 1
    return ", ".join(f"{n} {text[key]}" for key, n in counts.items())


# --- counting: quotas (R2) ----------------------------------------------------------------


def _quota_reasons(prob: Problem, arcs: Arcs) -> list[str]:
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
        less = (f", less {taken} taken by principals and vice principals who must move (R12)"
                if taken else "")
        advice = ["raise max_outflow_share", *(["raise principal_max_years"] if taken else []),
                  "lower min_share_of_eligible"]
        return [f"{required}, but the sending caps of the {len(eligible)} schools with eligible "
                f"teachers allow {by_cap} at most (R4: {pol.max_outflow_share:.0%} of a school's "
                f"staff{less}): {_either(advice)}"]
    if by_reach < need:
        closing = _closing(prob, stuck)
        advice = [*(_ADVICE[r](prob) for r in closing), "lower min_share_of_eligible"]
        return [f"{required}, but {sum(g.size for g in stuck)} eligible teachers have no school "
                f"they may move to ({_reach_text(prob, closing)}), so at most {by_reach} can "
                f"move: {_either(advice)}"]
    num, den = prob.backbone_share
    need_backbone = -(-num * need // den)
    if by_backbone < need_backbone:
        closing = _closing(prob, [g for g in stuck if g.backbone])
        within = f" ({_reach_text(prob, closing)})" if closing else ""
        advice = ["lower min_backbone_share", "raise max_outflow_share",
                  *(_ADVICE[r](prob) for r in closing)]
        return [f"at least {need_backbone} backbone movers are required "
                f"({pol.min_backbone_share:.0%} of {need} movers, R2), but the sending caps and "
                f"the schools within reach{within} let {by_backbone} backbone teachers move at "
                f"most: {_either(advice)}"]
    return []


def _closing(prob: Problem, groups: Iterable[Group]) -> list[str]:
    """The filters that keep at least one of `groups` from a school it could reach by road."""
    found: set[str] = set()
    for g in groups:
        base = _by_road(prob, g)
        found |= {f.RULE for f in FILTER_FAMILIES if (base & ~f.allowed(prob, g)).any()}
    return [f.RULE for f in FILTER_FAMILIES if f.RULE in found]


def _reach_text(prob: Problem, closing: list[str]) -> str:
    pol = prob.inst.policy.rotation
    text = {
        "R3": f"none within {pol.max_distance_km:g} km (R3)",
        "R6": f"none inside their {pol.scope} (R6)",
        "R7": "for senior-title candidates, no rural, teaching-point or weak school (R7)",
        "R10": "for backbone teachers of rural or weak schools, none but strong urban or town "
               "schools (R10)",
        "L": "for locked teachers, none their locks allow (L)",
    }
    return "; ".join(text[r] for r in closing) or "no other school has a known road"


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


def _sentence(prob: Problem, core: list[str], deadline: float) -> str:
    """"N movers are required, but under <rules> at most K can move: <advice>", or without
    a quota in the core "under <rules> no plan exists: <advice>". With both quotas in the
    core, the backbone share is one of the rules under which K teachers can move."""
    quota = QUOTA in core
    others = sorted((r for r in core if r != QUOTA and (quota or r != BACKBONE)),
                    key=SAID.index)
    under = _join([_RULE_TEXT[r](prob) for r in others]) if others else "the rules"
    advice = [_ADVICE[r](prob) for r in others]
    if quota:
        most = _most_movers(prob, others, False, deadline)
        advice.append("lower min_share_of_eligible")
        return (f"{_required(prob)}, but under {under} at most {_count(most)} teachers can move: "
                f"{_either(advice)}")
    if BACKBONE in core:
        most = _most_movers(prob, others, True, deadline)
        share = prob.inst.policy.rotation.min_backbone_share
        advice.append("lower min_backbone_share")
        movers = f"the {prob.min_movers} or more movers" if prob.min_movers else "the movers"
        return (f"at least {share:.0%} of {movers} must be backbone teachers (R2), but under "
                f"{under} at most {_count(most)} backbone teachers can move: {_either(advice)}")
    return f"under {under} no plan exists: {_either(advice)}"


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


def _required(prob: Problem) -> str:
    share = prob.inst.policy.rotation.min_share_of_eligible
    return (f"{prob.min_movers} movers are required ({share:.0%} of {prob.eligible_count} "
            f"eligible teachers, R2)")


def _count(n: int | None) -> str:
    return "an unknown number of" if n is None else str(n)


def _join(parts: list[str], word: str = "and") -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def _teachers(n: int) -> str:
    return "1 teacher" if n == 1 else f"{n} teachers"


def _either(advice: list[str]) -> str:
    """Things to do, once each; "; or " between them where one has a comma or an "or"."""
    items = list(dict.fromkeys(advice))
    if any("," in a or " or " in a for a in items):
        return "; or ".join(items)
    return _join(items, "or")


def _ids(ids: list[str]) -> str:
    """Up to MOST_NAMED ids, then how many more."""
    if len(ids) <= MOST_NAMED:
        return _join(ids)
    return f"{', '.join(ids[:MOST_NAMED])} and {len(ids) - MOST_NAMED} more"


def _post(post: Post) -> str:
    return str(post).replace("_", " ")


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


def _headcount_text(prob: Problem) -> str:
    """R9 with the schools that have no room: those the forced movers may go to when some
    of them are full (the conflict is about those), else all."""
    mode = prob.inst.policy.rotation.headcount
    full = [s for s in prob.schools if s in prob.limits and prob.limits[s] <= prob.inst.staff[s]]
    forced = _forced(prob)
    if forced:
        mask = np.logical_or.reduce([_open_to(prob, g) for g in forced])
        theirs = [s for s in full if mask[prob.inst.school_index[s]]]
        full = theirs or full
    what = "its posts" if mode == "posts" else "its staff plus its unmet shortage"
    where = f"; no room at {_ids(full)}" if full else ""
    return f'no school past {what} (R9: headcount = "{mode}"{where})'


def _leaders_text(prob: Problem) -> str:
    due = [g.teacher_ids[0] for g in prob.groups if g.due]
    moving = (f"the due principals and vice principals ({_ids(due)}) moving within their "
              f"stage group, with " if due else "")
    return f"{moving}at most one principal a school (R12)"


def _locks_text(prob: Problem) -> str:
    group_of = _group_of(prob)
    return f"the locks on {_ids([t for t in prob.inst.locks_of if t in group_of])} (L)"


def _headcount_advice(prob: Problem) -> str:
    if prob.inst.policy.rotation.headcount == "posts":
        return 'raise posts in schools.csv or set headcount = "needs" or "free"'
    return 'set headcount = "free" (or "posts", with posts in schools.csv)'


_RULE_TEXT: dict[str, Callable[[Problem], str]] = {
    BACKBONE: lambda p: (f"a share of at least {p.inst.policy.rotation.min_backbone_share:.0%} "
                         f"backbone teachers among the movers (R2)"),
    "R3": lambda p: f"roads of at most {p.inst.policy.rotation.max_distance_km:g} km (R3)",
    "R4": lambda p: (f"the sending caps (R4: {p.inst.policy.rotation.max_outflow_share:.0%} of "
                     f"a school's staff)"),
    "R5": lambda p: "no school losing its last teacher of a required subject (R5)",
    "R6": lambda p: f"moves only inside the teacher's {p.inst.policy.rotation.scope} (R6)",
    "R7": lambda p: "senior-title candidates going only to rural, teaching-point or weak "
                    "schools (R7)",
    "R9": _headcount_text,
    "R10": lambda p: "no backbone teacher of a rural or weak school going to a strong urban or "
                     "town school (R10)",
    "R12": _leaders_text,
    "L": _locks_text,
}
_ADVICE: dict[str, Callable[[Problem], str]] = {
    BACKBONE: lambda p: "lower min_backbone_share",
    "R3": lambda p: "raise max_distance_km",
    "R4": lambda p: "raise max_outflow_share",
    "R5": lambda p: "check needs.csv and the schools' only teachers of a subject",
    "R6": lambda p: 'set scope = "county"',
    "R7": lambda p: "mark more schools as weak where that is true",
    "R9": _headcount_advice,
    "R10": lambda p: "set backbone_upward = true",
    "R12": lambda p: ("raise principal_max_years, or bring more schools of the stage group "
                      "within reach"),
    "L": lambda p: "review locks.csv",
}
