"""From flows (how many of each group go where) to named moves, each with its reasons.

Reason codes (data contract §2): `shortage:<subject>` fills a gap in the teacher's subject
at the destination (one that exists once the destination's own leavers are gone);
`senior_title` gives a candidate the rural year; `balance` (when that level is on)
takes a backbone or PE/arts teacher from a school above its stage's target to one below;
a move with none of these serves the quota (`backbone_quota` for a backbone teacher,
else `quota`); then `preference:<rank>` for a granted wish and `same_group` /
`same_district`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np

from scheduler.core import rotation_levels as lv
from scheduler.rotation.arcs import Arcs
from scheduler.rotation.problem import Problem
from scheduler.rotation.result import Move


def named_moves(prob: Problem, arcs: Arcs, flows: np.ndarray) -> list[Move]:
    """The moves of a plan given as flows, in teacher_id order."""
    return moves_with_reasons(prob, placement(prob, arcs, flows))


def placement(prob: Problem, arcs: Arcs, flows: np.ndarray) -> dict[str, str]:
    """teacher_id -> destination of a plan given as flows: each group's teachers in the
    order they are picked (volunteers, then the longest at the school) fill its arcs."""
    out = {}
    for g in prob.groups:
        taken = 0
        for a in arcs.by_group[g.index]:
            for _ in range(int(flows[a])):
                out[g.teacher_ids[taken]] = prob.schools[int(arcs.dest[a])]
                taken += 1
    return out


def moves_with_reasons(prob: Problem, dest_of: Mapping[str, str]) -> list[Move]:
    """The moves of `dest_of` (teacher_id -> destination) with their reason codes, in
    teacher_id order; a gap's `shortage:` code goes to the arrivals in group order."""
    inst = prob.inst
    q = prob.q
    balance = prob.weights.on("balance")
    leaving: Counter[tuple[str, str]] = Counter()
    for tid in dest_of:
        t = inst.teacher[tid]
        leaving[t.school_id, t.subject] += 1
    # shortage codes: how many arrivals of a subject fill a gap at each destination
    fills = {key: max(0, -(-(req - q * (prob.before[key] - leaving[key])) // q))
             for key, req in prob.req_units.items()}
    moves = []
    for g in prob.groups:
        for tid in g.teacher_ids:
            dest = dest_of.get(tid)
            if dest is None:
                continue
            reasons = []
            if fills.get((dest, g.subject), 0) > 0:
                fills[dest, g.subject] -= 1
                reasons.append(f"shortage:{g.subject}")
            if g.senior:
                reasons.append("senior_title")
            if balance and any(g.has(ind) and _above(prob, g.school_id, ind) > 0
                               and _above(prob, dest, ind) < 0 for ind in lv.INDICATORS):
                reasons.append("balance")
            if not reasons:
                reasons.append("backbone_quota" if g.backbone else "quota")
            if g.wishes and dest in g.wishes:
                reasons.append(f"preference:{g.wishes[dest]}")
            scope = lv.same_scope(inst.school[g.school_id], inst.school[dest])
            if scope:
                reasons.append(scope)
            moves.append(Move(tid, g.school_id, dest, inst.road_km(g.school_id, dest),
                              tuple(reasons)))
    return sorted(moves, key=lambda m: m.teacher_id)


def _above(prob: Problem, school: str, indicator: str) -> int:
    """Sign of how far the school is above its balance target before the plan (0: not counted)."""
    target = prob.targets.get((school, indicator))
    if target is None:
        return 0
    diff = lv.BALANCE_SCALE * prob.indicator_before[school, indicator] - target
    return (diff > 0) - (diff < 0)
