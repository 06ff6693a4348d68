"""report.html: the rotation plan on one page that a bureau director can read, print and sign.

Self-contained (inline CSS and a hand-drawn SVG histogram, no scripts, no external
assets) so that it survives being mailed or archived. Every piece of text goes through
`html.escape`: teacher and school names come from spreadsheets typed by people.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from scheduler import __version__, rules
from scheduler.data.schema import SUBJECTS_ZH

if TYPE_CHECKING:
    from scheduler.rotation.outputs import RotationOutputs

KIND_ZH = {"urban": "城区", "town": "镇区", "rural": "乡村", "teaching_point": "教学点"}
STAGE_ZH = {"primary": "小学", "junior": "初中", "nine_year": "九年一贯"}
STATUS_TEXT = {
    "OPTIMAL": ("最优", "proven optimal"),
    "FEASIBLE": ("可行", "feasible, not proven optimal"),
    "INFEASIBLE": ("无解", "infeasible"),
    "UNKNOWN": ("未知", "unknown"),
}
STOPPED_TEXT = {
    "time_limit": "达到时间上限 stopped at the time limit",
    "interrupt": "被用户中断 stopped by the user (Ctrl-C)",
    "watchdog": "被看门狗中断 stopped by the watchdog",
}
INDICATOR_SHORT = {
    "above_degree": ("高于规定学历教师", "teachers above the required degree"),
    "backbone": ("县级及以上骨干教师", "county-level-and-above backbone teachers"),
    "pe_arts": ("体育、艺术专任教师", "PE, music and art teachers"),
}
# What a move serves (rotation_plan.csv `serves`, serves.py), and the objective's levels.
SERVES_ZH = {
    "shortage": "学科缺口", "shortage_place": "缺口所在学校", "senior_title": "职称",
    "cv_limits": "差异系数", "standards": "优质均衡达标", "movers": "交流人数",
    "balance": "均衡", "same_scope": "本集团/学区", "distance": "路程", "preferences": "志愿",
    "R2": "最低交流人数", "R12": "校长轮岗", "L": "锁定",
}
POST_ZH = {"teacher": "教师", "principal": "校长", "vice_principal": "副校长"}
HISTOGRAM_BINS = 10

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;
 margin:2em auto;max-width:62em;color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.15em;border-bottom:2px solid #345;
 padding-bottom:.2em;margin-top:1.6em} .en{color:#555;font-weight:normal}
.meta{color:#555} table{border-collapse:collapse;margin:.6em 0;width:100%;font-size:.9em}
th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eef2f6} td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#176117;font-weight:bold} .bad{color:#a61b1b;font-weight:bold}
.cards{display:flex;flex-wrap:wrap;gap:.6em} .card{border:1px solid #bbb;border-radius:4px;
 padding:.5em .8em;min-width:11em} .card b{display:block;font-size:1.4em}
.note{color:#555;font-size:.85em} .code{color:#555;font-size:.75em}
.sign{display:flex;gap:3em;margin-top:3em}
.sign div{flex:1;border-top:1px solid #222;padding-top:.3em}
svg text{font-family:inherit;font-size:11px}
@media print{body{margin:0;max-width:none;font-size:10pt} h2{page-break-after:avoid}
 tr,.card,svg{page-break-inside:avoid} .cards{gap:.3em}}
@page{size:A4;margin:15mm}
"""


class Html(str):
    """Markup that is already safe; every other string is escaped when rendered."""


def render_rotation_report(outputs: RotationOutputs) -> str:
    """The whole page, as one string."""
    inst, summary = outputs.instance, outputs.summary
    year = inst.policy.year
    county = inst.policy.county_name or inst.name
    title = f"{county} {year} 年度教师交流轮岗方案"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}<br><span class='en'>Teacher rotation plan, school year "
        f"{escape(str(year))}, {escape(county)}</span></h1>",
        f"<p class='meta'>生成于 Generated {escape(dt.date.today().isoformat())} · rotaplan "
        f"{escape(__version__)} · 方案状态 Status: {_status_html(summary)}</p>",
        _overview(outputs),
        _quotas(outputs),
        _leaders(outputs),
        _shortage(outputs),
        _indicators(outputs),
        _distances(outputs),
        _moves(outputs),
        _solver(outputs),
        _signatures(),
        "</body></html>",
    ]
    return "\n".join(parts)


