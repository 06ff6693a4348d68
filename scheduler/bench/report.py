"""report.md and its plots: what a reader of a benchmark looks at first.

The summary table gives, per instance group and setting, shifted geometric means of
times (shift 10 s; a run without a solution counts its time limit as its time to first
solution) and plain means of gaps and primal integrals. Two plots follow: a Dolan–Moré
performance profile and the primal gap over time. Definitions: benchmarks/README.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.bench.metrics import (
    TIME_SHIFT,
    Point,
    performance_ratios,
    primal_gap_at,
    profile_curve,
    shifted_geomean,
    time_to_target,
)
from scheduler.bench.presets import Preset

REPORT_MD = "report.md"
PROFILE_PNG = "performance_profile.png"
GAP_PNG = "gap_over_time.png"
SOLVED = ("OPTIMAL", "FEASIBLE")
GRID_POINTS = 200
EARLIEST = 1e-4  # the gap plot's time grid runs from this share of the time limit to 1


def summary_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (group, kind, setting): counts, shifted geometric means, mean gaps.

    Crashed runs (ERROR) are counted, and left out of every time and gap figure."""
    rows = []
    for (group, kind, setting), every in df.groupby(["group", "kind", "setting"], sort=True):
        runs = every[every["status"] != "ERROR"]
        solved = runs["status"].isin(SOLVED)
        first = runs["first_solution_seconds"].where(solved, runs["time_limit"])
        rows.append({
            "group": group,
            "kind": kind,
            "setting": setting,
            "runs": len(every),
            "optimal": int((runs["status"] == "OPTIMAL").sum()),
            "feasible": int((runs["status"] == "FEASIBLE").sum()),
            "no plan": int((~solved).sum()),
            "errors": len(every) - len(runs),
            "checked ok": f"{int((runs['checked'] == 'yes').sum())}/{int(solved.sum())}",
            "sgm wall s": shifted_geomean(_floats(runs["wall_seconds"])),
            "sgm first s": shifted_geomean(_floats(first)),
            "sgm best s": shifted_geomean(_floats(runs["best_solution_seconds"])),
            "mean gap": _mean(runs["gap"]),
            "mean primal int.": _mean(runs["primal_integral"]),
            "max MB": _max(runs["peak_rss_mb"]),
        })
    return pd.DataFrame(rows)


def instance_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (instance, setting): objectives and bounds over the seeds."""
    rows = []
    for (instance, setting), runs in df.groupby(["instance", "setting"], sort=True):
        rows.append({
            "instance": instance,
            "setting": setting,
            "statuses": _status_counts(runs["status"]),
            "best objective": _min(runs["objective"]),
            "median objective": _median(runs["objective"]),
            "best bound": _max(runs["best_bound"]),  # both models minimise
            "median gap": _median(runs["gap"]),
            "median wall s": _median(runs["wall_seconds"]),
        })
    return pd.DataFrame(rows)


# The rows of a plan instance's side-by-side table: (label, results.csv column).
PLAN_MEASURES = (
    ("status", "status"),
    ("rotation status", "rotation_status"),
    ("rotation gap", "rotation_gap"),
    ("timetable status", "travel_status"),
    ("timetable gap", "travel_gap"),
    ("timetable parts' gap", "travel_parts_gap"),
    ("moves (teachers + leaders)", "moves"),
    ("of which leaders", "leader_moves"),
    ("moves into needs 走教 covers", "moves_into_covered"),
    ("unmet shortage counting coverage", "unmet_counting_coverage"),
    ("unmet shortage, plain", "unmet_plain"),
    ("lessons placed", "lessons_placed"),
    ("route km a week", "route_km"),
    ("periods a week taught at home (no driving)", "periods_at_home"),
    ("hubs sent to central schools", "hubs"),
    ("hubs left out (no rotation plan with them)", "hubs_dropped"),
    ("wall s", "wall_seconds"),
    ("checked", "checked"),
)
TEXT_MEASURES = ("status", "rotation_status", "travel_status", "checked")
COUNT_MEASURES = ("moves", "leader_moves", "moves_into_covered", "hubs", "hubs_dropped")


def plan_table(runs: pd.DataFrame) -> pd.DataFrame:
    """One plan instance's figures, a column per setting (joint and separate side by
    side): statuses counted over the seeds, numbers their median, lessons placed of
    the lesson rows."""
    table: dict[str, list[str | float | int | None]] = {
        "measure": [label for label, _ in PLAN_MEASURES]}
    for setting, by_setting in runs.groupby("setting", sort=True):
        cells: list[str | float | int | None] = []
        for _label, column in PLAN_MEASURES:
            if column in TEXT_MEASURES:
                cells.append(_status_counts(by_setting[column].dropna()))
            elif column == "lessons_placed":
                placed, rows = _median(by_setting[column]), _median(by_setting["lesson_rows"])
                cells.append(None if placed is None else f"{placed:g}/{rows:g}")
            else:
                value = _median(by_setting[column])
                if column in COUNT_MEASURES and value is not None and value.is_integer():
                    cells.append(int(value))
                else:
                    cells.append(value)
        table[str(setting)] = cells
    return pd.DataFrame(table)


def plan_sections(df: pd.DataFrame) -> list[str]:
    """The report's lines for plan runs: a side-by-side table per instance (none without)."""
    plans = df[df["kind"] == "plan"]
    if plans.empty:
        return []
    lines = ["## Plans side by side", "",
             "Per instance, each plan method's figures (the median over seeds where there "
             "are several). Unmet shortage is in teachers; coverage: the lessons traveling "
             "teachers teach, periods ÷ full_load_periods (benchmarks/README.md).", ""]
    for instance, runs in plans.groupby("instance", sort=True):
        lines += [f"### {instance}", "", markdown_table(plan_table(runs)), ""]
    return lines


