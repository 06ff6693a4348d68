"""Route maps, one SVG per township, drawn from the schools' coordinates alone.

No map tiles and nothing from the internet: schools are dots with their names, each
teacher's daily routes a coloured polyline (one colour per teacher, in the legend), and a
scale bar in km. Positions use an equirectangular projection around the township's
centre, which at township scale (tens of km) is off by well under 1%.
"""

from __future__ import annotations

import math
from collections import defaultdict
from html import escape
from itertools import pairwise
from pathlib import Path

from scheduler.data.instance import Instance
from scheduler.i18n import catalog
from scheduler.report.travel_grid import file_stem, teacher_name, township_of
from scheduler.travel.result import Route, TravelResult

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
WIDTH, MAP_HEIGHT, MARGIN = 800, 560, 60
LEGEND_ROW = 18
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQUATOR = 111.32
LANE_PX = 3.5
NICE_KM = (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500)


def townships(inst: Instance, result: TravelResult) -> dict[str, list[Route]]:
    """Each township a lesson or route touches, with every route that passes through it."""
    out: dict[str, list[Route]] = {township_of(inst, s.site_id): [] for s in result.slots}
    for r in result.routes:
        for town in dict.fromkeys(township_of(inst, stop) for stop in r.stops):
            out.setdefault(town, []).append(r)
    return out


def map_files(inst: Instance, result: TravelResult) -> dict[str, str]:
    """Township -> the SVG's file name under maps/ (ids and hashes only, never names)."""
    return {town: f"{file_stem('township', town)}.svg" for town in townships(inst, result)}


