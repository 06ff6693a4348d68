"""rotation_plan.xlsx: the list and its figures as an HR office files them.

Sheets: the moves (names beside codes, subjects, levels and reasons in words), the
principals' moves, a summary table, the objective's levels, subject gaps, the county's
coefficients of variation, per-school standards and every school's indicators. The
headers are in the reader's language with each column's CSV code in its comment; no cell
holds JSON. rotation_plan.csv stays the data contract's machine-readable list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from scheduler import rules
from scheduler.i18n import Catalog, catalog
from scheduler.report.workbook import Column, Table, write_workbook

if TYPE_CHECKING:
    from scheduler.rotation.outputs import RotationOutputs

PLAN = ("teacher_id", "name", "subject", "backbone", "post", "from_school_id", "from_name",
        "to_school_id", "to_name", "distance_km", "term_end_year", "serves", "reasons")
SUMMARY = ("eligible", "movers", "movers_required", "backbone_movers",
           "required_backbone_movers", "principals_moved", "unmet_shortage_before",
           "unmet_shortage_after", "total_distance_km", "max_distance_km", "solve_seconds",
           "workers", "seed", "time_limit")


def write_rotation_workbook(outputs: RotationOutputs, path: Path, lang: str = "zh") -> None:
    """Write every sheet of the workbook to `path`."""
    T = catalog(lang)
    write_workbook(path, sheets(outputs, T))


def sheets(o: RotationOutputs, T: Catalog) -> list[Table]:
    from scheduler.rotation.outputs import cv_table, school_table, shortage_table

    year = T.school_year(o.instance.policy.year)
    county = o.instance.county_name

    def table(key: str, codes: tuple[str, ...] | list[str], rows: list[list[Any]],
              headers: list[str] | None = None, landscape: bool = True) -> Table:
        heads = headers or [T.t(f"columns.{c}") for c in codes]
        return Table(T.t(f"sheets.{key}"), f"{county} {year} · {T.t(f'sheets.{key}')}",
                     [Column(c, h) for c, h in zip(codes, heads, strict=True)], rows,
                     landscape)

    plan = o.plan
    leaders = plan[plan["post"] != "teacher"]
    out = [table("plan", PLAN, _plan_rows(T, plan)),
           table("leaders", PLAN, _plan_rows(T, leaders)),
           table("summary", ("item", "value"), _summary_rows(T, o, county, year),
                 landscape=False)]
    levels = o.summary.get("levels", [])
    out.append(table("levels", ("level", "value", "bound", "gap", "proven"),
                     [[T.code("level", lv["level"]), lv["value"], lv["bound"],
                       f"{lv['gap']:.2%}", T.code("yes", lv["proven"])] for lv in levels],
                     landscape=False))
    short = shortage_table(o)
    codes = [c for c in ("subject", "shortage_subject", "before", "after", "by_hand")
             if c in short.columns]
    out.append(table("shortage", codes, [[_value(T, c, r[c]) for c in codes]
                                         for r in short.to_dict("records")], landscape=False))
    cvs = cv_table(o)
    codes = [c for c in ("stage", "indicator", "schools", "cv_before", "cv_after",
                         "cv_by_hand", "limit") if c in cvs.columns] + ["meets"]
    out.append(table("cv", codes, [[_value(T, c, r.get(c, r.get("meets_after")))
                                    for c in codes] for r in cvs.to_dict("records")]))
    std = pd.DataFrame(o.summary["standards"])
    codes = ["stage", "indicator", "standard_per100", "schools", "meeting_before",
             "meeting_after"]
    out.append(table("standards", codes, [[_value(T, c, r[c]) for c in codes]
                                          for r in std.to_dict("records")]))
    schools = school_table(o)
    codes = ["school_id", "name", "kind", "stage", "students", "teachers_before",
             "teachers_after"]
    headers = [T.t(f"columns.{'school' if c == 'name' else c}") for c in codes]
    for ind in rules.INDICATORS:
        label = T.code("indicator", ind)
        for when in ("before", "after"):
            codes.append(f"{ind}_per100_{when}")
            headers.append(T.t(f"columns.per100_{when}", indicator=label))
        for when in ("before", "after"):
            codes.append(f"{ind}_meets_{when}")
            headers.append(T.t(f"columns.meets_{when}", indicator=label))
    if "pe_arts_travel" in schools.columns:
        codes.append("pe_arts_travel")
        headers.append(T.t("columns.pe_arts_travel"))
    out.append(table("schools", codes, [[_value(T, c, r[c]) for c in codes]
                                        for r in schools.to_dict("records")], headers))
    out.append(fairness_table(T, o.summary["fairness"], f"{county} {year}"))
    return out + _review_sheets(o, T, table)


def _review_sheets(o: RotationOutputs, T: Catalog, table: Callable[..., Table]) -> list[Table]:
    """A re-plan's changes and the objections judged, where the plan has them."""
    from scheduler.report.rotation_html import cause_text

    names = {sc.school_id: sc.name for sc in o.instance.schools}
    out = []
    if o.changes is not None:
        stays = T.t("replan.stays")
        rows = [[r["teacher_id"], names.get(r["old_to_school_id"], r["old_to_school_id"])
                 or stays, names.get(r["new_to_school_id"], r["new_to_school_id"])
                 or (T.t("replan.gone") if r["cause"] == "teacher_gone" else stays),
                 cause_text(T, r["cause"], r["detail"])] for r in o.changes.to_dict("records")]
        out.append(table("changes", ("teacher_id", "old_to_school_id", "new_to_school_id",
                                     "cause"), rows,
                         [T.t("rotation.teacher_id"), T.t("replan.old"), T.t("replan.new"),
                          T.t("replan.cause")]))
    if o.objections is not None:
        rows = [[r["row"], r["teacher_id"], T.code("request", r["request"]),
                 names.get(r["school_id"], r["school_id"]), r["reason"],
                 T.code("yes", r["granted"]), r["why"]]
                for r in o.objections.to_dict("records")]
        out.append(table("objections", ("row", "teacher_id", "request", "school_id", "reason",
                                        "granted", "why"), rows,
                         [T.t("objections.row"), T.t("rotation.teacher_id"),
                          T.t("objections.request"), T.t("objections.school"),
                          T.t("objections.reason"), T.t("objections.granted"),
                          T.t("objections.why")]))
    return out


