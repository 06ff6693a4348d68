"""Writing a rotation plan: the contract's CSV and summary, an .xlsx workbook and report.html.

Every figure written here is recomputed from the instance and the moves with
`scheduler.rules` (and the objective with `score`), never copied from the solver: the
solver's own numbers can only be as right as its model, the written ones must be true.
The four files are written into one temporary folder and renamed into place together.

Principals and vice principals move under R12, outside the teachers' quota (R2): `movers`
and `backbone_movers` count teachers only, `principals_moved` the leaders.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scheduler import __version__, rules
from scheduler.core.rotation_levels import LEVELS
from scheduler.core.travel_rules import pinned_out_of_reach
from scheduler.data.instance import Instance
from scheduler.data.schema import SUBJECTS_ZH, Post
from scheduler.rotation.changes import (
    CHANGE_COLUMNS,
    PREVIOUS_COLUMNS,
    Change,
    Previous,
    by_cause,
    explain_changes,
)
from scheduler.rotation.fairness import Audit, audit
from scheduler.rotation.result import Move, RotationResult, level_table
from scheduler.rotation.score import score
from scheduler.rotation.serves import LEADER, LOCK, QUOTA, serves
from scheduler.solving import Note, lexicographic_gap

PLAN_CSV = "rotation_plan.csv"
PLAN_XLSX = "rotation_plan.xlsx"
SUMMARY_JSON = "rotation_summary.json"
REPORT_HTML = "report.html"
CONTRACT_COLUMNS = ("teacher_id", "name", "subject", "backbone", "from_school_id",
                    "to_school_id", "distance_km", "reasons")
# Data contract §5, then `serves` (serves.py): appended, so §2 readers keep working.
PLAN_COLUMNS = (*CONTRACT_COLUMNS, "post", "from_name", "to_name", "term_end_year", "serves")
LEADER_COLUMNS = ("teacher_id", "name", "post", "from_school_id", "from_name", "to_school_id",
                  "to_name", "distance_km", "term_end_year", "serves")
KM_DECIMALS = 2
SHORTAGE_DECIMALS = 9  # far inside the checker's 1e-6 tolerance


@dataclass
class PlanFigures:
    """The true figures of one set of moves (the plan's, or the greedy baseline's)."""

    eligible: int
    required_movers: int
    movers: int  # teachers only (R2); leaders are in principals_moved (R12)
    backbone_movers: int
    required_backbone_movers: int
    principals_moved: int
    unmet_shortage_before: float
    unmet_shortage_after: float
    shortage_before: dict[str, float]  # by subject
    shortage_after: dict[str, float]
    indicators_before: pd.DataFrame  # rules.school_indicators
    indicators_after: pd.DataFrame
    cvs_before: pd.DataFrame  # rules.county_cvs
    cvs_after: pd.DataFrame
    standards_before: pd.DataFrame  # rules.standards_met
    standards_after: pd.DataFrame
    distances_km: list[float]
    terms: dict[str, float]  # score(): objective level by level, plus "total"

    @property
    def objective(self) -> float:
        return self.terms["total"]


@dataclass
class Baseline:
    """The greedy "by hand" plan for comparison, or why there is none."""

    figures: PlanFigures | None = None
    error: str | Note | None = None  # said in the report's language, `str()` in JSON


@dataclass
class RotationOutputs:
    """Everything the writers and the report need, computed once."""

    instance: Instance
    result: RotationResult
    plan: pd.DataFrame  # the contract's rotation_plan.csv, in PLAN_COLUMNS order
    figures: PlanFigures
    baseline: Baseline | None
    summary: dict[str, Any]
    fairness: Audit
    # a re-plan (`--baseline`): rotation_changes.csv and the previous plan's moves
    changes: pd.DataFrame | None = None
    previous: pd.DataFrame | None = None
    # `rotaplan objections`: objections_result.csv
    objections: pd.DataFrame | None = None


def plan_figures(inst: Instance, moves: Mapping[str, str]) -> PlanFigures:
    """Recompute every reported figure of `moves` (teacher_id -> destination)."""
    policy = inst.policy
    before = rules.placement_before(inst)
    after = rules.placement_after(inst, moves)
    eligible = sum(rules.eligible(t, inst) for t in inst.teachers)
    movers = [tid for tid, to in moves.items() if to != before[tid]]
    teachers = [tid for tid in movers if not inst.teacher[tid].is_leader]
    ind_before = rules.school_indicators(inst, before)
    ind_after = rules.school_indicators(inst, after)
    return PlanFigures(
        eligible=eligible,
        required_movers=rules.required_movers(inst),
        movers=len(teachers),
        backbone_movers=sum(inst.teacher[tid].is_backbone for tid in teachers),
        required_backbone_movers=rules.min_backbone_movers(len(teachers), policy),
        principals_moved=len(movers) - len(teachers),
        unmet_shortage_before=rules.total_shortage(inst, before),
        unmet_shortage_after=rules.total_shortage(inst, after),
        shortage_before=rules.shortage_by_subject(inst, before),
        shortage_after=rules.shortage_by_subject(inst, after),
        indicators_before=ind_before,
        indicators_after=ind_after,
        cvs_before=rules.county_cvs(ind_before),
        cvs_after=rules.county_cvs(ind_after),
        standards_before=rules.standards_met(ind_before),
        standards_after=rules.standards_met(ind_after),
        distances_km=[inst.road_km(before[tid], moves[tid]) for tid in movers],
        terms=dict(score(inst, {tid: moves[tid] for tid in movers})),
    )


def plan_frame(inst: Instance, moves: Sequence[Move],
               served: Mapping[str, str]) -> pd.DataFrame:
    """The contract's rotation_plan.csv: names, subjects, schools and km from the instance;
    `served` is what each move is for (serves.serves)."""
    term_end = inst.policy.year + inst.policy.rotation.term_years
    rows = []
    for move in sorted(moves, key=lambda m: m.teacher_id):
        t = inst.teacher[move.teacher_id]
        rows.append({
            "teacher_id": t.teacher_id,
            "name": t.name,
            "subject": t.subject,
            "backbone": str(t.backbone),
            "from_school_id": t.school_id,
            "to_school_id": move.to_school_id,
            "distance_km": round(inst.road_km(t.school_id, move.to_school_id), KM_DECIMALS),
            "reasons": ";".join(move.reasons),
            "post": str(t.post),
            "from_name": inst.school[t.school_id].name,
            "to_name": inst.school[move.to_school_id].name,
            "term_end_year": term_end,
            "serves": served.get(t.teacher_id, ""),  # "": not a move (R8, the checker)
        })
    return pd.DataFrame(rows, columns=list(PLAN_COLUMNS))


def build_outputs(inst: Instance, result: RotationResult,
                  baseline: RotationResult | str | Note | None = None,
                  *, audited: Instance | None = None, previous: Previous | None = None
                  ) -> RotationOutputs:
    """Recompute the plan's figures (and the baseline's: a result, or why it failed); the
    fairness audit judges `audited` where given (`rotaplan plan`: the county without the
    stay locks it adds for traveling teachers, as `rotaplan check` judges it); with
    `previous`, a re-plan's changes (`result.changes`, or recomputed without their
    solver-side causes) and the previous plan's moves, for the checker."""
    figures = plan_figures(inst, result.placement)
    if isinstance(baseline, RotationResult):
        base: Baseline | None = Baseline(figures=plan_figures(inst, baseline.placement))
    elif isinstance(baseline, str | Note):
        base = Baseline(error=baseline)
    else:
        base = None
    plan = plan_frame(inst, result.moves, serves(inst, result.placement))
    summary = _summary(inst, result, figures, base)
    summary["movers_by_serves"] = movers_by_serves(plan)
    fair = audit(audited or inst, result.placement)
    summary["fairness"] = _json_safe(fair.record(result.swaps))
    out = RotationOutputs(inst, result, plan, figures, base, summary, fair)
    if previous is not None:
        changes = result.changes if result.changes is not None else \
            explain_changes(inst, previous, result.placement)
        out.changes = changes_frame(changes)
        out.previous = pd.DataFrame([(tid, frm, to) for tid, (frm, to)
                                     in sorted(previous.moves.items())],
                                    columns=list(PREVIOUS_COLUMNS))
        summary["changed_from_baseline"] = {
            "changes": len(changes), "by_cause": by_cause(changes),
            "previous_movers": len(previous.moves), "baseline": previous.source,
            "change_penalty": inst.policy.rotation.change_penalty}
    return out


