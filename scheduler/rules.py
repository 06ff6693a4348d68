"""The contract's definitions, shared by the models, the reports and the checker.

Plain Python and pandas only: the checker imports this module and must never pull in
the solver.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction

import pandas as pd

from scheduler.data.instance import Instance
from scheduler.data.models import Policy, School, Teacher
from scheduler.data.schema import PE_ARTS, Degree, Gender, Post, SchoolKind, Stage

# --- R1: who may rotate -----------------------------------------------------------------

REFORM_COHORT = {Gender.M: 1965, Gender.F: 1970}  # first birth year whose retirement rises
REFORM_MAX_MONTHS = 36


def retirement_month(t: Teacher, policy: Policy) -> tuple[int, int] | None:
    """(year, month) the teacher retires, taken as born on 1 July of `birth_year`.

    `retirement = "fixed"`: birth year + the age. `"reform_2025"` (data contract §5, R1):
    plus d months, d = min(36, ⌊m / 4⌋ + 1) with m the whole months from the cohort's
    first month (January 1965 for men and a blank gender, 1970 for women) to the birth
    month, d = 0 before the cohort.
    """
    if t.birth_year is None:
        return None
    r = policy.rotation
    female = t.gender == Gender.F
    age = r.retirement_age_female if female else r.retirement_age
    months = 0
    if r.retirement == "reform_2025":
        cohort = REFORM_COHORT[Gender.F if female else Gender.M]
        if t.birth_year >= cohort:
            m = (t.birth_year - cohort) * 12 + (7 - 1)  # born in July
            months = min(REFORM_MAX_MONTHS, m // 4 + 1)
    total = (t.birth_year + age) * 12 + (7 - 1) + months
    return total // 12, total % 12 + 1


def retirement_year(t: Teacher, policy: Policy) -> int | None:
    when = retirement_month(t, policy)
    return None if when is None else when[0]


def near_retirement(t: Teacher, policy: Policy) -> bool:
    """R1: `fixed`: birth_year + retirement age − year ≤ exempt_years_to_retirement;
    `reform_2025`: the retirement date (1st of its month) is on or before 1 September of
    year + exempt_years_to_retirement."""
    if policy.rotation.retirement == "fixed":
        year = retirement_year(t, policy)
        return year is not None and \
            year - policy.year <= policy.rotation.exempt_years_to_retirement
    when = retirement_month(t, policy)
    return when is not None and when <= (policy.year
                                         + policy.rotation.exempt_years_to_retirement, 9)


def ineligible_reason(t: Teacher, inst: Instance) -> str | None:
    """Why R1 or R11 keeps `t` from the teachers' pool (None: eligible)."""
    policy = inst.policy
    if t.is_leader:
        return "leader"  # principals and vice principals rotate under R12
    if t.exempt.strip():
        return "exempt"
    if near_retirement(t, policy):
        return "near_retirement"
    if t.teacher_id in inst.on_exchange:
        return "on_exchange"
    if not (t.volunteer or t.years_at_school >= policy.rotation.eligible_years_at_school):
        return "years"
    return None


def eligible(t: Teacher, inst: Instance) -> bool:
    """R1 and R11: a teacher (not a leader), not exempt, not near retirement, not on an
    exchange under way, and long enough at the school or a volunteer."""
    return ineligible_reason(t, inst) is None


def eligible_teachers(inst: Instance) -> list[Teacher]:
    return [t for t in inst.teachers if eligible(t, inst)]


def senior_title_candidate(t: Teacher) -> bool:
    """R7: seeks a senior title and has not yet served a year at a rural or weak school."""
    return t.seeks_senior_title and t.rural_years < 1


# --- R2: quotas --------------------------------------------------------------------------


def quota_base(inst: Instance) -> int:
    """The eligible teachers R2's share counts: all, or (`quota_base = "urban_town"`) those of
    urban and town schools that are not weak (national opinion of 2014)."""
    pool = eligible_teachers(inst)
    if inst.policy.rotation.quota_base == "urban_town":
        pool = [t for t in pool if is_strong(inst.school[t.school_id])]
    return len(pool)


def min_movers(n_eligible: int, policy: Policy) -> int:
    return _ceil(policy.rotation.min_share_of_eligible * n_eligible)


def required_movers(inst: Instance) -> int:
    """R2: ceil(min_share_of_eligible × the quota base)."""
    return min_movers(quota_base(inst), inst.policy)


def min_backbone_movers(movers: int, policy: Policy) -> int:
    return _ceil(policy.rotation.min_backbone_share * movers)