def profile_measures(df: pd.DataFrame, points: Mapping[str, Sequence[Point]]
                     ) -> dict[str, dict[str, dict[str, float]]]:
    """Per measure, problem (instance and seed) and setting: the time it took, inf if never.

    "proof": wall seconds of runs that proved optimality. "best known": seconds until the
    run first held the best objective any run found for the instance.
    """
    proof: dict[str, dict[str, float]] = {}
    target: dict[str, dict[str, float]] = {}
    for row in df.itertuples(index=False):
        problem = f"{row.instance}#{row.seed}"
        proof.setdefault(problem, {})[row.setting] = (
            float(row.wall_seconds) if row.status == "OPTIMAL" else math.inf)
        reached = None
        if _is_number(row.best_known):
            reached = time_to_target(points.get(row.run_id, []), float(row.best_known))
        target.setdefault(problem, {})[row.setting] = math.inf if reached is None else reached
    return {"time to prove optimality": proof, "time to the best known objective": target}


def plot_profiles(df: pd.DataFrame, points: Mapping[str, Sequence[Point]], path: Path) -> None:
    """Dolan–Moré profiles, one panel per measure: ρ(τ) = share of problems within τ × best."""
    from matplotlib.figure import Figure

    measures = profile_measures(df, points)
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    axes = fig.subplots(1, len(measures))
    for ax, (title, table) in zip(axes, measures.items(), strict=True):
        ratios = performance_ratios(table)
        finite = [r for rs in ratios.values() for r in rs if math.isfinite(r)]
        top = max([2.0, *finite]) * 1.25
        taus = [2 ** (i * math.log2(top) / GRID_POINTS) for i in range(GRID_POINTS + 1)]
        for setting, rs in ratios.items():
            ax.step(taus, profile_curve(rs, taus), where="post", label=setting)
        ax.set_xscale("log", base=2)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("τ (within τ × the best setting's time)")
        ax.set_ylabel("share of problems")
        ax.set_title(title if finite else f"{title}: no run got there")
        ax.grid(alpha=0.3)
    axes[0].legend(loc="lower right", fontsize="small")
    fig.savefig(path, dpi=110)


