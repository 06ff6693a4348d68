"""Pydantic models of one row of each input file, and of the policy.

Cells arrive as stripped, NFKC-normalised strings (or None when blank); the validators
here turn what people type into Excel (是/否, 男/女, 音乐, "12.0") into typed values and
refuse the rest, so the loader can name the cell that was wrong.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from scheduler.data.schema import (
    ALIASES,
    BACKBONE_LEVELS,
    FALSE_WORDS,
    RECEIVING_KINDS,
    SUBJECTS,
    TRUE_WORDS,
    Backbone,
    DayKind,
    Degree,
    Gender,
    LockAction,
    Post,
    Request,
    SchoolKind,
    Stage,
)


def _alias(field: str):
    table = ALIASES[field]

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            key = value.strip().lower()
            return table.get(key, table.get(value.strip(), key))
        return value

    return convert


def _to_bool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError("not a yes/no value")


def _to_int(value: Any) -> Any:
    """Whole numbers, also as Excel writes them ("12.0"); never a silent truncation."""
    if isinstance(value, bool):
        raise ValueError("not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError("not a whole number")
    text = str(value).strip().replace(",", "")
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.0*", text):
        return int(float(text))
    raise ValueError("not a whole number")


def _to_float(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("not a number")
    number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else value
    if isinstance(number, float | int) and not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _weekly_periods(value: Any) -> Any:
    """A whole number of periods a week, or 0.5: one period every second week (T11)."""
    number = _to_float(value)
    if number == 0.5:
        return 0.5
    return _to_int(value)


def _or_none(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A converter for an optional field: None (a blank cell) stays None."""

    def optional(value: Any) -> Any:
        return None if value is None else convert(value)

    return optional


def _subject(value: Any) -> Any:
    code = _alias("subject")(value)
    if code not in SUBJECTS:
        raise ValueError("unknown subject")
    return code


def _subject_list(value: Any) -> Any:
    if value is None:
        return ()
    parts = [p for p in re.split(r"[;、,/]", str(value)) if p.strip()]
    return tuple(dict.fromkeys(_subject(p) for p in parts))


Id = Annotated[str, Field(min_length=1, max_length=200)]
OptId = Annotated[str | None, Field(min_length=1, max_length=200)]
Subject = Annotated[str, BeforeValidator(_subject)]
Bool = Annotated[bool, BeforeValidator(_to_bool)]
NonNegInt = Annotated[int, BeforeValidator(_to_int), Field(ge=0, le=10_000_000)]
Year = Annotated[int, BeforeValidator(_to_int), Field(ge=1900, le=2100)]


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)


class School(Row):
    school_id: Id
    name: Id
    township: str = ""
    kind: Annotated[SchoolKind, BeforeValidator(_alias("kind"))]
    stage: Annotated[Stage, BeforeValidator(_alias("stage"))]
    group_id: OptId = None
    district_id: OptId = None
    central_school_id: OptId = None
    lon: Annotated[Annotated[float, Field(ge=-180, le=180)] | None,
                   BeforeValidator(_or_none(_to_float))] = None
    lat: Annotated[Annotated[float, Field(ge=-90, le=90)] | None,
                   BeforeValidator(_or_none(_to_float))] = None
    students: NonNegInt
    classes: NonNegInt = 0
    weak: Bool = False
    posts: Annotated[NonNegInt | None, BeforeValidator(_or_none(_to_int))] = None

    @property
    def has_coordinates(self) -> bool:
        return self.lon is not None and self.lat is not None

    @property
    def receiving(self) -> bool:
        """Rural schools, teaching points and weak schools receive teachers (R7)."""
        return self.weak or self.kind in RECEIVING_KINDS


class Teacher(Row):
    teacher_id: Id
    name: str = ""
    school_id: Id
    subject: Subject
    other_subjects: Annotated[tuple[str, ...], BeforeValidator(_subject_list)] = ()
    backbone: Annotated[Backbone, BeforeValidator(_alias("backbone"))] = Backbone.NONE
    years_at_school: NonNegInt = 0
    rural_years: NonNegInt = 0
    birth_year: Annotated[Annotated[int, Field(ge=1900, le=2100)] | None,
                          BeforeValidator(_or_none(_to_int))] = None
    gender: Annotated[Gender | None, BeforeValidator(_alias("gender"))] = None
    exempt: str = ""
    volunteer: Bool = False
    seeks_senior_title: Bool = False
    can_travel: Bool = False
    max_travel_periods: NonNegInt | None = None
    degree: Annotated[Degree | None, BeforeValidator(_alias("degree"))] = None
    post: Annotated[Post, BeforeValidator(_alias("post"))] = Post.TEACHER
    years_in_post: NonNegInt = 0
    home_periods: NonNegInt | None = None

    @property
    def is_leader(self) -> bool:
        """Principals and vice principals rotate under R12, not in the teachers' pool."""
        return self.post != Post.TEACHER

    @property
    def is_backbone(self) -> bool:
        """County level and above count as backbone teachers (R2)."""
        return self.backbone in BACKBONE_LEVELS

    def teaches(self, subject: str) -> bool:
        return subject == self.subject or subject in self.other_subjects