# --- sections -------------------------------------------------------------------------


def _overview(o: RotationOutputs) -> str:
    fig, s = o.figures, o.summary
    km = fig.distances_km
    cards = [
        ("可交流教师", "eligible teachers", _num(fig.eligible)),
        ("交流人数 / 应交流", "movers / required", f"{fig.movers} / {fig.required_movers}"),
        ("骨干教师 / 应交流", "backbone movers / required",
         f"{fig.backbone_movers} / {fig.required_backbone_movers}"),
        ("校长、副校长 / 应交流", "principals moved / due",
         f"{fig.principals_moved} / {len(rules.leaders_to_move(o.instance))}"),
        ("缺编（前 → 后）", "unmet posts before → after",
         f"{_num(fig.unmet_shortage_before)} → {_num(fig.unmet_shortage_after)}"),
        ("平均交流距离", "mean distance", f"{_num(_mean(km))} km" if km else "–"),
        ("最远交流距离", "longest move", f"{_num(s['max_distance_km'])} km" if km else "–"),
    ]
    body = "".join(f"<div class='card'>{escape(zh)}<br><span class='en'>{escape(en)}</span>"
                   f"<b>{escape(value)}</b></div>" for zh, en, value in cards)
    return _section("一、总体情况", "Overview", f"<div class='cards'>{body}</div>")


def _quotas(o: RotationOutputs) -> str:
    fig, policy = o.figures, o.instance.policy.rotation
    base = o.baseline.figures if o.baseline and o.baseline.figures else None
    headers = ["规则 rule", "要求 required", "本方案 this plan", "达标 met"]
    if base is not None:
        headers.insert(3, "手工 by hand")
    rows = []
    for zh_en, need, got, by_hand in [
        (f"交流人数 ≥ {_pct(policy.min_share_of_eligible)} 可交流教师 (movers ≥ "
         f"{_pct(policy.min_share_of_eligible)} of {fig.eligible} eligible)",
         fig.required_movers, fig.movers, base.movers if base else None),
        (f"骨干教师 ≥ {_pct(policy.min_backbone_share)} 交流人数 (backbone movers ≥ "
         f"{_pct(policy.min_backbone_share)} of movers)",
         fig.required_backbone_movers, fig.backbone_movers,
         base.backbone_movers if base else None),
    ]:
        row: list[Any] = [zh_en, need, got]
        if base is not None:
            row.append(by_hand)
        row.append(_mark(got >= need))
        rows.append(row)
    note = (f"<p class='note'>单程距离 ≤ {escape(_num(policy.max_distance_km))} km；每校交流"
            f"出 ≤ {escape(_pct(policy.max_outflow_share))} 在编教师（向下取整）；交流范围 "
            f"scope: {escape(policy.scope)}. Distance ≤ {escape(_num(policy.max_distance_km))}"
            f" km one way; a school sends at most floor({escape(_pct(policy.max_outflow_share))}"
            " of its staff).</p>")
    return _section("二、交流指标完成情况", "Quotas and how they were met",
                    _table(headers, rows) + note + _headcount(o) + _baseline_note(o))


def _headcount(o: RotationOutputs) -> str:
    """R9: the school that gains most teachers, against the limit it is held to."""
    rule = o.instance.policy.rotation.headcount
    gain = o.summary["largest_headcount_gain"]
    if gain is None:
        return (f"<p class='note'>编制 headcount (R9, headcount = {escape(rule)})：没有学校增员。"
                "No school gains teachers.</p>")
    limit = gain["limit"]
    held = ("不设上限 no limit" if limit is None
            else f"上限 limit {limit}，{_mark(gain['teachers_after'] <= limit)}")
    school = escape(f"{gain['school_id']} {gain['name']}")
    return (f"<p class='note'>增员最多的学校 Largest headcount gain (R9, headcount = "
            f"{escape(rule)})：{school}，+{gain['gain']}（{gain['teachers_before']} → "
            f"{gain['teachers_after']}），{held}。</p>")


