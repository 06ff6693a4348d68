"""The contract's rules as plain functions: R1 eligibility, R2/R4 quotas, shortages, and the
县域优质均衡 teacher indicators with their student-weighted CVs, on hand-computed examples."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from fractions import Fraction

import pytest

from scheduler import rules
from scheduler.data.instance import Instance
from scheduler.data.load import instance_from_records
from scheduler.data.models import History, Policy, Teacher

# year 2026, 6 years, retirement 60 / 55 (female) at fixed ages, exempt within 3 years
POLICY = Policy.model_validate({"rotation": {"retirement": "fixed"}})
REFORM = Policy()  # the default: the 2025 gradual rise of the retirement age


def is_eligible(t: Teacher, policy: Policy, history: list[History] | None = None) -> bool:
    return rules.eligible(t, Instance("t", policy, [], [t], history=history or []))


def teacher(**kw) -> Teacher:
    return Teacher(**{"teacher_id": "T", "school_id": "S", "subject": "math",
                      "years_at_school": 10, **kw})


# --- R1 -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("kw", "eligible", "why"), [
    ({}, True, "10 years, young, not exempt"),
    ({"exempt": "怀孕"}, False, "exempt"),
    ({"exempt": "sick", "volunteer": True}, False, "a volunteer who is exempt stays"),
    ({"years_at_school": 6}, True, "exactly the eligible years"),
    ({"years_at_school": 5}, False, "one year short"),
    ({"years_at_school": 0, "volunteer": True}, True, "volunteers are eligible at once"),
    ({"birth_year": 1969, "gender": "M"}, False, "retires 2029: exactly 3 years away"),
    ({"birth_year": 1970, "gender": "M"}, True, "retires 2030: 4 years away"),
    ({"birth_year": 1960, "gender": "M"}, False, "past retirement age"),
    ({"birth_year": 1974, "gender": "F"}, False, "retires 2029 at 55: exactly 3 years away"),
    ({"birth_year": 1975, "gender": "F"}, True, "retires 2030 at 55"),
    ({"birth_year": 1974}, True, "blank gender takes retirement_age 60: retires 2034"),
    ({"birth_year": 1969}, False, "blank gender, retires 2029 at 60"),
    ({"birth_year": 1969, "volunteer": True}, False, "a volunteer near retirement stays"),
    ({"birth_year": None}, True, "no birth year: never near retirement"),
])
def test_r1_eligibility(kw: dict, eligible: bool, why: str) -> None:
    assert is_eligible(teacher(**kw), POLICY) is eligible, why


def test_r1_follows_the_policy() -> None:
    policy = Policy.model_validate({"year": 2030, "rotation": {
        "eligible_years_at_school": 9, "retirement_age_female": 60,
        "exempt_years_to_retirement": 0, "retirement": "fixed"}})
    assert not is_eligible(teacher(years_at_school=8), policy)
    assert is_eligible(teacher(years_at_school=9, birth_year=1971, gender="F"), policy)
    assert not is_eligible(teacher(years_at_school=9, birth_year=1970, gender="F"), policy)
    assert rules.retirement_year(teacher(birth_year=1971, gender="F"), policy) == 2031


@pytest.mark.parametrize(("birth_year", "gender", "retires"), [
    (1964, "M", (2024, 7)),   # before the men's cohort: 60 exactly, born 1 July
    (1965, "M", (2025, 9)),   # m = 6 months from 1965-01 to 1965-07: d = 6 // 4 + 1 = 2
    (1965, None, (2025, 9)),  # a blank gender follows the men's schedule
    (1969, "F", (2024, 7)),   # before the women's cohort: 55
    (1970, "F", (2025, 9)),   # the women's cohort starts in 1970
    (1975, "F", (2031, 12)),  # m = 66: d = 17 months after 2030-07
    (1990, "M", (2053, 7)),   # m = 306: d = min(36, 77) = 36, the full three years
])
def test_retirement_under_the_2025_reform(birth_year: int, gender: str | None,
                                          retires: tuple[int, int]) -> None:
    assert rules.retirement_month(teacher(birth_year=birth_year, gender=gender), REFORM) \
        == retires


@pytest.mark.parametrize(("birth_year", "gender", "eligible_now", "why"), [
    (1969, "M", True, "m = 54, d = 14: retires 2030-09, after 2029-09-01"),
    (1968, "M", False, "m = 42, d = 11: retires 2029-06, on or before 2029-09-01"),
    (1974, "F", True, "m = 54, d = 14: retires 2030-09"),
    (1972, "F", False, "m = 30, d = 8: retires 2028-03"),
])
def test_near_retirement_under_the_reform(birth_year: int, gender: str, eligible_now: bool,
                                          why: str) -> None:
    assert is_eligible(teacher(birth_year=birth_year, gender=gender), REFORM) is eligible_now, why
    fixed = is_eligible(teacher(birth_year=birth_year, gender=gender), POLICY)
    assert fixed is False, "at fixed ages all four are within 3 years of retirement"


def test_r11_an_exchange_under_way_makes_a_teacher_ineligible() -> None:
    t = teacher()
    under_way = History(teacher_id="T", from_school_id="A", to_school_id="S",
                        start_year=2025, end_year=2028)
    ended = History(teacher_id="T", from_school_id="A", to_school_id="S",
                    start_year=2022, end_year=2026)
    assert not is_eligible(t, REFORM, [under_way])
    assert is_eligible(t, REFORM, [ended]), "an exchange ending in the plan's year has ended"
    assert is_eligible(t, REFORM)


def test_leaders_are_not_in_the_teachers_pool() -> None:
    assert not is_eligible(teacher(post="principal"), REFORM)
    assert not is_eligible(teacher(post="校长"), REFORM)
    assert is_eligible(teacher(post="教师"), REFORM)


def test_senior_title_candidate() -> None:
    assert rules.senior_title_candidate(teacher(seeks_senior_title=True, rural_years=0))
    assert not rules.senior_title_candidate(teacher(seeks_senior_title=True, rural_years=1))
    assert not rules.senior_title_candidate(teacher(rural_years=0))


# --- R2 / R4 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("eligible", "movers"), [
    (30, 3),   # 0.1 × 30 = 3.0000000000000004 in floating point: still 3, not 4
    (31, 4),   # ceil(3.1)
    (70, 7),   # 0.1 × 70 = 7.000000000000001
    (0, 0), (1, 1), (10, 1), (11, 2),
])
def test_min_movers(eligible: int, movers: int) -> None:
    assert rules.min_movers(eligible, POLICY) == movers


@pytest.mark.parametrize(("movers", "backbone"), [(15, 3), (16, 4), (5, 1), (0, 0), (1, 1)])
def test_min_backbone_movers(movers: int, backbone: int) -> None:
    assert rules.min_backbone_movers(movers, POLICY) == backbone


@pytest.mark.parametrize(("share", "staff", "cap"), [
    (0.15, 20, 3), (0.15, 13, 1), (0.15, 6, 0), (0.15, 7, 1), (0.15, 0, 0),
    (0.29, 100, 29),  # 0.29 × 100 = 28.999999999999996: floor must still give 29
    (0.0, 50, 0), (1.0, 9, 9),
])
def test_max_outflow_is_a_floor(share: float, staff: int, cap: int) -> None:
    policy = Policy.model_validate({"rotation": {"max_outflow_share": share}})
    assert rules.max_outflow(staff, policy) == cap


# --- shortages ----------------------------------------------------------------------------

def test_shortages_before_and_after_a_move(tiny_records) -> None:
    inst = instance_from_records(tiny_records)
    before = rules.placement_before(inst)
    # needs: V1 music 1 (no music teacher), V1 math 1 (T04), P1 art 0.5, J1 english 2 (T06)
    assert rules.shortages(inst, before) == {("V1", "music"): 1.0, ("P1", "art"): 0.5,
                                             ("J1", "english"): 1.0}
    assert rules.total_shortage(inst, before) == 2.5
    assert rules.shortage_by_subject(inst, before) == {"art": 0.5, "english": 1.0,
                                                       "music": 1.0}
    # T01 (music) moves to V1; T04 (math) leaves V1 and opens a math gap there
    after = rules.placement_after(inst, {"T01": "V1", "T04": "C1"})
    assert after["T01"] == "V1" and after["T02"] == "C1"
    assert rules.shortages(inst, after) == {("V1", "math"): 1.0, ("P1", "art"): 0.5,
                                            ("J1", "english"): 1.0}
    assert rules.total_shortage(inst, after) == 2.5
    # other_subjects do not fill a post: T01 also teaches art, P1 still lacks it
    assert rules.shortages(inst, rules.placement_after(inst, {"T01": "P1"}))[("P1", "art")] == 0.5


# --- 县域优质均衡 indicators ---------------------------------------------------------------

def indicator_county() -> dict:
    def school(sid: str, kind: str, stage: str, students: int) -> dict:
        return {"school_id": sid, "name": sid, "kind": kind, "stage": stage,
                "lon": 117.0, "lat": 31.0 + len(sid) / 100, "students": students}

    def t(tid: str, sid: str, subject: str, backbone: str = "none", degree: str | None = None
          ) -> dict:
        row = {"teacher_id": tid, "school_id": sid, "subject": subject, "backbone": backbone}
        if degree:
            row["degree"] = degree
        return row

    return {
        "schools": [school("PA", "town", "primary", 200), school("PB", "rural", "primary", 100),
                    school("PT", "teaching_point", "primary", 30),
                    school("PU", "teaching_point", "primary", 60),
                    school("JA", "urban", "junior", 400), school("JB", "town", "junior", 200),
                    school("N9", "rural", "nine_year", 100)],
        "teachers": [t("t1", "PA", "music", "county", "bachelor"),
                     t("t2", "PA", "chinese", "county", "secondary"),
                     t("t3", "PA", "math"),
                     t("t4", "PB", "pe", "none", "associate"),
                     t("t5", "PT", "art", "city"),
                     t("t6", "PU", "english", "province", "master"),
                     t("t7", "JA", "math", "county", "master"),
                     t("t8", "JA", "pe", "none", "associate"),
                     t("t9", "JA", "art", "school", "bachelor"),
                     t("t10", "JB", "music", "city", "doctor"),
                     t("t11", "N9", "chinese")],
    }


def test_school_indicators_per_100_students() -> None:
    inst = instance_from_records(indicator_county())
    df = rules.school_indicators(inst, rules.placement_before(inst)).set_index("school_id")
    assert df.loc["PA", ["teachers", "backbone", "pe_arts", "above_degree"]].tolist() == [
        3, 2, 1, 1]
    assert df.loc["PA", "backbone_per100"] == pytest.approx(1.0)    # 2 / 200 × 100
    assert df.loc["PA", "pe_arts_per100"] == pytest.approx(0.5)     # 1 / 200 × 100
    assert df.loc["PA", "above_degree_per100"] == pytest.approx(0.5)  # bachelor only
    assert df.loc["PB", "above_degree_per100"] == pytest.approx(1.0)  # associate > secondary
    # junior schools need more than an associate degree to count
    assert df.loc["JA", "above_degree"] == 2  # master and bachelor, not associate
    assert df.loc["JA", "backbone"] == 1      # school-level backbone does not count
    assert df.loc["N9", "stage"] == "junior"  # nine-year schools are judged as junior
    assert df.loc["PT", "backbone_per100"] == pytest.approx(100 / 30)
    assert df["in_cv"].to_dict() == {"PA": True, "PB": True, "PT": False, "PU": True,
                                     "JA": True, "JB": True, "N9": True}


def test_county_cvs_are_student_weighted_and_skip_small_teaching_points() -> None:
    inst = instance_from_records(indicator_county())
    cvs = rules.county_cvs(rules.school_indicators(inst, rules.placement_before(inst)))
    cv = {(r.stage, r.indicator): r for r in cvs.itertuples()}

    # primary backbone per 100: PA 1.0 (200 pupils), PB 0 (100), PU 5/3 (60); PT left out.
    # weighted mean 300/360 = 5/6; weighted variance (200/36 + 2500/36 + 1500/36) / 360
    primary = cv[("primary", "backbone")]
    assert primary.schools == 3
    assert primary.mean_per100 == pytest.approx(5 / 6)
    assert primary.cv == pytest.approx(math.sqrt(4200 / 36 / 360) / (5 / 6))  # 0.6831
    assert (primary.limit, primary.meets) == (0.50, False)

    # primary PE/arts per 100: PA 0.5, PB 1.0, PU 0; mean 200/360 = 5/9
    assert cv[("primary", "pe_arts")].cv == pytest.approx(
        math.sqrt(3150 / 81 / 360) / (5 / 9))  # 0.5916

    # junior backbone per 100: JA 0.25 (400), JB 0.5 (200), N9 0 (100); mean 2/7
    junior = cv[("junior", "backbone")]
    assert junior.cv == pytest.approx(math.sqrt(14000 / 784 / 700) / (2 / 7))  # 0.5590
    assert (junior.limit, junior.meets) == (0.45, False)


def test_a_move_changes_the_cv() -> None:
    inst = instance_from_records(indicator_county())
    # t5 (city backbone at the small teaching point) moves to PB: PA 1.0, PB 1.0, PU 5/3
    after = rules.placement_after(inst, {"t5": "PB"})
    cvs = rules.county_cvs(rules.school_indicators(inst, after))
    row = cvs[(cvs.stage == "primary") & (cvs.indicator == "backbone")].iloc[0]
    assert row.cv == pytest.approx(math.sqrt(1800 / 81 / 360) / (10 / 9))  # 0.2236
    assert row.meets


def test_cv_is_undefined_for_one_school_or_a_zero_mean() -> None:
    records = indicator_county()
    records["schools"] = [s for s in records["schools"] if s["stage"] == "primary"]
    records["schools"].append({"school_id": "JZ", "name": "JZ", "kind": "urban",
                               "stage": "junior", "lon": 116.0, "lat": 30.0, "students": 300})
    records["teachers"] = [t for t in records["teachers"] if t["school_id"].startswith("P")]
    inst = instance_from_records(records)
    cvs = rules.county_cvs(rules.school_indicators(inst, rules.placement_before(inst)))
    junior = cvs[cvs.stage == "junior"]
    assert junior.schools.tolist() == [1, 1, 1]
    assert junior.cv.isna().all() and junior.meets.isna().all()


def test_no_degree_column_means_no_degree_indicator(tiny_records) -> None:
    for row in tiny_records["teachers"]:
        row.pop("degree", None)
    inst = instance_from_records(tiny_records)
    df = rules.school_indicators(inst, rules.placement_before(inst))
    assert df["above_degree_per100"].isna().all()


# --- traveling PE and arts teachers at small rural schools (domain §1, issue 13) -----------

def _with_travel(inst: Instance, cover: dict[tuple[str, str], float]) -> Instance:
    """The county as `rotaplan plan` counts it (`coplan.counting` keeps the coverage)."""
    return dataclasses.replace(inst, travel_coverage=cover)


def test_traveling_pe_and_arts_teachers_count_at_small_rural_schools() -> None:
    inst = instance_from_records(indicator_county())  # full_load_periods 16
    # PU: a teaching point of 60 pupils in the CV, no PE or arts teacher of its own; the
    # standard asks 0.9 × 60 / 100 = 0.54 teachers. Traveling teachers place music 4, art
    # 3 and PE 2 periods a week: 9 / 16 = 0.5625 teachers, 0.9375 per 100 pupils: met.
    # 8 periods (0.5, 0.833 per 100) would not be. English and the town school PA (16
    # periods of music) and the 30-pupil teaching point PT (out of the CV) count nothing.
    cover = {("PU", "music"): 4 / 16, ("PU", "art"): 3 / 16, ("PU", "pe"): 2 / 16,
             ("PU", "english"): 1.0, ("PA", "music"): 1.0, ("PT", "art"): 1.0}
    plain = rules.school_indicators(inst, rules.placement_before(inst)).set_index("school_id")
    counted = rules.school_indicators(_with_travel(inst, cover), rules.placement_before(inst)
                                      ).set_index("school_id")
    assert (plain.loc["PU", "pe_arts"], plain.loc["PU", "pe_arts_meets"]) == (0, False)
    assert counted.loc["PU", "pe_arts"] == 0.5625 and counted.loc["PU", "pe_arts_travel"] == 0.5625
    assert counted.loc["PU", "pe_arts_per100"] == pytest.approx(0.9375)
    assert counted.loc["PU", "pe_arts_meets"] is True and counted.loc["PU", "pe_arts_min"] == 1
    for school in ("PA", "PT", "PB", "JA"):
        assert counted.loc[school, "pe_arts"] == plain.loc[school, "pe_arts"], school
    eight = {("PU", "music"): 4 / 16, ("PU", "art"): 4 / 16}
    short = rules.school_indicators(_with_travel(inst, eight), rules.placement_before(inst))
    assert short.set_index("school_id").loc["PU", "pe_arts_meets"] is False  # 0.833 < 0.9

    # primary PE/arts per 100: PA 0.5 (200 pupils), PB 1.0 (100), PU 0 -> 0.9375 (60).
    # Weighted mean 256.25 / 360; CV 0.5916 (over 0.50) before, 0.3339 counting travel.
    cvs = rules.county_cvs(counted.reset_index())
    row = cvs[(cvs.stage == "primary") & (cvs.indicator == "pe_arts")].iloc[0]
    mean = 256.25 / 360
    var = (200 * (0.5 - mean) ** 2 + 100 * (1.0 - mean) ** 2 + 60 * (0.9375 - mean) ** 2) / 360
    assert row.cv == pytest.approx(math.sqrt(var) / mean) and row.meets
    met = rules.standards_met(counted.reset_index()).set_index(["stage", "indicator"])
    assert met.loc[("primary", "pe_arts"), "meeting"] == 2  # PB and now PU; PA 1 < 1.8


def test_only_rural_schools_and_teaching_points_in_the_cv_count_traveling_teachers() -> None:
    inst = instance_from_records(indicator_county())
    kinds = {sc.school_id: (str(sc.kind), rules.travel_counts_at(sc)) for sc in inst.schools}
    assert kinds == {"PA": ("town", False), "PB": ("rural", True),
                     "PT": ("teaching_point", False), "PU": ("teaching_point", True),
                     "JA": ("urban", False), "JB": ("town", False), "N9": ("rural", True)}
    # halves (biweekly lessons) stay exact: 2.5 + 0.5 periods at PB = 3 / 16 teachers
    travel = rules.travel_pe_arts(_with_travel(inst, {("PB", "pe"): 2.5 / 16,
                                                      ("PB", "art"): 0.5 / 16}))
    assert travel == {"PB": Fraction(3, 16)}


def test_without_counted_coverage_the_indicators_are_the_plain_ones() -> None:
    """`rotate` (no coverage) and coverage that counts nowhere give the same figures."""
    from pandas.testing import assert_frame_equal

    from scheduler.core import rotation_levels as lv

    inst = instance_from_records(indicator_county())
    nowhere = _with_travel(inst, {("PA", "music"): 1.0, ("PT", "art"): 1.0,
                                  ("PU", "english"): 1.0})
    before = rules.placement_before(inst)
    assert rules.travel_pe_arts(inst) == {} and rules.travel_pe_arts(nowhere) == {}
    assert_frame_equal(rules.school_indicators(nowhere, before),
                       rules.school_indicators(inst, before))
    assert lv.standard_pairs(nowhere) == lv.standard_pairs(inst)
    assert lv.balance_targets(nowhere) == lv.balance_targets(inst)
    counts = Counter()
    for t in inst.teachers:
        stage = rules.stage_group(inst.school[t.school_id].stage)
        for ind in rules.INDICATORS:
            counts[t.school_id, ind] += lv.indicator_at(t, ind, stage)
    limits = lv.cv_limits(inst, counts)
    assert len(limits) == 6 and lv.cv_limits(nowhere, counts) == limits
    assert all(a == 0 for cv in limits for a in cv.lin)
