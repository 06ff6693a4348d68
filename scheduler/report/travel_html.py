"""The static site schools are handed: `timetables/index.html`, one page per teacher and site.

Pages stand alone: inline CSS, no scripts, fonts or images from the net, so they open
from a USB stick or a county intranet and print on A4. Every piece of text goes through
`html.escape`; file names come from ids (`file_stem`), never from names. Each lesson in
a grid carries `data-*` attributes (day, period, site, class, subject, teacher) so that
tools and tests can read the pages back without scraping the prose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from pathlib import Path
from typing import Any

from scheduler.data.instance import Instance
from scheduler.report.travel_grid import (
    LABELS,
    bell,
    day_label,
    file_stem,
    grids,
    school_name,
    subject_label,
    teacher_name,
    township_of,
)
from scheduler.travel.result import Route, Slot, TravelResult

CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
       "PingFang SC", "Helvetica Neue", Arial, sans-serif; font-size: 11pt; color: #111;
       margin: 16px auto; max-width: 1100px; padding: 0 12px; }
h1 { font-size: 18pt; margin: 0 0 4px; } h2 { font-size: 13pt; margin: 18px 0 6px; }
p.meta { color: #444; margin: 0 0 10px; }
nav { margin-bottom: 10px; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8px; }
th, td { border: 1px solid #888; padding: 3px 5px; vertical-align: top; text-align: left; }
thead th { background: #e8eef6; }
table.grid { table-layout: fixed; }
table.grid th.period { width: 11%; }
table.grid td { height: 3.2em; font-size: 9.5pt; }
.bell { display: block; font-weight: normal; color: #555; font-size: 8.5pt; }
.lesson { background: #f3f7e9; border-left: 3px solid #7a9a2f; padding: 1px 3px;
          margin-bottom: 2px; }
.lesson .subject { font-weight: bold; display: block; }
td.num, th.num { text-align: right; }
.warn { color: #a00; }
@media print {
  nav { display: none; }
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  a { color: inherit; text-decoration: none; }
  table, .route { page-break-inside: avoid; }
  h2 { page-break-after: avoid; }
  thead th, .lesson { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _page(title: str, body: str, lang: str, back: bool) -> str:
    nav = (f'<nav><a href="index.html">{escape(LABELS[lang]["back"])}</a></nav>\n'
           if back else "")
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f"{nav}{body}</body>\n</html>\n")


def _grid(inst: Instance, cells: dict[tuple[int, int], list[Slot]], by: str, lang: str) -> str:
    """Days across, periods down with their bell times; one `.lesson` block per slot."""
    t = inst.policy.travel
    lab = LABELS[lang]
    head = "".join(f"<th>{escape(day_label(d, lang))}</th>" for d in range(1, t.days + 1))
    rows = []
    for p in range(1, t.periods + 1):
        tds = []
        for d in range(1, t.days + 1):
            blocks = "".join(_lesson(inst, s, by, lang) for s in cells.get((d, p), []))
            tds.append(f'<td data-day="{d}" data-period="{p}">{blocks}</td>')
        rows.append(f'<tr><th class="period">{p}<span class="bell">{escape(bell(inst, p))}'
                    f'</span></th>{"".join(tds)}</tr>')
    return (f'<table class="grid"><thead><tr><th class="period">{escape(lab["period"])}</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n')


def _lesson(inst: Instance, s: Slot, by: str, lang: str) -> str:
    attrs = " ".join(f'data-{k}="{escape(v)}"' for k, v in (
        ("day", str(s.day)), ("period", str(s.period)), ("site", s.site_id),
        ("class", s.class_id), ("subject", s.subject), ("teacher", s.teacher_id)))
    cls = f"{LABELS[lang]['class']} {s.class_id}"
    if by == "teacher":
        lines = [school_name(inst, s.site_id), cls]
    else:
        lines = [cls, teacher_name(inst, s.teacher_id)]
    rest = "<br>".join(escape(x) for x in lines)
    return (f'<div class="lesson" {attrs}><span class="subject">'
            f"{escape(subject_label(s.subject, lang))}</span>{rest}</div>")


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None,
           cls: str = "") -> str:
    """A plain table; cells arrive already escaped (some hold links)."""
    numeric = numeric or set()
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{escape(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{c}</td>'
                         for i, c in enumerate(row)) + "</tr>" for row in rows)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _route_line(inst: Instance, r: Route) -> str:
    """The stops by name, a stop repeated in a row shown once (a day that starts at home)."""
    stops = [s for i, s in enumerate(r.stops) if i == 0 or s != r.stops[i - 1]]
    return " → ".join(escape(school_name(inst, s)) for s in stops)


def teacher_page(inst: Instance, teacher_id: str, slots: list[Slot], routes: list[Route],
                 lang: str = "zh") -> str:
    """One teacher's week: the grid, then each day's route with km and minutes."""
    lab = LABELS[lang]
    t = inst.teacher.get(teacher_id)
    title = f"{lab['title']} · {teacher_name(inst, teacher_id)}"
    subjects = sorted({s.subject for s in slots})
    km = sum(r.km for r in routes)
    meta = [f"{lab['home']}: {school_name(inst, t.school_id) if t else '-'}",
            f"{lab['subjects']}: {'、'.join(subject_label(x, lang) for x in subjects)}",
            f"{lab['periods']}: {len(slots)}", f"{lab['week_km']}: {km:.1f}"]
    body = [f"<h1>{escape(title)}</h1>\n",
            f'<p class="meta">{escape(" · ".join(meta))}</p>\n',
            _grid(inst, grids(slots, "teacher").get(teacher_id, {}), "teacher", lang),
            f"<h2>{escape(lab['routes'])}</h2>\n"]
    rows = [[escape(day_label(r.day, lang)), _route_line(inst, r), f"{r.km:.1f}",
             f"{r.minutes:.0f}"] for r in sorted(routes, key=lambda r: r.day)]
    body.append(_table([lab["day"], lab["stops"], lab["km"], lab["minutes"]], rows, {2, 3},
                       "route") if rows else f"<p>{escape(lab['no_lessons'])}</p>\n")
    return _page(title, "".join(body), lang, back=True)


def site_page(inst: Instance, site_id: str, slots: list[Slot], lang: str = "zh") -> str:
    """One school's week of visiting teachers, then what each class gets against its plan."""
    lab = LABELS[lang]
    name = school_name(inst, site_id)
    title = f"{lab['title']} · {name} ({site_id})"
    placed = Counter((s.class_id, s.subject) for s in slots)
    teachers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in slots:
        teachers[(s.class_id, s.subject)].add(s.teacher_id)
    rows = []
    for le in sorted((x for x in inst.lessons if x.site_id == site_id),
                     key=lambda x: (x.class_id, x.subject)):
        got = placed[(le.class_id, le.subject)]
        who = "、".join(teacher_name(inst, x) for x in sorted(teachers[(le.class_id, le.subject)]))
        cls = "" if got == le.periods_per_week else ' class="warn"'
        rows.append([escape(le.class_id), escape(subject_label(le.subject, lang)),
                     str(le.periods_per_week), f"<span{cls}>{got}</span>", escape(who)])
    meta = f"{lab['township']}: {township_of(inst, site_id)} · {lab['periods']}: {len(slots)}"
    body = [f"<h1>{escape(title)}</h1>\n", f'<p class="meta">{escape(meta)}</p>\n',
            _grid(inst, grids(slots, "site").get(site_id, {}), "site", lang),
            f"<h2>{escape(lab['coverage'])}</h2>\n",
            _table([lab["class"], lab["subject"], lab["required"], lab["placed"],
                    lab["teacher"]], rows, {2, 3})]
    return _page(title, "".join(body), lang, back=True)


