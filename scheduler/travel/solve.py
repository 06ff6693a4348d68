"""`solve_travel`: a county's traveling-teacher timetable and routes, or why there is none.

Order of work (see the package docstring): counting checks refuse what cannot be placed
at all; then either the greedy baseline, or the CP-SAT solve of the county's parts
(`decompose`), each on three levels (`part`), in two passes: a first plan for every part
(the one-site-a-day timetable; where it cannot place every lesson, a short solve, and a
part with no plan in its share tries again, longer, once the others have theirs), then
the time left on the week components: one proving run each, smallest first, then
the largest gaps. A part proven infeasible is merged with every township that could lend
it a teacher and solved again, and explained (`explain.conflicts`) if it is still
infeasible once nothing is left to merge.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scheduler.data.instance import Instance
from scheduler.errors import NoPlanError, UsageError
from scheduler.solving import Items, Note, ProgressEvent, SolverSettings, SolveStats
from scheduler.travel import decompose, explain, greedy, regroup
from scheduler.travel.budget import BUDGET as B
from scheduler.travel.county_bound import CountyBound, county_bound
from scheduler.travel.data import SCALE, TravelData
from scheduler.travel.part import PartOutcome, Piece, lp_floor, pieces, realise, seed, solve_piece
from scheduler.travel.result import Slot, TravelResult, with_weeks
from scheduler.travel.score import build_routes, points, score, term_counts

METHODS = ("cpsat", "greedy")


def solve_travel(inst: Instance, settings: SolverSettings, method: str = "cpsat",
                 partial: bool = False,
                 on_progress: Callable[[str | ProgressEvent], None] | None = None
                 ) -> TravelResult:
    """Timetable and routes for every lesson row of `inst` (T1-T9), best objective first.

    Without `partial`, raises NoPlanError naming the lessons that cannot be placed and why;
    with it, places the rest and lists those in `unplaced`. `on_progress` receives short
    lines (no personal data) as parts finish, and, once every part has a plan, the
    county's incumbent and bound (`ProgressEvent`) after each improving run.
    """
    if method not in METHODS:
        raise UsageError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    start = time.perf_counter()
    say = on_progress or (lambda _line: None)
    data = TravelData(inst)
    reasons = explain.counting(data)
    if reasons and not partial:
        _refuse(data, reasons)
    dropped = {r: reason.note for reason in reasons if reason.definite for r in reason.rows}
    rows = [row for row in data.rows if row.index not in dropped]
    build_seconds = time.perf_counter() - start
    if method == "greedy":
        slots, left = greedy.plan(data, rows)
        if left and not partial:
            raise NoPlanError(explain.say("greedy_cannot"), [
                explain.say("greedy_no_day", row=explain.row_name(data.rows[r])) for r in left])
        unplaced = {**dropped, **{r: explain.say("greedy_unplaced") for r in left}}
        stats = SolveStats(status="FEASIBLE", method="greedy", seed=settings.seed,
                           workers=1, build_seconds=build_seconds)
        result = _result(data, slots, unplaced, stats, start)
        say(Note.of("greedy", periods=len(slots), km=f"{result.terms['km']:.1f}"))
        return result
    return _solve_cpsat(data, rows, dropped, settings, partial, say, start, build_seconds)


def _refuse(data: TravelData, reasons: list[explain.Reason]) -> None:
    rows = {r for reason in reasons for r in reason.rows}
    raise NoPlanError(explain.say("no_timetable", n=len(rows)), explain.sentences(reasons))


@dataclass
class Job:
    """A part, its week pieces and its best outcome so far."""

    part: decompose.Part
    pieces: list[Piece]
    outcome: PartOutcome | None = None
    tried: float = 0.0  # seconds of its last first-pass attempt that found no plan


def _solve_cpsat(data: TravelData, rows: list, dropped: dict[int, Note],
                 settings: SolverSettings, partial: bool, say: Callable[[Any], None],
                 start: float, build_seconds: float) -> TravelResult:
    """Pass 1 gives every part a short share, so every lesson is placed early; a part
    that found no plan in its share goes to the back of the queue with `retry_growth`
    times the time, and the county is refused only when no time is left for it. Pass 2
    (`_improve`) spends what is left on the week pieces."""
    deadline = start + settings.time_limit
    explain_time = 0.0 if partial else settings.time_limit * B.explain_share
    stage1 = min(B.stage1_max, settings.time_limit * B.stage1_share)
    links = decompose.borrowing(data, rows, settings, stage1, optional=partial)
    todo = [Job(p, pieces(data, p.rows, p.cands, optional=partial))
            for p in decompose.parts(data, rows, links)]
    say(Note.of("parts_borrow", parts=len(todo), borrow=len(links)) if links
        else Note.of("parts", parts=len(todo)))
    first_end = time.perf_counter() + min(B.first_pass_max, B.first_pass * (
        deadline - explain_time - time.perf_counter()))
    done: list[Job] = []
    while todo:
        job = todo.pop(0)
        left_size = job.part.size + sum(j.part.size for j in todo)
        room = deadline - explain_time - time.perf_counter()
        budget = min(room, max(B.first_part_min, B.retry_growth * job.tried,
                               (first_end - time.perf_counter()) * job.part.size
                               / max(1, left_size)))
        job.outcome = _first_plan(data, job, settings, budget, partial)
        if job.outcome.status == "INFEASIBLE":
            todo, links = _merge_or_explain(data, rows, links, done, job.part, settings,
                                            deadline, partial, say)
            continue
        if job.outcome.status == "UNKNOWN" and budget < room:
            # no plan in its share: try again, longer, once the others have theirs
            job.tried = budget
            todo.append(job)
            continue
        if job.outcome.status == "UNKNOWN" and not partial:
            raise NoPlanError(explain.say("not_found_part", seconds=f"{settings.time_limit:g}",
                                          groups=Items.of(job.part.groups)),
                              [explain.say("more_time")])
        _rebound(job)
        say(Note.of("part_placed", part="+".join(job.part.groups), rows=len(job.part.rows),
                    teachers=len({t for ts in job.part.cands.values() for t in ts}),
                    status=job.outcome.status, level=job.outcome.level,
                    seconds=f"{time.perf_counter() - start:.1f}"))
        done.append(job)
    placed_at = time.perf_counter() - start
    say(Note.of("all_placed", seconds=f"{placed_at:.1f}"))
    exact = decompose.is_exact(data, [j.part for j in done])
    # the county's LP bound, when the parts do not bound the county, in a thread beside
    # pass 2 (HiGHS and CP-SAT release the GIL; the first pass, mostly Python, would
    # share it): on county-l it takes 30-40 s, which came off the search when it ran alone
    lp = None if exact else _Background(
        lambda stop: county_bound(data, rows, optional=partial,
                                  time_limit=deadline - time.perf_counter(), stop=stop))

    def figures() -> ProgressEvent:
        county = None if lp is None else lp.result(wait=False)
        return _county_figures(data, done, dropped, start, exact, county)

    try:
        say(figures())
        _improve(data, done, settings, deadline, partial,
                 lambda line: (say(line), say(figures())))
        county = None if lp is None else lp.result(
            wait=True, timeout=max(0.0, deadline + B.grace - time.perf_counter()))
    finally:  # an LP still running takes no further component once the solve is over
        if lp is not None:
            lp.stop()
    if lp is not None and county is None:  # its model is built before HiGHS's limit
        # applies: county-l's largest takes 1.3 s, and HiGHS may pass its limit too
        county = CountyBound(None, None, None, time.perf_counter() - start - placed_at,
                             "the county's LP was still running at the time limit")
    return _combine(data, dropped, done, settings, start, build_seconds, placed_at, exact,
                    county)


class _Background:
    """One call in a thread; its result, or its exception raised where it is read. The
    call is handed an event that `stop` sets, to end at its next step. Not a daemon: a
    daemon still inside HiGHS when the interpreter exits aborts the process ("terminate
    called without an active exception"), as a script that exited right after a 20 s
    solve of county-l did while its LP ran past its limit; Python waits for this one to
    end its step instead."""

    def __init__(self, call: Callable[[threading.Event], CountyBound]) -> None:
        self._value: CountyBound | None = None
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(call,))
        self._thread.start()

    def _run(self, call: Callable[[threading.Event], CountyBound]) -> None:
        try:
            self._value = call(self._stop)
        except BaseException as exc:  # handed to the reader, in the solve's thread
            self._error = exc

    def stop(self) -> None:
        """Ask the call to end at its next step; its result is not waited for."""
        self._stop.set()

    def result(self, *, wait: bool, timeout: float = 0.0) -> CountyBound | None:
        """The call's value; None while it runs (after `timeout` seconds, with `wait`)."""
        if wait:
            self._thread.join(timeout)
        if self._thread.is_alive():
            return None
        if self._error is not None:
            raise self._error
        return self._value


def _first_plan(data: TravelData, job: Job, settings: SolverSettings, budget: float,
                partial: bool) -> PartOutcome:
    """The one-site-a-day timetable where it places every lesson and the part has week
    pieces: pass 2 starts them from it and times the part again once they have run.
    Solving and timing every part in the first pass as well cost county-l 21-40 s of 120
    and left gaps 2-5 points wider (benchmarks/README.md). Otherwise week pieces for part
    of the budget, then days and periods (the free day model where there are no pieces:
    more than two sites a day)."""
    began = time.perf_counter()
    slots, unplaced = greedy.plan(data, job.part.rows, job.part.cands)
    missing = set(unplaced)
    for piece in job.pieces:  # a piece it places whole starts from it even where it
        # cannot place the part (a seed is a piece's whole plan: `realise` may use it)
        if not piece.teacher and not missing & {r.index for r in piece.rows}:
            seed(data, piece, slots)
    if not missing and job.pieces:
        return _greedy_part(data, slots)
    week_time = budget * B.week_share
    for i, piece in enumerate(job.pieces):
        weight = sum(p.size for p in job.pieces[i:])
        left = week_time - (time.perf_counter() - began)
        solve_piece(data, piece, settings, max(B.piece_min, left * piece.size / max(1, weight)),
                    optional=partial, prove=False)
    return realise(data, job.part.rows, job.part.cands, job.pieces, settings,
                   max(B.realise_min, budget - (time.perf_counter() - began)),
                   optional=partial)


def _greedy_part(data: TravelData, slots: list[Slot]) -> PartOutcome:
    """A part's first plan: its one-site-a-day timetable, which places every lesson; its
    bound is its pieces' (`_rebound`: their floors until they run)."""
    counts = term_counts(data, slots)
    counts["unplaced"] = 0
    return PartOutcome(status="FEASIBLE", slots=slots, level="greedy",
                       objective=points(data, counts))


def _improve(data: TravelData, done: list[Job], settings: SolverSettings, deadline: float,
             partial: bool, say: Callable[[Any], None]) -> None:
    """Pass 2: `_round_one`, then `_last_phase` until the deadline."""
    retimes = _Mean()
    _round_one(data, done, settings, deadline, partial, retimes)
    _last_phase(data, done, settings, deadline, partial, say, retimes)


def _round_one(data: TravelData, done: list[Job], settings: SolverSettings, deadline: float,
               partial: bool, retimes: _Mean) -> None:
    """One proving run (`cpsat.WEEK_PROVE`) for every open piece, smallest first (proof
    times grow steeply with size), for up to `slack` times its share by size of
    `round_one` of the time left, keeping `round_min` for each piece after it (so every
    piece gets a run, and a bound above its floor); a run ends at its proof, and the
    small pieces prove in seconds, so the large ones get long runs (the core search
    keeps nothing between runs: one long run proves what several short ones cannot). A
    run shorter than `lp_below` is followed by the piece's LP (`part.lp_floor`). A part
    is timed again once its last piece has had its run. What a piece costs beyond its
    run (`_Mean`) counts against the time left, and no run starts past the deadline: a
    piece without one keeps its floor (`part.pieces`) as its bound."""
    open_pieces = sorted(((job, p) for job in done for p in job.pieces
                          if p.status != "OPTIMAL"), key=lambda jp: jp[1].size)
    spend_until = time.perf_counter() + B.round_one * (deadline - time.perf_counter())
    waiting = Counter(id(job) for job, _p in open_pieces)
    improved: set[int] = set()
    extra = _Mean()
    for k, (job, piece) in enumerate(open_pieces):
        began, ran = time.perf_counter(), piece.seconds
        after = len(open_pieces) - k - 1
        weight = sum(p.size for _j, p in open_pieces[k:])
        left = spend_until - began
        budget = max(B.round_min, min(B.slack * left * piece.size / max(1, weight),
                                      left - B.round_min * after))
        # not past the deadline: the pieces after it share what is left, less what each
        # costs beyond its run (a piece left without a run keeps its floor as its bound)
        budget = min(budget, (deadline - began) / (after + 1) - extra.mean)
        if budget >= B.model_min and solve_piece(data, piece, settings, budget,
                                                 optional=partial):
            improved.add(id(job))
        room = deadline - time.perf_counter()
        if budget < B.lp_below and room > 0:  # too short for CP-SAT's own LP, perhaps
            lp_floor(piece, min(B.lp_max, room))
        waiting[id(job)] -= 1
        if not waiting[id(job)] and id(job) in improved and deadline > time.perf_counter():
            _retime(data, job, settings, deadline, partial, retimes)
        _rebound(job)
        extra.add(time.perf_counter() - began - (piece.seconds - ran))


def _last_phase(data: TravelData, done: list[Job], settings: SolverSettings,
                deadline: float, partial: bool, say: Callable[[Any], None],
                retimes: _Mean) -> None:
    """The largest gap per second already spent on it, until the time is up: each run
    its piece's share of the open gaps (`_shares`), from the piece's best plan (a value
    for every variable: `part.complete`). `_turn` says whether a run proves or looks for
    better plans. A part whose pieces improved is timed again every `retime_every`
    seconds and at the end, in time kept for it, not after each run (county-l: 0.25 s a
    part, 51 times in a 120 s solve when each improving run was followed by its own); the
    live figures lag by that much at most."""
    stale: dict[int, Job] = {}

    def retime_stale() -> float:
        for job in stale.values():
            _retime(data, job, settings, deadline, partial, retimes)
        stale.clear()
        return time.perf_counter()

    flushed = time.perf_counter()
    while True:
        open_pieces = [(job, p) for job in done for p in job.pieces if p.status != "OPTIMAL"]
        left = deadline - time.perf_counter()
        if not open_pieces or left < B.stop_below + len(stale) * (retimes.mean
                                                                  or B.retime_min):
            break
        share = _shares([p for _j, p in open_pieces])
        job, piece = max(open_pieces, key=lambda jp: (jp[1].gap / (1 + jp[1].seconds),
                                                      jp[1].size))
        kind, budget = _turn(piece, left * share[id(piece)], left)
        if kind == "regroup":
            better = regroup.improve(data, piece, settings, budget, optional=partial)
        else:
            better = solve_piece(data, piece, settings, budget, optional=partial,
                                 prove=kind == "prove")
        if better:
            stale[id(job)] = job
        if time.perf_counter() - flushed >= B.retime_every:
            flushed = retime_stale()
        _rebound(job)
        say(Note.of("part_improved", part="+".join(job.part.groups),
                    status=job.outcome.status, objective=f"{job.outcome.objective / SCALE:.1f}",
                    bound=f"{(job.outcome.bound or 0) / SCALE:.1f}"))
        if piece.status == "INFEASIBLE":
            break
    retime_stale()


def _turn(piece: Piece, share: float, left: float) -> tuple[str, float]:
    """A piece's next run, "prove", "regroup" or "search", and its seconds. A piece that
    no run has bounded proves first (an LNS run's bound is its LP's at best); then two
    LNS turns to one proving run: `regroup` (a few teachers' weeks at a time) where the
    piece has a plan, else CP-SAT's own LNS ("search"). On county-l at 120 s, proving runs after
    the first raised bounds by a few points where LNS turns lowered plans by hundreds
    (benchmarks/README.md). A CP-SAT run gets at least `last_run_min` (its core search
    keeps nothing between runs), a `regroup` turn at least `regroup_turn_min` (it keeps
    its plan)."""
    piece.runs += 1
    kind = ("prove" if not piece.run_bound or piece.runs % 3 == 0 else
            "regroup" if piece.solution is not None else "search")
    return kind, max(share, min(left, B.regroup_turn_min if kind == "regroup"
                                else B.last_run_min))


class _Mean:
    """A running mean of seconds: what a round-1 piece costs beyond its CP-SAT run (its
    model, its hint, its LP, its part's timetable: county-l's 113 pieces at about 0.2 s
    each took a 20 s solve to 31 s before round 1 counted them), or a part's timing."""

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    def add(self, seconds: float) -> None:
        self.total += max(0.0, seconds)
        self.count += 1


def _shares(open_pieces: list[Piece]) -> dict[int, float]:
    """Each open piece's share of the time left: its gap over the sum of gaps. A bound not
    known yet counts as 0 (every objective term is ≥ 0), a piece without a plan as the
    largest gap: `Piece.gap`'s 2^60 for either gave county-l's largest piece 50 of its
    last 55 s in one LNS run (benchmarks/README.md)."""
    known = {id(p): p.objective - (p.bound or 0) for p in open_pieces if p.objective is not None}
    widest = max(known.values(), default=1)
    gaps = {id(p): max(0, known.get(id(p), widest)) for p in open_pieces}
    total = max(1, sum(gaps.values()))
    return {key: gap / total for key, gap in gaps.items()}


def _retime(data: TravelData, job: Job, settings: SolverSettings, deadline: float,
            partial: bool, retimes: _Mean) -> None:
    """Put the part's pieces on days and in periods again (for `retime_share` of the time
    left, at least `retime_min`); keep the better plan."""
    began = time.perf_counter()
    again = realise(data, job.part.rows, job.part.cands, job.pieces, settings,
                    max(B.retime_min, (deadline - began) * B.retime_share), optional=partial)
    if again.objective is not None and (job.outcome is None or job.outcome.objective is None
                                        or again.objective < job.outcome.objective):
        job.outcome = again
    _rebound(job)
    retimes.add(time.perf_counter() - began)


def _rebound(job: Job) -> None:
    """A part's bound is the sum of its pieces' bounds (each only ever rises)."""
    o = job.outcome
    if o is None or o.objective is None or not job.pieces:
        return
    if all(p.bound is not None for p in job.pieces):
        o.set_bound(sum(p.bound for p in job.pieces))


def _merge_or_explain(data: TravelData, rows: list, links: set, done: list[Job],
                      part: decompose.Part, settings: SolverSettings, deadline: float,
                      partial: bool, say: Callable[[Any], None]) -> tuple[list[Job], set]:
    """A part proven infeasible joins every township that could lend it a teacher; once
    nothing is left to join, the conflict is explained."""
    wider = links | decompose.merge_links(data, part)
    bigger = next(p for p in decompose.parts(data, rows, wider) if part.rows[0] in p.rows)
    if len(bigger.rows) > len(part.rows) or bigger.size > part.size:
        say(Note.of("merged", part="+".join(part.groups),
                    others="+".join(g for g in bigger.groups if g not in part.groups)))
        return _regroup(data, rows, wider, done, bigger, partial), wider
    found = explain.conflicts(data, part.rows, settings,
                              max(B.retime_min, deadline - time.perf_counter()))
    raise NoPlanError(explain.say("no_timetable_part", groups=Items.of(part.groups)),
                      explain.sentences(found) or [explain.say("no_smaller")])


def _regroup(data: TravelData, rows: list, links: set, done: list[Job],
             bigger: decompose.Part, partial: bool) -> list[Job]:
    """Parts still to solve once `bigger` absorbed some; solved parts inside it are redone."""
    absorbed = {r.index for r in bigger.rows}
    done[:] = [j for j in done if not absorbed & {r.index for r in j.part.rows}]
    solved = {r.index for j in done for r in j.part.rows}
    return [Job(p, pieces(data, p.rows, p.cands, optional=partial))
            for p in decompose.parts(data, rows, links) if not solved & {r.index for r in p.rows}]


def _county_figures(data: TravelData, done: list[Job], dropped: dict[int, Note],
                    start: float, exact: bool, county: CountyBound | None) -> ProgressEvent:
    """The county's incumbent and bound so far (as `_combine` adds them: the parts' sums,
    or, when the decomposition is not exact, the county's LP bound once it is known), for
    the live display once every part has a plan."""
    penalty = data.coef["unplaced"] * sum(data.rows[r].periods for r in dropped)
    objectives = [j.outcome.objective for j in done]
    bounds = ([j.outcome.bound for j in done] if exact
              else [None if county is None else county.points])
    objective = None if None in objectives else (sum(objectives) + penalty) / SCALE
    bound = None if None in bounds else (sum(b for b in bounds if b is not None) + penalty
                                         ) / SCALE
    return ProgressEvent(time.perf_counter() - start, objective, bound)


def _combine(data: TravelData, dropped: dict[int, Note], jobs: list[Job],
             settings: SolverSettings, start: float, build_seconds: float, placed_at: float,
             exact: bool, county: CountyBound | None) -> TravelResult:
    """The county's plan from its parts. Its bound is the parts' sum only when the
    decomposition is `exact`; otherwise the parts bound a narrower problem
    (`parts_bound`) and the county's bound is the LP of `county_bound` (None only without
    a week model): the status is OPTIMAL only against a bound that holds for the county."""
    done = [(j.part, j.outcome) for j in jobs]
    slots: list[Slot] = [s for _p, o in done for s in o.slots]
    unplaced = dict(dropped)
    for part, o in done:
        why = (explain.say("not_together", groups=Items.of(part.groups))
               if o.status != "UNKNOWN" else explain.say("not_in_time"))
        unplaced.update({r: why for r in o.unplaced})
        if o.status == "UNKNOWN":
            unplaced.update({r.index: why for r in part.rows})
    statuses = [o.status for _p, o in done]
    status = ("OPTIMAL" if exact and all(s == "OPTIMAL" for s in statuses) else
              "UNKNOWN" if all(s == "UNKNOWN" for s in statuses) and statuses else "FEASIBLE")
    objective = parts_bound = None
    penalty = data.coef["unplaced"] * sum(data.rows[r].periods for r in dropped)
    if status != "UNKNOWN":
        objective = score(data.inst, slots, data)["total"]
        lower = [o.bound for _p, o in done if o.bound is not None]
        if len(lower) == len(done):
            parts_bound = (sum(lower) + penalty) / SCALE
    bound = parts_bound if exact else (
        None if county is None or county.points is None or objective is None
        else math.floor((county.points + penalty) / SCALE * 1000) / 1000)  # down: still a bound
    stats = SolveStats(
        status=status, objective=objective, best_bound=bound,
        build_seconds=build_seconds + sum(o.build_seconds for _p, o in done),
        first_solution_seconds=placed_at if objective is not None else None,
        method="cpsat", workers=settings.workers, seed=settings.seed,
        time_limit=settings.time_limit,
        stopped_by=next((o.stopped_by for _p, o in done if o.stopped_by), None))
    result = _result(data, slots, unplaced, stats, start)
    result.parts = [{
        "townships": list(p.groups), "rows": len(p.rows),
        "teachers": len({t for ts in p.cands.values() for t in ts}), "status": o.status,
        "objective": None if o.objective is None else o.objective / SCALE,
        "best_bound": None if o.bound is None else o.bound / SCALE,
        "seconds": round(o.seconds + sum(pc.seconds for pc in j.pieces), 3),
        "rounds": o.rounds, "cuts": o.cuts, "plan": o.level, "bound_clamped": o.clamped,
    } for j in jobs for p, o in [(j.part, j.outcome)]]
    result.decomposition_exact = exact
    result.parts_bound = parts_bound
    result.county_bound = {"method": "parts", "seconds": 0.0} if exact else {
        "method": "lp", "seconds": None if county is None else round(county.seconds, 3),
        "components": None if county is None else county.components,
        "bounded": None if county is None else county.bounded,
        "reason": "" if county is None else county.reason}
    return result


def _result(data: TravelData, slots: list[Slot], unplaced: dict[int, Note], stats: SolveStats,
            start: float) -> TravelResult:
    stats.solve_seconds = time.perf_counter() - start
    slots = with_weeks(data.inst, slots)
    terms = score(data.inst, slots, data)
    if stats.objective is None and stats.status == "FEASIBLE":
        stats.objective = terms["total"]
    return TravelResult(
        slots=sorted(slots), routes=build_routes(data.inst, slots), stats=stats,
        unplaced=[(data.rows[r].site, data.rows[r].class_id, data.rows[r].subject, why)
                  for r, why in sorted(unplaced.items())],
        terms=terms)
