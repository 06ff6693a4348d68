"""report.html: the rotation plan as a bureau director reads, prints and signs it.

The page is `templates/rotation_report.html` (Jinja2, autoescaped); this module gathers
what it shows, in the reader's language (`scheduler.i18n`): the main part (figures,
quotas, principals, subject gaps, the county's indicators, distances, how the solve went,
signatures) fits a few A4 pages, and the list of moves and the per-school table follow as
appendices on pages of their own. Self-contained: inline CSS and an SVG histogram, no
scripts, nothing fetched.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from scheduler import __version__, rules
from scheduler.i18n import Catalog, catalog
from scheduler.report.pages import num, render

if TYPE_CHECKING:
    from scheduler.rotation.outputs import RotationOutputs

HISTOGRAM_BINS = 10


def render_rotation_report(outputs: RotationOutputs, lang: str = "zh",
                           templates: Path | None = None) -> str:
    """The whole page, as one string."""
    T = catalog(lang)
    inst, s = outputs.instance, outputs.summary
    county = inst.county_name
    title = T.t("rotation.title", county=county, school_year=T.school_year(inst.policy.year))
    status = s["status"]
    publication = inst.policy.publication
    return render(
        "rotation_report.html", templates, T=T, title=title, county=county,
        generated=T.t("text.generated", date=dt.date.today().isoformat(), version=__version__),
        status=_status(T, s),
        status_class="ok" if status == "OPTIMAL" else "bad" if status != "FEASIBLE" else "",
        cards=_cards(T, outputs), quotas=_quotas(T, outputs),
        quota_note=_quota_note(T, outputs), headcount=_headcount(T, outputs),
        baseline_note=_baseline_note(T, outputs),
        leaders_text=T.t("rotation.leaders_text", years=inst.policy.rotation.principal_max_years,
                         due=len(rules.leaders_to_move(inst)),
                         moved=outputs.figures.principals_moved),
        leaders=_leaders(T, outputs), shortage=_shortage(T, outputs), cvs=_cvs(T, outputs),
        standards=_standards(T, outputs), distance_text=_distance_text(T, outputs),
        histogram=_histogram(T, outputs), solver=_solver(T, s), levels=_levels(T, s),
        publication=(T.t("rotation.publication", days=publication.days,
                         contact=publication.contact) if publication.contact else ""),
        moves=_moves(T, outputs), served=_served(T, s), schools=_schools(T, outputs),
        travel_note=_travel_note(T, outputs),
        fairness=fairness_section(T, outputs),
        changes=_changes(T, outputs), objections=_objections(T, outputs))


def _changes(T: Catalog, o: RotationOutputs) -> dict[str, Any] | None:
    """A re-plan's changes from the previous plan, each with its cause (None: not one)."""
    if o.changes is None:
        return None
    inst = o.instance
    stays = T.t("replan.stays")
    gone = T.t("replan.gone")
    rows = [[r["teacher_id"], _school(inst, r["old_to_school_id"]) or stays,
             _school(inst, r["new_to_school_id"])
             or (gone if r["cause"] == "teacher_gone" else stays),
             cause_text(T, r["cause"], r["detail"])]
            for r in o.changes.to_dict("records")]
    table = _table([T.t("rotation.teacher_id"), T.t("replan.old"), T.t("replan.new"),
                    T.t("replan.cause")], rows)
    facts = o.summary["changed_from_baseline"]
    table["text"] = T.t("replan.text", n=facts["changes"], previous=facts["previous_movers"],
                        penalty=facts["change_penalty"])
    return table


def cause_text(T: Catalog, cause: str, detail: str) -> str:
    """A change's cause as a reader says it: the level or rule where it has one."""
    text = T.code("change_cause", cause)
    if cause in ("objective", "rule", "arc_forbidden") and detail:
        return f"{text}（{T.code('level', detail)}）" if T.lang == "zh" else \
            f"{text} ({T.code('level', detail)})"
    return text


