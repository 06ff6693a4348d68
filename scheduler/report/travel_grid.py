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

from scheduler.core.travel_rules import bells
from scheduler.data.instance import Instance
from scheduler.data.schema import Stage
from scheduler.i18n import catalog
from scheduler.i18n import subject as subject_label
from scheduler.travel.result import Slot


def bell(inst: Instance, period: int, site: str | None = None) -> str:
    """`08:00–08:40`: the period's start and end at `site` (its own bells: junior and
    nine-year sites ring the `_junior` keys), or on the primary bells; "" for a period the
    site does not ring."""
    school = inst.school.get(site) if site else None
    rings = bells(inst.policy.travel, school.stage if school else Stage.PRIMARY)
    return rings.label(period) if period <= len(rings.starts) else ""


def own_bell(inst: Instance, s: Slot) -> str:
    """The lesson's time where it differs from the primary bells a teacher's grid rows
    show ("" where it does not), so a junior site's lesson reads at its own time."""
    here = bell(inst, s.period, s.site_id)
    return "" if here == bell(inst, s.period) else here


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
            at = own_bell(inst, s)
            parts.append(f"{subject} · {school_name(inst, s.site_id)} · {s.class_id}"
                         + (f" · {at}" if at else ""))
        else:
            parts.append(f"{subject} · {s.class_id} · {teacher_name(inst, s.teacher_id)}")
        if s.weeks:  # T11: every second week
            parts[-1] += f" · {catalog(lang).code('weeks', s.weeks)}"
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
