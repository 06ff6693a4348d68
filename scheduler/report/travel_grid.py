"""What every published travel output shares: bell times, grids, names, file names (the
texts themselves come from `scheduler.i18n`).

The HTML pages, the workbook's grid sheets, the calendars and the maps all draw on these,
so a teacher's Tuesday period 3 reads the same wherever a school looks it up.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from scheduler.data.instance import Instance
from scheduler.i18n import subject as subject_label
from scheduler.travel.result import Slot


def bell(inst: Instance, period: int) -> str:
    """`08:00–08:40`: the period's start and end from policy.travel."""
    t = inst.policy.travel
    start = t.start_minute(period)
    end = start + t.period_minutes
    return f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"


def school_name(inst: Instance, school_id: str) -> str:
    sc = inst.school.get(school_id)
    return sc.name if sc else school_id


def teacher_name(inst: Instance, teacher_id: str) -> str:
    """`Name (id)` for published pages; the id alone when the name is blank."""
    t = inst.teacher.get(teacher_id)
    return f"{t.name} ({teacher_id})" if t and t.name else teacher_id


Grid = dict[tuple[int, int], list[Slot]]


def grids(slots: Iterable[Slot], by: str) -> dict[str, Grid]:
    """Per teacher (`by="teacher"`) or per site (`by="site"`): (day, period) -> slots."""
    out: dict[str, Grid] = defaultdict(lambda: defaultdict(list))
    for s in sorted(slots):
        owner = s.teacher_id if by == "teacher" else s.site_id
        out[owner][(s.day, s.period)].append(s)
    return {k: dict(v) for k, v in out.items()}


def cell_text(inst: Instance, slots: list[Slot], by: str, lang: str) -> str:
    """What one grid cell says: site/class/subject for a teacher, teacher too for a site."""
    parts = []
    for s in slots:
        subject = subject_label(lang, s.subject)
        if by == "teacher":
            parts.append(f"{subject} · {school_name(inst, s.site_id)} · {s.class_id}")
        else:
            parts.append(f"{subject} · {s.class_id} · {teacher_name(inst, s.teacher_id)}")
    return "\n".join(parts)


_SAFE = re.compile(r"[A-Za-z0-9_-]{1,60}")


def file_stem(kind: str, key: str) -> str:
    """A file name part that every file system and URL accepts, never a person's name.

    Plain ASCII ids stay readable (`teacher-T01`); anything else is reduced to its safe
    characters plus a short hash of the id, so two ids never share a file.
    """
    if _SAFE.fullmatch(key):
        return f"{kind}-{key}"
    kept = re.sub(r"[^A-Za-z0-9_-]+", "_", key).strip("_")[:40]
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{kind}-{kept}-{digest}" if kept else f"{kind}-{digest}"


def township_of(inst: Instance, school_id: str) -> str:
    sc = inst.school.get(school_id)
    return sc.township if sc and sc.township else "-"
