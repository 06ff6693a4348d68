"""The objective of a rotation plan, recomputed teacher by teacher from the instance.

No ortools here: the independent checker calls `score` to verify the objective a plan
reports, so this is a second implementation of `rotation_levels.py`'s definitions, not a replay
of the solver's arithmetic. The solver's reported objective must equal `score(...)["total"]`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping

from scheduler import rules
from scheduler.core import rotation_levels as lv
from scheduler.data.instance import Instance


def score(inst: Instance, moves: Mapping[str, str]) -> dict[str, float]:
    """Every objective level (weighted, in the units of `rotation_levels.py`) and their `total`.

    `moves` maps teacher_id -> destination; entries whose destination is the teacher's own
    school are not moves. A move over an unknown road makes `distance` and `total` NaN.
    """
    for tid, dest in moves.items():
        if tid not in inst.teacher or dest not in inst.school:
            raise ValueError(f"unknown teacher {tid!r} or school {dest!r} in the plan")
    w = lv.weights(inst.policy)
    before = rules.placement_before(inst)
    after = rules.placement_after(inst, moves)
    movers = {tid: dest for tid, dest in moves.items() if dest != before[tid]}
    raw = {
        "shortage": _shortage(inst, w, after, lv.shortage_weight),
        "shortage_place": _shortage(inst, w, after, lv.place_weight),
        "senior_title": sum(lv.counts_for_senior_title(t, inst)
                            and not inst.school[after[t.teacher_id]].receiving
                            for t in inst.teachers),
        **_standards(inst, after),
        "movers": len(movers),
        "balance": _balance(inst, w, after),
        "same_scope": sum(lv.same_scope(inst.school[before[tid]], inst.school[dest]) is None
                          for tid, dest in movers.items()),
        "distance": _distance(inst, before, movers),
        "preferences": _preferences(inst, movers),
    }
    # in LEVELS order: the levels table reads them in this order (result.level_table)
    out: dict[str, float] = {k: float(w.level[k] * raw[k]) for k in lv.LEVELS}
    if math.isnan(out["distance"]):
        out["total"] = math.nan
        return out
    out["total"] = lv.total({k: w.level[k] * int(v) for k, v in raw.items()},
                            lv.multipliers(inst, w))
    return out


def _shortage(inst: Instance, w: lv.Weights, after: Mapping[str, str],
              weight_of: Callable[..., int]) -> int:
    q = lv.shortage_scale(inst)
    counts = rules.main_subject_counts(inst, after)
    return sum(weight_of(inst, w, s, j) * max(0, req - q * counts[s, j])
               for (s, j), req in lv.required_units(inst, q).items())


def _standards(inst: Instance, after: Mapping[str, str]) -> dict[str, int]:
    """Levels 4 and 5 before their multipliers: CV limits broken (by the measure), and the
    teachers the judged (school, indicator) pairs lack to reach their standard."""
    before = rules.placement_before(inst)
    stage = {sc.school_id: rules.stage_group(sc.stage) for sc in inst.schools}

    def counts(placement: Mapping[str, str]) -> Counter[tuple[str, str]]:
        out: Counter[tuple[str, str]] = Counter()
        for t in inst.teachers:
            school = placement[t.teacher_id]
            for ind in lv.STANDARD_INDICATORS:
                out[school, ind] += lv.indicator_at(t, ind, stage[school])
        return out

    now = counts(after)
    below = sum(max(0, minimum - now[key]) for key, minimum in lv.standard_pairs(inst).items())
    broken = sum(cv.measure({s: now[s, cv.indicator] for s in cv.schools}) > 0
                 for cv in lv.cv_limits(inst, counts(before)))
    return {"cv_limits": broken, "standards": below}


def _balance(inst: Instance, w: lv.Weights, after: Mapping[str, str]) -> int:
    counts: Counter[tuple[str, str]] = Counter()
    for t in inst.teachers:
        for ind in lv.INDICATORS:
            counts[after[t.teacher_id], ind] += lv.indicator_of(t, ind)
    return sum(w.factor[f"balance_{ind}"] * abs(lv.BALANCE_SCALE * counts[s, ind] - target)
               for (s, ind), target in lv.balance_targets(inst).items())


def _distance(inst: Instance, before: Mapping[str, str], movers: Mapping[str, str]) -> float:
    km = [inst.road_km(before[tid], dest) for tid, dest in movers.items()]
    if any(math.isnan(k) for k in km):
        return math.nan
    return sum(lv.km_units(k) for k in km)


def _preferences(inst: Instance, movers: Mapping[str, str]) -> int:
    ranks = lv.wishes(inst)
    return sum(lv.wish_cost(ranks[tid], dest) for tid, dest in movers.items() if tid in ranks)
