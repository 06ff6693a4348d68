"""Third objective: even loads, as the sum over teachers of (weekly lesson periods)^2.

A sum of squares is smallest when the periods are spread evenly over the teachers who can
take them, and it adds up over teachers, so a decomposed solve's parts add up exactly.
The square is exact (a multiplication constraint) and its tangents give the LP a bound.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduler.travel.data import TravelData
    from scheduler.travel.model import Context
    from scheduler.travel.result import Slot

TERM = "loads"


def objective(ctx: Context) -> Any:
    m = ctx.model
    terms = []
    for t in ctx.teachers:
        rows = [row for row in ctx.rows if (row.index, t) in ctx.v.assign]
        top = sum(row.periods for row in rows)
        load = m.new_int_var(0, top, f"load[{t}]")
        m.add(load == sum(row.periods * ctx.v.assign[row.index, t] for row in rows))
        square = m.new_int_var(0, top * top, f"load2[{t}]")
        m.add_multiplication_equality(square, [load, load])
        for k in range(top):  # x^2 >= (2k+1) x - k(k+1), tight at k and k+1
            m.add(square >= (2 * k + 1) * load - k * (k + 1))
        terms.append(square)
    return sum(terms)


def count(data: TravelData, slots: list[Slot]) -> int:
    return sum(n * n for n in Counter(s.teacher_id for s in slots).values())
