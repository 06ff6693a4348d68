"""T1 coverage: every lesson row gets exactly `periods_per_week` periods.

A row's periods all go to the teacher it is assigned to (T2), so coverage is written per
(row, candidate): the row's periods with that teacher (day counts or lesson literals) add
up to the row's periods when it is assigned, and to nothing otherwise. With `--partial`
a row may be left out whole (never half placed); each period left out costs the
`unplaced` weight.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduler.travel.data import TravelData
    from scheduler.travel.model import Context
    from scheduler.travel.result import Slot

RULE = "T1"
TITLE = "every lesson row gets exactly periods_per_week periods"
TERM = "unplaced"


def build(ctx: Context) -> None:
    for row in ctx.rows:
        for t in ctx.cands[row.index]:
            ctx.model.add(sum(ctx.v.periods.get((row.index, t), []))
                          == row.periods * ctx.v.assign[row.index, t])


def objective(ctx: Context) -> Any:
    """Lesson periods left out (only rows that are optional can be)."""
    return sum(row.periods * (1 - ctx.v.placed[row.index]) for row in ctx.rows
               if not isinstance(ctx.v.placed[row.index], int))


def count(data: TravelData, slots: list[Slot]) -> int:
    placed = Counter((s.site_id, s.class_id, s.subject) for s in slots)
    return sum(max(0, row.periods - placed[row.site, row.class_id, row.subject])
               for row in data.rows)