def max_outflow(staff: int, policy: Policy) -> int:
    """R4: floor(max_outflow_share × staff before the plan)."""
    return math.floor(policy.rotation.max_outflow_share * staff + 1e-9)


def _ceil(x: float) -> int:
    """ceil that does not turn 0.1 × 30 = 3.0000000000000004 into 4."""
    return math.ceil(round(x, 9))


# --- R9, R10, R12 ------------------------------------------------------------------------


def headcount_limits(inst: Instance) -> dict[str, int]:
    """R9: the most teachers each school may have after the plan (schools without a limit
    are left out). `posts`: its posts (else as `needs`); `needs`: staff before + ceil(its
    unmet shortage before, summed over subjects); `free`: none."""
    mode = inst.policy.rotation.headcount
    if mode == "free":
        return {}
    unmet: Counter[str] = Counter()
    for (school, _), gap in shortages(inst, placement_before(inst)).items():
        unmet[school] += gap
    out = {}
    for sc in inst.schools:
        if mode == "posts" and sc.posts is not None:
            out[sc.school_id] = sc.posts
        else:
            out[sc.school_id] = inst.staff[sc.school_id] + _ceil(unmet[sc.school_id])
    return out


def is_strong(school: School) -> bool:
    """An urban or town school that is not weak (R10's and quota_base's sending side)."""
    return school.kind in (SchoolKind.URBAN, SchoolKind.TOWN) and not school.weak


def upward(t: Teacher, src: School, dest: School, policy: Policy) -> bool:
    """R10: a backbone teacher leaving a rural, teaching-point or weak school for a strong
    one (forbidden unless `backbone_upward`)."""
    return (not policy.rotation.backbone_upward and t.is_backbone and src.receiving
            and is_strong(dest))


def leader_due(t: Teacher, inst: Instance) -> bool:
    """R12 before the one-leader-at-a-time rule: a principal or vice principal with
    years_in_post ≥ principal_max_years who is not exempt, near retirement or away."""
    policy = inst.policy
    return (t.is_leader and t.years_in_post >= policy.rotation.principal_max_years
            and not t.exempt.strip() and not near_retirement(t, policy)
            and t.teacher_id not in inst.on_exchange)


def leaders_to_move(inst: Instance) -> list[Teacher]:
    """R12: the leaders who move this year. A due principal moves; a due vice principal
    moves unless a principal of the same school is due too (then the vice waits a year,
    so that no school loses both)."""
    due = [t for t in inst.teachers if leader_due(t, inst)]
    principal_due = {t.school_id for t in due if t.post == Post.PRINCIPAL}
    return [t for t in due if t.post == Post.PRINCIPAL or t.school_id not in principal_due]


def leaders_not_due(inst: Instance) -> list[Teacher]:
    """R12 as counties practise it (校长交流, 对调): the principals and vice principals who are
    not due this year but may still move, to the same post at a school of their stage group,
    so that a due one can take their place (a swap or a chain). Not exempt, near retirement
    or away (R1, R11), like a due one; the vice principal of a school whose principal is due
    stays, so that no school loses both. The model moves them only where a plan needs it."""
    due = leaders_to_move(inst)
    moving = {t.teacher_id for t in due}
    principal_due = {t.school_id for t in due if t.post == Post.PRINCIPAL}
    policy = inst.policy
    return [t for t in inst.teachers
            if t.is_leader and t.teacher_id not in moving and not t.exempt.strip()
            and not near_retirement(t, policy) and t.teacher_id not in inst.on_exchange
            and not (t.post == Post.VICE_PRINCIPAL and t.school_id in principal_due)]


def same_stage_group(a: School, b: School) -> bool:
    return stage_group(a.stage) == stage_group(b.stage)


# --- shortage ----------------------------------------------------------------------------


def placement_before(inst: Instance) -> dict[str, str]:
    return {t.teacher_id: t.school_id for t in inst.teachers}


def placement_after(inst: Instance, moves: Mapping[str, str]) -> dict[str, str]:
    """Where every teacher serves after the moves (teacher_id -> school_id)."""
    out = placement_before(inst)
    out.update(moves)
    return out


def main_subject_counts(inst: Instance, placement: Mapping[str, str]) -> Counter[tuple[str, str]]:
    return Counter((placement[t.teacher_id], t.subject) for t in inst.teachers)


def shortages(inst: Instance, placement: Mapping[str, str]) -> dict[tuple[str, str], float]:
    """Per (school, subject): max(0, required − teachers whose main subject it is)."""
    counts = main_subject_counts(inst, placement)
    return {key: max(0.0, req - counts[key]) for key, req in inst.required.items()
            if req - counts[key] > 0}