def changes_frame(changes: Sequence[Change]) -> pd.DataFrame:
    """rotation_changes.csv: one row per changed teacher (blank school: stays, stayed)."""
    return pd.DataFrame([(c.teacher_id, c.old_to, c.new_to, c.cause, c.detail)
                         for c in changes], columns=list(CHANGE_COLUMNS))


def _summary(inst: Instance, result: RotationResult, fig: PlanFigures,
             baseline: Baseline | None) -> dict[str, Any]:
    """rotation_summary.json: the contract's keys first, then extras for people and tools."""
    stats = result.stats
    true_stats = dataclasses.replace(stats, objective=fig.objective)
    levels = level_table(result, fig.terms) if result.stages else []
    summary: dict[str, Any] = {
        "status": stats.status,
        "objective": fig.objective,
        "best_bound": stats.best_bound,
        # A staged solve's gap is its first open level's (see level_table).
        "gap": lexicographic_gap(levels) if levels else true_stats.gap,
        "eligible": fig.eligible,
        "movers": fig.movers,
        "backbone_movers": fig.backbone_movers,
        "unmet_shortage_before": _tidy(fig.unmet_shortage_before),
        "unmet_shortage_after": _tidy(fig.unmet_shortage_after),
        "solve_seconds": stats.solve_seconds,
        # data contract §5
        "movers_required": fig.required_movers,
        "principals_moved": fig.principals_moved,
        "headcount_rule": inst.policy.rotation.headcount,
        # extras
        "standards": standards_records(fig),
        "largest_headcount_gain": largest_headcount_gain(inst, fig),
        "instance": inst.name,
        "year": inst.policy.year,
        "required_movers": fig.required_movers,
        "required_backbone_movers": fig.required_backbone_movers,
        "total_distance_km": round(sum(fig.distances_km), KM_DECIMALS),
        "max_distance_km": round(max(fig.distances_km, default=0.0), KM_DECIMALS),
        "shortage_by_subject_before": _tidy(fig.shortage_before),
        "shortage_by_subject_after": _tidy(fig.shortage_after),
        "objective_terms": fig.terms,
        "levels": levels,
        "first_open_level": next((lv["level"] for lv in levels if not lv["proven"]), None),
        "solver_objective": stats.objective,
        "build_seconds": stats.build_seconds,
        "first_solution_seconds": stats.first_solution_seconds,
        "method": stats.method,
        "workers": stats.workers,
        "seed": stats.seed,
        "time_limit": stats.time_limit,
        "stopped_by": stats.stopped_by,
        "cv_before": _cv_records(fig.cvs_before),
        "cv_after": _cv_records(fig.cvs_after),
        "cv_limits_unmet": cv_limits_unmet(fig, levels),
        **({"travel_pe_arts": travel_pe_arts_records(inst)} if inst.travel_coverage else {}),
        "pinned_lessons_out_of_reach": [
            {"site_id": le.site_id, "class_id": le.class_id, "subject": le.subject,
             "teacher_id": le.teacher_id, "to_school_id": result.placement[le.teacher_id]}
            for le in pinned_out_of_reach(inst, result.placement)],
        "baseline": _baseline_summary(baseline),
        "policy": inst.policy.model_dump(mode="json"),
        "rotaplan_version": __version__,
    }
    return _json_safe(summary)


