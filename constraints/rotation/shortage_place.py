"""Objective level 2: unmet shortage weighted by subject and by school (teaching points 3,
rural and weak schools 2): among plans that close as much shortage as level 1 allows, the
gaps left are where they hurt least."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constraints.rotation.shortage import unmet
from scheduler.core import rotation_levels as lv

if TYPE_CHECKING:
    from scheduler.core.linear import Level
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "shortage_place"


def level(prob: Problem, arcs: Arcs) -> Level:
    return unmet(prob, arcs, NAME, lv.place_weight)