def _leaders(o: RotationOutputs) -> str:
    """R12: principals and vice principals who move, apart from the teachers' list."""
    from scheduler.rotation.outputs import leader_table

    inst = o.instance
    due = len(rules.leaders_to_move(inst))
    years = inst.policy.rotation.principal_max_years
    text = (f"<p>同一学校任现职满 {years} 年的校长、副校长应交流 {due} 人，本方案交流 "
            f"{o.figures.principals_moved} 人。Principals and vice principals {years} years or "
            f"more in post at one school: {due} due, {o.figures.principals_moved} moved "
            "(R12).</p>")
    rows = [[_post(r["post"]), r["teacher_id"], r["name"],
             _school(inst, r["from_school_id"]), _school(inst, r["to_school_id"]),
             r["distance_km"], r["term_end_year"], _serves(r["serves"])]
            for r in leader_table(o).to_dict("records")]
    if not rows:
        return _section("三、校长、副校长交流", "Principals and vice principals",
                        text + "<p>无。None move.</p>")
    headers = ["职务 post", "工号 id", "姓名 name", "原学校 from", "交流至 to", "距离 km",
               "期满 term ends", "服务目标 serves"]
    return _section("三、校长、副校长交流", "Principals and vice principals",
                    text + _table(headers, rows))


def _shortage(o: RotationOutputs) -> str:
    from scheduler.rotation.outputs import shortage_table

    df = shortage_table(o)
    if df.empty:
        return _section("四、学科缺编", "Shortage by subject",
                        "<p>交流前后均无缺编。No school is short of any subject, before or "
                        "after.</p>")
    headers = ["学科 subject", "紧缺学科 shortage subject", "交流前 before", "交流后 after"]
    with_hand = "by_hand" in df.columns
    if with_hand:
        headers.append("手工 by hand")
    rows = []
    for r in df.to_dict("records"):
        row = [f"{r['subject_zh']} {r['subject']}", "是 yes" if r["shortage_subject"] else "",
               r["before"], r["after"]]
        if with_hand:
            row.append(r["by_hand"])
        rows.append(row)
    total = ["合计 total", "", o.figures.unmet_shortage_before, o.figures.unmet_shortage_after]
    if with_hand:
        total.append(o.baseline.figures.unmet_shortage_after)
    rows.append(total)
    return _section("四、学科缺编（缺少的专任教师数）", "Unmet posts by subject",
                    _table(headers, rows))


def _indicators(o: RotationOutputs) -> str:
    from scheduler.rotation.outputs import cv_table, school_table

    cvs = cv_table(o)
    with_hand = "cv_by_hand" in cvs.columns
    headers = ["学段 stage", "指标（每百名学生）indicator per 100 students", "学校数 schools",
               "交流前 CV before", "交流后 CV after"]
    if with_hand:
        headers.append("手工 CV by hand")
    headers += ["限值 limit", "达标 meets"]
    rows = []
    for r in cvs.to_dict("records"):
        zh, en = INDICATOR_SHORT[r["indicator"]]
        row = [f"{STAGE_ZH.get(r['stage'], '')} {r['stage']}", f"{zh} {en}", r["schools"],
               r["cv_before"], r["cv_after"]]
        if with_hand:
            row.append(r["cv_by_hand"])
        row += [r["limit"], "–" if r["meets_after"] is None else _mark(r["meets_after"])]
        rows.append(row)
    cv_html = _table(headers, rows) + _standards(o)
    per_school = school_table(o)
    headers = ["学校 school", "类型 kind", "学段 stage", "学生 students", "教师 teachers"]
    for zh, en in INDICATOR_SHORT.values():
        headers.append(f"{zh} {en}")
    headers.append("达标指标 standards met")
    rows = []
    for r in per_school.to_dict("records"):
        row = [f"{r['school_id']} {r['name']}" + ("" if r["in_cv"] else " *"),
               f"{KIND_ZH.get(r['kind'], '')} {r['kind']}",
               f"{STAGE_ZH.get(r['stage'], '')} {r['stage']}", r["students"],
               _change(r["teachers_before"], r["teachers_after"])]
        for name in rules.INDICATORS:
            row.append(_change(r[f"{name}_per100_before"], r[f"{name}_per100_after"]))
        row.append(_met(r))
        rows.append(row)
    note = ("<p class='note'>差异系数（CV）按在校生数加权，小学 ≤ 0.50、初中 ≤ 0.45（九年一贯制按"
            "初中）；* 不足 50 名学生的教学点不计入。Student-weighted coefficient of variation, "
            "limits 0.50 primary and 0.45 junior (nine-year schools as junior); * teaching "
            "points under 50 students are left out. Per school: before → after, per 100 "
            "students; standards met: indicators at or above the per-school standard, of those "
            "judged.</p>")
    return _section("五、县域义务教育优质均衡教师指标", "Teacher indicators per school and "
                    "county coefficients of variation",
                    cv_html + note + _table(headers, rows))


