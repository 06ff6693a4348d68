"""Better plans for a week piece by re-solving a few teachers' weeks at a time (LNS).

A week piece's objective is a sum over teachers (each one's day routes and load) plus
terms fixed by its rows, so the rows that a handful of teachers hold can be shared out
among them again, the others kept, and the whole plan is better by exactly what that
small model gains. Such a model (3-6 teachers, the rows they hold) is the week model of
those rows with those candidates (`week.build`): CP-SAT proves it in a fraction of a
second.

Why not CP-SAT's own LNS: its neighbourhoods free variables of the whole model, and the
moves that pay on the large pieces need several teachers to trade rows and change their
day routes together (a teacher who drives to a far site takes the rows of a site on its
way, another gives them up). On county-l's eight largest pieces, 5 s from the
one-site-a-day plan: 3,739 points here (one thread) against 3,838 for CP-SAT's LNS run
(two); S155 art and music, 60 s: 476 against 588-649 (benchmarks/README.md).
"""

from __future__ import annotations

import random
import time

from scheduler.solving import SolverSettings
from scheduler.travel import cpsat, week
from scheduler.travel.budget import BUDGET as B
from scheduler.travel.data import Row, TravelData
from scheduler.travel.part import Piece, complete, prepare

Counts = dict[tuple[str, tuple[str, ...]], int]


def improve(data: TravelData, piece: Piece, settings: SolverSettings, time_limit: float, *,
            optional: bool) -> bool:
    """Re-solve random groups of teachers until `time_limit`, or until `regroup_patience`
    groups in a row gain nothing; True when the piece's plan improved (then its teachers,
    counts, full solution and objective are the new plan's). Needs a plan (a seed or a
    run's). One thread: on the two-core VM, two groups at once on threads (CP-SAT
    releases the GIL) gained less than one at a time (benchmarks/README.md). The groups
    follow the settings' seed; how many fit in the time does not, so the plan can
    differ between machines."""
    model = prepare(data, piece, settings, optional=optional)
    if piece.solution is None or piece.objective is None:
        return False
    start = time.perf_counter()
    deadline = start + time_limit
    one = SolverSettings(workers=1, seed=settings.seed)
    rng = random.Random(settings.seed * 7919 + piece.runs)
    teacher, counts = dict(piece.teacher), dict(piece.counts)
    gained, idle = 0, 0
    while idle < B.regroup_patience:
        left = deadline - time.perf_counter()
        if left <= B.model_min:
            break
        picked = _group(piece, teacher, rng)
        if picked is None:
            idle += 1
            continue
        group, rows = picked
        mine = {r.index: teacher[r.index] for r in rows if r.index in teacher}
        theirs = {k: n for k, n in counts.items() if k[0] in group}
        step = _resolve(data, rows, piece.cands, group, mine, theirs, one,
                        min(B.regroup_run, left), optional=optional)
        if step is None:
            idle += 1
            continue
        idle = 0
        gain, new_teacher, new_counts = step
        gained += gain
        teacher = {r: t for r, t in teacher.items() if t not in group} | new_teacher
        counts = {k: n for k, n in counts.items() if k[0] not in group} | new_counts
    piece.seconds += time.perf_counter() - start
    if not gained:
        return False
    teacher, counts = week.canonical(data, piece.rows, piece.cands, teacher, counts)
    done = complete(model, teacher, counts, one, B.complete_max)
    if done is None or done[1] >= piece.objective:
        return False  # the full model disagrees (it should not): keep the old plan
    piece.solution, piece.objective = done
    piece.teacher, piece.counts = teacher, counts
    piece.settle()
    return True


def _group(piece: Piece, teacher: dict[int, str], rng: random.Random
           ) -> tuple[set[str], list[Row]] | None:
    """3-6 teachers who can trade, with the rows they hold (and, where rows are optional,
    the unplaced rows one of them could take). Mostly (`regroup_sites`) the teachers at
    one or two sites, topped up with others who could teach there: the moves that pay
    pair sites on one day; else a teacher and others who could take some of its rows
    (or, idle, the rows it could take). On county-l's six largest pieces, 6 s each, two
    seeds: about 3,190 points in all with 60-80 % site groups, 3,294 with none
    (benchmarks/README.md)."""
    size = rng.randint(B.regroup_min, B.regroup_max)
    if rng.random() < B.regroup_sites:
        sites = sorted({r.site for r in piece.rows})
        at = set(rng.sample(sites, min(len(sites), rng.randint(1, 2))))
        there = [r for r in piece.rows if r.site in at]
        serving = sorted({teacher[r.index] for r in there if r.index in teacher})
        group = set(rng.sample(serving, min(size, len(serving))))
        others = sorted({t for r in there for t in piece.cands[r.index]} - group)
    else:
        first = rng.choice(sorted({t for ts in piece.cands.values() for t in ts}))
        held = [r for r, t in teacher.items() if t == first] or [
            r for r, ts in piece.cands.items() if first in ts]
        group = {first}
        others = sorted({t for r in held for t in piece.cands[r]} - group)
    group |= set(rng.sample(others, min(max(0, size - len(group)), len(others))))
    rows = [r for r in piece.rows if teacher.get(r.index) in group
            or (r.index not in teacher and group & set(piece.cands[r.index]))]
    return (group, rows) if rows else None


def _resolve(data: TravelData, rows: list[Row], all_cands: dict[int, tuple[str, ...]],
             group: set[str], mine: dict[int, str], theirs: Counts, settings: SolverSettings,
             time_limit: float, *, optional: bool) -> tuple[int, dict[int, str], Counts] | None:
    """`rows` shared out again among `group`, who hold them as `mine` with day routes
    `theirs`: (objective points gained, its teachers, its counts), or None when nothing
    better was found."""
    cands = {r.index: tuple(t for t in all_cands[r.index] if t in group) for r in rows}
    mine, theirs = week.canonical(data, rows, cands, mine, theirs)
    small = week.build(data, rows, cands, optional=optional)
    before = complete(small, mine, theirs, settings, time_limit)
    if before is None:
        return None
    week.hint_all(small, before[0])
    run = cpsat.run(small.model, settings, time_limit, defaults=cpsat.TRAVEL_DEFAULTS)
    if run.objective is None or run.objective >= before[1]:
        return None
    return before[1] - run.objective, *week.plan_of(small, run.solver.value)
