"""The rotation objective's levels: what each counts, in which integer units, with what weight.

Pure Python (no ortools): `score` (and so the independent checker) and the CP-SAT model
read the same definitions here, so that a plan's recomputed score equals the solver's.

Levels, most important first (data contract §5, "what the plan then optimises"), all
minimised, all integers:

1. `shortage`: Σ over needs rows of w(subject) × max(0, required − main-subject teachers
   after the plan), in 1/Q of a teacher (Q = 1, 10 or 100 so that every `required` is
   whole). w = the subject factor (policy shortage subjects: `shortage_subject`, default 2,
   others 1). Every school counts, so a move that opens a gap at the sending school counts
   against it.
2. `senior_title`: eligible senior-title candidates (R7) not serving at a rural, teaching
   point or weak school after the plan.
3. `cv_limits`: the 优质均衡 limits met where they can be: per stage group and indicator
   (above-degree when any degree is known, backbone, PE+arts) whose CV the plan could
   break, 1 × [CV measure over its limit]. The CV measure (`CvLimit`) is the CV condition
   N Σ c_s² / n_s ≤ (1 + L²) C² in integers, made conservative twice: each 1 / n_s is
   rounded up at scale 10^6, and C² is replaced by a line below it in C (it is convex),
   so a plan whose measure is ≤ 0 has a true CV ≤ L. It can call a CV within about 0.1 %
   of its limit broken; the report shows the true CVs. Traveling PE and arts teachers
   at small rural schools (`rotaplan plan`, `rules.travel_pe_arts`) count in c_s as a
   constant fraction, entering the measure rounded up (`CvLimit`).
4. `standards`: per school the CV counts and indicator, the teachers it lacks to reach
   the per-school standard, max(0, ceil(standard × students / 100) − teachers after);
   where traveling PE and arts teachers x count, ceil(standard × students / 100 − x):
   whole teachers of the school's own, met exactly when the true count meets it.
   Schools are brought up to standard (达标学校数, which the report counts) as far as the
   levels above allow. A count of the schools below standard was tried first: its LP
   relaxation is weak (a fixed charge per school), and CP-SAT needed 14 s to prove it on
   the demo county, where the shortfall is proven in 0.1 s (benchmarks/README.md).
5. `movers`: teachers who move (leaders included): no move is made that serves none of
   the levels above or a hard rule.
6. `shortage_place`: the unmet shortage again, with w = subject factor × school factor
   (`teaching_point` 3, `rural` 2, `weak` 2, others 1): among the fewest movers, the gaps
   left are where they hurt least. (Version 1 had one level with both factors, above
   everything: a move could open a whole post in town to fill 0.6 of one in a village,
   and county-m's PE shortage rose from 39.9 to 45.4 posts; benchmarks/README.md.)
7. `balance`: per stage group (primary; junior with nine-year) and indicator (backbone,
   PE+arts), Σ over the schools the county CV counts of |K × teachers after − target|,
   target = round(K × stage total before × students / stage students), K = 10. This is
   the student-weighted mean absolute deviation of "teachers per 100 students", a linear
   proxy of the CV the report shows (traveling PE and arts teachers counted in C and
   taken off the school's target). Factors `balance_backbone`, `balance_pe_arts` (1).
8. `same_scope`: moves that leave both the education group and the school district.
9. `distance`: road km of every move, in tenths of a km.
10. `preferences`: per mover with wishes, rank − 1 for a granted wish, else the worst rank.

Combination. The levels are solved lexicographically in stages (`solve.py`), which needs
no weights; the single figure `total` that the summary reports and the checker compares
is Σ_k W_k × level_k with W_k = 1 + Σ_{j below k} W_j × R_j, where R_j bounds how much
level j can differ between two feasible plans (`ranges`). Proof that a higher level always
wins: if plans A and B agree above level k and A is better at k by ≥ 1, then
total_B − total_A ≥ W_k − Σ_{j<k} W_j R_j = 1 > 0. The W_k are exact Python integers (they
exceed int64 on large counties, so they never enter CP-SAT); `total` is their float.

`policy.rotation.weights` re-weights: a level's key (`shortage`, ..., `preferences`)
multiplies that level (0 switches it off; with lexicographic stages any positive value
leaves the plan unchanged and only scales `total`), and the factor keys above change the
weights inside a level. Weights must be whole numbers ≥ 0 (the model is integer).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from scheduler import rules
from scheduler.data.instance import Instance
from scheduler.data.models import Policy, School, Teacher
from scheduler.data.schema import PE_ARTS, SchoolKind
from scheduler.errors import InputError, Problem

LEVELS = ("shortage", "senior_title", "cv_limits", "standards", "movers", "shortage_place",
          "balance", "same_scope", "distance", "preferences")
FACTORS = {"shortage_subject": 2, "teaching_point": 3, "rural": 2, "weak": 2,
           "balance_backbone": 1, "balance_pe_arts": 1}
INDICATORS = ("backbone", "pe_arts")  # the balance level's
STANDARD_INDICATORS = tuple(rules.INDICATORS)  # above_degree, backbone, pe_arts
CV_SCALE = 10**6  # the CV measure's 1 / n_s in millionths, rounded up
BALANCE_SCALE = 10  # K: deviations in tenths of a teacher
KM_PER_UNIT = 0.1  # distance in tenths of a km
SHORTAGE_SCALES = (1, 10, 100)  # Q candidates; 100 (rounded) if none makes `required` whole


@dataclass(frozen=True)
class Weights:
    """Level multipliers (0 = off) and the factors inside the levels, all whole numbers."""

    level: Mapping[str, int]
    factor: Mapping[str, int]

    def on(self, level: str) -> bool:
        return self.level[level] > 0


def weights(policy: Policy) -> Weights:
    """Read `policy.rotation.weights`; an unknown key or a fractional weight is an InputError."""
    given = policy.rotation.weights
    problems = []
    for key, value in given.items():
        where = f"rotation.weights.{key}"
        if key not in LEVELS and key not in FACTORS:
            problems.append(Problem("policy.toml", None, where, "unknown weight; expected one of "
                                    + ", ".join((*LEVELS, *FACTORS))))
        elif value < 0 or abs(value - round(value)) > 1e-9:
            problems.append(Problem("policy.toml", None, where,
                                    f"expected a whole number ≥ 0, got {value!r}"))
    if problems:
        raise InputError(problems)
    level = {k: round(given.get(k, 1)) for k in LEVELS}
    factor = {k: round(given.get(k, v)) for k, v in FACTORS.items()}
    return Weights(level, factor)


# --- level 1: shortage ----------------------------------------------------------------


def shortage_scale(inst: Instance) -> int:
    """Q: the smallest of 1, 10, 100 that makes every `required` a whole number of units."""
    for q in SHORTAGE_SCALES:
        if all(abs(n.required * q - round(n.required * q)) < 1e-6 for n in inst.needs):
            return q
    return SHORTAGE_SCALES[-1]


def required_units(inst: Instance, q: int) -> dict[tuple[str, str], int]:
    return {key: round(req * q) for key, req in inst.required.items()}


def school_factor(school: School, w: Weights) -> int:
    if school.kind == SchoolKind.TEACHING_POINT:
        return w.factor["teaching_point"]
    if school.kind == SchoolKind.RURAL:
        return w.factor["rural"]
    return w.factor["weak"] if school.weak else 1


def shortage_weight(inst: Instance, w: Weights, school_id: str, subject: str) -> int:
    """Weight of one unit of unmet shortage at level 1 (before the level multiplier): the
    subject's factor. `school_id` is unused here and kept so both shortage levels share
    one signature."""
    del school_id
    return w.factor["shortage_subject"] if subject in inst.policy.rotation.shortage_subjects \
        else 1


def place_weight(inst: Instance, w: Weights, school_id: str, subject: str) -> int:
    """Weight of one unit of unmet shortage at level 2: subject factor × school factor."""
    return shortage_weight(inst, w, school_id, subject) * school_factor(inst.school[school_id], w)


# --- level 2: senior title ---------------------------------------------------------------


def counts_for_senior_title(t: Teacher, inst: Instance) -> bool:
    """Eligible senior-title candidates are the ones the plan can place (R7)."""
    return rules.senior_title_candidate(t) and rules.eligible(t, inst)


# --- level 3: standards ----------------------------------------------------------------


def indicator_at(t: Teacher, indicator: str, stage: str) -> bool:
    """Whether `t` counts for `indicator` at a school of stage group `stage`."""
    if indicator == "above_degree":
        return bool(rules.above_required_degree(t, stage))
    return indicator_of(t, indicator)


def judged_indicators(inst: Instance) -> tuple[str, ...]:
    """Above-degree is judged only where some teacher's degree is known."""
    known = any(t.degree is not None for t in inst.teachers)
    return tuple(i for i in STANDARD_INDICATORS if known or i != "above_degree")


