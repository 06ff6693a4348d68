"""Solving the rotation and the traveling-teacher timetable together: the one code path of
`rotaplan plan` and of `rotaplan bench`'s `plan` kind (method `joint`).

The definitions both halves share are in `scheduler.coplan`; this module runs the two
solves in order (the rotation on the county that counts the timetable's coverage, with
hubs and stay locks, then the timetable on the county after the moves) and splits the
time limit between them. The solves themselves are passed in, so the command shows its
live displays and the benchmark records its runs, on the same steps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scheduler.coplan import (
    Coverage,
    Hub,
    after_moves,
    counting,
    coverage_records,
    hubs,
    hubs_stay,
    lesson_coverage,
    with_hubs,
)
from scheduler.data.instance import Instance
from scheduler.errors import NoPlanError
from scheduler.rotation.outputs import RotationOutputs, build_outputs
from scheduler.rotation.result import RotationResult
from scheduler.solving import Note, SolverSettings
from scheduler.travel.result import TravelResult

if TYPE_CHECKING:
    from scheduler.rotation.changes import Previous

ROTATION_SHARE = 0.5  # of the time limit, for the rotation; the timetable gets the rest

RotateFn = Callable[[Instance, SolverSettings], RotationResult]
TravelFn = Callable[[Instance, SolverSettings], TravelResult]


@dataclass
class PlanPair:
    """A rotation and the timetable built on the county after its moves.

    `counted` is the county the rotation was solved on, `audited` the one its fairness
    audit and the checker judge it on (`build_outputs`), `after` the timetable's county;
    `cover` is what a timetable placing every lesson covers (`lesson_coverage`)."""

    cover: Coverage
    counted: Instance
    audited: Instance
    rotation: RotationResult
    after: Instance
    timetable: TravelResult
    rotation_settings: SolverSettings
    travel_settings: SolverSettings
    hubs: list[Hub] = field(default_factory=list)
    hubs_dropped: int = 0  # hubs found and left out: with them the rotation had no plan


def split_time(settings: SolverSettings) -> tuple[SolverSettings, SolverSettings]:
    """The rotation's settings and the timetable's: ROTATION_SHARE of the time limit and
    the rest, fixed in advance (a rotation that ends early leaves its time unused), so
    that every way of planning the two halves gets the same two limits."""
    first = dataclasses.replace(settings, time_limit=settings.time_limit * ROTATION_SHARE)
    rest = dataclasses.replace(settings, time_limit=settings.time_limit - first.time_limit)
    return first, rest


def solve_joint(inst: Instance, settings: SolverSettings, rotate: RotateFn, travel: TravelFn
                ) -> PlanPair:
    """The rotation counting the coverage, with hubs (dropped, and counted in
    `hubs_dropped`, when they leave it no plan) and stay locks; then the timetable on the
    county after the moves. NoPlanError from either half propagates."""
    cover = lesson_coverage(inst)
    found = hubs(inst)  # lessons nobody may take now get a teacher sent to a central school
    plain = counting(inst, cover)  # needs lowered by the coverage, the county's own locks
    counted = hubs_stay(with_hubs(plain, found))
    first, rest = split_time(settings)
    dropped = 0
    try:
        result = rotate(counted, first)
    except NoPlanError:
        if not found:
            raise
        dropped, found = len(found), []
        counted = hubs_stay(plain)
        result = rotate(counted, first)
    after = after_moves(inst, result.placement)
    return PlanPair(cover=cover, counted=counted, audited=plain, rotation=result, after=after,
                    timetable=travel(after, rest), rotation_settings=first,
                    travel_settings=rest, hubs=found, hubs_dropped=dropped)


def joint_outputs(pair: PlanPair, baseline: RotationResult | str | Note | None = None,
                  previous: Previous | None = None) -> RotationOutputs:
    """The rotation's outputs as `rotaplan plan` writes them: judged on the county that
    counts the coverage, with the coverage counted and the hubs in its summary (the
    checker holds the pair to `travel_coverage`)."""
    outputs = build_outputs(pair.counted, pair.rotation, baseline, audited=pair.audited,
                            previous=previous)
    outputs.summary["travel_coverage"] = coverage_records(pair.cover)
    outputs.summary["travel_hubs"] = [{"teacher_id": h.teacher_id, "school_id": h.school_id,
                                       "lesson_rows": len(h.rows)} for h in pair.hubs]
    outputs.summary["travel_hubs_dropped"] = pair.hubs_dropped
    return outputs