def movers_by_serves(plan: pd.DataFrame) -> dict[str, int]:
    """How many movers each level or rule needs (the `serves` column counted): where the
    movers exceed the quota, this says which level asked for the rest."""
    counts = Counter(plan["serves"])
    order = [*LEVELS, LEADER, LOCK, QUOTA]
    return {code: int(counts[code]) for code in order if counts[code]}


def standards_records(fig: PlanFigures) -> list[dict[str, Any]]:
    """达标学校数 per stage group and indicator: schools judged, meeting before and after
    (which schools are judged does not depend on the plan)."""
    out = []
    for b, a in zip(fig.standards_before.itertuples(), fig.standards_after.itertuples(),
                    strict=True):
        out.append({"stage": b.stage, "indicator": b.indicator,
                    "standard_per100": b.standard_per100, "schools": int(b.schools),
                    "meeting_before": int(b.meeting), "meeting_after": int(a.meeting)})
    return out


def travel_pe_arts_records(inst: Instance) -> list[dict[str, Any]]:
    """The traveling PE and arts teachers the indicators count, per small rural school
    (`rules.travel_pe_arts`; `rotaplan plan` only)."""
    return [{"school_id": s, "teachers": round(float(x), 6)}
            for s, x in sorted(rules.travel_pe_arts(inst).items())]