def index_page(inst: Instance, result: TravelResult, facts: dict[str, Any],
               map_files: dict[str, str], lang: str = "zh") -> str:
    """The overview: solve figures, then links to every teacher, site and township map."""
    lab = LABELS[lang]
    gap = facts.get("gap")
    figures = [
        [escape(lab["status"]), escape(str(facts.get("status")))],
        [escape(lab["gap"]), "-" if gap is None else f"{gap:.2%}"],
        [escape(lab["lessons_placed"]),
         f"{facts.get('lessons_placed')} / {facts.get('lessons')}"],
        [escape(lab["total_km"]), f"{facts.get('total_km', 0):.1f}"],
    ]
    if facts.get("baseline_km") is not None:
        figures.append([escape(lab["baseline_km"]), f"{facts['baseline_km']:.1f}"])
    by_teacher: dict[str, list[Slot]] = defaultdict(list)
    by_site: dict[str, list[Slot]] = defaultdict(list)
    for s in result.slots:
        by_teacher[s.teacher_id].append(s)
        by_site[s.site_id].append(s)
    km: Counter[str] = Counter()
    for r in result.routes:
        km[r.teacher_id] += r.km
    teacher_rows = []
    for tid in sorted(by_teacher):
        t = inst.teacher.get(tid)
        subjects = sorted({s.subject for s in by_teacher[tid]})
        link = _link(f"{file_stem('teacher', tid)}.html", teacher_name(inst, tid))
        teacher_rows.append([link, escape(school_name(inst, t.school_id) if t else "-"),
                             escape("、".join(subject_label(x, lang) for x in subjects)),
                             str(len(by_teacher[tid])), f"{km[tid]:.1f}"])
    required = Counter()
    for le in inst.lessons:
        required[le.site_id] += le.periods_per_week
    site_rows = []
    for sid in sorted(set(required) | set(by_site)):
        link = _link(f"{file_stem('site', sid)}.html", f"{school_name(inst, sid)} ({sid})")
        site_rows.append([link, escape(township_of(inst, sid)), str(required[sid]),
                          str(len(by_site[sid]))])
    body = [f"<h1>{escape(lab['title'])} · {escape(inst.name)}</h1>\n",
            f'<p class="meta">{escape(lab["print"])}</p>\n',
            _table([lab["index"], ""], figures),
            f"<h2>{escape(lab['teachers'])}</h2>\n",
            _table([lab["teacher"], lab["home"], lab["subjects"], lab["periods"],
                    lab["week_km"]], teacher_rows, {3, 4}),
            f"<h2>{escape(lab['sites'])}</h2>\n",
            _table([lab["site"], lab["township"], lab["required"], lab["placed"]], site_rows,
                   {2, 3})]
    if map_files:
        links = "".join(f"<li>{_link(f'../maps/{f}', town)}</li>"
                        for town, f in sorted(map_files.items()))
        body.append(f"<h2>{escape(lab['maps'])}</h2>\n<ul>{links}</ul>\n")
    if result.unplaced:
        rows = [[escape(school_name(inst, site)), escape(cls), escape(subject_label(sub, lang)),
                 escape(why)] for site, cls, sub, why in result.unplaced]
        body.append(f'<h2 class="warn">{escape(lab["unplaced"])}</h2>\n')
        body.append(_table([lab["site"], lab["class"], lab["subject"], lab["reason"]], rows))
    return _page(f"{lab['title']} · {inst.name}", "".join(body), lang, back=False)