def total_shortage(inst: Instance, placement: Mapping[str, str]) -> float:
    return float(sum(shortages(inst, placement).values()))


def shortage_by_subject(inst: Instance, placement: Mapping[str, str]) -> dict[str, float]:
    out: Counter[str] = Counter()
    for (_, subject), gap in shortages(inst, placement).items():
        out[subject] += gap
    return dict(sorted(out.items()))


# --- indicators (县域义务教育优质均衡, 2017) -------------------------------------------------

CV_LIMITS = {"primary": 0.50, "junior": 0.45}
INDICATORS = {
    "above_degree": "高于规定学历教师数 teachers above the required degree",
    "backbone": "县级及以上骨干教师数 county-level-and-above backbone teachers",
    "pe_arts": "体育、艺术(美术、音乐)专任教师数 PE, music and art teachers",
}
SMALL_TEACHING_POINT = 50
# Per-school standards of the 2017 assessment, per 100 students, by stage group.
STANDARDS = {"above_degree": {"primary": "4.2", "junior": "5.3"},
             "backbone": {"primary": "1.0", "junior": "1.0"},
             "pe_arts": {"primary": "0.9", "junior": "0.9"}}


def stage_group(stage: Stage) -> str:
    """Nine-year schools are judged with junior schools (the stricter CV limit)."""
    return "primary" if stage == Stage.PRIMARY else "junior"


def above_required_degree(t: Teacher, group: str) -> bool | None:
    """Teachers Law minimums: secondary normal for primary, associate for junior."""
    if t.degree is None:
        return None
    order = list(Degree)
    floor = Degree.SECONDARY if group == "primary" else Degree.ASSOCIATE
    return order.index(t.degree) > order.index(floor)


def standard_minimum(indicator: str, group: str, students: int,
                     travel: Fraction = Fraction(0)) -> int:
    """The fewest teachers with `indicator` that meet the per-school standard: ceil(standard
    × students / 100), in exact arithmetic (0.9 × 200 / 100 is 1.8, so 2); with `travel`
    traveling teachers counted there, the fewest of its own: ceil(… − travel), ≥ 0."""
    return max(0, math.ceil(standard_count(indicator, group, students) - travel))


def standard_count(indicator: str, group: str, students: int) -> Fraction:
    """The per-school standard as a count of teachers, exactly: standard × students / 100."""
    return Fraction(STANDARDS[indicator][group]) * students / 100


def counts_in_cv(school: School) -> bool:
    """The schools the county CV and the per-school standards count: pupils, and not a
    teaching point under 50 pupils."""
    return school.students > 0 and not (school.kind == SchoolKind.TEACHING_POINT
                                        and school.students < SMALL_TEACHING_POINT)


def travel_counts_at(school: School) -> bool:
    """Domain §1: "at small rural schools, exchanged, part-time and traveling PE and arts
    teachers count". Read as: a rural school or a teaching point (`kind`) that the county
    CV counts (`counts_in_cv`); town and urban sites do not count traveling teachers."""
    return school.kind in (SchoolKind.RURAL, SchoolKind.TEACHING_POINT) and counts_in_cv(school)


def travel_pe_arts(inst: Instance) -> dict[str, Fraction]:
    """school_id -> the traveling PE, music and art teachers counted there (placed periods
    ÷ full_load_periods, `inst.travel_coverage`), exact: periods are whole or halves, so
    each figure is a fraction over 2 × full_load_periods, which `limit_denominator`
    recovers from its float. Empty for a county as handed in (`rotate`)."""
    den = 2 * inst.policy.rotation.full_load_periods
    out: dict[str, Fraction] = {}
    for (site, subject), teachers in sorted(inst.travel_coverage.items()):
        school = inst.school.get(site)
        if subject in PE_ARTS and school is not None and travel_counts_at(school):
            out[site] = out.get(site, Fraction(0)) + Fraction(teachers).limit_denominator(den)
    return {s: x for s, x in out.items() if x}


def meets_standard(indicator: str, group: str, students: int, count: Fraction | int) -> bool:
    """count ≥ standard × students / 100, exactly (a count with traveling teachers is a
    fraction, so `standard_minimum`, a whole number, is not the test)."""
    return count >= standard_count(indicator, group, students)