def fairness_table(T: Catalog, f: dict[str, Any], heading: str) -> Table:
    """The fairness audit as one sheet: wishes granted by rank, the swap pairs swapped or
    left, the mutual wishes blocked, the justified-envy cases (ids only)."""
    codes = ("item", "value", "teacher_a", "teacher_b", "schools", "detail")
    heads = [T.t(f"fairness.col_{c}") for c in codes]
    rows: list[list[Any]] = [
        [T.t("fairness.no_rank") if k == "none" else T.t("fairness.rank", rank=k), n,
         None, None, None, None] for k, n in f["wish_ranks"].items()]
    rows.append([T.t("fairness.label_swap_pairs"), f["swap_pairs_count"], None, None, None,
                 None])
    for label, key in (("fairness.swapped", "swaps_made"), ("fairness.open", "swap_pairs")):
        rows += [[T.t(label), None, *p["teacher_ids"], " ⇄ ".join(p["schools"]), None]
                 for p in f.get(key) or []]
    rows += [[T.t("fairness.label_blocked"), None, *b["teacher_ids"], " ⇄ ".join(b["schools"]),
              T.code("rule", b["by"]) if b["by"] in T.tables["codes"]["rule"]
              else T.code("level", b["by"])] for b in f["mutual_wishes_blocked"]]
    rows.append([T.t("fairness.label_envy"), f["envy_count"], None, None, None, None])
    rows += [[T.t("fairness.label_envy_case"), e["rank"], e["teacher_id"], e["envied"],
              e["school"], T.t("fairness.unexplained") if e["costs"] is None
              else T.code("level", e["costs"])] for e in f["envy"]]
    return Table(T.t("fairness.sheet"), f"{heading} · {T.t('fairness.sheet')}",
                 [Column(c, h) for c, h in zip(codes, heads, strict=True)], rows, True)


def _plan_rows(T: Catalog, plan: pd.DataFrame) -> list[list[Any]]:
    return [[_value(T, c, r[c]) for c in PLAN] for r in plan.to_dict("records")]


def _summary_rows(T: Catalog, o: RotationOutputs, county: str, year: str) -> list[list[Any]]:
    s = o.summary
    rows: list[list[Any]] = [[T.t("summary.county"), county], [T.t("summary.school_year"), year],
                             [T.t("summary.status"), T.code("status", s["status"])],
                             [T.t("summary.method"), T.code("method", s["method"])],
                             [T.t("summary.headcount_rule"),
                              T.code("headcount", s["headcount_rule"])]]
    rows += [[T.t(f"summary.{k}"), s[k]] for k in SUMMARY]
    rows += [[T.code("level", code), n] for code, n in s["movers_by_serves"].items()]
    return rows


def _value(T: Catalog, code: str, value: Any) -> Any:
    """A cell as the reader says it: codes in words, yes/no, blanks for None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if code == "subject":
        return T.code("subject", value)
    if code in ("backbone", "post", "stage", "kind", "indicator"):
        return T.code(code, value)
    if code == "serves":
        return T.code("level", value)
    if code == "reasons":
        return T.reasons(value)
    if isinstance(value, bool) or code.endswith(("_meets_before", "_meets_after")) \
            or code in ("meets", "shortage_subject"):
        return T.code("yes", bool(value))
    return value
