"""走教补贴 by hand: route km and days over a term with National Day and a make-up day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from scheduler.data.load import instance_from_records
from scheduler.term import school_term
from scheduler.travel.costs import costs_frame, township_costs
from scheduler.travel.result import Route, Slot

ROUTES = [Route("T01", 1, ("C1", "P1", "C1"), 10.0, 20.0),
          Route("T01", 2, ("C1", "V1", "C1"), 5.5, 11.0),
          Route("T03", 5, ("C1", "P1", "C1"), 10.0, 20.0)]


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


def test_the_allowance_counts_each_weekday_on_its_school_days(inst):
    # 7 Sep to 11 Oct 2026: Mondays 7, 14, 21, 28 Sep (5 Oct off); Tuesdays 8, 15, 22, 29 Sep
    # and Sunday 20 Sep taught as Tuesday (6 Oct off); Fridays 11, 18 Sep and 9 Oct (25 Sep
    # Mid-Autumn and 2 Oct off)
    term = school_term(inst, dt.date(2026, 9, 7), dt.date(2026, 10, 11))
    costs = costs_frame(inst, ROUTES, term).set_index("teacher_id")
    t01 = costs.loc["T01"]
    assert (t01.days_per_week, t01.km_per_week, t01.term_days) == (2, 15.5, 9)
    assert t01.term_km == pytest.approx(4 * 10.0 + 5 * 5.5)
    assert t01.term_allowance == pytest.approx(0.8 * 67.5 + 30.0 * 9)
    t03 = costs.loc["T03"]
    assert (t03.term_days, t03.term_km, t03.term_allowance) == (3, 30.0, 114.0)


def test_the_policy_sets_the_rates(tiny_records):
    inst = instance_from_records(tiny_records, {"year": 2026, "travel": {
        "allowance": {"per_km": 1.0, "per_day": 0.0}}})
    term = school_term(inst, dt.date(2026, 9, 7), dt.date(2026, 9, 11))
    costs = costs_frame(inst, ROUTES, term).set_index("teacher_id")
    assert costs.loc["T01", "term_allowance"] == 15.5


def test_townships_sum_their_teachers(inst):
    term = school_term(inst, dt.date(2026, 9, 7), dt.date(2026, 9, 11))
    costs = costs_frame(inst, ROUTES, term)
    by_township = township_costs(inst, costs)
    assert by_township["teachers"].sum() == 2
    assert by_township["term_allowance"].sum() == pytest.approx(costs["term_allowance"].sum())


def test_a_day_of_biweekly_lessons_is_paid_in_its_weeks_only(inst):
    """T11: T03's Friday holds one odd-week lesson, so only the odd term weeks' Fridays
    count (weeks 1, 3, 5: 11 Sep and 9 Oct; 25 Sep is Mid-Autumn); T01's Monday mixes an
    odd-week lesson with a weekly one and counts every week."""
    term = school_term(inst, dt.date(2026, 9, 7), dt.date(2026, 10, 11))
    slots = [Slot("T03", 5, 1, "P1", "1", "music", "odd"),
             Slot("T01", 1, 1, "P1", "1", "music", "odd"), Slot("T01", 1, 3, "P1", "2", "art")]
    costs = costs_frame(inst, ROUTES, term, slots).set_index("teacher_id")
    assert [d for d in term.dates_of(5) if term.week_of(d) % 2] == [dt.date(2026, 9, 11),
                                                                    dt.date(2026, 10, 9)]
    assert (costs.loc["T03", "term_days"], costs.loc["T03", "term_km"]) == (2, 20.0)
    assert costs.loc["T01", "term_days"] == 9
