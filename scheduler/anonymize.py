"""A shareable copy of a county: ids replaced consistently, names gone, coordinates jittered.

Researchers need real structure without real people. Teacher and school ids become
`T00001`/`S0001` in order of appearance, in every file that names them (history.csv and
locks.csv too), names and exemption reasons are dropped (an exempt teacher stays
exempt), townships, groups and districts are renumbered, and coordinates move by up to
`jitter_km`. The road network is kept exactly: every pair's
km and minutes are written to distances.csv, so the copy solves to the same plan
structure (same objective, same counts) as the original.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from scheduler.data.instance import Instance
from scheduler.data.write import Records, write_folder
from scheduler.io.output import atomic_dir


class _Renamer:
    """Consistent replacement ids, numbered in order of first appearance."""

    def __init__(self, prefix: str, width: int):
        self.prefix, self.width, self.table = prefix, width, {}

    def __call__(self, value: str | None) -> str | None:
        if value is None:
            return None
        if value not in self.table:
            self.table[value] = f"{self.prefix}{len(self.table) + 1:0{self.width}d}"
        return self.table[value]


def anonymize(inst: Instance, seed: int = 0, jitter_km: float = 1.0
              ) -> tuple[Records, dict[str, Any]]:
    """The instance's records with personal data removed, and its policy."""
    rng = np.random.default_rng(seed)
    school = _Renamer("S", 4)
    teacher = _Renamer("T", 5)
    township = _Renamer("乡镇", 2)
    group = _Renamer("G", 2)
    district = _Renamer("D", 2)
    for sc in inst.schools:
        school(sc.school_id)

    schools = []
    for sc in inst.schools:
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
    for t in inst.teachers:
        row = t.model_dump()
        row.update(teacher_id=teacher(t.teacher_id), name="", school_id=school(t.school_id),
                   exempt="exempt" if t.exempt.strip() else "")
        teachers.append(row)

    def owner(owner_id: str) -> str:
        if owner_id in inst.teacher:
            return teacher(owner_id)
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
        "distances": distances,
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


def _jitter(lon: float, lat: float, km: float, rng: np.random.Generator) -> tuple[float, float]:
    """Move a point by up to `km` in a random direction (uniform over the disc)."""
    r = km * math.sqrt(rng.random())
    angle = 2 * math.pi * rng.random()
    dlat = r * math.cos(angle) / 110.574
    dlon = r * math.sin(angle) / (111.320 * max(0.01, math.cos(math.radians(lat))))
    return (round(max(-180.0, min(180.0, lon + dlon)), 6),
            round(max(-90.0, min(90.0, lat + dlat)), 6))


def anonymize_to(inst: Instance, out: Path, seed: int = 0, jitter_km: float = 1.0,
                 force: bool = False) -> Path:
    """Write the anonymized copy as a CSV folder, all at once."""
    records, policy = anonymize(inst, seed, jitter_km)
    with atomic_dir(out, force) as tmp:
        write_folder(records, tmp, policy)
    return out