def largest_headcount_gain(inst: Instance, fig: PlanFigures) -> dict[str, Any] | None:
    """The school whose staff grows most, and the R9 limit it is held to (None: no limit);
    None when no school grows."""
    before = fig.indicators_before.set_index("school_id")["teachers"]
    after = fig.indicators_after.set_index("school_id")["teachers"]
    gains = [(int(after[sc.school_id] - before[sc.school_id]), sc) for sc in inst.schools]
    gain, school = max(gains, key=lambda g: g[0], default=(0, None))
    if school is None or gain <= 0:
        return None
    return {"school_id": school.school_id, "name": school.name,
            "teachers_before": int(before[school.school_id]),
            "teachers_after": int(after[school.school_id]), "gain": gain,
            "limit": rules.headcount_limits(inst).get(school.school_id)}


def _baseline_summary(baseline: Baseline | None) -> dict[str, Any] | None:
    if baseline is None:
        return None
    if baseline.figures is None:
        return {"method": "greedy", "error": str(baseline.error)}
    fig = baseline.figures
    return {"method": "greedy", "objective": fig.objective, "movers": fig.movers,
            "backbone_movers": fig.backbone_movers,
            "unmet_shortage_after": _tidy(fig.unmet_shortage_after),
            "shortage_by_subject_after": _tidy(fig.shortage_after),
            "total_distance_km": round(sum(fig.distances_km), KM_DECIMALS),
            "cv_after": _cv_records(fig.cvs_after)}


def _tidy(value: Any) -> Any:
    """Posts summed in floating point (38.70000000000002) to the decimals people typed."""
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    return round(value, SHORTAGE_DECIMALS)


def cv_limits_unmet(fig: PlanFigures, levels: Sequence[Mapping[str, Any]]
                    ) -> list[dict[str, Any]]:
    """The CV limits the plan leaves broken, each with why: the CV level is met where it
    can be, so a broken limit is either proven unreachable under the levels above it
    (unmet shortage and senior-title placement held at their optimum) or not proven."""
    proven = next((bool(lv["proven"]) for lv in levels if lv["level"] == "cv_limits"), False)
    why = ("no plan that keeps the unmet shortage and the senior-title placements at their "
           "optimum meets it (proven)" if proven else
           "not proven unreachable: the solve stopped before the CV level was proven")
    return [{"stage": r.stage, "indicator": r.indicator, "cv": r.cv, "limit": r.limit,
             "proven": proven, "why": why}
            for r in fig.cvs_after.itertuples() if r.meets is False]


