"""What every published travel output shares: labels (zh/en), bell times, grids, file names.

The HTML pages, the workbook's grid sheets, the calendars and the maps all draw on these,
so a teacher's Tuesday period 3 reads the same wherever a school looks it up.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from scheduler.data.instance import Instance
from scheduler.data.schema import SUBJECTS_ZH
from scheduler.travel.result import Slot

LANGS = ("zh", "en")

SUBJECTS_EN: dict[str, str] = {
    "chinese": "Chinese", "math": "Maths", "english": "English", "science": "Science",
    "moral": "Morality and law", "music": "Music", "art": "Art", "pe": "PE", "it": "IT",
    "mental_health": "Mental health", "labor": "Labour", "physics": "Physics",
    "chemistry": "Chemistry", "biology": "Biology", "history": "History",
    "geography": "Geography", "special_ed": "Special education",
}

DAYS = {
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "走教课表", "index": "总览", "teachers": "走教教师", "sites": "学校与教学点",
        "teacher": "教师", "site": "学校", "class": "班级", "subject": "学科",
        "period": "节次", "time": "时间", "routes": "每日路线", "day": "星期",
        "stops": "路线", "km": "公里", "minutes": "分钟", "home": "所在学校",
        "township": "乡镇", "periods": "周课时", "required": "应开课时", "placed": "已排课时",
        "coverage": "开课情况", "maps": "路线图", "status": "求解状态", "gap": "最优性差距",
        "total_km": "每周总里程", "baseline_km": "人工排法里程", "lessons": "课程",
        "lessons_placed": "已排课程", "subjects": "任教学科", "no_lessons": "本周无课",
        "print": "可用 A4 纸打印", "back": "返回总览", "unplaced": "未能安排的课程",
        "reason": "原因", "legend": "图例", "scale": "比例尺", "week_km": "周里程",
        "no_coordinates": "无坐标的学校未画出",
        "makeup": "调休上课，按{day}课表",
    },
    "en": {
        "title": "Traveling-teacher timetables", "index": "Overview",
        "teachers": "Traveling teachers", "sites": "Schools and teaching points",
        "teacher": "Teacher", "site": "School", "class": "Class", "subject": "Subject",
        "period": "Period", "time": "Time", "routes": "Daily routes", "day": "Day",
        "stops": "Route", "km": "km", "minutes": "min", "home": "Home school",
        "township": "Township", "periods": "Periods a week", "required": "Periods required",
        "placed": "Periods placed", "coverage": "Curriculum coverage", "maps": "Route maps",
        "status": "Solver status", "gap": "Optimality gap", "total_km": "Total km a week",
        "baseline_km": "Hand-drawn (greedy) km", "lessons": "Lessons",
        "lessons_placed": "Lessons placed", "subjects": "Subjects", "no_lessons": "No lessons",
        "print": "Printable on A4", "back": "Back to the overview",
        "unplaced": "Lessons not placed", "reason": "Why", "legend": "Legend",
        "scale": "Scale", "week_km": "km a week",
        "no_coordinates": "schools without coordinates are not drawn",
        "makeup": "make-up workday, {day}'s timetable",
    },
}


def subject_label(code: str, lang: str) -> str:
    return (SUBJECTS_ZH if lang == "zh" else SUBJECTS_EN).get(code, code)


def day_label(day: int, lang: str) -> str:
    return DAYS[lang][day - 1] if 1 <= day <= 7 else str(day)


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
        subject = subject_label(s.subject, lang)
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