class Need(Row):
    school_id: Id
    subject: Subject
    required: Annotated[float, BeforeValidator(_to_float), Field(ge=0, le=100_000)]


class Lesson(Row):
    site_id: Id
    class_id: Id
    subject: Subject
    periods_per_week: Annotated[float, BeforeValidator(_weekly_periods), Field(ge=0.5, le=100)]
    teacher_id: OptId = None

    @property
    def biweekly(self) -> bool:
        """T11: one period every second week (单双周), `periods_per_week` = 0.5."""
        return self.periods_per_week == 0.5

    @property
    def weekly_slots(self) -> int:
        """Slots the row takes in the weekly timetable (a biweekly row: one, odd weeks)."""
        return math.ceil(self.periods_per_week)

    @property
    def class_key(self) -> str:
        """The class's id as busy.csv names it: SITE_ID/CLASS_ID."""
        return f"{self.site_id}/{self.class_id}"


class Distance(Row):
    from_id: Id
    to_id: Id
    km: Annotated[float, BeforeValidator(_to_float), Field(ge=0, le=100_000)]
    minutes: Annotated[Annotated[float, Field(ge=0, le=100_000)] | None,
                       BeforeValidator(_or_none(_to_float))] = None


class Busy(Row):
    owner_id: Id
    day: Annotated[int, BeforeValidator(_to_int), Field(ge=1, le=7)]
    period: Annotated[int, BeforeValidator(_to_int), Field(ge=1, le=24)]


class Preference(Row):
    teacher_id: Id
    rank: Annotated[int, BeforeValidator(_to_int), Field(ge=1, le=1000)]
    school_id: Id


class History(Row):
    """One exchange under way or done (history.csv)."""

    teacher_id: Id
    from_school_id: Id
    to_school_id: Id
    start_year: Year
    end_year: Year
    stays_on: Bool = False

    def under_way(self, year: int) -> bool:
        """R11: start_year ≤ year < end_year."""
        return self.start_year <= year < self.end_year


class Lock(Row):
    """One hard requirement on a teacher (locks.csv, rule L)."""

    teacher_id: Id
    action: Annotated[LockAction, BeforeValidator(_alias("action"))]
    school_id: OptId = None


class Objection(Row):
    """One request against a provisional plan (objections.csv, `rotaplan objections`)."""

    teacher_id: Id
    request: Annotated[Request, BeforeValidator(_alias("request"))]
    school_id: OptId = None
    reason: str = ""


def _to_date(value: Any) -> Any:
    """ISO dates, also as 2026/10/01, 2026.10.01 or 2026年10月1日."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not match:
        raise ValueError("not a date")
    return dt.date(int(match[1]), int(match[2]), int(match[3]))


class CalendarDay(Row):
    """One day of the county's school calendar that is not an ordinary one (calendar.csv)."""

    date: Annotated[dt.date, BeforeValidator(_to_date)]
    kind: Annotated[DayKind, BeforeValidator(_alias("day_kind"))]
    as_weekday: Annotated[int | None, BeforeValidator(_or_none(lambda v: _to_int(
        _alias("weekday")(v)))), Field(ge=1, le=7)] = None


# --- policy -------------------------------------------------------------------------

# The Jiangsu 2024 list (data contract §5); English only where a county's policy adds it.
DEFAULT_SHORTAGE_SUBJECTS = ("moral", "science", "pe", "music", "art", "it", "labor",
                             "mental_health", "special_ed")
# The teacher columns `rotation.priority` may order by (the fairness audit), higher first.
PRIORITY_KEYS = ("backbone", "years_at_school", "rural_years", "volunteer")


