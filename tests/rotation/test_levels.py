"""The objective's definitions: weights, units, balance targets and lexicographic weights."""

from __future__ import annotations

import pytest

from scheduler.core import rotation_levels as lv
from scheduler.data.load import instance_from_records
from scheduler.errors import InputError
from scheduler.generate import generate_records

ONE = {"T": {"school_id": "A"}}


def test_weights_default_switch_off_and_refuse_what_is_not_a_whole_number(cty):
    inst = cty.county({"A": {}}, ONE, rotation={"weights": {"balance": 0, "rural": 5}})
    w = lv.weights(inst.policy)
    assert not w.on("balance") and w.on("shortage") and w.factor["rural"] == 5
    assert w.factor["teaching_point"] == 3
    for bad in ({"balanse": 1}, {"distance": 0.5}, {"distance": -1}):
        with pytest.raises(InputError) as err:
            lv.weights(cty.county({"A": {}}, ONE, rotation={"weights": bad}).policy)
        assert err.value.problems[0].column.startswith("rotation.weights.")


@pytest.mark.parametrize(("required", "q"), [((1, 2), 1), ((1, 0.5), 10), ((0.25,), 100),
                                             ((1 / 3,), 100)])
def test_the_shortage_unit_makes_needs_whole(cty, required, q):
    needs = {("A", j): r for j, r in zip(("music", "art"), required, strict=False)}
    inst = cty.county({"A": {}}, ONE, needs=needs)
    assert lv.shortage_scale(inst) == q


def test_balance_targets_share_the_stage_total_by_pupils(cty):
    # Primary: 3 backbone teachers, 300 + 100 pupils -> K × 3 × 300/400 = 22.5 -> 23 (half
    # up) and 7.5 -> 8. The nine-year school counts with the junior ones; the small
    # teaching point not at all.
    inst = cty.county(
        {"A": {"students": 300}, "B": {"students": 100}, "N": {"stage": "nine_year"},
         "P": {"kind": "teaching_point", "students": 40}},
        {"K1": {"school_id": "A", "backbone": "county"},
         "K2": {"school_id": "A", "backbone": "county"},
         "K3": {"school_id": "P", "backbone": "county"},
         "K4": {"school_id": "B", "backbone": "county"},
         "J": {"school_id": "N", "subject": "pe"}})
    targets = lv.balance_targets(inst)
    assert targets["A", "backbone"] == 23 and targets["B", "backbone"] == 8
    assert targets["N", "pe_arts"] == 10 and ("P", "backbone") not in targets


def test_a_higher_level_always_outweighs_everything_below():
    records, policy = generate_records("s", 2)
    inst = instance_from_records(records, policy)
    w = lv.weights(inst.policy)
    mult, ranges = lv.multipliers(inst, w), lv.ranges(inst, w)
    for k, level in enumerate(lv.LEVELS):
        below = sum(mult[j] * ranges[j] for j in lv.LEVELS[k + 1:])
        assert mult[level] > below


def test_shares_become_exact_fractions():
    assert lv.fraction_of(0.2) == (1, 5)
    assert lv.fraction_of(0.125) == (1, 8)
    assert lv.fraction_of(0.0) == (0, 1)
