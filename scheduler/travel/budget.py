"""How a travel solve shares its time limit: every share and floor in one typed object.

`scheduler.travel.solve` and `scheduler.travel.part` read `BUDGET` instead of numbers in
the code; a study of the time split (benchmarks/README.md) changes it here, in one place.
Shares are fractions, the rest seconds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """The time split of a decomposed travel solve (see scheduler/travel/__init__.py)."""

    stage1_share: float = 0.05  # of the time limit, for the county-wide borrowing model...
    stage1_max: float = 2.0  # ...at most this
    explain_share: float = 0.1  # of the time limit, kept for explaining an infeasible part
    first_pass: float = 0.2  # of the time left, for the first plan of every part...
    first_pass_max: float = 6.0  # ...at most this: every lesson is placed early
    first_part_min: float = 0.5  # a part's first-pass time at least
    week_share: float = 0.6  # of a part's first-pass time, for its week pieces
    piece_min: float = 0.1  # a week piece's first-pass run at least
    realise_min: float = 0.5  # the days and periods of a first plan at least
    retry_growth: float = 4.0  # a part with no plan in its share tries again this much longer
    round_one: float = 0.5  # of the time left after the first pass: one proving run a piece
    # (0.9 until issue 16's second session: county-l's largest gaps then had one run;
    # 0.25 leaves the small pieces too little; benchmarks/README.md)
    slack: float = 2.0  # times its share by size that one such run may take (most end early)
    round_min: float = 0.5  # kept for each piece after it (its LP bound)
    retime_share: float = 0.25  # of the time left, to time an improved part again...
    retime_min: float = 1.0  # ...at least this (also a day's timetable, an explanation)
    retime_every: float = 10.0  # pass 2's last phase times its improved parts this often
    last_run_min: float = 5.0  # a piece's CP-SAT run once pass 2 turns to the largest
    # gaps: the core search keeps nothing between runs, so short runs repeat its first steps
    regroup_turn_min: float = 1.0  # an LNS turn (`regroup`) at least: it keeps its plan
    # from one turn to the next, so short turns lose nothing and more pieces get one
    stop_below: float = 2.0  # pass 2 stops with less than this left
    slot_share: float = 0.3  # of what is left after each day model, for its timetables
    day_share: float = 0.5  # of what is left, for one day's timetable
    grace: float = 2.0  # past the time limit, for the county's LP bound (`county_bound`,
    # in a thread beside pass 2) to finish (a week piece without a run keeps its floor)
    model_min: float = 0.05  # a week or day model's run at least
    complete_max: float = 1.0  # a seed's plan completed into a full hint (`part.complete`)
    lp_below: float = 2.0  # a round-1 run shorter than this is followed by the piece's LP...
    lp_max: float = 2.0  # ...for at most this (`part.lp_floor`)
    floor_lp_max: float = 1.0  # a piece's floor LP (`county_bound.piece_floor`) at most;
    # county-l's 113 floors take 0.1 s in all
    regroup_min: int = 3  # teachers whose rows one step of `regroup` shares out again...
    regroup_max: int = 6  # ...at most this many
    regroup_run: float = 0.5  # one such step's CP-SAT run at most
    regroup_sites: float = 0.7  # of its groups, the teachers at one or two sites
    regroup_patience: int = 100  # rounds without a gain before `regroup` gives up its time


BUDGET = Budget()