def write_site(inst: Instance, result: TravelResult, folder: Path, facts: dict[str, Any],
               lang: str = "zh") -> list[Path]:
    """index.html plus one page per teacher with lessons and per site with lessons or needs."""
    from scheduler.report.travel_svg import map_files

    folder.mkdir(parents=True, exist_ok=True)
    by_teacher: dict[str, list[Slot]] = defaultdict(list)
    by_site: dict[str, list[Slot]] = defaultdict(list)
    for s in result.slots:
        by_teacher[s.teacher_id].append(s)
        by_site[s.site_id].append(s)
    routes: dict[str, list[Route]] = defaultdict(list)
    for r in result.routes:
        routes[r.teacher_id].append(r)
    written = []
    for tid, slots in sorted(by_teacher.items()):
        path = folder / f"{file_stem('teacher', tid)}.html"
        path.write_text(teacher_page(inst, tid, slots, routes[tid], lang), encoding="utf-8")
        written.append(path)
    for sid in sorted({le.site_id for le in inst.lessons} | set(by_site)):
        path = folder / f"{file_stem('site', sid)}.html"
        path.write_text(site_page(inst, sid, by_site[sid], lang), encoding="utf-8")
        written.append(path)
    index = folder / "index.html"
    index.write_text(index_page(inst, result, facts, map_files(inst, result), lang),
                     encoding="utf-8")
    return [index, *written]