def school_indicators(inst: Instance, placement: Mapping[str, str]) -> pd.DataFrame:
    """Per school: teachers, the three teacher indicators per 100 students, whether the
    school counts in the county CV (teaching points under 50 pupils do not), and per
    indicator the standard's minimum (`{name}_min`) and whether it is met (`{name}_meets`,
    None where the school is not counted or no teacher's degree is known). `pe_arts`
    counts the traveling PE and arts teachers of `inst.travel_coverage` at small rural
    schools (`travel_pe_arts`, also in `pe_arts_travel`): a fraction of a teacher."""
    travel = travel_pe_arts(inst)
    rows = {sc.school_id: {"school_id": sc.school_id, "stage": stage_group(sc.stage),
                           "kind": str(sc.kind), "students": sc.students, "teachers": 0,
                           "backbone": 0, "pe_arts": 0, "above_degree": 0, "degree_known": 0}
            for sc in inst.schools}
    for t in inst.teachers:
        row = rows[placement[t.teacher_id]]
        row["teachers"] += 1
        row["backbone"] += t.is_backbone
        row["pe_arts"] += t.subject in PE_ARTS
        above = above_required_degree(t, row["stage"])
        if above is not None:
            row["degree_known"] += 1
            row["above_degree"] += above
    df = pd.DataFrame(list(rows.values()))
    exact = {name: [Fraction(c) for c in df[name]] for name in INDICATORS}
    if travel:
        df["pe_arts_travel"] = [float(travel.get(s, 0)) for s in df["school_id"]]
        exact["pe_arts"] = [c + travel.get(s, 0) for c, s in zip(exact["pe_arts"],
                                                                  df["school_id"], strict=True)]
        df["pe_arts"] = [float(c) for c in exact["pe_arts"]]
    per = 100.0 / df["students"].where(df["students"] > 0)
    for name in INDICATORS:
        df[f"{name}_per100"] = df[name] * per
    df["in_cv"] = [counts_in_cv(sc) for sc in inst.schools]
    known = bool(df["degree_known"].any())
    if not known:
        df["above_degree_per100"] = float("nan")
    for name in INDICATORS:
        df[f"{name}_min"] = [standard_minimum(name, g, n)
                             for g, n in zip(df["stage"], df["students"], strict=True)]
        judged = df["in_cv"] & (known or name != "above_degree")
        df[f"{name}_meets"] = [meets_standard(name, g, n, c) if j else None
                               for c, g, n, j in zip(exact[name], df["stage"], df["students"],
                                                     judged, strict=True)]
    return df


def standards_met(indicators: pd.DataFrame) -> pd.DataFrame:
    """达标学校数: per (stage group, indicator), the schools judged and those meeting the
    per-school standard (1.0 backbone, 0.9 PE and arts, 4.2 / 5.3 above-degree per 100)."""
    out = []
    for group in CV_LIMITS:
        part = indicators[indicators["stage"] == group]
        for name in INDICATORS:
            judged = part[f"{name}_meets"].dropna()
            out.append({"stage": group, "indicator": name,
                        "standard_per100": float(STANDARDS[name][group]),
                        "schools": len(judged), "meeting": int(judged.astype(bool).sum())})
    return pd.DataFrame(out)


def weighted_cv(values: pd.Series, weights: pd.Series) -> float:
    """差异系数 as the 2017 assessment defines it: student-weighted std over weighted mean."""
    mask = values.notna() & (weights > 0)
    v, w = values[mask].astype(float), weights[mask].astype(float)
    if len(v) < 2 or w.sum() == 0:
        return float("nan")
    mean = float((v * w).sum() / w.sum())
    if mean == 0:
        return float("nan")
    std = math.sqrt(float((w * (v - mean) ** 2).sum() / w.sum()))
    return std / mean


def county_cvs(indicators: pd.DataFrame) -> pd.DataFrame:
    """CV per (stage group, indicator), with the limit it is judged against."""
    out = []
    for group, limit in CV_LIMITS.items():
        part = indicators[(indicators["stage"] == group) & indicators["in_cv"]]
        for name in INDICATORS:
            cv = weighted_cv(part[f"{name}_per100"], part["students"])
            out.append({"stage": group, "indicator": name, "schools": len(part),
                        "mean_per100": _weighted_mean(part[f"{name}_per100"], part["students"]),
                        "cv": cv, "limit": limit,
                        "meets": bool(cv <= limit) if not math.isnan(cv) else None})
    return pd.DataFrame(out)


def _weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    mask = values.notna() & (weights > 0)
    w = weights[mask].astype(float)
    return float((values[mask] * w).sum() / w.sum()) if w.sum() else float("nan")