def standard_pairs(inst: Instance) -> dict[tuple[str, str], int]:
    """(school, indicator) -> the per-school standard's minimum, for the judged pairs: the
    fewest teachers of the school's own, the traveling PE and arts teachers counted there
    (`rules.travel_pe_arts`) taken off first. A school meets the standard exactly when its
    own count reaches this whole number, so the level stays in whole teachers."""
    travel = rules.travel_pe_arts(inst)
    return {(sc.school_id, ind): rules.standard_minimum(
                ind, rules.stage_group(sc.stage), sc.students,
                _traveling(travel, sc.school_id, ind))
            for sc in inst.schools if rules.counts_in_cv(sc) for ind in judged_indicators(inst)}


def _traveling(travel: Mapping[str, Fraction], school: str, indicator: str) -> Fraction:
    """The traveling teachers `indicator` counts at `school` (`rules.travel_pe_arts`):
    PE and arts teachers only."""
    return travel.get(school, Fraction(0)) if indicator == "pe_arts" else Fraction(0)


@dataclass(frozen=True)
class CvLimit:
    """One CV limit as an integer measure over the schools' own counts c_s: broken when
    Σ_s (w_s c_s² + lin_s c_s) − slope × (C − C0) − offset > 0 (module docstring, level 3).

    Traveling PE and arts teachers x_s (a constant fraction, `rules.travel_pe_arts`) count
    too: w (c + x)² = w c² + 2wx c + w x², so lin_s = ceil(2 w_s x_s) and the constants
    Σ w_s x_s² (rounded up) leave the offset; both roundings make the measure larger, so
    a plan whose measure is ≤ 0 still has a true CV within its limit. Without traveling
    teachers lin is all 0 and the measure is the one of version 1."""

    stage: str
    indicator: str
    schools: tuple[str, ...]
    w: tuple[int, ...]  # ceil(CV_SCALE / n_s)
    c0: int  # the schools' own C before the plan
    slope: int
    offset: int
    lin: tuple[int, ...]  # ceil(2 w_s x_s)

    def measure(self, counts: Mapping[str, int]) -> int:
        c = [counts.get(s, 0) for s in self.schools]
        return (sum(w * x * x + a * x for w, a, x in zip(self.w, self.lin, c, strict=True))
                - self.slope * (sum(c) - self.c0) - self.offset)