def township_svg(inst: Instance, township: str, routes: list[Route], lang: str = "zh") -> str:
    """One township's schools and the routes that touch it, as a standalone SVG document."""
    T = catalog(lang)
    ids = [sc.school_id for sc in inst.schools if (sc.township or "-") == township]
    ids += [stop for r in routes for stop in r.stops]
    ids = list(dict.fromkeys(ids))
    located = [i for i in ids if inst.school[i].has_coordinates]
    missing = len(ids) - len(located)
    if located:
        lat0 = sum(inst.school[i].lat for i in located) / len(located)
        kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))
        km_xy = {i: (inst.school[i].lon * kx, inst.school[i].lat * KM_PER_DEG_LAT)
                 for i in located}
    else:
        km_xy = {}
    xs = [p[0] for p in km_xy.values()] or [0.0]
    ys = [p[1] for p in km_xy.values()] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    px_per_km = min(WIDTH - 2 * MARGIN, MAP_HEIGHT - 2 * MARGIN) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def pos(school_id: str) -> tuple[float, float]:
        x, y = km_xy[school_id]
        return (WIDTH / 2 + (x - cx) * px_per_km, MAP_HEIGHT / 2 - (y - cy) * px_per_km)

    teachers = sorted({r.teacher_id for r in routes})
    style = {t: (PALETTE[i % len(PALETTE)], DASHES[(i // len(PALETTE)) % len(DASHES)])
             for i, t in enumerate(teachers)}
    height = MAP_HEIGHT + 40 + LEGEND_ROW * (len(teachers) + 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
             f"<title>{escape(T.t('travel.maps'))} · {escape(township)}</title>",
             f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
             f'<text x="{MARGIN}" y="28" font-size="18">{escape(T.t("travel.maps"))} · '
             f"{escape(township)}</text>"]
    by_path: dict[tuple[str, tuple[str, ...]], list[Route]] = defaultdict(list)
    for r in routes:
        by_path[(r.teacher_id, r.stops)].append(r)
    lanes = _lanes(by_path, km_xy)
    for (tid, stops), days in sorted(by_path.items()):
        legs = [(a, b) for a, b in pairwise(s for s in stops if s in km_xy) if a != b]
        if not legs:
            continue  # a day at the teacher's own school, or no coordinates
        colour, dash = style[tid]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        when = ", ".join(f"{T.code('day', r.day)} {r.km:.1f} km" for r in days)
        points = []
        for a, b in legs:
            points += _offset(pos(a), pos(b), lanes[frozenset((a, b))].get(tid, 0.0))
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline class="route" data-teacher="{escape(tid)}" points="{coords}" '
                     f'fill="none" stroke="{colour}" stroke-width="2.5" stroke-opacity="0.8"'
                     f'{dash_attr}><title>{escape(tid)}: {escape(when)}</title></polyline>')
    for i in located:
        x, y = pos(i)
        sc = inst.school[i]
        radius = 6 if sc.kind.value in ("town", "urban") else 4
        parts.append(f'<circle class="school" data-school="{escape(i)}" cx="{x:.1f}" '
                     f'cy="{y:.1f}" r="{radius}" fill="#333333"/>')
        parts.append(f'<text x="{x + 8:.1f}" y="{y - 6:.1f}">{escape(sc.name)}</text>')
    parts.append(_scale_bar(px_per_km, MAP_HEIGHT - 20, T.t("travel.scale")))
    y = MAP_HEIGHT + 20
    parts.append(f'<text x="{MARGIN}" y="{y}" font-weight="bold">'
                 f'{escape(T.t("travel.legend"))}</text>')
    for tid in teachers:
        y += LEGEND_ROW
        colour, dash = style[tid]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{MARGIN}" y1="{y - 4}" x2="{MARGIN + 30}" y2="{y - 4}" '
                     f'stroke="{colour}" stroke-width="3"{dash_attr}/>')
        parts.append(f'<text class="legend" x="{MARGIN + 38}" y="{y}">'
                     f"{escape(teacher_name(inst, tid))}</text>")
    if missing:
        parts.append(f'<text x="{WIDTH - MARGIN}" y="{height - 6}" text-anchor="end" '
                     f'fill="#a00">{missing} · {escape(T.t("travel.no_coordinates"))}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _lanes(by_path: dict[tuple[str, tuple[str, ...]], list[Route]], located: dict
           ) -> dict[frozenset[str], dict[str, float]]:
    """Per road (an unordered pair of schools): each teacher on it gets its own lane offset.

    Lanes are centred on the road, LANE_PX apart, so teachers sharing a road stay visible
    and a road used by one teacher is drawn on the road itself.
    """
    users: dict[frozenset[str], list[str]] = defaultdict(list)
    for tid, stops in sorted(by_path):
        for a, b in pairwise(s for s in stops if s in located):
            road = frozenset((a, b))
            if a != b and tid not in users[road]:
                users[road].append(tid)
    return {road: {tid: (i - (len(tids) - 1) / 2) * LANE_PX for i, tid in enumerate(tids)}
            for road, tids in users.items()}


def _offset(a: tuple[float, float], b: tuple[float, float], shift: float
            ) -> list[tuple[float, float]]:
    """The leg a→b moved `shift` px sideways; the side comes from the road, not the
    direction of travel, so a teacher's way out and way back share one lane."""
    (ax, ay), (bx, by) = sorted([a, b])
    length = math.hypot(bx - ax, by - ay) or 1.0
    nx, ny = -(by - ay) / length * shift, (bx - ax) / length * shift
    return [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny)]


def _scale_bar(px_per_km: float, y: float, label: str) -> str:
    """A bar of a round number of km, about a fifth of the map's width."""
    target = (WIDTH - 2 * MARGIN) / 5 / px_per_km
    km = min(NICE_KM, key=lambda k: abs(math.log(k / target)))
    length = km * px_per_km
    x = MARGIN
    text = f"{km:g} km"
    return (f'<g class="scale"><line x1="{x}" y1="{y}" x2="{x + length:.1f}" y2="{y}" '
            f'stroke="#000" stroke-width="3"/>'
            f'<line x1="{x}" y1="{y - 5}" x2="{x}" y2="{y + 5}" stroke="#000"/>'
            f'<line x1="{x + length:.1f}" y1="{y - 5}" x2="{x + length:.1f}" y2="{y + 5}" '
            f'stroke="#000"/><text x="{x}" y="{y - 8}">{escape(label)}: {text}</text></g>')


def write_maps(inst: Instance, result: TravelResult, folder: Path, lang: str = "zh"
               ) -> list[Path]:
    """One SVG per township under `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    names = map_files(inst, result)
    written = []
    for town, routes in sorted(townships(inst, result).items()):
        path = folder / names[town]
        path.write_text(township_svg(inst, town, routes, lang), encoding="utf-8")
        written.append(path)
    return written