def _standards(o: RotationOutputs) -> str:
    """达标学校数: schools at or above each per-school standard, before and after."""
    rows = []
    for r in o.summary["standards"]:
        zh, en = INDICATOR_SHORT[r["indicator"]]
        rows.append([f"{STAGE_ZH.get(r['stage'], '')} {r['stage']}", f"{zh} {en}",
                     f"{r['standard_per100']:.1f}", r["schools"], r["meeting_before"],
                     _change(r["meeting_before"], r["meeting_after"])])
    headers = ["学段 stage", "指标 indicator", "标准（每百名学生）standard per 100 students",
               "参评学校 schools judged", "达标学校数（交流前）meeting before",
               "达标学校数（交流后）meeting after"]
    return ("<p>每校达标情况（达标学校数）Schools meeting the per-school standard:</p>"
            + _table(headers, rows))


def _distances(o: RotationOutputs) -> str:
    km = [x for x in o.figures.distances_km if not math.isnan(x)]
    limit = o.instance.policy.rotation.max_distance_km
    if not km:
        return _section("六、交流距离", "Distance of the moves", "<p>无交流。No moves.</p>")
    text = (f"<p>共 {len(km)} 人，合计 {escape(_num(sum(km)))} km，平均 "
            f"{escape(_num(_mean(km)))} km，最远 {escape(_num(max(km)))} km（上限 "
            f"{escape(_num(limit))} km）。{len(km)} moves, {escape(_num(sum(km)))} km in all, "
            f"mean {escape(_num(_mean(km)))} km, longest {escape(_num(max(km)))} km (limit "
            f"{escape(_num(limit))} km).</p>")
    return _section("六、交流距离", "Distance of the moves",
                    text + histogram_svg(km, max(limit, max(km))))


def _moves(o: RotationOutputs) -> str:
    inst = o.instance
    headers = ["工号 id", "姓名 name", "学科 subject", "骨干 backbone", "原学校 from",
               "交流至 to", "距离 km", "服务目标 serves", "理由 reasons"]
    rows = []
    for r in o.plan.to_dict("records"):
        rows.append([r["teacher_id"], r["name"], f"{SUBJECTS_ZH[r['subject']]} {r['subject']}",
                     r["backbone"], _school(inst, r["from_school_id"]),
                     _school(inst, r["to_school_id"]), r["distance_km"], _serves(r["serves"]),
                     r["reasons"].replace(";", "; ")])
    if not rows:
        return _section("七、交流名单", "The moves", "<p>无交流。No moves.</p>")
    return _section("七、交流名单", f"The moves ({len(rows)})",
                    _served_counts(o) + _table(headers, rows))