def _cv_records(cvs: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"stage": r.stage, "indicator": r.indicator, "schools": int(r.schools),
             "cv": r.cv, "limit": r.limit, "meets": r.meets} for r in cvs.itertuples()]


def _json_safe(value: Any) -> Any:
    """NaN (an undefined CV) becomes null; numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# --- the workbook --------------------------------------------------------------------


def leader_table(outputs: RotationOutputs) -> pd.DataFrame:
    """The moves of principals and vice principals (R12), in the plan's columns."""
    plan = outputs.plan
    return plan.loc[plan["post"] != str(Post.TEACHER), list(LEADER_COLUMNS)] \
        .reset_index(drop=True)


def school_table(outputs: RotationOutputs) -> pd.DataFrame:
    """The three teacher indicators per school (per 100 students), before and after, and
    per indicator the per-school standard's minimum and whether it is met before and after;
    with traveling teachers counted (`rotaplan plan`), how many at each school."""
    inst = outputs.instance
    before = outputs.figures.indicators_before.set_index("school_id")
    after = outputs.figures.indicators_after.set_index("school_id")
    rows = []
    for sc in inst.schools:
        b, a = before.loc[sc.school_id], after.loc[sc.school_id]
        row = {"school_id": sc.school_id, "name": sc.name, "kind": str(sc.kind),
               "stage": str(sc.stage), "students": sc.students, "in_cv": bool(b["in_cv"]),
               "teachers_before": int(b["teachers"]), "teachers_after": int(a["teachers"])}
        for name in rules.INDICATORS:
            row[f"{name}_per100_before"] = _round(b[f"{name}_per100"])
            row[f"{name}_per100_after"] = _round(a[f"{name}_per100"])
        for name in rules.INDICATORS:
            row[f"{name}_min"] = int(b[f"{name}_min"])
            row[f"{name}_meets_before"] = b[f"{name}_meets"]
            row[f"{name}_meets_after"] = a[f"{name}_meets"]
        if "pe_arts_travel" in b:  # `rotaplan plan`: traveling teachers counted there
            row["pe_arts_travel"] = _round(b["pe_arts_travel"])
        rows.append(row)
    return pd.DataFrame(rows)


def shortage_table(outputs: RotationOutputs) -> pd.DataFrame:
    """Unmet posts by subject before, after the plan and after the greedy baseline."""
    fig, base = outputs.figures, outputs.baseline
    by_hand = base.figures.shortage_after if base and base.figures else None
    subjects = sorted(set(fig.shortage_before) | set(fig.shortage_after) | set(by_hand or {}),
                      key=list(SUBJECTS_ZH).index)
    rows = []
    for s in subjects:
        row = {"subject": s, "subject_zh": SUBJECTS_ZH[s],
               "shortage_subject": s in outputs.instance.policy.rotation.shortage_subjects,
               "before": _tidy(fig.shortage_before.get(s, 0.0)),
               "after": _tidy(fig.shortage_after.get(s, 0.0))}
        if by_hand is not None:
            row["by_hand"] = _tidy(by_hand.get(s, 0.0))
        rows.append(row)
    cols = ["subject", "subject_zh", "shortage_subject", "before", "after"]
    return pd.DataFrame(rows, columns=cols + (["by_hand"] if by_hand is not None else []))


def cv_table(outputs: RotationOutputs) -> pd.DataFrame:
    """County CVs per stage group and indicator: before, after, by hand, and the limit."""
    fig, base = outputs.figures, outputs.baseline
    df = fig.cvs_before[["stage", "indicator", "schools", "limit"]].copy()
    df["cv_before"] = fig.cvs_before["cv"].map(_round)
    df["cv_after"] = fig.cvs_after["cv"].map(_round)
    if base and base.figures:
        df["cv_by_hand"] = base.figures.cvs_after["cv"].map(_round)
    df["meets_after"] = fig.cvs_after["meets"]
    return df


def _round(x: Any, digits: int = 3) -> float | None:
    x = float(x)
    return None if math.isnan(x) else round(x, digits)