def plot_gaps(df: pd.DataFrame, points: Mapping[str, Sequence[Point]], path: Path) -> None:
    """Mean primal gap to the best known objective over time, per group and setting."""
    from matplotlib.figure import Figure

    groups = sorted(df["group"].unique())
    cols = min(3, len(groups))
    rows = math.ceil(len(groups) / cols)
    fig = Figure(figsize=(5.2 * cols, 3.8 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, group in zip(axes, groups, strict=False):
        runs = df[df["group"] == group]
        horizon = float(runs["time_limit"].max())
        times = [0.0, *(horizon * EARLIEST ** (1 - i / GRID_POINTS)
                        for i in range(GRID_POINTS + 1))]
        for setting, by_setting in runs.groupby("setting", sort=True):
            curves = [primal_gap_at(points.get(r.run_id, []), float(r.best_known), times)
                      for r in by_setting.itertuples(index=False) if _is_number(r.best_known)]
            if curves:
                mean = [sum(c[i] for c in curves) / len(curves) for i in range(len(times))]
                ax.step(times, mean, where="post", label=setting)
        ax.set_title(group)
        ax.set_xscale("symlog", linthresh=1.0)
        ax.set_xlabel("seconds since the solve started (log beyond 1 s)")
        ax.set_ylabel("primal gap to best known")
        ax.set_ylim(-0.02, 1.02)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    for ax in axes[len(groups):]:
        ax.set_visible(False)
    fig.savefig(path, dpi=110)


def write_report(df: pd.DataFrame, points: Mapping[str, Sequence[Point]], out: Path, *,
                 suite: str, presets: Sequence[Preset], command: str,
                 notes: Sequence[str] = ()) -> Path:
    """report.md with the tables, the machines, the protocol and the two plots."""
    plot_profiles(df, points, out / PROFILE_PNG)
    plot_gaps(df, points, out / GAP_PNG)
    machines = df[["host", "cores", "cpu_model", "ortools", "python"]].drop_duplicates()
    protocol = df[["time_limit"]].drop_duplicates()
    seeds = sorted(int(s) for s in df["seed"].unique())
    lines = [
        f"# Benchmark: suite `{suite}`",
        "",
        f"Command: `{command}`",
        "",
        f"{len(df)} runs; seeds {', '.join(map(str, seeds))}; time limit(s) "
        f"{', '.join(f'{t:g} s' for t in protocol['time_limit'])}.",
        "",
        "## Machines",
        "",
        markdown_table(machines),
        "",
        "## Settings",
        "",
        markdown_table(pd.DataFrame([
            {"setting": p.name, "method": p.method, "workers": p.workers,
             "params": ", ".join(f"{k}={v}" for k, v in p.params.items()),
             "options": ", ".join(f"{k}={v}" for k, v in p.options.items()),
             "description": p.description} for p in presets])),
        "",
        "## Summary per group and setting",
        "",
        f"sgm = shifted geometric mean (shift {TIME_SHIFT:g} s); a run without a solution "
        "counts its time limit in `sgm first s`. Gaps are |objective − bound| / "
        "max(1, |objective|); the primal integral is normalised by the time limit "
        "(0 best, 1 no solution all along).",
        "",
        markdown_table(summary_table(df)),
        "",
        "## Per instance",
        "",
        markdown_table(instance_table(df)),
        "",
        *plan_sections(df),
        "## Plots",
        "",
        f"![performance profile]({PROFILE_PNG})",
        "",
        f"![primal gap over time]({GAP_PNG})",
        "",
    ]
    errors = df[df["error"].notna() & (df["error"] != "")]
    if len(errors) or notes:
        lines += ["## Notes", ""]
        lines += [f"- {note}" for note in notes]
        lines += [f"- `{r.run_id}`: {r.error}" for r in errors.itertuples(index=False)]
        lines.append("")
    lines.append("Columns and definitions: benchmarks/README.md.")
    path = out / REPORT_MD
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def markdown_table(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table; numbers to 3 significant decimals."""
    if df.empty:
        return "(none)"
    header = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(_md_cell(v) for v in row) + " |"
            for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def _md_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        if value and abs(value) < 1e-3:
            return f"{value:.2g}"  # a small gap is not 0
        return f"{value:.3f}" if abs(value) < 1e6 else f"{value:.7g}"
    return str(value).replace("|", "\\|")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not math.isnan(value)


def _floats(series: pd.Series) -> list[float]:
    return [float(v) for v in pd.to_numeric(series, errors="coerce").dropna()]


def _mean(series: pd.Series) -> float | None:
    values = _floats(series)
    return sum(values) / len(values) if values else None


def _median(series: pd.Series) -> float | None:
    values = _floats(series)
    return float(pd.Series(values).median()) if values else None


def _min(series: pd.Series) -> float | None:
    values = _floats(series)
    return min(values) if values else None


def _max(series: pd.Series) -> float | None:
    values = _floats(series)
    return max(values) if values else None


def _status_counts(series: pd.Series) -> str:
    counts = series.value_counts()
    return ", ".join(f"{n} {status}" for status, n in counts.sort_index().items())
