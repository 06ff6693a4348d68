"""Re-solving a few teachers' weeks at a time (`scheduler.travel.regroup`).

Two music teachers at central school C; sites A and B are 10 km from C and 1 km from
each other, one music lesson at each. The seed gives each teacher one site: two days of
20 km. One teacher driving C-A-B-C on one day (21 km) is the optimum, and a group of
both teachers finds it; the plan it keeps is a full solution of the piece's model.
"""

from __future__ import annotations

from scheduler.solving import SolverSettings
from scheduler.travel import regroup
from scheduler.travel.data import TravelData
from scheduler.travel.part import Piece, pieces, prepare, solve_piece


def two_sites(county):
    teachers = [{"teacher_id": t, "school_id": "C", "subject": "music"} for t in ("T1", "T2")]
    lessons = [{"site_id": s, "class_id": f"{s}/1", "subject": "music", "periods_per_week": 1}
               for s in "AB"]
    roads = {("C", "A"): (10, 15), ("C", "B"): (10, 15), ("A", "B"): (1, 5)}
    return county({"C": None, "A": "C", "B": "C"}, teachers, lessons, roads)


def seeded(data: TravelData) -> Piece:
    """The piece with each teacher at one site, one day each."""
    (piece,) = pieces(data, data.rows, data.candidates, optional=False)
    by_site = {row.site: row.index for row in piece.rows}
    piece.teacher = {by_site["A"]: "T1", by_site["B"]: "T2"}
    piece.counts = {("T1", ("A",)): 1, ("T2", ("B",)): 1}
    return piece


def test_a_group_trades_rows_and_the_piece_keeps_the_better_plan(county):
    data = TravelData(two_sites(county))
    one = SolverSettings(workers=1, seed=0)
    piece = seeded(data)
    model = prepare(data, piece, one, optional=False)
    before = piece.objective
    assert before is not None and piece.solution is not None
    assert regroup.improve(data, piece, one, 5.0, optional=False)
    assert piece.objective < before
    assert len(set(piece.teacher.values())) == 1  # one teacher drives both sites
    assert {route for (_t, route), n in piece.counts.items() if n} == {("A", "B")}
    assert len(piece.solution) == len(model.model.proto.variables)
    proven = seeded(data)
    solve_piece(data, proven, one, 10.0, optional=False)
    assert proven.status == "OPTIMAL" and piece.objective == proven.objective
    assert regroup.improve(data, piece, one, 1.0, optional=False) is False  # nothing left


def test_without_a_plan_nothing_is_tried(county):
    data = TravelData(two_sites(county))
    (piece,) = pieces(data, data.rows, data.candidates, optional=False)
    assert regroup.improve(data, piece, SolverSettings(workers=1), 1.0, optional=False) is False
    assert piece.objective is None and not piece.teacher