def _objections(T: Catalog, o: RotationOutputs) -> dict[str, Any] | None:
    """Objections (异议): each request, granted or not, and why not."""
    if o.objections is None:
        return None
    inst = o.instance
    rows = [[r["row"], r["teacher_id"], T.code("request", r["request"]),
             _school(inst, r["school_id"]) if r["school_id"] else "",
             T.code("yes", r["granted"]), r["why"]]
            for r in o.objections.to_dict("records")]
    table = _table([T.t("objections.row"), T.t("rotation.teacher_id"),
                    T.t("objections.request"), T.t("objections.school"),
                    T.t("objections.granted"), T.t("objections.why")], rows)
    granted = sum(bool(r) for r in o.objections["granted"])
    table["text"] = T.t("objections.text", n=len(o.objections), granted=granted)
    return table


def _table(headers: Sequence[str], rows: list[list[Any]], numeric: Sequence[int] = ()
           ) -> dict[str, Any]:
    return {"headers": list(headers), "rows": rows, "numeric": tuple(numeric)}


def _status(T: Catalog, s: dict[str, Any]) -> str:
    text = T.code("status", s["status"])
    gap = s.get("gap")
    if s["status"] != "OPTIMAL" and gap is not None:
        text += f"（{T.t('rotation.gap', gap=f'{gap:.2%}')}）"
    return text


def _cards(T: Catalog, o: RotationOutputs) -> list[tuple[str, str]]:
    fig, s = o.figures, o.summary
    km = [x for x in fig.distances_km if not math.isnan(x)]
    return [
        (T.t("rotation.eligible"), T.t("text.persons", value=num(fig.eligible))),
        (T.t("rotation.movers"), f"{fig.movers} / {fig.required_movers}"),
        (T.t("rotation.backbone_movers"),
         f"{fig.backbone_movers} / {fig.required_backbone_movers}"),
        (T.t("rotation.principals"),
         f"{fig.principals_moved} / {len(rules.leaders_to_move(o.instance))}"),
        (T.t("rotation.shortage"),
         f"{num(fig.unmet_shortage_before, 1)} → {num(fig.unmet_shortage_after, 1)}"),
        (T.t("rotation.mean_km"), T.t("text.km_unit", value=num(_mean(km))) if km else "–"),
        (T.t("rotation.max_km"),
         T.t("text.km_unit", value=num(s["max_distance_km"])) if km else "–"),
    ]


def _mark(T: Catalog, ok: bool | None) -> Markup | str:
    if ok is None:
        return "–"
    return (Markup('<span class="ok">{}</span>') if ok else
            Markup('<span class="bad">{}</span>')).format(T.t("text.met" if ok else
                                                               "text.not_met"))


