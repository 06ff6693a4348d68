"""A shareable copy of a county that shares less: new ids in random order, names gone,
coordinates jittered, and optionally the columns that single people out coarsened.

Researchers need real structure without real people. Teacher and school ids become
`T00001`/`S0001` drawn in a seeded random order, and the rows are shuffled too, so
neither the numbering nor the row order of the copy says anything about the original's
(issue 15: an order-keeping copy maps T00001 to T00001). Every file that names a
teacher or a school (history.csv and locks.csv too) gets the same new ids; names and
exemption reasons are dropped (an exempt teacher stays exempt); townships, groups and
districts are renumbered; coordinates move by up to `jitter_km`. The road network is
kept exactly: every pair's km and minutes are written to distances.csv, so the copy
solves to the same plan structure (same levels, same counts) as the original.

What is left can still single a teacher out: birth year, gender, school, subject and
years at the school together often describe one person. `Anonymity` counts the teachers
in groups of fewer than `K` (k-anonymity) before and after; `coarsen=True` replaces
each year column by the middle of its five-year band, among the band's values that
every rule treats alike (near retirement, eligible by years, senior-title candidate, a
leader due to move), so the copy's rule results are those of the original.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scheduler import rules
from scheduler.data.instance import Instance
from scheduler.data.models import Teacher
from scheduler.data.write import Records, write_folder
from scheduler.io.output import atomic_dir

K = 5  # a teacher in a group of fewer than K alike is singled out
BAND = 5  # years per coarsened band
QUASI = ("birth_year", "gender", "school_id", "subject", "years_at_school")
# The column sets reported: the person alone county-wide, within a school, within a
# subject, all five (the issue's), and school and subject (which the rules need as they are).
QUASI_SETS: tuple[tuple[str, ...], ...] = (
    ("birth_year", "gender", "years_at_school"),
    ("birth_year", "gender", "school_id"),
    ("birth_year", "gender", "subject", "years_at_school"),
    QUASI,
    ("school_id", "subject"),
)


class _Renamer:
    """Consistent replacement ids, numbered in a seeded random order of the originals."""

    def __init__(self, prefix: str, width: int, originals: Iterable[str],
                 rng: np.random.Generator):
        unique = list(dict.fromkeys(originals))
        order = rng.permutation(len(unique))
        self.table = {unique[i]: f"{prefix}{n + 1:0{width}d}" for n, i in enumerate(order)}

    def __call__(self, value: str | None) -> str | None:
        return None if value is None else self.table[value]


@dataclass(frozen=True)
class Anonymity:
    """How many teachers the copy's remaining columns single out, and what coarsening cost."""

    teachers: int
    # (columns, singled out in the original, singled out in the copy), per QUASI_SETS
    singled_out: tuple[tuple[tuple[str, ...], int, int], ...]
    coarsened: bool
    rules_changed: int  # teachers whose rule results differ in the copy (0 by construction)


def anonymize(inst: Instance, seed: int = 0, jitter_km: float = 1.0, coarsen: bool = False
              ) -> tuple[Records, dict[str, Any]]:
    """The instance's records with personal data removed (rows shuffled), and its policy."""
    rng = np.random.default_rng(seed)
    schools_in = [inst.schools[i] for i in rng.permutation(len(inst.schools))]
    teachers_in = [inst.teachers[i] for i in rng.permutation(len(inst.teachers))]
    school = _Renamer("S", 4, (sc.school_id for sc in inst.schools), rng)
    teacher = _Renamer("T", 5, (t.teacher_id for t in inst.teachers), rng)
    township = _Renamer("乡镇", 2, (sc.township for sc in inst.schools if sc.township), rng)
    group = _Renamer("G", 2, (sc.group_id for sc in inst.schools if sc.group_id), rng)
    district = _Renamer("D", 2, (sc.district_id for sc in inst.schools if sc.district_id), rng)

    schools = []
    for sc in schools_in:
        row = sc.model_dump()
        new_id = school(sc.school_id)
        row.update(school_id=new_id, name=f"学校{new_id}",
                   township=township(sc.township) if sc.township else "",
                   group_id=group(sc.group_id), district_id=district(sc.district_id),
                   central_school_id=school(sc.central_school_id))
        if sc.has_coordinates:
            row["lon"], row["lat"] = _jitter(sc.lon, sc.lat, jitter_km, rng)
        schools.append(row)

    teachers = []
    for t in teachers_in:
        row = (coarsened(t, inst) if coarsen else t).model_dump()
        row.update(teacher_id=teacher(t.teacher_id), name="", school_id=school(t.school_id),
                   exempt="exempt" if t.exempt.strip() else "")
        teachers.append(row)

    def owner(owner_id: str) -> str:
        if owner_id in inst.teacher:
            return teacher(owner_id) or ""
        site, _, cls = owner_id.partition("/")
        return f"{school(site)}/{cls}"

    ids = [sc.school_id for sc in inst.schools]
    km, minutes = inst.km, inst.minutes
    distances = [{"from_id": school(a), "to_id": school(b), "km": round(float(km[i, j]), 4),
                  "minutes": round(float(minutes[i, j]), 4)}
                 for i, a in enumerate(ids) for j, b in enumerate(ids)
                 if i != j and not math.isnan(km[i, j])]
    records: Records = {
        "schools": schools,
        "teachers": teachers,
        "needs": [{**n.model_dump(), "school_id": school(n.school_id)} for n in inst.needs],
        "lessons": [{**le.model_dump(), "site_id": school(le.site_id),
                     "teacher_id": teacher(le.teacher_id)} for le in inst.lessons],
        "distances": [distances[i] for i in rng.permutation(len(distances))],
        "busy": [{**b.model_dump(), "owner_id": owner(b.owner_id)} for b in inst.busy],
        "preferences": [{**p.model_dump(), "teacher_id": teacher(p.teacher_id),
                         "school_id": school(p.school_id)} for p in inst.preferences],
    }
    if inst.history:  # left out when empty, as the county left the file out
        records["history"] = [{**h.model_dump(), "teacher_id": teacher(h.teacher_id),
                               "from_school_id": school(h.from_school_id),
                               "to_school_id": school(h.to_school_id)} for h in inst.history]
    if inst.locks:
        records["locks"] = [{**lk.model_dump(), "teacher_id": teacher(lk.teacher_id),
                             "school_id": school(lk.school_id)} for lk in inst.locks]
    if inst.calendar:  # no one's data: kept as it is
        records["calendar"] = [c.model_dump(mode="json") for c in inst.calendar]
    return records, inst.policy.model_dump(mode="json")


