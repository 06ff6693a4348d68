"""Why no rotation plan exists, in sentences a person can act on.

Without the quotas (R2) the empty plan keeps every rule, so a conflict always involves a
quota: the question is which other rules keep enough teachers from moving. First cheap
counts that prove it on their own (sending caps; teachers with somewhere to go; backbone
teachers); then CP-SAT over the rule families with one enforcement literal each, solved
under assumptions: `sufficient_assumptions_for_infeasibility` names a conflicting set,
which is shrunk to a minimal one by dropping one family at a time. A second solve then
finds how many (backbone) teachers those rules let move, for the sentence.
"""

from __future__ import annotations

import math
import time
from collections import Counter

from ortools.sat.python import cp_model

import constraints.rotation as families
from scheduler.errors import NoPlanError
from scheduler.rotation.arcs import Arcs, build_arcs
from scheduler.rotation.model import build_model
from scheduler.rotation.problem import Problem

HEADLINE = "no plan exists: the rules conflict"
QUOTA, BACKBONE = families.quotas.RULE, families.quotas.BACKBONE
SWITCHABLE = (QUOTA, BACKBONE, "R3", "R4", "R5", "R6", "R7")
EXPLAIN_SECONDS = 30.0  # for all the CP-SAT calls of one explanation (one worker each)


