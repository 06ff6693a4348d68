"""The contract's definitions, shared by the models, the reports and the checker.

Plain Python and pandas only: the checker imports this module and must never pull in
the solver.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import pandas as pd

from scheduler.data.instance import Instance
from scheduler.data.models import Policy, Teacher
from scheduler.data.schema import PE_ARTS, Degree, Gender, SchoolKind, Stage

# --- R1: who may rotate -----------------------------------------------------------------


def retirement_year(t: Teacher, policy: Policy) -> int | None:
    if t.birth_year is None:
        return None
    r = policy.rotation
    age = r.retirement_age_female if t.gender == Gender.F else r.retirement_age
    return t.birth_year + age


def near_retirement(t: Teacher, policy: Policy) -> bool:
    """R1: birth_year + retirement age − year ≤ exempt_years_to_retirement."""
    year = retirement_year(t, policy)
    return year is not None and year - policy.year <= policy.rotation.exempt_years_to_retirement


def eligible(t: Teacher, policy: Policy) -> bool:
    """R1: not exempt, not near retirement, and long enough at the school or a volunteer."""
    if t.exempt.strip() or near_retirement(t, policy):
        return False
    return t.volunteer or t.years_at_school >= policy.rotation.eligible_years_at_school


def senior_title_candidate(t: Teacher) -> bool:
    """R7: seeks a senior title and has not yet served a year at a rural or weak school."""
    return t.seeks_senior_title and t.rural_years < 1


# --- R2: quotas --------------------------------------------------------------------------


def min_movers(n_eligible: int, policy: Policy) -> int:
    return _ceil(policy.rotation.min_share_of_eligible * n_eligible)


def min_backbone_movers(movers: int, policy: Policy) -> int:
    return _ceil(policy.rotation.min_backbone_share * movers)


def max_outflow(staff: int, policy: Policy) -> int:
    """R4: floor(max_outflow_share × staff before the plan)."""
    return math.floor(policy.rotation.max_outflow_share * staff + 1e-9)


def _ceil(x: float) -> int:
    """ceil that does not turn 0.1 × 30 = 3.0000000000000004 into 4."""
    return math.ceil(round(x, 9))


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


def school_indicators(inst: Instance, placement: Mapping[str, str]) -> pd.DataFrame:
    """Per school: teachers, the three teacher indicators per 100 students, and whether the
    school counts in the county CV (teaching points under 50 pupils do not)."""
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
    per = 100.0 / df["students"].where(df["students"] > 0)
    for name in INDICATORS:
        df[f"{name}_per100"] = df[name] * per
    df["in_cv"] = (df["students"] > 0) & ~(
        (df["kind"] == SchoolKind.TEACHING_POINT) & (df["students"] < SMALL_TEACHING_POINT))
    if not df["degree_known"].any():
        df["above_degree_per100"] = float("nan")
    return df


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