def _served_counts(o: RotationOutputs) -> str:
    """How many moves serve each level or rule, levels first, in their order."""
    parts = [f"{_serves(code)} {n}" for code, n in o.summary["movers_by_serves"].items()]
    return ("<p>每人交流所服务的首个目标（撤销该人交流后首个变差的目标层级；都不变差时为其所依据的"
            "规则）The first objective level each move serves (the first that gets worse "
            "without it; else the rule that requires it): " + " · ".join(parts) + "</p>")


def _solver(o: RotationOutputs) -> str:
    s = o.summary
    rows = [
        ["状态 status", _status_html(s)],
        ["目标值 objective (recomputed)", _exact(s["objective"])],
        ["最优界 best bound", _exact(s["best_bound"])],
        ["相对差距 gap", "–" if s["gap"] is None else f"{s['gap']:.3g}"],
        ["求解时间 solve time", f"{_num(s['solve_seconds'])} s"],
        ["建模时间 build time", f"{_num(s['build_seconds'])} s"],
        ["方法 method", s["method"]],
        ["线程 workers", str(s["workers"])],
        ["随机种子 seed", str(s["seed"])],
        ["时间上限 time limit", "–" if s["time_limit"] is None else f"{_num(s['time_limit'])} s"],
    ]
    for lv in s.get("levels", []):
        state = "已证最优 proven" if lv["proven"] else f"差距 gap {lv['gap']:.2%}"
        rows.append([f"目标层级 level: {lv['level']}",
                     f"{_num(lv['value'])} (界 bound {_num(lv['bound'])}; {state})"])
    if s.get("stopped_by"):
        rows.append(["停止原因 stopped by", STOPPED_TEXT.get(s["stopped_by"], s["stopped_by"])])
    if s["solver_objective"] is not None and not _close(s["solver_objective"], s["objective"]):
        rows.append(["求解器目标值 solver's objective", _exact(s["solver_objective"])])
    terms = _table(["目标层级 objective level", "本方案 this plan"]
                   + (["手工 by hand"] if _has_baseline(o) else []),
                   [[k, v] + ([o.baseline.figures.terms.get(k)] if _has_baseline(o) else [])
                    for k, v in o.figures.terms.items()])
    order = "、".join(SERVES_ZH.get(k, k) for k in o.figures.terms if k != "total")
    note = (f"<p class='note'>目标按层级依次优化（{escape(order)}），数值越小越好；上表为按方案重新"
            "计算的真实值。The objective is minimised level by level; the figures are "
            "recomputed from the plan, not copied from the solver.</p>")
    return _section("八、求解信息", "Solver",
                    _table(["项目 item", "值 value"], rows) + terms + note)


def _signatures() -> str:
    return ("<div class='sign'><div>编制 Prepared by</div><div>审核 Reviewed by</div>"
            "<div>签发（局长）Approved by the director</div><div>日期 Date</div></div>")


# --- pieces ----------------------------------------------------------------------------


def histogram_svg(values: Sequence[float], upper: float, bins: int = HISTOGRAM_BINS) -> str:
    """A bar chart of how many moves fall in each distance band from 0 to `upper` km."""
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
             "<title>交流距离分布 Distance histogram</title>",
             f"<line x1='{left}' y1='{height - bottom}' x2='{width - 10}' "
             f"y2='{height - bottom}' stroke='#222'/>"]
    for i, n in enumerate(counts):
        h = n / peak * plot_h
        x = left + i * bar_w
        y = height - bottom - h
        lo, hi = upper * i / bins, upper * (i + 1) / bins
        parts.append(f"<rect x='{x + 2:.1f}' y='{y:.1f}' width='{bar_w - 4:.1f}' "
                     f"height='{h:.1f}' fill='#4a7bb7'><title>{escape(_num(lo))}–"
                     f"{escape(_num(hi))} km: {n}</title></rect>")
        if n:
            parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{y - 3:.1f}' "
                         f"text-anchor='middle'>{n}</text>")
        parts.append(f"<text x='{x:.1f}' y='{height - bottom + 14}' "
                     f"text-anchor='middle'>{escape(_num(lo))}</text>")
    parts.append(f"<text x='{width - 10}' y='{height - bottom + 14}' "
                 f"text-anchor='end'>{escape(_num(upper))}</text>")
    parts.append(f"<text x='{(left + width) / 2:.0f}' y='{height - 4}' text-anchor='middle'>"
                 "公里 km (road distance between the two schools)</text>")
    parts.append(f"<text x='12' y='{top + plot_h / 2:.0f}' text-anchor='middle' "
                 f"transform='rotate(-90 12 {top + plot_h / 2:.0f})'>人数 teachers</text>")
    parts.append("</svg>")
    return "".join(parts)


