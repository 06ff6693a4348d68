"""The data contract's vocabulary: files, columns (English and Chinese headers) and codes.

Everything that names a column or a code lives here, so the loader, the writers, the
generator and the checker all read the contract from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SchoolKind(StrEnum):
    URBAN = "urban"
    TOWN = "town"
    RURAL = "rural"
    TEACHING_POINT = "teaching_point"


class Stage(StrEnum):
    PRIMARY = "primary"
    JUNIOR = "junior"
    NINE_YEAR = "nine_year"


class Backbone(StrEnum):
    NONE = "none"
    SCHOOL = "school"
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"


class Gender(StrEnum):
    M = "M"
    F = "F"


class Post(StrEnum):
    """`post` (data contract §5): principals and vice principals rotate under R12."""

    TEACHER = "teacher"
    PRINCIPAL = "principal"
    VICE_PRINCIPAL = "vice_principal"


class LockAction(StrEnum):
    """`locks.csv` actions (rule L)."""

    STAY = "stay"
    MOVE = "move"
    TO = "to"
    NOT_TO = "not_to"


class Request(StrEnum):
    """`objections.csv` requests (data contract §5, `rotaplan objections`)."""

    STAY = "stay"
    TO = "to"
    NOT_TO = "not_to"


class DayKind(StrEnum):
    """`calendar.csv` kinds (data contract §5): a day off, or a weekend day taught."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"


class Degree(StrEnum):
    """Optional `degree` column (an extension): the highest degree a teacher holds."""

    SECONDARY = "secondary"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTOR = "doctor"


SUBJECTS_ZH: dict[str, str] = {
    "chinese": "语文",
    "math": "数学",
    "english": "英语",
    "science": "科学",
    "moral": "道德与法治",
    "music": "音乐",
    "art": "美术",
    "pe": "体育",
    "it": "信息科技",
    "mental_health": "心理健康",
    "labor": "劳动",
    "physics": "物理",
    "chemistry": "化学",
    "biology": "生物",
    "history": "历史",
    "geography": "地理",
    "special_ed": "特殊教育",
}
SUBJECTS: tuple[str, ...] = tuple(SUBJECTS_ZH)

# Chinese (and common alternative) spellings accepted for coded values. Keys are compared
# after NFKC normalisation and lower-casing, so full-width letters and case do not matter.
ALIASES: dict[str, dict[str, str]] = {
    "subject": {
        **{zh: code for code, zh in SUBJECTS_ZH.items()},
        "道法": "moral",
        "思想品德": "moral",
        "信息技术": "it",
        "信息": "it",
        "心理": "mental_health",
        "心理健康教育": "mental_health",
        "体育与健康": "pe",
        "劳动教育": "labor",
        "特教": "special_ed",
        "道德与法制": "moral",
        "physical_education": "pe",
        "information_technology": "it",
        "labour": "labor",
    },
    "kind": {"城区": "urban", "镇区": "town", "乡村": "rural", "教学点": "teaching_point",
             "农村": "rural", "乡镇": "town"},
    "stage": {"小学": "primary", "初中": "junior", "九年一贯": "nine_year",
              "九年一贯制": "nine_year", "九年制": "nine_year"},
    "backbone": {"无": "none", "": "none", "校级": "school", "县级": "county", "市级": "city",
                 "省级": "province", "否": "none"},
    "gender": {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"},
    "post": {"教师": "teacher", "": "teacher", "校长": "principal", "副校长": "vice_principal",
             "vice principal": "vice_principal"},
    "action": {"留任": "stay", "必须交流": "move", "交流": "move", "必须去": "to", "去": "to",
               "不去": "not_to", "not to": "not_to"},
    "request": {"留任": "stay", "不交流": "stay", "必须去": "to", "去": "to", "要求去": "to",
                "不去": "not_to", "not to": "not_to"},
    "day_kind": {"放假": "holiday", "假期": "holiday", "休息": "holiday", "节假日": "holiday",
                 "调休上课": "workday", "上课": "workday", "调休": "workday", "补课": "workday"},
    "weekday": {**{f"{p}{d}": str(i) for i, d in enumerate("一二三四五六日", 1)
                   for p in ("周", "星期", "礼拜")}, "周天": "7", "星期天": "7",
                **{d: str(i) for i, d in enumerate(("monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday",
                                                    "sunday"), 1)}},
    "degree": {"中专": "secondary", "中师": "secondary", "高中": "secondary", "大专": "associate",
               "专科": "associate", "本科": "bachelor", "硕士": "master", "研究生": "master",
               "博士": "doctor"},
}

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "是", "对", "√", "✓", "x", "有"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "否", "不", "无", ""})

BACKBONE_LEVELS = frozenset({Backbone.COUNTY, Backbone.CITY, Backbone.PROVINCE})
RECEIVING_KINDS = frozenset({SchoolKind.RURAL, SchoolKind.TEACHING_POINT})
PE_ARTS = frozenset({"pe", "music", "art"})


@dataclass(frozen=True)
class Column:
    """One column of an input file: its field name, Chinese header and whether it must exist."""

    name: str
    zh: str
    required: bool = False
    expected: str = "text"


@dataclass(frozen=True)
class FileSpec:
    """One input table: its file stem (also the workbook's sheet name) and columns."""

    stem: str
    columns: tuple[Column, ...]
    required: bool = False

    @property
    def filename(self) -> str:
        return f"{self.stem}.csv"

    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}