def _quotas(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    fig, policy = o.figures, o.instance.policy.rotation
    base = o.baseline.figures if o.baseline and o.baseline.figures else None
    headers = [T.t("rotation.rule"), T.t("rotation.required"), T.t("rotation.this_plan")]
    if base is not None:
        headers.append(T.t("rotation.by_hand"))
    headers.append(T.t("rotation.met_col"))
    rows = []
    for text, need, got, by_hand in [
        (T.t("rotation.quota_movers", share=_pct(policy.min_share_of_eligible),
             eligible=fig.eligible), fig.required_movers, fig.movers,
         base.movers if base else None),
        (T.t("rotation.quota_backbone", share=_pct(policy.min_backbone_share)),
         fig.required_backbone_movers, fig.backbone_movers,
         base.backbone_movers if base else None),
    ]:
        row: list[Any] = [text, need, got]
        if base is not None:
            row.append(by_hand)
        row.append(_mark(T, got >= need))
        rows.append(row)
    return _table(headers, rows)


def _quota_note(T: Catalog, o: RotationOutputs) -> str:
    policy = o.instance.policy.rotation
    return T.t("rotation.quota_note", km=num(policy.max_distance_km),
               share=_pct(policy.max_outflow_share), scope=T.code("scope", policy.scope))


def _headcount(T: Catalog, o: RotationOutputs) -> str:
    """R9: the school that gains most teachers, against the limit it is held to."""
    rule = T.code("headcount", o.instance.policy.rotation.headcount)
    gain = o.summary["largest_headcount_gain"]
    if gain is None:
        return T.t("rotation.headcount_none", rule=rule)
    limit = gain["limit"]
    held = (T.t("rotation.no_limit") if limit is None
            else T.t("text.met" if gain["teachers_after"] <= limit else "text.not_met"))
    return T.t("rotation.headcount_gain", school=gain["name"], gain=gain["gain"],
               before=gain["teachers_before"], after=gain["teachers_after"], rule=rule,
               limit="–" if limit is None else limit, held=held)


def _baseline_note(T: Catalog, o: RotationOutputs) -> str:
    if o.baseline is None:
        return ""
    if o.baseline.figures is None:
        return T.t("rotation.baseline_failed", error=T.say(o.baseline.error or ""))
    return T.t("rotation.baseline_note")


def _leaders(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    """R12: principals and vice principals who move, apart from the teachers' list."""
    from scheduler.rotation.outputs import leader_table

    inst = o.instance
    rows = [[T.code("post", r["post"]), r["teacher_id"], r["name"],
             _school(inst, r["from_school_id"]), _school(inst, r["to_school_id"]),
             r["distance_km"], r["term_end_year"], T.code("level", r["serves"])]
            for r in leader_table(o).to_dict("records")]
    return _table([T.t("rotation.post"), T.t("rotation.teacher_id"), T.t("rotation.name"),
                   T.t("rotation.from"), T.t("rotation.to"), T.t("rotation.distance"),
                   T.t("rotation.term_ends"), T.t("rotation.serves")], rows)


def _shortage(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    from scheduler.rotation.outputs import shortage_table

    df = shortage_table(o)
    with_hand = "by_hand" in df.columns
    headers = [T.t("rotation.subject"), T.t("rotation.shortage_subject"),
               T.t("rotation.before"), T.t("rotation.after")]
    if with_hand:
        headers.append(T.t("rotation.by_hand"))
    rows = []
    for r in df.to_dict("records"):
        row = [T.code("subject", r["subject"]), T.t("text.yes") if r["shortage_subject"] else "",
               num(r["before"], 1), num(r["after"], 1)]
        if with_hand:
            row.append(num(r["by_hand"], 1))
        rows.append(row)
    if rows:
        total = [T.t("rotation.total"), "", num(o.figures.unmet_shortage_before, 1),
                 num(o.figures.unmet_shortage_after, 1)]
        if with_hand:
            total.append(num(o.baseline.figures.unmet_shortage_after, 1))
        rows.append(total)
    return _table(headers, rows, range(2, len(headers)))


def _cvs(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    from scheduler.rotation.outputs import cv_table

    cvs = cv_table(o)
    with_hand = "cv_by_hand" in cvs.columns
    headers = [T.t("rotation.stage"), T.t("rotation.indicator"), T.t("rotation.schools"),
               T.t("rotation.cv_before"), T.t("rotation.cv_after")]
    if with_hand:
        headers.append(T.t("rotation.cv_by_hand"))
    headers += [T.t("rotation.limit"), T.t("rotation.meets")]
    rows = []
    for r in cvs.to_dict("records"):
        row = [T.code("stage", r["stage"]), T.code("indicator", r["indicator"]), r["schools"],
               _cv(r["cv_before"]), _cv(r["cv_after"])]
        if with_hand:
            row.append(_cv(r["cv_by_hand"]))
        row += [num(r["limit"]), _mark(T, r["meets_after"])]
        rows.append(row)
    return _table(headers, rows, range(2, len(headers) - 1))


def _standards(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    """达标学校数: schools at or above each per-school standard, before and after."""
    rows = [[T.code("stage", r["stage"]), T.code("indicator", r["indicator"]),
             f"{r['standard_per100']:.1f}", r["schools"], r["meeting_before"],
             r["meeting_after"]] for r in o.summary["standards"]]
    return _table([T.t("rotation.stage"), T.t("rotation.indicator"), T.t("rotation.standard"),
                   T.t("rotation.judged"), T.t("rotation.meeting_before"),
                   T.t("rotation.meeting_after")], rows)


def _distance_text(T: Catalog, o: RotationOutputs) -> str:
    km = [x for x in o.figures.distances_km if not math.isnan(x)]
    if not km:
        return T.t("rotation.no_moves")
    return T.t("rotation.distance_text", n=len(km), total=num(sum(km)), mean=num(_mean(km)),
               max=num(max(km)), limit=num(o.instance.policy.rotation.max_distance_km))


def _histogram(T: Catalog, o: RotationOutputs) -> Markup | str:
    km = [x for x in o.figures.distances_km if not math.isnan(x)]
    if not km:
        return ""
    limit = o.instance.policy.rotation.max_distance_km
    return Markup(histogram_svg(km, max(limit, max(km)), T=T))


def _solver(T: Catalog, s: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [T.t("text.status"), _status(T, s)],
        [T.t("rotation.solve_time"), T.t("rotation.seconds", value=num(s["solve_seconds"]))],
        [T.t("rotation.build_time"), T.t("rotation.seconds", value=num(s["build_seconds"]))],
        [T.t("rotation.method"), T.code("method", s["method"])],
        [T.t("rotation.workers"), s["workers"]],
        [T.t("rotation.seed"), s["seed"]],
        [T.t("rotation.time_limit"), "–" if s["time_limit"] is None
         else T.t("rotation.seconds", value=num(s["time_limit"]))],
    ]
    if s.get("stopped_by"):
        rows.append([T.t("rotation.stopped_by"), T.code("stopped", s["stopped_by"])])
    return rows


def _levels(T: Catalog, s: dict[str, Any]) -> dict[str, Any]:
    """Each objective level's value, bound and proof: what the single objective encodes."""
    rows = []
    for lv in s.get("levels", []):
        state = (T.t("rotation.proven") if lv["proven"]
                 else T.t("rotation.gap", gap=f"{lv['gap']:.2%}"))
        rows.append([T.code("level", lv["level"]), num(lv["value"]), num(lv["bound"]), state])
    return _table([T.t("rotation.objective_level"), T.t("rotation.level_value"),
                   T.t("rotation.level_bound"), T.t("rotation.level_state")], rows)


def fairness_section(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    """The fairness audit (`scheduler.rotation.fairness`): wishes granted, swap pairs and the
    exchanges made, mutual wishes the rules or levels block, justified envy; each block a
    sentence and a table (or None). Teacher ids only, no names."""
    inst, f = o.instance, o.summary["fairness"]
    wished = f["teachers_with_wishes"]
    if not wished:
        return {"intro": T.t("fairness.no_wishes"), "blocks": []}

    def schools(ids: list[str]) -> str:
        return " ⇄ ".join(_school(inst, x) for x in ids)

    pair_heads = [T.t("fairness.teacher_a"), T.t("fairness.teacher_b"),
                  T.t("fairness.destinations")]
    blocks = [{"text": None, "table": _table(
        [T.t("fairness.wish"), T.t("fairness.count")],
        [[T.t("fairness.no_rank") if k == "none" else T.t("fairness.rank", rank=k), n]
         for k, n in f["wish_ranks"].items()], (1,))}]
    text = T.t("fairness.swap_pairs", n=f["swap_pairs_count"])
    made = f.get("swaps_made") or []
    if made:
        text += T.t("fairness.swaps_made", n=len(made))
    rows = [[*p["teacher_ids"], schools(p["schools"]), state]
            for state, key in ((T.t("fairness.swapped"), "swaps_made"),
                               (T.t("fairness.open"), "swap_pairs")) for p in f.get(key) or []]
    blocks.append({"text": text, "table": _table([*pair_heads, T.t("fairness.state")], rows)
                   if rows else None})
    if f["mutual_wishes_blocked"]:
        blocks.append({"text": T.t("fairness.blocked", n=len(f["mutual_wishes_blocked"])),
                       "table": _table([*pair_heads, T.t("fairness.blocked_by")],
                                       [[*b["teacher_ids"], schools(b["schools"]),
                                         _rule_or_level(T, b["by"])]
                                        for b in f["mutual_wishes_blocked"]])})
    order = T.t("fairness.priority_sep").join(T.t(f"fairness.key_{k}") for k in f["priority"])
    if not f["envy"]:
        blocks.append({"text": T.t("fairness.no_envy", priority=order), "table": None})
    else:
        blocks.append({"text": T.t("fairness.envy", priority=order, n=f["envy_count"],
                                   unexplained=f["envy_unexplained"]),
                       "table": _table(
            [T.t("fairness.envious"), T.t("fairness.outcome"), T.t("fairness.wanted"),
             T.t("fairness.envied"), T.t("fairness.costs")],
            [[e["teacher_id"],
              T.t("fairness.stays") if e["outcome"] is None else _school(inst, e["outcome"]),
              T.t("fairness.wanted_school", school=_school(inst, e["school"]), rank=e["rank"]),
              e["envied"],
              T.t("fairness.unexplained") if e["costs"] is None else T.code("level", e["costs"])]
             for e in f["envy"]])})
    return {"intro": T.t("fairness.intro", teachers=wished, movers=f["movers_with_wishes"],
                         stayers=f["stayers_with_wishes"]), "blocks": blocks}


def _rule_or_level(T: Catalog, code: str) -> str:
    """A blocked swap's cause: a hard rule (R3, L, ...) or an objective level, in words."""
    return T.code("rule", code) if code in T.tables["codes"]["rule"] else T.code("level", code)


def _moves(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    inst = o.instance
    rows = [[r["teacher_id"], r["name"], T.code("subject", r["subject"]),
             T.code("backbone", r["backbone"]), _school(inst, r["from_school_id"]),
             _school(inst, r["to_school_id"]), num(r["distance_km"], 1),
             T.code("level", r["serves"]), T.reasons(r["reasons"])]
            for r in o.plan.to_dict("records")]
    return _table([T.t("rotation.teacher_id"), T.t("rotation.name"), T.t("rotation.subject"),
                   T.t("rotation.backbone"), T.t("rotation.from"), T.t("rotation.to"),
                   T.t("rotation.distance"), T.t("rotation.serves"), T.t("rotation.reasons")],
                  rows)


def _served(T: Catalog, s: dict[str, Any]) -> str:
    """How many moves serve each level or rule, levels first, in their order."""
    sep = "；" if T.lang == "zh" else "; "
    parts = [f"{T.code('level', code)} {n}" for code, n in s["movers_by_serves"].items()]
    return T.t("rotation.served_intro") + sep.join(parts)


def _schools(T: Catalog, o: RotationOutputs) -> dict[str, Any]:
    from scheduler.rotation.outputs import school_table

    rows = []
    for r in school_table(o).to_dict("records"):
        row = [r["name"] + ("" if r["in_cv"] else " *"), T.code("kind", r["kind"]),
               T.code("stage", r["stage"]), r["students"],
               _change(r["teachers_before"], r["teachers_after"])]
        for name in rules.INDICATORS:
            row.append(_change(r[f"{name}_per100_before"], r[f"{name}_per100_after"]))
        row.append(_met(r))
        rows.append(row)
    headers = [T.t("rotation.school"), T.t("rotation.kind"), T.t("rotation.stage"),
               T.t("rotation.students"), T.t("rotation.teachers"),
               *(T.code("indicator", n) for n in rules.INDICATORS), T.t("rotation.standards_met")]
    return _table(headers, rows)


def _travel_note(T: Catalog, o: RotationOutputs) -> str:
    """`rotaplan plan`: the traveling PE and arts teachers the indicators count."""
    travel = rules.travel_pe_arts(o.instance)
    if not travel:
        return ""
    return T.t("rotation.travel_pe_arts", schools=len(travel),
               teachers=f"{float(sum(travel.values())):.2f}",
               full=o.instance.policy.rotation.full_load_periods)


def _change(before: Any, after: Any) -> Markup:
    b, a = num(before), num(after)
    if b == a:
        return Markup("{}").format(b)
    return Markup("{} → <b>{}</b>").format(b, a)


def _met(row: dict[str, Any]) -> Markup | str:
    """Indicators meeting the per-school standard, of those judged: before → after."""
    judged = [n for n in rules.INDICATORS if row[f"{n}_meets_before"] is not None]
    if not judged:
        return "–"
    before = sum(bool(row[f"{n}_meets_before"]) for n in judged)
    after = sum(bool(row[f"{n}_meets_after"]) for n in judged)
    return _change(f"{before}/{len(judged)}", f"{after}/{len(judged)}")


def _school(inst: Any, school_id: str) -> str:
    sc = inst.school.get(school_id)
    return sc.name if sc else school_id


def _cv(x: Any) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def histogram_svg(values: Sequence[float], upper: float, bins: int = HISTOGRAM_BINS,
                  T: Catalog | None = None) -> str:
    """A bar chart of how many moves fall in each distance band from 0 to `upper` km."""
    T = T or catalog("zh")
    width, height, left, bottom, top = 640, 220, 40, 36, 16
    upper = upper if upper > 0 else 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v / upper * bins)))] += 1
    peak = max(counts) or 1
    bar_w = (width - left - 10) / bins
    plot_h = height - bottom - top
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' "
             f"height='{height}' viewBox='0 0 {width} {height}'>",
             f"<title>{escape(T.t('rotation.histogram_title'))}</title>",
             f"<line x1='{left}' y1='{height - bottom}' x2='{width - 10}' "
             f"y2='{height - bottom}' stroke='#222'/>"]
    for i, n in enumerate(counts):
        h = n / peak * plot_h
        x = left + i * bar_w
        y = height - bottom - h
        lo, hi = upper * i / bins, upper * (i + 1) / bins
        parts.append(f"<rect x='{x + 2:.1f}' y='{y:.1f}' width='{bar_w - 4:.1f}' "
                     f"height='{h:.1f}' fill='#4a7bb7'><title>{escape(num(lo))}–"
                     f"{escape(num(hi))} km: {n}</title></rect>")
        if n:
            parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{y - 3:.1f}' "
                         f"text-anchor='middle'>{n}</text>")
        parts.append(f"<text x='{x:.1f}' y='{height - bottom + 14}' "
                     f"text-anchor='middle'>{escape(num(lo))}</text>")
    parts.append(f"<text x='{width - 10}' y='{height - bottom + 14}' "
                 f"text-anchor='end'>{escape(num(upper))}</text>")
    parts.append(f"<text x='{(left + width) / 2:.0f}' y='{height - 4}' text-anchor='middle'>"
                 f"{escape(T.t('rotation.histogram_x'))}</text>")
    parts.append(f"<text x='12' y='{top + plot_h / 2:.0f}' text-anchor='middle' "
                 f"transform='rotate(-90 12 {top + plot_h / 2:.0f})'>"
                 f"{escape(T.t('rotation.histogram_y'))}</text>")
    parts.append("</svg>")
    return "".join(parts)