def counting_reasons(prob: Problem, arcs: Arcs) -> list[str]:
    """Sentences for the conflicts that counting proves, or [] when counting cannot tell;
    `arcs` are the model's (R3, R6 and R7 applied)."""
    pol = prob.inst.policy.rotation
    eligible: Counter[str] = Counter()
    reach: Counter[str] = Counter()
    reach_backbone: Counter[str] = Counter()
    for g in prob.groups:
        eligible[g.school_id] += g.size
        if arcs.by_group[g.index]:
            reach[g.school_id] += g.size
            reach_backbone[g.school_id] += g.size * g.backbone
    need = prob.min_movers
    by_cap = sum(min(n, prob.cap[s]) for s, n in eligible.items())
    by_reach = sum(min(n, prob.cap[s]) for s, n in reach.items())
    by_backbone = sum(min(n, prob.cap[s]) for s, n in reach_backbone.items())
    required = _required(prob)
    if by_cap < need:
        return [f"{required}, but the sending caps of the {len(eligible)} schools with eligible "
                f"teachers allow {by_cap} at most (R4: {pol.max_outflow_share:.0%} of a school's "
                f"staff): raise max_outflow_share or lower min_share_of_eligible"]
    if by_reach < need:
        stuck = prob.eligible_count - sum(reach.values())
        return [f"{required}, but {stuck} eligible teachers have no school they may move to "
                f"({_reach_rules(prob)}), so at most {by_reach} can move: "
                f"{_reach_advice(prob)} or lower min_share_of_eligible"]
    num, den = prob.backbone_share
    need_backbone = -(-num * need // den)
    if by_backbone < need_backbone:
        share = pol.min_backbone_share
        return [f"at least {need_backbone} backbone movers are required ({share:.0%} of "
                f"{need} movers, R2), but the sending caps and the schools within reach "
                f"let {by_backbone} backbone teachers move at most: lower min_backbone_share, "
                f"raise max_outflow_share, or {_reach_advice(prob)}"]
    return []


def explain(prob: Problem) -> NoPlanError:
    """The NoPlanError for a problem CP-SAT proved infeasible, naming the conflicting rules."""
    reasons = counting_reasons(prob, build_arcs(prob))
    if reasons:
        return NoPlanError(HEADLINE, reasons)
    deadline = time.perf_counter() + EXPLAIN_SECONDS
    arcs = build_arcs(prob, filtered=False)
    rm = build_model(prob, arcs, switchable=SWITCHABLE)
    core = _core(rm.model, rm.switches, deadline)
    if core is None:
        return NoPlanError(HEADLINE, [
            f"CP-SAT proved that the rules conflict but could not tell which within "
            f"{EXPLAIN_SECONDS:g} s; try relaxing max_outflow_share, max_distance_km or scope"])
    return NoPlanError(HEADLINE, [_sentence(prob, core, deadline)])


def _core(model: cp_model.CpModel, switches: dict[str, cp_model.IntVar], deadline: float
          ) -> list[str] | None:
    """A minimal set of rule families that cannot hold together, or None if undecided."""

    def infeasible(rules: list[str]) -> bool | None:
        model.clear_assumptions()
        model.add_assumptions([switches[r] for r in rules])
        solver = _solver(deadline)
        code = solver.solve(model)
        if code == cp_model.INFEASIBLE:
            found = set(solver.sufficient_assumptions_for_infeasibility())
            rules[:] = [r for r in rules if switches[r].index in found] or rules
            return True
        return False if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    core = list(switches)
    if not infeasible(core):
        return None
    for rule in list(core):
        trial = [r for r in core if r != rule]
        if trial and infeasible(trial):
            core = trial
    return core


def _sentence(prob: Problem, core: list[str], deadline: float) -> str:
    """"N movers are required, but under <rules> at most K can move: <advice>"."""
    others = [r for r in core if r not in (QUOTA, BACKBONE)]
    under = _join([_RULE_TEXT[r](prob) for r in others]) if others else "the rules"
    advice = [_ADVICE[r](prob) for r in others]
    if QUOTA in core:
        most = _most_movers(prob, others, False, deadline)
        advice.append("lower min_share_of_eligible")
        return (f"{_required(prob)}, but under {under} at most {_count(most)} teachers can move: "
                f"{_join(advice, 'or')}")
    most = _most_movers(prob, others, True, deadline)
    share = prob.inst.policy.rotation.min_backbone_share
    advice.append("lower min_backbone_share")
    return (f"at least {share:.0%} of the {prob.min_movers} or more movers must be backbone "
            f"teachers (R2), but under {under} at most {_count(most)} backbone teachers can "
            f"move: {_join(advice, 'or')}")


def _most_movers(prob: Problem, rules: list[str], backbone: bool, deadline: float
                 ) -> int | None:
    """At most how many (backbone) teachers can move when only `rules` (and R1, R8) hold:
    the optimum, or CP-SAT's upper bound when time runs out."""
    arcs = build_arcs(prob, filtered=False)
    rm = build_model(prob, arcs, switchable=SWITCHABLE)
    for rule, lit in rm.switches.items():
        rm.model.add(lit == (rule in rules))
    chosen = [x for a, x in enumerate(rm.x)
              if not backbone or prob.groups[int(arcs.group[a])].backbone]
    rm.model.maximize(sum(chosen))
    solver = _solver(deadline)
    code = solver.solve(rm.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return math.floor(solver.best_objective_bound + 1e-6)


def _solver(deadline: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    return solver


def _required(prob: Problem) -> str:
    share = prob.inst.policy.rotation.min_share_of_eligible
    return (f"{prob.min_movers} movers are required ({share:.0%} of {prob.eligible_count} "
            f"eligible teachers, R2)")


def _count(n: int | None) -> str:
    return "an unknown number of" if n is None else str(n)


def _join(parts: list[str], word: str = "and") -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def _reach_rules(prob: Problem) -> str:
    pol = prob.inst.policy.rotation
    parts = [f"no school within {pol.max_distance_km:g} km (R3)"]
    if pol.scope != "county":
        parts.append(f"none inside their {pol.scope} (R6)")
    parts.append("for senior-title candidates, no rural, teaching-point or weak school (R7)")
    return "; ".join(parts)


def _reach_advice(prob: Problem) -> str:
    pol = prob.inst.policy.rotation
    return "raise max_distance_km" + (", set scope = \"county\"" if pol.scope != "county" else "")


_RULE_TEXT = {
    "R3": lambda p: f"roads of at most {p.inst.policy.rotation.max_distance_km:g} km (R3)",
    "R4": lambda p: (f"the sending caps (R4: {p.inst.policy.rotation.max_outflow_share:.0%} of "
                     f"a school's staff)"),
    "R5": lambda p: "no school losing its last teacher of a required subject (R5)",
    "R6": lambda p: f"moves only inside the teacher's {p.inst.policy.rotation.scope} (R6)",
    "R7": lambda p: "senior-title candidates going only to rural, teaching-point or weak "
                    "schools (R7)",
}
_ADVICE = {
    "R3": lambda p: "raise max_distance_km",
    "R4": lambda p: "raise max_outflow_share",
    "R5": lambda p: "check needs.csv and the schools' only teachers of a subject",
    "R6": lambda p: 'set scope = "county"',
    "R7": lambda p: "mark more schools as weak where that is true",
}