class PolicyPart(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class RotationPolicy(PolicyPart):
    eligible_years_at_school: int = Field(6, ge=0, le=60)
    min_share_of_eligible: float = Field(0.10, ge=0, le=1)
    min_backbone_share: float = Field(0.20, ge=0, le=1)
    max_distance_km: float = Field(50.0, ge=0)
    max_outflow_share: float = Field(0.15, ge=0, le=1)
    retirement_age: int = Field(60, ge=30, le=80)
    retirement_age_female: int = Field(55, ge=30, le=80)
    exempt_years_to_retirement: int = Field(3, ge=0, le=30)
    scope: str = Field("county", pattern="^(county|district|group)$")
    shortage_subjects: tuple[Subject, ...] = DEFAULT_SHORTAGE_SUBJECTS
    quota_base: str = Field("all", pattern="^(all|urban_town)$")
    headcount: str = Field("needs", pattern="^(posts|needs|free)$")
    backbone_upward: bool = False
    principal_max_years: int = Field(6, ge=0, le=60)
    term_years: int = Field(3, ge=1, le=10)
    full_load_periods: int = Field(16, ge=1, le=60)
    retirement: str = Field("reform_2025", pattern="^(reform_2025|fixed)$")
    change_penalty: int = Field(1, ge=0)
    priority: tuple[str, ...] = ("backbone", "years_at_school")
    # Extensions: objective weights per level (0 switches a level off) and solver knobs.
    weights: dict[str, float] = Field(default_factory=dict)

    @field_validator("priority")
    @classmethod
    def _priority_keys(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for key in value:
            if key not in PRIORITY_KEYS:
                raise ValueError(f"{key!r} is not a priority key; expected some of "
                                 f"{', '.join(PRIORITY_KEYS)}")
        if len(set(value)) != len(value):
            raise ValueError("a priority key is given twice")
        return value


class Allowance(PolicyPart):
    """走教补贴 paid by the county (data contract §5)."""

    per_km: float = Field(0.8, ge=0)
    per_day: float = Field(30.0, ge=0)


class Publication(PolicyPart):
    """The provisional list (公示), data contract §5."""

    days: int = Field(5, ge=0, le=60)
    contact: str = ""


class TravelPolicy(PolicyPart):
    days: int = Field(5, ge=1, le=7)
    period_starts: tuple[str, ...] = ("08:00", "08:50", "09:50", "10:40", "14:00", "14:50",
                                      "15:40")
    period_minutes: int = Field(40, ge=1, le=240)
    max_sites_per_day: int = Field(2, ge=1, le=24)
    max_travel_periods: int = Field(16, ge=0, le=100)
    max_one_way_minutes: float = Field(60, ge=0)
    road_factor: float = Field(1.3, ge=1.0, le=5.0)
    speed_kmh: float = Field(40.0, gt=0, le=200)
    # Data contract §5: junior and nine-year sites' bells (T4), the total load (T10), who
    # may serve a site (T12), the term and the allowance.
    period_starts_junior: tuple[str, ...] = ("08:00", "08:55", "10:00", "10:55", "14:00",
                                             "14:55", "15:50")
    period_minutes_junior: int = Field(45, ge=1, le=240)
    max_total_periods_primary: int = Field(18, ge=0, le=100)
    max_total_periods_junior: int = Field(16, ge=0, le=100)
    scope: str = Field("county", pattern="^(county|district|township)$")
    term_start: str = ""  # blank: the first Monday of September of `year` (scheduler.term)
    term_end: str = ""  # blank: the Friday before the Spring Festival holiday
    allowance: Allowance = Allowance()
    weights: dict[str, float] = Field(default_factory=dict)

    @field_validator("term_start", "term_end")
    @classmethod
    def _date_or_blank(cls, value: str) -> str:
        if value.strip():
            try:
                dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"expected a date YYYY-MM-DD or blank, got {value!r}") from None
        return value.strip()

    @field_validator("period_starts", "period_starts_junior")
    @classmethod
    def _times(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        minutes = []
        for text in value:
            match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
            if not match or int(match[1]) > 23 or int(match[2]) > 59:
                raise ValueError(f"{text!r} is not a time HH:MM")
            minutes.append(int(match[1]) * 60 + int(match[2]))
        if not value:
            raise ValueError("at least one period is needed")
        if any(b <= a for a, b in itertools.pairwise(minutes)):
            raise ValueError("period starts must increase")
        return tuple(f"{m // 60:02d}:{m % 60:02d}" for m in minutes)

    @field_validator("period_minutes", "period_minutes_junior")
    @classmethod
    def _periods_do_not_overlap(cls, value: int, info: ValidationInfo) -> int:
        """Checked on the minutes (validated after their starts) so the key is named."""
        key = "period_starts" if info.field_name == "period_minutes" else "period_starts_junior"
        starts = info.data.get(key)
        if starts:
            minutes = [int(t[:2]) * 60 + int(t[3:]) for t in starts]
            for p, (a, b) in enumerate(itertools.pairwise(minutes), start=1):
                if b - a < value:
                    raise ValueError(f"{value} minutes makes period {p} overlap period {p + 1} "
                                     f"(starts {starts[p - 1]} and {starts[p]})")
        return value

    @property
    def periods(self) -> int:
        return len(self.period_starts)

    def start_minute(self, period: int) -> int:
        """Minutes after midnight at which period `period` (from 1) starts."""
        hh, mm = self.period_starts[period - 1].split(":")
        return int(hh) * 60 + int(mm)

    def gap_minutes(self, first: int, second: int) -> int:
        """Minutes between the end of period `first` and the start of a later `second`."""
        return self.start_minute(second) - self.start_minute(first) - self.period_minutes


class Policy(PolicyPart):
    year: int = Field(2026, ge=1990, le=2100)
    county_name: str = ""
    rotation: RotationPolicy = RotationPolicy()
    travel: TravelPolicy = TravelPolicy()
    publication: Publication = Publication()