SCHOOLS = FileSpec("schools", (
    Column("school_id", "学校代码", True, "a non-empty unique id"),
    Column("name", "学校名称", True, "a non-empty name"),
    Column("township", "乡镇"),
    Column("kind", "类型", True, "urban/城区, town/镇区, rural/乡村 or teaching_point/教学点"),
    Column("stage", "学段", True, "primary/小学, junior/初中 or nine_year/九年一贯"),
    Column("group_id", "教育集团"),
    Column("district_id", "学区"),
    Column("central_school_id", "中心校", expected="a school_id from schools"),
    Column("lon", "经度", expected="a longitude in decimal degrees (-180 to 180)"),
    Column("lat", "纬度", expected="a latitude in decimal degrees (-90 to 90)"),
    Column("students", "在校生数", True, "a whole number ≥ 0"),
    Column("classes", "班级数", expected="a whole number ≥ 0"),
    Column("weak", "薄弱学校", expected="true/false or 是/否"),
    Column("posts", "核定编制数", expected="a whole number ≥ 0"),
), required=True)

TEACHERS = FileSpec("teachers", (
    Column("teacher_id", "工号", True, "a non-empty unique id"),
    Column("name", "姓名"),
    Column("school_id", "学校代码", True, "a school_id from schools"),
    Column("subject", "任教学科", True, "a subject code such as music or 音乐"),
    Column("other_subjects", "兼教学科", expected="subject codes joined by ;"),
    Column("backbone", "骨干级别",
           expected="none, school, county, city or province (无/校级/县级/市级/省级)"),
    Column("years_at_school", "本校任教年限", expected="a whole number ≥ 0"),
    Column("rural_years", "乡村任教年限", expected="a whole number ≥ 0"),
    Column("birth_year", "出生年份", expected="a year such as 1980"),
    Column("gender", "性别", expected="M/男 or F/女"),
    Column("exempt", "免交流原因"),
    Column("volunteer", "自愿交流", expected="true/false or 是/否"),
    Column("seeks_senior_title", "拟评高级职称", expected="true/false or 是/否"),
    Column("can_travel", "可走教", expected="true/false or 是/否"),
    Column("max_travel_periods", "走教课时上限", expected="a whole number ≥ 0"),
    Column("degree", "学历", expected="secondary, associate, bachelor, master or doctor "
                                     "(中专/大专/本科/硕士/博士)"),
    Column("post", "职务", expected="teacher, principal or vice_principal (教师/校长/副校长)"),
    Column("years_in_post", "现职年限", expected="a whole number ≥ 0"),
    Column("home_periods", "本校周课时", expected="a whole number ≥ 0"),
), required=True)

NEEDS = FileSpec("needs", (
    Column("school_id", "学校代码", True, "a school_id from schools"),
    Column("subject", "学科", True, "a subject code such as music or 音乐"),
    Column("required", "需求人数", True, "a number ≥ 0"),
))

LESSONS = FileSpec("lessons", (
    Column("site_id", "教学点代码", True, "a school_id from schools"),
    Column("class_id", "班级", True, "a non-empty class id"),
    Column("subject", "学科", True, "a subject code such as music or 音乐"),
    Column("periods_per_week", "周课时", True, "a whole number ≥ 1, or 0.5 for every second week"),
    Column("teacher_id", "指定教师", expected="a teacher_id from teachers, or blank"),
))

DISTANCES = FileSpec("distances", (
    Column("from_id", "起点", True, "a school_id from schools"),
    Column("to_id", "终点", True, "a school_id from schools"),
    Column("km", "公里", True, "a number ≥ 0"),
    Column("minutes", "分钟", expected="a number ≥ 0, or blank to derive it from km"),
))

BUSY = FileSpec("busy", (
    Column("owner_id", "对象", True, "a teacher_id or SITE_ID/CLASS_ID"),
    Column("day", "星期", True, "a day number from 1 to travel.days (at most 7)"),
    Column("period", "节次", True, "a period number from 1 to the number of travel.period_starts"),
))

PREFERENCES = FileSpec("preferences", (
    Column("teacher_id", "工号", True, "a teacher_id from teachers"),
    Column("rank", "志愿序号", True, "a whole number ≥ 1"),
    Column("school_id", "学校代码", True, "a school_id from schools"),
))

HISTORY = FileSpec("history", (
    Column("teacher_id", "工号", True, "a teacher_id from teachers"),
    Column("from_school_id", "原学校", True, "a school_id from schools"),
    Column("to_school_id", "交流学校", True, "a school_id from schools"),
    Column("start_year", "开始学年", True, "a year such as 2024"),
    Column("end_year", "结束学年", True, "a year after start_year, such as 2027"),
    Column("stays_on", "留任", expected="true/false or 是/否"),
))

LOCKS = FileSpec("locks", (
    Column("teacher_id", "工号", True, "a teacher_id from teachers"),
    Column("action", "要求", True, "stay, move, to or not_to (留任/必须交流/必须去/不去)"),
    Column("school_id", "学校代码", expected="a school_id from schools (required for to and "
                                            "not_to)"),
))

CALENDAR = FileSpec("calendar", (
    Column("date", "日期", True, "a date such as 2026-10-01"),
    Column("kind", "类型", True, "holiday or workday (放假/调休上课)"),
    Column("as_weekday", "按星期", expected="a weekday 1-7 or 周一…周日 (for a workday)"),
))

# Not part of an instance: the file `rotaplan objections --file` reads.
OBJECTIONS = FileSpec("objections", (
    Column("teacher_id", "工号", True, "a teacher_id from teachers"),
    Column("request", "诉求", True, "stay, to or not_to (留任/去/不去)"),
    Column("school_id", "学校代码", expected="a school_id from schools (required for to and "
                                            "not_to, blank for stay)"),
    Column("reason", "理由"),
), required=True)

FILES: tuple[FileSpec, ...] = (SCHOOLS, TEACHERS, NEEDS, LESSONS, DISTANCES, BUSY, PREFERENCES,
                               HISTORY, LOCKS, CALENDAR)
