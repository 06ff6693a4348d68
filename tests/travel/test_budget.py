"""The time split of a travel solve: one typed object, its shares leaving room for pass 2."""

from __future__ import annotations

import dataclasses

import pytest

from scheduler.travel.budget import BUDGET, Budget


def test_shares_are_fractions_and_leave_time_for_improving():
    shares = {f.name: getattr(BUDGET, f.name) for f in dataclasses.fields(Budget)
              if f.name.endswith(("_share", "first_pass", "round_one"))}
    assert shares and all(0 < v <= 1 for v in shares.values()), shares
    # borrowing, the explanation reserve and the first pass never take the whole limit
    assert BUDGET.stage1_share + BUDGET.explain_share + BUDGET.first_pass < 1


def test_the_budget_cannot_be_changed_in_passing():
    with pytest.raises(dataclasses.FrozenInstanceError):
        BUDGET.first_pass = 0.5  # type: ignore[misc]