def coarsened(t: Teacher, inst: Instance) -> Teacher:
    """`t` with birth year and years (at the school, rural, in post) at the middle of their
    five-year band, among the values that leave every rule's result for `t` unchanged."""
    policy = inst.policy.rotation

    def near(year: int) -> Hashable:
        return rules.near_retirement(t.model_copy(update={"birth_year": year}), inst.policy)

    update: dict[str, Any] = {
        "years_at_school": _middle(t.years_at_school,
                                   lambda v: v >= policy.eligible_years_at_school),
        "rural_years": _middle(t.rural_years, lambda v: v < 1),
        "years_in_post": _middle(t.years_in_post, lambda v: v >= policy.principal_max_years),
    }
    if t.birth_year is not None:
        update["birth_year"] = _middle(t.birth_year, near)
    return t.model_copy(update=update)


def _middle(value: int, alike: Callable[[int], Hashable]) -> int:
    """The middle of `value`'s band [5k, 5k + 4], among the band's values `alike` maps as it
    maps `value` (so a threshold inside the band splits it)."""
    start = value - value % BAND
    same = [v for v in range(start, start + BAND) if alike(v) == alike(value)]
    return same[len(same) // 2]


def rule_results(t: Teacher, inst: Instance) -> tuple[Any, ...]:
    """What the rules decide from a teacher's own columns (R1, R7, R12)."""
    return (rules.ineligible_reason(t, inst), rules.senior_title_candidate(t),
            rules.leader_due(t, inst), rules.near_retirement(t, inst.policy))


def singled_out(rows: Iterable[dict[str, Any]], columns: tuple[str, ...] = QUASI) -> int:
    """Teachers whose values in `columns` fewer than K teachers share."""
    keys = [tuple(str(r.get(c)) for c in columns) for r in rows]
    sizes = Counter(keys)
    return sum(1 for key in keys if sizes[key] < K)


def anonymity(inst: Instance, coarsen: bool) -> Anonymity:
    """The k-anonymity report of a copy (ids do not matter: the counts are per teacher)."""
    before = [t.model_dump() for t in inst.teachers]
    copies = [coarsened(t, inst) if coarsen else t for t in inst.teachers]
    after = [c.model_dump() for c in copies]
    changed = sum(rule_results(a, inst) != rule_results(b, inst)
                  for a, b in zip(inst.teachers, copies, strict=True))
    return Anonymity(
        teachers=len(before),
        singled_out=tuple((cols, singled_out(before, cols), singled_out(after, cols))
                          for cols in QUASI_SETS),
        coarsened=coarsen, rules_changed=changed)


def _jitter(lon: float, lat: float, km: float, rng: np.random.Generator) -> tuple[float, float]:
    """Move a point by up to `km` in a random direction (uniform over the disc)."""
    r = km * math.sqrt(rng.random())
    angle = 2 * math.pi * rng.random()
    dlat = r * math.cos(angle) / 110.574
    dlon = r * math.sin(angle) / (111.320 * max(0.01, math.cos(math.radians(lat))))
    return (round(max(-180.0, min(180.0, lon + dlon)), 6),
            round(max(-90.0, min(90.0, lat + dlat)), 6))


def anonymize_to(inst: Instance, out: Path, seed: int = 0, jitter_km: float = 1.0,
                 force: bool = False, coarsen: bool = False) -> Anonymity:
    """Write the anonymized copy as a CSV folder, all at once; say what it still reveals."""
    records, policy = anonymize(inst, seed, jitter_km, coarsen)
    with atomic_dir(out, force) as tmp:
        write_folder(records, tmp, policy)
    return anonymity(inst, coarsen)
