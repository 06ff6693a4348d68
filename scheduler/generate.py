"""Synthetic counties that look like real ones (domain.md §3), for demos, tests and benchmarks.

A county has a seat whose urban schools head the education groups, and townships, each
with a central primary that manages its village primaries and teaching points, and a
junior (or nine-year) school. Posts come from the national curriculum, staff from the
posts: urban schools have every post filled, village schools lack the music, art, PE,
English, IT and mental-health teachers that the central school's traveling teachers
replace. The figures are tuned so that both jobs have a plan under the default policy:
the rotation's counting bounds hold with a margin of two or more, and no township asks
its traveling teachers for more than `TRAVEL_SHARE` of their weekly caps.

Everything comes from one `numpy.random.default_rng(seed)` drawn in a fixed order, so a
seed always gives the same files, byte for byte.

The data contract §5 columns and files come last, from their own stream
(`default_rng([seed, V2_STREAM])`), drawn on the validated county, so that adding them
left every other column and file of a seed exactly as it was (benchmarks compare
against results on those files). What they hold, as a county would have it:

- `posts` (核定编制数): a school with an unmet shortage has room for it (staff + the
  shortage rounded up, one less now and then, never under staff + 1); the others sit at
  their staff (55%), one above (30%) or, for a few large urban and town schools with
  teachers to send, one below (超编 by one teacher). Never below staff − 1. policy.toml
  is unchanged, so R9 counts `needs` unless a county sets `headcount = "posts"`.
- `post`: a principal at every school but the teaching points (run by their central
  school) and a vice principal at every urban and town school; leaders are experienced
  teachers (32 or older where the school has one, not traveling), mostly ones not yet
  eligible by their years at the school. One or two leaders per township are due (R12:
  `years_in_post` ≥ `principal_max_years`), in pairs at two schools of one stage
  group and one kind of school within reach of each other, so that swapping them keeps
  every rule; at one school the vice principal is due too and waits a year.
- `home_periods` for teachers who may travel: a full load at home less the room their
  share of the township's traveling periods needs under T10, with a margin.
- history.csv: about half of the teachers who came to a rural, teaching-point or weak
  school one or two years ago are there on an exchange from a nearby urban or town
  school (under way: `start_year` ≤ year < `end_year` = start + `term_years`); a few
  exchanges ended, some with the teacher staying on.
- locks.csv: a few locks on eligible, non-backbone teachers of urban and town schools
  that can spare them: `stay`, `move`, `to` a village primary short of their subject
  within reach, and `not_to` the receiving school nearest to them.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scheduler import rules
from scheduler.data import schema
from scheduler.data.distances import great_circle_km
from scheduler.data.instance import Instance
from scheduler.data.load import instance_from_records, load_instance
from scheduler.data.models import Policy, School, Teacher
from scheduler.data.schema import SUBJECTS, LockAction, Post, SchoolKind, Stage
from scheduler.data.write import Records, cell, write_folder, write_workbook
from scheduler.errors import UsageError
from scheduler.io.output import atomic_dir

SIZES = ("s", "m", "l", "xl")
YEAR = 2026
DEFAULTS = Policy(year=YEAR)

# The county seat of a one-county instance; a province slice puts its counties on a grid.
SEAT = (116.50, 30.50)
COUNTY_SPACING_DEG = (1.0, 0.8)
KM_PER_DEG = 111.2

TRAVEL_SUBJECTS = ("music", "art", "pe", "english", "it", "mental_health")
BIWEEKLY = 0.5  # one period every second week (T11): written as such, not rounded up
TRAVEL_SHARE = 0.65  # weekly traveling demand of a township <= 65% of its teachers' caps
LOAD = {"primary": 16, "junior": 14}  # periods a teacher teaches a week (14-18 / 12-16)

_LOW = {"chinese": 8, "math": 4, "moral": 2, "science": 1, "music": 2, "art": 2, "pe": 4,
        "labor": 1, "mental_health": 0.5}
_HIGH = {"chinese": 6, "math": 5, "english": 3, "moral": 2, "science": 2, "music": 2, "art": 2,
         "pe": 3, "it": 1, "labor": 1, "mental_health": 0.5}
_JUNIOR = {"chinese": 5, "math": 5, "english": 4, "moral": 2, "history": 2, "pe": 3, "music": 1,
           "art": 1, "labor": 1, "mental_health": 0.5}
# Periods a week per grade (2022 national plan as provinces apply it; mental health is one
# period every two weeks).
GRADE_PERIODS: dict[int, dict[str, float]] = {
    1: _LOW, 2: _LOW, 3: _HIGH, 4: _HIGH, 5: _HIGH, 6: _HIGH,
    7: {**_JUNIOR, "geography": 2, "biology": 2, "it": 1},
    8: {**_JUNIOR, "geography": 2, "biology": 2, "physics": 2, "it": 1},
    9: {**_JUNIOR, "physics": 3, "chemistry": 3},
}
GRADES = {Stage.PRIMARY: range(1, 7), Stage.JUNIOR: range(7, 10), Stage.NINE_YEAR: range(1, 10)}

# 一专多能: the subjects a teacher of a main subject may also teach, with probabilities.
OTHER_SUBJECTS: dict[str, tuple[tuple[str, float], ...]] = {
    "chinese": (("moral", 0.15), ("music", 0.03), ("art", 0.03)),
    "math": (("science", 0.12), ("it", 0.05)),
    "english": (("music", 0.03),),
    "pe": (("mental_health", 0.05), ("labor", 0.05)),
    "music": (("art", 0.15),),
    "art": (("music", 0.10), ("labor", 0.05)),
    "it": (("math", 0.10),),
    "mental_health": (("moral", 0.20),),
    "science": (("labor", 0.10), ("it", 0.05)),
}
# Teaching-point generalists teach most of the non-traveling subjects of their classes.
GENERALIST_OTHERS = (("moral", 0.5), ("science", 0.4), ("labor", 0.4), ("art", 0.05))
# A village primary has no teacher of these main subjects, but often one of its teachers also
# teaches the subject (一专多能); then the school needs no traveling teacher for it.
VILLAGE_COVER = {"music": 0.2, "art": 0.2, "pe": 0.5, "english": 0.5, "it": 0.1,
                 "mental_health": 0.1}
EXEMPT_REASONS = ("病休", "借调", "挂职", "孕期")

_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
             "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
             "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_GIVEN_F = "芳娟敏静丽艳婷雪慧颖琳燕玲霞梅莉倩洁晶欣怡佳悦萍红英兰琴云丹蕾"
_GIVEN_M = "伟强磊军勇杰涛斌超明刚平辉鹏飞波宇浩凯俊峰建国林东亮成龙文博志"
_GIVEN_ANY = "晓子思嘉一天海春秋新雨晨阳安宁华"
_PLACE_1 = ("青石龙白马桃新东西南北清柳杨黄金长安平河梅松云凤双花古"
            "太永高大兴丰和福万宝竹枫莲荷桂鹤鹿燕华隆")
_PLACE_2 = "山河桥湖溪坪塘口集店岗铺坝湾岭圩港埠庙泉田林洲渡阳城寺园"
_VILLAGE_SUFFIX = "村庄湾岗圩店寨坪冲畈"
_CN_NUM = "一二三四五六七八九十"


@dataclass(frozen=True)
class Shape:
    """How big a county of one size is."""

    townships: int
    urban_primary: int
    urban_junior: int
    urban_nine_year: int
    town_nine_year: int
    groups: int
    villages: tuple[int, int]  # village primaries per township, inclusive range
    points: tuple[int, int]  # teaching points per township, inclusive range
    scale: float  # multiplies school sizes
    townships_per_district: int


SHAPES: dict[str, Shape] = {
    "s": Shape(2, 1, 1, 0, 1, 2, (1, 2), (1, 2), 0.7, 1),
    "m": Shape(12, 4, 2, 1, 1, 5, (1, 3), (1, 3), 1.1, 1),
    "l": Shape(25, 9, 5, 1, 2, 8, (2, 3), (1, 3), 1.3, 2),
}
PROVINCE_COUNTIES = (4, 6)  # xl: this many counties, inclusive range
PROVINCE_SIZES = ("m", "l")


@dataclass
class _School:
    sid: str
    name: str
    township: str
    kind: SchoolKind
    stage: Stage
    lon: float
    lat: float
    students: int
    grade_classes: dict[int, int]
    district: str
    town: int = -1  # index of the township, -1 for the county seat
    central: str | None = None
    group: str | None = None
    weak: bool = False
    site_classes: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)

    @property
    def classes(self) -> int:
        return sum(self.grade_classes.values())

    @property
    def is_site(self) -> bool:
        return self.kind in (SchoolKind.RURAL, SchoolKind.TEACHING_POINT)


@dataclass
class _Teacher:
    school: _School
    subject: str
    other: tuple[str, ...] = ()
    can_travel: bool = False
    max_travel: int | None = None
    gender: str = "F"
    birth_year: int = 1985
    career: int = 0
    years_at_school: int = 0
    rural_years: int = 0
    backbone: str = "none"
    exempt: str = ""
    volunteer: bool = False
    seeks_senior_title: bool = False
    degree: str = "bachelor"
    name: str = ""

    def teaches(self, subject: str) -> bool:
        return subject == self.subject or subject in self.other


# --- public API ------------------------------------------------------------------------


def generate_records(size: str, seed: int) -> tuple[Records, dict[str, Any]]:
    """One county of size s, m or l: rows per file stem and the policy (a few keys)."""
    if size not in SHAPES:
        raise ValueError(f"size must be one of {', '.join(SHAPES)} (xl: use generate_province)")
    county = _County(np.random.default_rng(seed), SHAPES[size], SEAT)
    records = county.records()
    return with_v2(records, _policy(county.county), seed), _policy(county.county)


def generate_province(seed: int) -> list[tuple[str, Records, dict[str, Any]]]:
    """A province slice (size xl): 4-6 independent counties of m and l size, side by side."""
    out = []
    for k, (name, size, county_seed) in enumerate(province_plan(seed)):
        seat = (SEAT[0] + COUNTY_SPACING_DEG[0] * (k % 3),
                SEAT[1] + COUNTY_SPACING_DEG[1] * (k // 3))
        county = _County(np.random.default_rng(county_seed), SHAPES[size], seat)
        records = county.records()
        out.append((name, with_v2(records, _policy(county.county), county_seed),
                    _policy(county.county)))
    return out


def province_plan(seed: int) -> list[tuple[str, str, int]]:
    """The counties of a province slice: (folder name, size, the county's own seed)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(PROVINCE_COUNTIES[0], PROVINCE_COUNTIES[1] + 1))
    sizes = rng.choice(PROVINCE_SIZES, size=n)
    seeds = rng.integers(0, 2**31, size=n)
    return [(f"county-{k + 1:02d}-{sizes[k]}", str(sizes[k]), int(seeds[k])) for k in range(n)]


def generate_to(out: Path, size: str, seed: int, xlsx: bool = False, lang: str = "en",
                force: bool = False) -> Path:
    """Write a synthetic county (xl: one sub-folder per county) into `out`, all or nothing.

    Each county folder holds the CSV files, policy.toml and a README.md with the command
    and the county's figures; with `xlsx`, also `<folder name>.xlsx`, a workbook with the
    same tables and the policy as a `policy` sheet.
    """
    if size not in SIZES:
        raise UsageError(f"size must be one of {', '.join(SIZES)}, got {size!r}")
    if lang not in ("en", "zh"):
        raise UsageError(f"lang must be en or zh, got {lang!r}")
    out = Path(out)
    command = f"rotaplan generate --size {size} --seed {seed} --out {out.as_posix()}"
    command += (" --xlsx" if xlsx else "") + (f" --lang {lang}" if lang != "en" else "")
    with atomic_dir(out, force) as tmp:
        if size == "xl":
            lines = [f"# {out.name}: a province slice (size xl, seed {seed})", "",
                     f"Generated with `{command}`.", "",
                     "Independent counties, one folder each; solve them one by one.", ""]
            for name, records, policy in generate_province(seed):
                inst = _write_county(tmp / name, name, records, policy, xlsx, lang, command)
                lines.append(f"- `{name}/`: {len(inst.schools)} schools, "
                             f"{len(inst.teachers)} teachers, {len(inst.lessons)} lessons")
            (tmp / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            records, policy = generate_records(size, seed)
            _write_county(tmp, out.name, records, policy, xlsx, lang, command)
    return out


def figures(inst: Instance) -> dict[str, Any]:
    """The figures a generated county is judged by (README, tests): counts and shares."""
    policy = inst.policy
    eligible = [t for t in inst.teachers if rules.eligible(t, inst)]
    n_eligible = len(eligible)
    min_movers = rules.required_movers(inst)
    eligible_at: dict[str, int] = {}
    eligible_backbone_at: dict[str, int] = {}
    for t in eligible:
        eligible_at[t.school_id] = eligible_at.get(t.school_id, 0) + 1
        eligible_backbone_at[t.school_id] = eligible_backbone_at.get(t.school_id, 0) + t.is_backbone
    caps = {sid: rules.max_outflow(n, policy) for sid, n in inst.staff.items()}
    kinds: dict[str, int] = {}
    for sc in inst.schools:
        key = f"{sc.kind}/{sc.stage}"
        kinds[key] = kinds.get(key, 0) + 1
    return {
        "schools": len(inst.schools),
        "schools_by_kind": dict(sorted(kinds.items())),
        "townships": len({sc.township for sc in inst.schools if sc.kind != SchoolKind.URBAN}),
        "students": sum(sc.students for sc in inst.schools),
        "teachers": len(inst.teachers),
        "eligible": n_eligible,
        "backbone": sum(t.is_backbone for t in inst.teachers),
        "eligible_backbone": sum(t.is_backbone for t in eligible),
        "min_movers": min_movers,
        "min_backbone_movers": rules.min_backbone_movers(min_movers, policy),
        "sendable": sum(min(n, caps[s]) for s, n in eligible_at.items()),
        "sendable_backbone": sum(min(n, caps[s]) for s, n in eligible_backbone_at.items()),
        "lessons": len(inst.lessons),
        "lesson_periods": sum(le.periods_per_week for le in inst.lessons),
        "sites": len({le.site_id for le in inst.lessons}),
        "traveling_teachers": sum(t.can_travel for t in inst.teachers),
        "shortage": rules.total_shortage(inst, rules.placement_before(inst)),
        "busy": len(inst.busy),
        "preferences": len(inst.preferences),
        "distances": len(inst.distances),
        "posts": sum(sc.posts for sc in inst.schools if sc.posts is not None),
        "principals": sum(t.post == Post.PRINCIPAL for t in inst.teachers),
        "vice_principals": sum(t.post == Post.VICE_PRINCIPAL for t in inst.teachers),
        "leaders_due": sum(rules.leader_due(t, inst) for t in inst.teachers),
        "leaders_moving": len(rules.leaders_to_move(inst)),
        "home_periods": sum(t.home_periods is not None for t in inst.teachers),
        "exchanges_under_way": len(inst.on_exchange),
        "exchanges_ended": len(inst.history) - len(inst.on_exchange),
        "locks": {a.value: sum(lk.action == a for lk in inst.locks) for a in LockAction},
    }


# --- writing -----------------------------------------------------------------------------


def _write_county(folder: Path, name: str, records: Records, policy: dict[str, Any], xlsx: bool,
                  lang: str, command: str) -> Instance:
    """Validate the rows exactly as a loader would, then write them; returns the instance."""
    inst = instance_from_records(records, policy, name=name)
    write_folder(records, folder, policy, lang=lang)
    if xlsx:
        write_workbook(records, folder / f"{name}.xlsx", policy, lang=lang)
    (folder / "README.md").write_text(_readme(name, inst, command, xlsx), encoding="utf-8")
    return inst


def _readme(name: str, inst: Instance, command: str, xlsx: bool, note: str = "") -> str:
    f = figures(inst)
    t = f["teachers"]
    kinds = "\n".join(f"| {k} | {n} |" for k, n in f["schools_by_kind"].items())
    workbook = f"\n`{name}.xlsx` holds the same tables as sheets.\n" if xlsx else ""
    locks = ", ".join(f"{n} {action}" for action, n in f["locks"].items())
    return f"""# {name}: a synthetic county

Generated by `{command}`: every person, school and place here is made up.
{workbook}{note}
| schools (kind/stage) | count |
|---|---|
{kinds}

- townships: {f['townships']}; students: {f['students']:,}
- teachers: {t:,}; eligible for rotation (R1, year {inst.policy.year}): {f['eligible']:,} \
({f['eligible'] / t:.1%}); backbone (county level and above): {f['backbone']:,} \
({f['backbone'] / t:.1%}), of whom eligible: {f['eligible_backbone']:,}
- rotation quota: at least {f['min_movers']} movers, {f['min_backbone_movers']} of them \
backbone; the sending caps allow {f['sendable']} eligible movers \
({f['sendable_backbone']} backbone)
- unmet shortage before any move: {f['shortage']:g} posts
- traveling lessons: {f['lessons']} rows, {f['lesson_periods']} periods a week at \
{f['sites']} sites; teachers who may travel: {f['traveling_teachers']}
- busy slots: {f['busy']}; ranked wishes: {f['preferences']}; road overrides: {f['distances']}
- posts (核定编制数, `posts` in schools.csv): {f['posts']:,} for {t:,} teachers
- leaders (`post` in teachers.csv): {f['principals']} principals, {f['vice_principals']} \
vice principals; due to rotate (R12, ≥ {inst.policy.rotation.principal_max_years} years in \
post): {f['leaders_due']}, of whom {f['leaders_moving']} move this year
- traveling teachers with their periods at home (`home_periods`, T10): {f['home_periods']}
- history.csv: {f['exchanges_under_way']} exchanges under way (R11: not eligible), \
{f['exchanges_ended']} ended
- locks.csv: {sum(f['locks'].values())} locks ({locks})
"""


# --- the county --------------------------------------------------------------------------


class _County:
    """Draws one county; the order of the draws is part of the output, do not reorder."""

    def __init__(self, rng: np.random.Generator, shape: Shape, seat: tuple[float, float]):
        self.rng = rng
        self.shape = shape
        self.seat = seat
        self.schools: list[_School] = []
        self.staff: dict[str, list[_Teacher]] = {}
        self.lessons: list[dict[str, Any]] = []
        self.needs: dict[str, dict[str, float]] = {}
        self.county = ""  # 兴贤县: named with the townships (`records`)

    def records(self) -> Records:
        names = self._place_names(self.shape.townships + 1)
        self.county = names[0] + "县"
        self._seat_schools()
        for k, base in enumerate(names[1:]):
            self._township(k, base + ("乡" if self.rng.random() < 0.3 else "镇"))
        self._groups()
        for sc in self.schools:
            self._posts(sc)
            self._staff(sc)
        for k in range(self.shape.townships):
            self._travel(k)
        teachers = [t for sc in self.schools for t in self.staff[sc.sid]]
        self._people(teachers)
        ids = {id(t): f"T{i + 1:05d}" for i, t in enumerate(teachers)}
        return {
            "schools": [self._school_row(sc) for sc in self.schools],
            "teachers": [self._teacher_row(t, ids[id(t)]) for t in teachers],
            "needs": [{"school_id": sc.sid, "subject": s, "required": r}
                      for sc in self.schools for s, r in self.needs[sc.sid].items()],
            "lessons": [{**le, "teacher_id": ids[id(le["teacher_id"])]
                         if le["teacher_id"] is not None else None} for le in self.lessons],
            "distances": self._roads(),
            "busy": self._busy(teachers, ids),
            "preferences": self._preferences(teachers, ids),
        }

    # --- places -------------------------------------------------------------------------
    def _place_names(self, n: int) -> list[str]:
        pairs = self.rng.choice(len(_PLACE_1) * len(_PLACE_2), size=n, replace=False)
        return [_PLACE_1[p // len(_PLACE_2)] + _PLACE_2[p % len(_PLACE_2)] for p in pairs]

    def _at(self, lon: float, lat: float, km: float, angle: float) -> tuple[float, float]:
        dlat = km * math.sin(angle) / KM_PER_DEG
        dlon = km * math.cos(angle) / (KM_PER_DEG * math.cos(math.radians(lat)))
        return round(lon + dlon, 5), round(lat + dlat, 5)

    def _add(self, **kw: Any) -> _School:
        sc = _School(sid=f"S{len(self.schools) + 1:03d}", **kw)
        self.schools.append(sc)
        return sc

    def _grades(self, stage: Stage, students: int, class_size: float) -> dict[int, int]:
        grades = GRADES[stage]
        per = max(1, round(students / len(grades) / class_size))
        return {g: per for g in grades}

    def _seat_schools(self) -> None:
        r, sh = self.rng, self.shape
        plan = ([(Stage.PRIMARY, n) for n in range(sh.urban_primary)]
                + [(Stage.JUNIOR, n) for n in range(sh.urban_junior)]
                + [(Stage.NINE_YEAR, n) for n in range(sh.urban_nine_year)])
        for stage, n in plan:
            lon, lat = self._at(*self.seat, r.uniform(0.4, 4.0), r.uniform(0, 2 * math.pi))
            low, high = {Stage.PRIMARY: (1200, 2400), Stage.JUNIOR: (900, 1800),
                         Stage.NINE_YEAR: (1200, 2000)}[stage]
            students = int(r.integers(low, high) * sh.scale)
            name = {Stage.PRIMARY: "实验小学" if n == 0 else f"第{_cn(n)}小学",
                    Stage.JUNIOR: f"第{_cn(n + 1)}初级中学",
                    Stage.NINE_YEAR: ("实验学校", "外国语学校", "育才学校")[n % 3]}[stage]
            self._add(name=self.county + name, township="城关", kind=SchoolKind.URBAN,
                      stage=stage, lon=lon, lat=lat, students=students, district="D00",
                      grade_classes=self._grades(stage, students, r.uniform(42, 46)))

    def _township(self, k: int, town: str) -> None:
        r, sh = self.rng, self.shape
        angle = 2 * math.pi * (k + r.uniform(-0.3, 0.3)) / sh.townships
        radius = r.uniform(12, 30) if sh.townships <= 3 else 10 + 40 * math.sqrt(r.random())
        lon, lat = self._at(*self.seat, radius, angle)
        district = f"D{k // sh.townships_per_district + 1:02d}"
        size = r.uniform(0.6, 1.4) * sh.scale
        students = int(r.integers(500, 1100) * size)
        central = self._add(name=f"{town}中心小学", township=town, kind=SchoolKind.TOWN,
                            stage=Stage.PRIMARY, lon=lon, lat=lat, students=students,
                            district=district, town=k,
                            grade_classes=self._grades(Stage.PRIMARY, students, 40))
        central.central = central.sid
        nine = k < sh.town_nine_year
        stage = Stage.NINE_YEAR if nine else Stage.JUNIOR
        students = int(r.integers(500, 900) * size) if nine else int(r.integers(400, 900) * size)
        jlon, jlat = self._at(lon, lat, r.uniform(0.3, 1.5), r.uniform(0, 2 * math.pi))
        self._add(name=town + ("九年一贯制学校" if nine else "初级中学"), township=town,
                  kind=SchoolKind.TOWN, stage=stage, lon=jlon, lat=jlat, students=students,
                  district=district, town=k, weak=bool(r.random() < 0.2),
                  grade_classes=self._grades(stage, students, 40))
        n_villages = int(r.integers(sh.villages[0], sh.villages[1] + 1))
        n_points = int(r.integers(sh.points[0], sh.points[1] + 1))
        villages = r.choice(len(_SURNAMES) * len(_VILLAGE_SUFFIX), size=n_villages + n_points,
                            replace=False)
        for v, code in enumerate(villages):
            village = (_SURNAMES[code // len(_VILLAGE_SUFFIX)]
                       + _VILLAGE_SUFFIX[code % len(_VILLAGE_SUFFIX)])
            slon, slat = self._at(lon, lat, r.uniform(3, 15), angle + r.uniform(-1.4, 1.4))
            if v < n_villages:
                students = int(r.integers(60, 280))
                grades = [(g,) for g in range(1, 7)] if students >= 100 else [
                    (1,), (2,), (3, 4), (5, 6)]
                sc = self._add(name=f"{town}{village}小学", township=town, kind=SchoolKind.RURAL,
                               stage=Stage.PRIMARY, lon=slon, lat=slat, students=students,
                               district=district, town=k, grade_classes={},
                               weak=bool(r.random() < 0.15))
            else:
                students = int(5 + 45 * r.beta(1.5, 2.5))
                top = int(r.choice([2, 3, 4], p=[0.4, 0.35, 0.25]))
                n_classes = int(r.integers(1, min(top, 4) + 1))
                cuts = np.sort(r.choice(np.arange(2, top + 1), size=n_classes - 1, replace=False))
                grades = [tuple(int(g) for g in part)
                          for part in np.split(np.arange(1, top + 1), cuts - 1)]
                sc = self._add(name=f"{town}{village}教学点", township=town,
                               kind=SchoolKind.TEACHING_POINT, stage=Stage.PRIMARY, lon=slon,
                               lat=slat, students=students, district=district, town=k,
                               grade_classes={})
            sc.central = central.sid
            sc.site_classes = [("G" + "+".join(map(str, gs)), gs) for gs in grades]
            for gs in grades:  # a mixed class counts once, under its lowest grade
                sc.grade_classes[gs[0]] = sc.grade_classes.get(gs[0], 0) + 1

    def _groups(self) -> None:
        """Urban schools head the groups; neighbouring townships join one of each stage."""
        r, sh = self.rng, self.shape
        urban = [sc for sc in self.schools if sc.kind == SchoolKind.URBAN]
        primary = [sc for sc in urban if sc.stage == Stage.PRIMARY]
        junior = [sc for sc in urban if sc.stage != Stage.PRIMARY]
        n_junior = max(1, min(len(junior), sh.groups // 3))
        n_primary = min(len(primary), sh.groups - n_junior)
        number = 0
        for heads, members in ((primary[:n_primary], primary[n_primary:]),
                               (junior[:n_junior], junior[n_junior:])):
            for head in heads:
                number += 1
                head.group = f"EG{number}"
            for sc in members:
                sc.group = heads[int(r.integers(len(heads)))].group
            if not heads:
                continue
            for k in range(sh.townships):
                if r.random() < 0.15:  # a remote township outside any group
                    continue
                head = heads[k * len(heads) // sh.townships]
                for sc in self.schools:
                    if sc.town == k and sc.kind != SchoolKind.TEACHING_POINT and (
                            (sc.stage == Stage.PRIMARY) == (head.stage == Stage.PRIMARY)):
                        sc.group = head.group

    # --- posts and staff --------------------------------------------------------------
    def _posts(self, sc: _School) -> None:
        """needs.csv: curriculum periods over the teaching load; teaching points in tenths."""
        periods: dict[str, float] = {}
        for grade, n in sc.grade_classes.items():
            load = LOAD["primary" if grade <= 6 else "junior"]
            for subject, p in GRADE_PERIODS[grade].items():
                periods[subject] = periods.get(subject, 0.0) + n * p / load
        needs: dict[str, float] = {}
        for subject in SUBJECTS:
            x = periods.get(subject, 0.0)
            if x <= 0:
                continue
            if sc.kind == SchoolKind.TEACHING_POINT:
                needs[subject] = max(0.1, round(x, 1))
            else:
                needs[subject] = max(1, math.floor(x + 0.5))
        self.needs[sc.sid] = needs

    def _staff(self, sc: _School) -> None:
        r = self.rng
        counts: dict[str, int] = {}
        for subject, req in self.needs[sc.sid].items():
            n = int(req)
            if sc.kind == SchoolKind.URBAN:  # every post filled, some over
                n += int(r.random() < 0.25) + int(subject in ("chinese", "math") and
                                                  r.random() < 0.5)
            elif sc.kind == SchoolKind.TOWN:
                if subject in DEFAULTS.rotation.shortage_subjects and sc.stage != Stage.PRIMARY:
                    n -= int(r.random() < 0.3)
                elif subject in ("chinese", "math"):
                    n += int(r.random() < 0.3)
            elif sc.kind == SchoolKind.RURAL:
                if subject in TRAVEL_SUBJECTS:
                    n = 0
                elif subject in ("chinese", "math"):
                    n = max(1, n - int(r.random() < 0.25))
                else:
                    n = int(r.random() < 0.5)
            else:
                n = 0
            counts[subject] = n
        if sc.kind == SchoolKind.TEACHING_POINT:  # generalists: one or two per class
            n = len(sc.site_classes) + int(sc.students > 30 and r.random() < 0.5)
            counts = {"chinese": (n + 1) // 2, "math": n // 2}
        staff = []
        for subject, n in counts.items():
            for _ in range(n):
                staff.append(_Teacher(school=sc, subject=subject,
                                      other=self._others(sc, subject)))
        if sc.kind == SchoolKind.RURAL:
            for subject, p in VILLAGE_COVER.items():
                if r.random() < p:
                    t = staff[int(r.integers(len(staff)))]
                    if not t.teaches(subject):
                        t.other = (*t.other, subject)
        self.staff[sc.sid] = staff

    def _others(self, sc: _School, subject: str) -> tuple[str, ...]:
        table = (GENERALIST_OTHERS if sc.kind == SchoolKind.TEACHING_POINT
                 else OTHER_SUBJECTS.get(subject, ()))
        draws = self.rng.random(len(table))
        return tuple(s for (s, p), u in zip(table, draws, strict=True) if u < p and s != subject)

    def _travel(self, k: int) -> None:
        """Lessons for what each site lacks; traveling teachers at the central school to spare."""
        r = self.rng
        central = next(sc for sc in self.schools if sc.town == k and sc.central == sc.sid)
        sites = [sc for sc in self.schools if sc.town == k and sc.is_site]
        demand: dict[str, int] = dict.fromkeys(TRAVEL_SUBJECTS, 0)
        rows: list[dict[str, Any]] = []
        for site in sites:
            staff = self.staff[site.sid]
            for class_id, grades in site.site_classes:
                for subject in TRAVEL_SUBJECTS:
                    p = max(GRADE_PERIODS[g].get(subject, 0) for g in grades)
                    if p <= 0 or any(t.teaches(subject) for t in staff):
                        continue
                    # T11: 0.5 is written as it is; staffing counts its weekly slot
                    rows.append({"site_id": site.sid, "class_id": class_id, "subject": subject,
                                 "periods_per_week": p if p == BIWEEKLY else math.ceil(p),
                                 "teacher_id": None})
                    demand[subject] += math.ceil(p)
        default_cap = DEFAULTS.travel.max_travel_periods
        home = self.staff[central.sid]
        for subject in TRAVEL_SUBJECTS:
            travelers = [t for t in home if t.subject == subject]
            for t in travelers:  # they also teach at home, so a lower cap is often agreed
                t.can_travel = True
                if r.random() < 0.5:
                    t.max_travel = int(r.choice([6, 8, 10]))
            posts = math.ceil(demand[subject] / default_cap)
            self.needs[central.sid][subject] = self.needs[central.sid].get(subject, 0) + posts
            while demand[subject] > 0 and (
                    demand[subject] > TRAVEL_SHARE * sum(t.max_travel or default_cap
                                                         for t in travelers)
                    or len(travelers) < self.needs[central.sid][subject]):
                extra = _Teacher(school=central, subject=subject, can_travel=True,
                                 other=self._others(central, subject),
                                 max_travel=12 if r.random() < 0.2 else None)
                travelers.append(extra)
                home.append(extra)
        if rows and r.random() < 0.5:  # one lesson pinned to the teacher who always taught it
            row = rows[int(r.integers(len(rows)))]
            pinned = [t for t in home if t.can_travel and t.subject == row["subject"]]
            row["teacher_id"] = pinned[int(r.integers(len(pinned)))]
        self.lessons.extend(rows)

    # --- people -----------------------------------------------------------------------
    def _people(self, teachers: list[_Teacher]) -> None:
        """Ages, years, eligibility (calibrated to 37-43%), backbone (16-19%), degrees, names."""
        r = self.rng
        rot = DEFAULTS.rotation
        for t in teachers:
            kind = t.school.kind
            female = {SchoolKind.URBAN: 0.72, SchoolKind.TOWN: 0.65, SchoolKind.RURAL: 0.55,
                      SchoolKind.TEACHING_POINT: 0.4}[kind]
            if t.school.stage != Stage.PRIMARY:
                female -= 0.12
            if t.subject == "pe":
                female = 0.25
            t.gender = "F" if r.random() < female else "M"
            retire = rot.retirement_age_female if t.gender == "F" else rot.retirement_age
            if kind in (SchoolKind.RURAL, SchoolKind.TEACHING_POINT):
                young = 0.45 if kind == SchoolKind.RURAL else 0.3
                age = r.normal(28, 4) if r.random() < young else r.normal(49, 6)
            else:
                age = r.normal(39 if kind == SchoolKind.URBAN else 41, 8.5)
            age = int(np.clip(round(age), 23, retire - 1))
            t.birth_year = YEAR - age
            t.career = max(0, age - 22 - int(r.integers(0, 3)))
            t.degree = self._degree(age, kind)
            t.name = self._name(t.gender)

        n = len(teachers)
        near = [self._near_retirement(t) for t in teachers]
        exempt = r.random(n) < 0.025
        for i, t in enumerate(teachers):
            if exempt[i]:
                reasons = EXEMPT_REASONS if t.gender == "F" and YEAR - t.birth_year < 40 else (
                    EXEMPT_REASONS[:3])
                t.exempt = reasons[int(r.integers(len(reasons)))]
        free = [i for i in range(n) if not exempt[i] and not near[i]]
        volunteers = {i for i in free if r.random() < 0.015}
        target = round(r.uniform(0.37, 0.43) * n) - len(volunteers)
        pool = [i for i in free if i not in volunteers and teachers[i].career >= 6]
        weight = np.array([{SchoolKind.URBAN: 1.3, SchoolKind.TOWN: 1.1, SchoolKind.RURAL: 0.8,
                            SchoolKind.TEACHING_POINT: 0.7}[teachers[i].school.kind]
                           for i in pool])
        chosen = set(r.choice(pool, size=min(max(target, 0), len(pool)), replace=False,
                              p=weight / weight.sum()).tolist()) if pool else set()
        for i, t in enumerate(teachers):
            if i in chosen:
                t.years_at_school = min(t.career, 6 + int(r.exponential(5)))
            elif i in free:
                t.years_at_school = int(r.integers(0, min(5, t.career) + 1))
            else:
                t.years_at_school = int(r.integers(0, t.career + 1))
            t.volunteer = i in volunteers
            before = t.career - t.years_at_school
            if t.school.is_site or t.school.weak:
                t.rural_years = t.years_at_school + (int(r.integers(0, before + 1))
                                                     if r.random() < 0.5 else 0)
            elif before >= 1 and r.random() < (0.25 if t.school.kind == SchoolKind.URBAN
                                               else 0.4):
                t.rural_years = int(r.integers(1, min(6, before) + 1))
            seeks = 0.1 if t.school.kind in (SchoolKind.URBAN, SchoolKind.TOWN) else 0.05
            t.seeks_senior_title = bool(8 <= t.career <= 30 and not near[i]
                                        and r.random() < seeks)

        target = round(r.uniform(0.16, 0.19) * n)
        pool = [i for i in range(n) if teachers[i].career >= 5]
        weight = np.array([{SchoolKind.URBAN: 3.0, SchoolKind.TOWN: 1.6, SchoolKind.RURAL: 0.6,
                            SchoolKind.TEACHING_POINT: 0.25}[teachers[i].school.kind]
                           for i in pool])
        backbone = set(r.choice(pool, size=min(target, len(pool)), replace=False,
                                p=weight / weight.sum()).tolist())
        for i, t in enumerate(teachers):
            if i in backbone:
                level = str(r.choice(["county", "city", "province"], p=[0.72, 0.23, 0.05]))
                if level == "province" and t.school.kind != SchoolKind.URBAN:
                    level = "city"
                t.backbone = level
            elif t.career >= 3 and r.random() < 0.1:
                t.backbone = "school"

    def _near_retirement(self, t: _Teacher) -> bool:
        rot = DEFAULTS.rotation
        age = rot.retirement_age_female if t.gender == "F" else rot.retirement_age
        return t.birth_year + age - YEAR <= rot.exempt_years_to_retirement

    def _degree(self, age: int, kind: SchoolKind) -> str:
        levels = ["secondary", "associate", "bachelor", "master"]
        if age >= 50:
            p = [0.3, 0.5, 0.2, 0.0]
        elif age >= 35:
            p = [0.02, 0.25, 0.68, 0.05]
        else:
            p = [0.0, 0.06, 0.79, 0.15]
        if kind == SchoolKind.URBAN:  # urban schools recruit with higher degrees
            p = [p[0] * 0.5, p[1] * 0.6, p[2], p[3] * 2 + 0.05]
        elif kind in (SchoolKind.RURAL, SchoolKind.TEACHING_POINT):
            p = [p[0] * 1.5, p[1] * 1.5, p[2], p[3] * 0.3]
        w = np.array(p) / sum(p)
        return levels[int(self.rng.choice(4, p=w))]

    def _name(self, gender: str) -> str:
        r = self.rng
        surname = _SURNAMES[min(int(r.exponential(25)), len(_SURNAMES) - 1)]
        pool = _GIVEN_F if gender == "F" else _GIVEN_M
        if r.random() < 0.3:
            return surname + pool[int(r.integers(len(pool)))]
        first = _GIVEN_ANY + pool
        return surname + first[int(r.integers(len(first)))] + pool[int(r.integers(len(pool)))]

    # --- small files ------------------------------------------------------------------
    def _roads(self) -> list[dict[str, Any]]:
        """A few mountain roads: longer and slower than the great-circle estimate."""
        r = self.rng
        rows = []
        factor, speed = DEFAULTS.travel.road_factor, DEFAULTS.travel.speed_kmh
        by_id = {sc.sid: sc for sc in self.schools}
        for sc in self.schools:
            if not sc.is_site or r.random() >= 0.15:
                continue
            home = by_id[sc.central or sc.sid]
            km = great_circle_km(np.array([home.lon, sc.lon]), np.array([home.lat, sc.lat]))[0, 1]
            road = round(float(km) * factor * r.uniform(1.3, 1.6), 1)
            minutes = min(round(road / (speed * r.uniform(0.6, 0.8)) * 60), 55)
            rows.append({"from_id": home.sid, "to_id": sc.sid, "km": road, "minutes": minutes})
        return rows

    def _busy(self, teachers: list[_Teacher], ids: dict[int, str]) -> list[dict[str, Any]]:
        """A teaching-research meeting for one traveling teacher per township; class events."""
        r = self.rng
        rows = []
        for k in range(self.shape.townships):
            travelers = [t for t in teachers if t.can_travel and t.school.town == k]
            if travelers:
                t = travelers[int(r.integers(len(travelers)))]
                day = int(r.integers(1, DEFAULTS.travel.days + 1))
                rows += [{"owner_id": ids[id(t)], "day": day, "period": p} for p in (5, 6, 7)]
            sites = [sc for sc in self.schools if sc.town == k and sc.is_site]
            site = sites[int(r.integers(len(sites)))]
            class_id = site.site_classes[int(r.integers(len(site.site_classes)))][0]
            if any(le["site_id"] == site.sid and le["class_id"] == class_id
                   for le in self.lessons):
                rows.append({"owner_id": f"{site.sid}/{class_id}", "day": DEFAULTS.travel.days,
                             "period": DEFAULTS.travel.periods})
        return rows

    def _preferences(self, teachers: list[_Teacher], ids: dict[int, str]
                     ) -> list[dict[str, Any]]:
        """Ranked wishes of a few eligible urban and town teachers, for nearby receiving schools."""
        r = self.rng
        lon = np.array([sc.lon for sc in self.schools])
        lat = np.array([sc.lat for sc in self.schools])
        road = great_circle_km(lon, lat) * DEFAULTS.travel.road_factor
        index = {sc.sid: i for i, sc in enumerate(self.schools)}
        receiving = np.array([sc.is_site or sc.weak for sc in self.schools])
        rows = []
        for t in teachers:
            if t.school.kind not in (SchoolKind.URBAN, SchoolKind.TOWN) or not self._eligible(t):
                continue
            if r.random() >= 0.04:
                continue
            i = index[t.school.sid]
            near = np.flatnonzero(receiving & (road[i] <= DEFAULTS.rotation.max_distance_km - 5))
            near = near[near != i]
            if len(near) == 0:
                continue
            wishes = r.choice(near, size=min(len(near), int(r.integers(1, 4))), replace=False)
            rows += [{"teacher_id": ids[id(t)], "rank": rank + 1,
                      "school_id": self.schools[int(j)].sid} for rank, j in enumerate(wishes)]
        return rows

    def _eligible(self, t: _Teacher) -> bool:
        if t.exempt or self._near_retirement(t):
            return False
        return t.volunteer or t.years_at_school >= DEFAULTS.rotation.eligible_years_at_school

    # --- rows ---------------------------------------------------------------------------
    def _school_row(self, sc: _School) -> dict[str, Any]:
        return {"school_id": sc.sid, "name": sc.name, "township": sc.township,
                "kind": sc.kind.value, "stage": sc.stage.value, "group_id": sc.group,
                "district_id": sc.district, "central_school_id": sc.central, "lon": sc.lon,
                "lat": sc.lat, "students": sc.students, "classes": sc.classes, "weak": sc.weak}

    def _teacher_row(self, t: _Teacher, tid: str) -> dict[str, Any]:
        return {"teacher_id": tid, "name": t.name, "school_id": t.school.sid,
                "subject": t.subject, "other_subjects": ";".join(t.other) or None,
                "backbone": t.backbone, "years_at_school": t.years_at_school,
                "rural_years": t.rural_years, "birth_year": t.birth_year, "gender": t.gender,
                "exempt": t.exempt or None, "volunteer": t.volunteer,
                "seeks_senior_title": t.seeks_senior_title, "can_travel": t.can_travel,
                "max_travel_periods": t.max_travel, "degree": t.degree}


# --- data contract §5 (v2): posts, leaders, home periods, history, locks ------------------

V2_STREAM = 0x7632  # "v2": default_rng([seed, V2_STREAM]) draws the §5 columns
LEADER_MIN_AGE = 32
DUE_PAIRS_PER_TOWNSHIP = (0.5, 0.8)  # pairs of due leaders per township, drawn in this range
EXCHANGE_SHARE = 0.5  # of the teachers 1 to term_years − 1 years at a receiving school
ENDED_PER_TOWNSHIP = 0.4
HOME_MARGIN = 1.4  # T10 room left over a traveler's share of the township's demand
REACH_MARGIN_KM = 5.0  # pairs, exchanges and locks stay this far inside max_distance_km
V2_SCHOOL_COLUMNS = ("posts",)
V2_TEACHER_COLUMNS = ("post", "years_in_post", "home_periods")


@dataclass
class Additions:
    """The §5 cells of one county: `posts` per school, `post`, `years_in_post` and
    `home_periods` per teacher where not blank, and the rows of history.csv and locks.csv."""

    posts: dict[str, int]
    teachers: dict[str, dict[str, Any]]
    history: list[dict[str, Any]]
    locks: list[dict[str, Any]]

    def teacher_cells(self, teacher_id: str) -> dict[str, Any]:
        """Every §5 column of one teacher (None: blank, that is a teacher, 0 years, not set)."""
        return {**dict.fromkeys(V2_TEACHER_COLUMNS), **self.teachers.get(teacher_id, {})}

    def apply(self, records: Records) -> Records:
        """The records with the new columns and files added; the old cells untouched."""
        out = dict(records)
        out["schools"] = [{**row, "posts": self.posts[row["school_id"]]}
                          for row in records["schools"]]
        out["teachers"] = [{**row, **self.teacher_cells(row["teacher_id"])}
                           for row in records["teachers"]]
        out["history"] = list(self.history)
        out["locks"] = list(self.locks)
        return out


def v2_rng(seed: int) -> np.random.Generator:
    """The §5 columns' own stream, so that drawing them never moves another column's draws."""
    return np.random.default_rng([seed, V2_STREAM])


def draw_v2(inst: Instance, seed: int) -> Additions:
    """The §5 cells for a county that has none yet (see the module docstring)."""
    return _Extension(inst, v2_rng(seed)).draw()


def with_v2(records: Records, policy: dict[str, Any], seed: int) -> Records:
    """A generated county's records with the §5 columns and files drawn and added."""
    return draw_v2(instance_from_records(records, policy), seed).apply(records)


def extend_folder(folder: Path, seed: int) -> Instance:
    """Add the §5 columns and files to a county folder made by an earlier generator, in
    place: schools.csv and teachers.csv get their new columns appended to every line,
    history.csv and locks.csv are written, README.md is rewritten; every other byte stays.

    The committed instances predate the generator as it is now (it no longer draws them
    again byte for byte), and benchmarks compare against results on them, so they are
    extended rather than generated anew. Returns the extended county, loaded back.
    """
    folder = Path(folder)
    before = load_instance(folder)
    headers = {stem: _csv_header(folder / f"{stem}.csv") for stem in ("schools", "teachers")}
    present = [c for stem, cols in (("schools", V2_SCHOOL_COLUMNS),
                                    ("teachers", V2_TEACHER_COLUMNS))
               for c in cols if _has_column(headers[stem], getattr(schema, stem.upper()), c)]
    if present or any((folder / f"{stem}.csv").exists() for stem in ("history", "locks")):
        raise UsageError(f"{folder} already has data contract §5 columns or files "
                         f"({', '.join(present) or 'history.csv or locks.csv'})")
    add = draw_v2(before, seed)
    chinese = bool(re.search(r"[\u4e00-\u9fff]", ",".join(headers["teachers"])))
    lang = "zh" if chinese else "en"
    _append_columns(folder / "schools.csv", schema.SCHOOLS, "school_id", V2_SCHOOL_COLUMNS,
                    {sid: {"posts": n} for sid, n in add.posts.items()}, lang)
    _append_columns(folder / "teachers.csv", schema.TEACHERS, "teacher_id",
                    V2_TEACHER_COLUMNS,
                    {t.teacher_id: add.teacher_cells(t.teacher_id) for t in before.teachers},
                    lang)
    write_folder({"history": add.history, "locks": add.locks}, folder, lang=lang)
    after = load_instance(folder)
    blank = {"posts": None}
    if [sc.model_copy(update=blank) for sc in after.schools] != before.schools or [
            t.model_copy(update={"post": Post.TEACHER, "years_in_post": 0,
                                 "home_periods": None}) for t in after.teachers
    ] != before.teachers:  # pragma: no cover - a guard on the byte surgery above
        raise RuntimeError(f"extending {folder} changed cells it must not touch")
    readme = folder / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.exists() else ""
    match = re.search(r"Generated by `([^`]+)`", old)
    command = match[1] if match else f"(unknown), extended with seed {seed}"
    note = (f"\nThe data contract §5 columns (`posts`; `post`, `years_in_post`, "
            f"`home_periods`) and files (history.csv, locks.csv) were added afterwards by "
            f"`scheduler.generate.extend_folder(folder, seed={seed})`, every other column "
            f"left as it was; the generator has changed since, so the command above now "
            f"draws another county.\n")
    readme.write_text(_readme(folder.name, after, command, False, note), encoding="utf-8")
    return after


def _csv_header(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return next(csv.reader([text.split("\n", 1)[0].rstrip("\r")]))


def _has_column(header: list[str], spec: schema.FileSpec, name: str) -> bool:
    col = spec.by_name()[name]
    return any(h.strip().lower() in (col.name, col.zh) for h in header)


def _append_columns(path: Path, spec: schema.FileSpec, key: str, names: tuple[str, ...],
                    cells: dict[str, dict[str, Any]], lang: str) -> None:
    """Append columns to a CSV file line by line, so the bytes of the others stay."""
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.split("\n")
    header = next(csv.reader([lines[0].rstrip("\r")]))
    col = spec.by_name()[key]
    index = next(i for i, h in enumerate(header) if h.strip().lower() in (col.name, col.zh))
    columns = spec.by_name()
    out = []
    for number, line in enumerate(lines):
        body, end = (line[:-1], "\r") if line.endswith("\r") else (line, "")
        if not body:
            out.append(line)
            continue
        if number == 0:
            added = [columns[n].zh if lang == "zh" else n for n in names]
        else:
            row = cells[next(csv.reader([body]))[index]]
            added = [str(cell(row.get(n), lang)) for n in names]
        out.append(body + "," + ",".join(added) + end)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(out).encode("utf-8"))


class _Extension:
    """Draws the §5 cells of one validated county; the order of the draws is part of the
    output, do not reorder."""

    def __init__(self, inst: Instance, rng: np.random.Generator):
        self.inst, self.rng = inst, rng
        self.policy = inst.policy
        self.rot = inst.policy.rotation
        self.year = inst.policy.year
        self.reach = self.rot.max_distance_km - REACH_MARGIN_KM
        self.eligible = {t.teacher_id for t in inst.teachers if rules.eligible(t, inst)}
        self.taken: set[str] = set()  # leaders and teachers away on an exchange
        self.due_schools: set[str] = set()  # schools that send a due leader
        self.lock_sends: Counter[str] = Counter()  # teachers a school sends under a lock
        self.cells: dict[str, dict[str, Any]] = {}
        self.townships = sum(sc.central_school_id == sc.school_id for sc in inst.schools)
        self.unmet: Counter[str] = Counter()
        for (sid, _), gap in rules.shortages(inst, rules.placement_before(inst)).items():
            self.unmet[sid] += gap

    def draw(self) -> Additions:
        self._leaders()
        self._home_periods()
        history = self._history()
        locks = self._locks()
        return Additions(self._posts(), self.cells, history, locks)

    # --- helpers ------------------------------------------------------------------------
    def _school(self, t: Teacher) -> School:
        return self.inst.school[t.school_id]

    def _cap(self, sid: str) -> int:
        return rules.max_outflow(self.inst.staff[sid], self.policy)

    def _keeps_subject(self, t: Teacher) -> bool:
        """R5 stays safe when `t` leaves: another teacher of the main subject remains."""
        return self.inst.main_subject_count[t.school_id, t.subject] >= 2

    def _within_reach(self, a: School, b: School) -> bool:
        return a.school_id != b.school_id and self.inst.road_km(a.school_id, b.school_id) \
            <= self.reach

    def _pick(self, items: list[Any]) -> Any:
        return items[int(self.rng.integers(len(items)))] if items else None

    def _nearby(self, sc: School, pool: list[School]) -> School | None:
        """A random school of `pool` of the same stage group within reach of `sc`."""
        return self._pick([o for o in pool if rules.same_stage_group(o, sc)
                           and self._within_reach(sc, o)])

    def _set(self, t: Teacher, **cells: Any) -> None:
        self.cells.setdefault(t.teacher_id, {}).update(cells)

    # --- leaders ------------------------------------------------------------------------
    def _can_lead(self, t: Teacher) -> bool:
        return (not t.exempt.strip() and not t.can_travel and t.birth_year is not None
                and self.year - t.birth_year >= LEADER_MIN_AGE
                and t.teacher_id not in self.taken)

    def _can_be_due(self, t: Teacher) -> bool:
        """A leader R12 moves, and whose move keeps R5 and R7."""
        return (self._can_lead(t) and t.years_at_school >= self.rot.principal_max_years
                and not rules.near_retirement(t, self.policy)
                and not rules.senior_title_candidate(t) and self._keeps_subject(t))

    def _due_leader(self, sid: str, post: Post) -> bool:
        """Make one teacher of `sid` a due leader; False where none can be."""
        t = self._pick([t for t in self.inst.teachers_at.get(sid, []) if self._can_be_due(t)])
        if t is None:
            return False
        top = min(t.years_at_school, self.rot.principal_max_years + 6)
        years = int(self.rng.integers(self.rot.principal_max_years, top + 1))
        self._set(t, post=post.value, years_in_post=years)
        self.taken.add(t.teacher_id)
        return True

    def _leaders(self) -> None:
        """A principal per school (not teaching points), a vice at urban and town schools;
        pairs of due leaders that can swap (same post, stage group and kind, within reach)."""
        inst, r = self.inst, self.rng
        slots = [(sc.school_id, post) for sc in inst.schools
                 if sc.kind != SchoolKind.TEACHING_POINT
                 for post in (Post.PRINCIPAL, Post.VICE_PRINCIPAL)
                 if post == Post.PRINCIPAL or sc.kind in (SchoolKind.URBAN, SchoolKind.TOWN)]
        low, high = DUE_PAIRS_PER_TOWNSHIP
        target = max(1, round(self.townships * r.uniform(low, high)))
        able = [(sid, post) for sid, post in slots if self._cap(sid) >= 1 and any(
            self._can_be_due(t) for t in inst.teachers_at.get(sid, []))]
        filled: set[tuple[str, Post]] = set()
        pairs: list[tuple[str, str]] = []
        for i in r.permutation(len(able)):
            if len(pairs) >= target:
                break
            sid, post = able[int(i)]
            if sid in self.due_schools:
                continue
            a = inst.school[sid]
            partners = [b for b, p in able if p == post and b not in self.due_schools
                        and rules.same_stage_group(a, inst.school[b])
                        and rules.is_strong(a) == rules.is_strong(inst.school[b])
                        and self._within_reach(a, inst.school[b])]
            partner = self._pick(partners)
            if partner is None:
                continue
            for s in (sid, partner):
                if self._due_leader(s, post):  # `able` made sure one can be
                    filled.add((s, post))
                self.due_schools.add(s)
            pairs.append((sid, partner))
        for sid, _ in pairs:  # one school whose vice principal is due too, and waits a year
            vice = (sid, Post.VICE_PRINCIPAL)
            if vice in slots and vice not in filled and (sid, Post.PRINCIPAL) in filled \
                    and self._due_leader(sid, Post.VICE_PRINCIPAL):
                filled.add(vice)
                break
        for sid, post in slots:
            if (sid, post) in filled:
                continue
            here = [t for t in inst.teachers_at.get(sid, []) if t.teacher_id not in self.taken]
            pool = [t for t in here if self._can_lead(t)]
            prefer = ([t for t in pool if t.teacher_id not in self.eligible
                       and self._keeps_subject(t)]
                      or [t for t in pool if t.teacher_id not in self.eligible] or pool
                      or [t for t in here if not t.can_travel] or here)  # a young school
            t = self._pick(prefer)
            if t is None:
                continue
            top = min(t.years_at_school, self.rot.principal_max_years - 1)
            self._set(t, post=post.value, years_in_post=int(r.integers(0, max(top, 0) + 1)))
            self.taken.add(t.teacher_id)

    # --- T10 ----------------------------------------------------------------------------
    def _home_periods(self) -> None:
        """A full load at home less the room the teacher's share of the township's
        traveling periods needs (× HOME_MARGIN), and at least the room the rows pinned to
        the teacher take, so T10 leaves the travel plan its room."""
        inst, travel = self.inst, self.policy.travel
        demand: Counter[tuple[str, str]] = Counter()
        for le in inst.lessons:
            central = inst.school[le.site_id].central_school_id or le.site_id
            # a biweekly row holds its weekly slot every week (T11, `result.with_weeks`)
            demand[central, le.subject] += le.weekly_slots
        pinned: Counter[str] = Counter()  # a pinned row is that teacher's to travel for
        for le in inst.lessons:
            if le.teacher_id and inst.teacher[le.teacher_id].school_id != le.site_id:
                pinned[le.teacher_id] += le.weekly_slots
        groups: dict[tuple[str, str], list[Teacher]] = {}
        for t in inst.teachers:
            if t.can_travel:
                groups.setdefault((t.school_id, t.subject), []).append(t)
        for (sid, subject), travelers in groups.items():
            primary = inst.school[sid].stage == Stage.PRIMARY
            limit = (travel.max_total_periods_primary if primary
                     else travel.max_total_periods_junior)
            full = LOAD["primary" if primary else "junior"]
            caps = [t.max_travel_periods if t.max_travel_periods is not None
                    else travel.max_travel_periods for t in travelers]
            for t, cap in zip(travelers, caps, strict=True):
                share = demand[sid, subject] * cap / sum(caps) if sum(caps) else 0.0
                need = min(cap, max(math.ceil(HOME_MARGIN * share), pinned[t.teacher_id]))
                home = min(full, limit - need) - int(self.rng.integers(0, 3))
                self._set(t, home_periods=max(0, home))

    # --- history.csv --------------------------------------------------------------------
    def _history(self) -> list[dict[str, Any]]:
        inst, r, term, year = self.inst, self.rng, self.rot.term_years, self.year
        strong = [sc for sc in inst.schools if rules.is_strong(sc)]
        receiving = [sc for sc in inst.schools if sc.receiving]
        rows: list[dict[str, Any]] = []

        def row(t: Teacher, src: School, dst: School, start: int, stays: bool) -> None:
            rows.append({"teacher_id": t.teacher_id, "from_school_id": src.school_id,
                         "to_school_id": dst.school_id, "start_year": start,
                         "end_year": start + term, "stays_on": stays})

        for t in inst.teachers:  # under way: serving at the receiving school now
            sc = self._school(t)
            if (not sc.receiving or not 1 <= t.years_at_school < term or t.volunteer
                    or t.teacher_id in self.taken or r.random() >= EXCHANGE_SHARE):
                continue
            home = self._nearby(sc, strong)
            if home is not None:
                row(t, home, sc, year - t.years_at_school, False)
                self.taken.add(t.teacher_id)
        n_ended = max(2, round(self.townships * ENDED_PER_TOWNSHIP))
        back = [t for t in inst.teachers if rules.is_strong(self._school(t))
                and t.rural_years >= term and t.years_at_school >= 1
                and t.teacher_id not in self.taken and t.birth_year is not None
                and year - t.years_at_school - term - t.birth_year >= 22]
        stayed = [t for t in inst.teachers if self._school(t).receiving
                  and term <= t.years_at_school <= term + 5 and t.teacher_id not in self.taken]
        for pool, count, stays in ((back, n_ended - n_ended // 3, False),
                                   (stayed, n_ended // 3, True)):
            done = 0
            for i in r.permutation(len(pool)):
                if done >= count:
                    break
                t = pool[int(i)]
                sc = self._school(t)
                other = self._nearby(sc, strong if stays else receiving)
                if other is None:
                    continue
                if stays:  # came on an exchange that ended, and stayed on
                    row(t, other, sc, year - t.years_at_school, True)
                else:  # served an exchange, came home years_at_school years ago
                    row(t, sc, other, year - t.years_at_school - term, False)
                done += 1
        return rows

    # --- locks.csv ----------------------------------------------------------------------
    def _locks(self) -> list[dict[str, Any]]:
        inst, r = self.inst, self.rng
        pool = [t for t in inst.teachers if t.teacher_id in self.eligible
                and t.teacher_id not in self.taken and rules.is_strong(self._school(t))
                and not t.is_backbone and not t.can_travel
                and not rules.senior_title_candidate(t)]
        receiving = [sc for sc in inst.schools if sc.receiving and self.unmet[sc.school_id] >= 1]
        rows: list[dict[str, Any]] = []
        locked: set[str] = set()

        def lock(t: Teacher, action: LockAction, school: str | None = None) -> None:
            rows.append({"teacher_id": t.teacher_id, "action": action.value,
                         "school_id": school})
            locked.add(t.teacher_id)

        def can_send(t: Teacher) -> bool:
            """R4 with a margin (the cap leaves room for one more mover), R5 safe."""
            sid = t.school_id
            return (t.teacher_id not in locked and sid not in self.due_schools
                    and self._cap(sid) >= self.lock_sends[sid] + 2
                    and self.inst.main_subject_count[sid, t.subject] >= 2 + sum(
                        self.inst.teacher[x].subject == t.subject for x in locked
                        if self.inst.teacher[x].school_id == sid))

        order = [pool[int(i)] for i in r.permutation(len(pool))]
        n_stay = 1 if self.townships <= 3 else 2 + int(self.townships > 15)
        for t in order[:n_stay]:
            lock(t, LockAction.STAY)
        n_move = 1 if self.townships <= 3 else 2
        for t in order:
            if n_move == 0:
                break
            if can_send(t) and self._nearby(self._school(t), receiving) is not None:
                lock(t, LockAction.MOVE)
                self.lock_sends[t.school_id] += 1
                n_move -= 1
        for t in order:  # to a village primary short of the teacher's subject
            if not can_send(t):
                continue
            sc = self._school(t)
            short = [v for v in receiving if v.kind == SchoolKind.RURAL
                     and inst.required.get((v.school_id, t.subject), 0)
                     - inst.main_subject_count[v.school_id, t.subject] >= 1]
            village = self._nearby(sc, short)
            if village is not None:
                lock(t, LockAction.TO, village.school_id)
                self.lock_sends[t.school_id] += 1
                break
        for t in order:  # not to the receiving school nearest to the teacher
            if t.teacher_id in locked:
                continue
            sc = self._school(t)
            near = [o for o in inst.schools if o.receiving and rules.same_stage_group(o, sc)
                    and self._within_reach(sc, o)]
            if near:
                nearest = min(near, key=lambda o: inst.road_km(sc.school_id, o.school_id))
                lock(t, LockAction.NOT_TO, nearest.school_id)
                break
        return rows

    # --- posts --------------------------------------------------------------------------
    def _posts(self) -> dict[str, int]:
        """Room for a school's shortage; the others at staff, one above, or one below."""
        inst, r = self.inst, self.rng
        sendable = Counter(t.school_id for t in inst.teachers
                           if t.teacher_id in self.eligible and t.teacher_id not in self.taken)
        out = {}
        for sc in inst.schools:
            sid, staff = sc.school_id, inst.staff[sc.school_id]
            room = math.ceil(round(self.unmet[sid], 9))
            u = r.random()
            if room:
                out[sid] = staff + room - int(room >= 2 and u < 0.3)
            elif u < 0.55:
                out[sid] = staff
            elif u < 0.85:
                out[sid] = staff + 1
            elif (rules.is_strong(sc) and self._cap(sid) >= 2 and sendable[sid] >= 2
                  and sid not in self.due_schools and not self.lock_sends[sid]):
                out[sid] = staff - 1  # 超编: one teacher over its posts, with some to send
            else:
                out[sid] = staff
        return out


def _policy(county_name: str) -> dict[str, Any]:
    """The keys a generated policy.toml sets; everything else takes the contract's default.
    The county's name titles its pages (its schools carry it: 兴贤县实验小学). Traveling
    teachers serve their own township (T12 `scope = "township"`, 乡镇中心校走教), as the
    lessons are drawn for each central school's teachers."""
    return {"year": YEAR, "county_name": county_name, "rotation": {"scope": "county"},
            # T12: the lessons are drawn for each township's own central school
            "travel": {"scope": "township"}}


def _cn(n: int) -> str:
    """1 -> 一, 12 -> 十二: the ordinals in school names."""
    if n <= 10:
        return _CN_NUM[n - 1]
    return "十" + _CN_NUM[n - 11] if n < 20 else _CN_NUM[n // 10 - 1] + "十" + (
        _CN_NUM[n % 10 - 1] if n % 10 else "")