def cv_limits(inst: Instance, before: Mapping[tuple[str, str], int]) -> list[CvLimit]:
    """The CV limits a plan can break: per stage group and judged indicator with at least
    two schools and some teacher counting. `before` is (school, indicator) -> the school's
    own count; the traveling PE and arts teachers counted there are added here (`CvLimit`).
    """
    reach = max_movers(inst) + max_leaders(inst)
    travel = rules.travel_pe_arts(inst)
    out = []
    for stage, limit in rules.CV_LIMITS.items():
        schools = [sc for sc in inst.schools
                   if rules.counts_in_cv(sc) and rules.stage_group(sc.stage) == stage]
        if len(schools) < 2:
            continue
        n = sum(sc.students for sc in schools)
        k = CV_SCALE * (1 + Fraction(str(limit)) ** 2) / n  # h(C) = k C² ≥ slope·Δ + offset
        w = tuple(-(-CV_SCALE // sc.students) for sc in schools)
        for ind in judged_indicators(inst):
            x = [_traveling(travel, sc.school_id, ind)
                 for sc in schools]
            own = sum(before[sc.school_id, ind] for sc in schools)
            c0 = own + sum(x)  # C before the plan, traveling teachers counted
            if c0 == 0:
                continue
            slope = math.floor(2 * k * c0)
            offset = min(math.floor(k * (c0 + d) ** 2 - slope * d)
                         for d in range(-own, reach + 1))
            offset -= math.ceil(sum(wi * xi * xi for wi, xi in zip(w, x, strict=True)))
            out.append(CvLimit(stage, ind, tuple(sc.school_id for sc in schools), w,
                               own, slope, offset,
                               tuple(math.ceil(2 * wi * xi) for wi, xi in zip(w, x, strict=True))))
    return out




# --- level 3: balance ------------------------------------------------------------------


def indicator_of(t: Teacher, indicator: str) -> bool:
    return t.is_backbone if indicator == "backbone" else t.subject in PE_ARTS


def balance_targets(inst: Instance) -> dict[tuple[str, str], int]:
    """(school, indicator) -> target in K-units, for the schools the CV counts.

    target = round(K × C × n / N) with C, N the stage group's teachers with the indicator and
    students before the plan (round half up, exact arithmetic). Traveling PE and arts
    teachers x (`rules.travel_pe_arts`) count in C, and the school needs x fewer of its
    own: target = round(K × (C × n / N − x)), so that |K × own − target| is the level's
    |K × (own + x) − K × C × n / N| rounded as before.
    """
    travel = rules.travel_pe_arts(inst)
    counted = [sc for sc in inst.schools if rules.counts_in_cv(sc)]
    students: Counter[str] = Counter()
    group = {sc.school_id: rules.stage_group(sc.stage) for sc in counted}
    for sc in counted:
        students[group[sc.school_id]] += sc.students
    totals: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for t in inst.teachers:
        if t.school_id in group:
            for ind in INDICATORS:
                totals[group[t.school_id], ind] += indicator_of(t, ind)
    for school, x in travel.items():
        if school in group:
            totals[group[school], "pe_arts"] += x
    k = BALANCE_SCALE
    out = {}
    for sc in counted:
        g, n = group[sc.school_id], students[group[sc.school_id]]
        for ind in INDICATORS:
            x = _traveling(travel, sc.school_id, ind)
            out[sc.school_id, ind] = math.floor(k * (totals[g, ind] * sc.students / n - x)
                                                + Fraction(1, 2))
    return out


# --- levels 4-6: scope, distance, preferences -------------------------------------------


def same_scope(a: School, b: School) -> str | None:
    """`same_group` or `same_district` when the two schools share one, else None."""
    if a.group_id is not None and a.group_id == b.group_id:
        return "same_group"
    if a.district_id is not None and a.district_id == b.district_id:
        return "same_district"
    return None


def km_units(km: float) -> int:
    return round(km / KM_PER_UNIT)


def wishes(inst: Instance) -> dict[str, dict[str, int]]:
    """teacher_id -> {school_id: best rank}, for eligible teachers, own school left out."""
    out: dict[str, dict[str, int]] = {}
    for p in inst.preferences:
        t = inst.teacher.get(p.teacher_id)
        if t is None or p.school_id == t.school_id or not rules.eligible(t, inst):
            continue
        ranks = out.setdefault(p.teacher_id, {})
        ranks[p.school_id] = min(p.rank, ranks.get(p.school_id, p.rank))
    return out


def wish_cost(ranks: Mapping[str, int], dest: str) -> int:
    """rank − 1 for a granted wish; the worst rank for any other destination."""
    return ranks[dest] - 1 if dest in ranks else max(ranks.values())


# --- combining the levels ----------------------------------------------------------------


def max_movers(inst: Instance) -> int:
    """Σ over schools of min(eligible teachers, sending cap): no plan moves more (R1, R4)."""
    eligible = Counter(t.school_id for t in inst.teachers if rules.eligible(t, inst))
    return sum(min(n, rules.max_outflow(inst.staff[s], inst.policy)) for s, n in eligible.items())


def max_leaders(inst: Instance) -> int:
    """The principals and vice principals a plan may move (R12): the due ones and those
    not due who may make room for them."""
    return len(rules.leaders_to_move(inst)) + len(rules.leaders_not_due(inst))


def ranges(inst: Instance, w: Weights) -> dict[str, int]:
    """R_k: how much each weighted level can differ between two plans (upper bounds).

    A move changes an indicator count at two schools by one, so Σ|K c − t| moves by ≤ 2K
    per move and indicator; two plans differ by ≤ 4K × max movers from each other.
    """
    m = max_movers(inst)
    leaders = max_leaders(inst)
    policy = inst.policy
    finite = inst.km[~np.isnan(inst.km)]
    longest = min(policy.rotation.max_distance_km, float(finite.max()) if finite.size else 0.0)
    candidates = sum(counts_for_senior_title(t, inst) and not inst.school[t.school_id].receiving
                     for t in inst.teachers)
    bal = sum(w.factor[f"balance_{ind}"] for ind in INDICATORS) * 4 * BALANCE_SCALE * m
    m += leaders
    cvs = len(STANDARD_INDICATORS) * len(rules.CV_LIMITS)
    q = shortage_scale(inst)
    place = sum(place_weight(inst, w, s, j) * req
                for (s, j), req in required_units(inst, q).items())
    return {
        "shortage_place": w.level["shortage_place"] * place,
        "senior_title": w.level["senior_title"] * candidates,
        "cv_limits": w.level["cv_limits"] * cvs,
        "standards": w.level["standards"] * sum(standard_pairs(inst).values()),
        "movers": w.level["movers"] * m,
        "balance": w.level["balance"] * bal,
        "same_scope": w.level["same_scope"] * m,
        "distance": w.level["distance"] * m * km_units(longest),
        "preferences": w.level["preferences"] * sum(max(r.values())
                                                    for r in wishes(inst).values()),
    }


def multipliers(inst: Instance, w: Weights) -> dict[str, int]:
    """W_k = 1 + Σ_{j below k} W_j R_j (module docstring); exact, possibly beyond int64."""
    r = ranges(inst, w)
    out: dict[str, int] = {}
    below = 0
    for level in reversed(LEVELS):
        out[level] = 1 + below
        below += out[level] * r.get(level, 0)
    return out


def total(levels: Mapping[str, int], mult: Mapping[str, int]) -> float:
    """The one figure reported as the objective: Σ W_k × level_k (levels already weighted)."""
    return float(sum(mult[k] * levels[k] for k in LEVELS))


def fraction_of(share: float) -> tuple[int, int]:
    """A policy share as num/den, exact for shares typed with up to 9 decimals (R2)."""
    den = 10**9
    num = round(share * den)
    g = math.gcd(num, den)
    return num // g, den // g