def _section(zh: str, en: str, body: str) -> str:
    return f"<section><h2>{escape(zh)} <span class='en'>{escape(en)}</span></h2>{body}</section>"


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for v in row:
            numeric = isinstance(v, int | float) and not isinstance(v, bool)
            cells.append(f"<td class='n'>{_cell(v)}</td>" if numeric else f"<td>{_cell(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(v: Any) -> str:
    if isinstance(v, Html):
        return str(v)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, float):
        return escape(_num(v))
    return escape(str(v))


def _status_html(summary: dict[str, Any]) -> Html:
    status = summary["status"]
    zh, en = STATUS_TEXT.get(status, ("", status))
    cls = "ok" if status == "OPTIMAL" else "bad" if status in ("INFEASIBLE", "UNKNOWN") else ""
    gap = summary.get("gap")
    extra = f", gap {gap:.2%}" if status != "OPTIMAL" and gap is not None else ""
    return Html(f"<span class='{cls}'>{escape(status)} {escape(zh)}</span> "
                f"({escape(en)}{escape(extra)})")


def _mark(ok: bool) -> Html:
    return Html("<span class='ok'>✓ 是 yes</span>" if ok else "<span class='bad'>✗ 否 no</span>")


def _change(before: Any, after: Any) -> Html:
    b, a = _cell(before), _cell(after)
    if b == a:
        return Html(b)
    return Html(f"{b} → <b>{a}</b>")


def _met(row: dict[str, Any]) -> Html:
    """Indicators meeting the per-school standard, of those judged: before → after."""
    judged = [n for n in rules.INDICATORS if row[f"{n}_meets_before"] is not None]
    if not judged:
        return Html("–")
    before = sum(bool(row[f"{n}_meets_before"]) for n in judged)
    after = sum(bool(row[f"{n}_meets_after"]) for n in judged)
    return _change(f"{before}/{len(judged)}", f"{after}/{len(judged)}")


def _serves(code: str) -> Html:
    """The level or rule a move serves: Chinese, with the English code in small text."""
    zh = SERVES_ZH.get(code)
    if zh is None:
        return Html(escape(code))
    return Html(f"{escape(zh)} <span class='code'>{escape(code)}</span>")


def _post(post: str) -> str:
    return f"{POST_ZH.get(post, '')} {post}".strip()


def _school(inst: Any, school_id: str) -> str:
    sc = inst.school.get(school_id)
    return f"{school_id} {sc.name}" if sc else school_id


def _baseline_note(o: RotationOutputs) -> str:
    if o.baseline is None:
        return ""
    if o.baseline.figures is None:
        return (f"<p class='note bad'>手工方案（贪心基线）未能给出结果 The greedy \"by hand\" "
                f"baseline found no plan: {escape(o.baseline.error or '')}</p>")
    return ("<p class='note'>“手工”列：按人事科惯常做法（紧缺学科与骨干教师优先，就近派往缺编学校）"
            "得到的方案。The \"by hand\" column is the greedy baseline: scarce subjects and "
            "backbone teachers first, each to the nearest school short of its subject.</p>")


def _has_baseline(o: RotationOutputs) -> bool:
    return o.baseline is not None and o.baseline.figures is not None


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _exact(x: Any) -> str:
    """An objective or bound to ten significant digits (they can be very large)."""
    if x is None:
        return "–"
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.10g}"


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}"
