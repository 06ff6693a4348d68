"""T2 continuity and qualification: one teacher for the whole week per lesson row.

The teacher teaches the subject (main or other subject) and may travel (`can_travel`) or
serves at the site itself. A pinned `teacher_id` is respected: it is the only candidate.
When explaining, teachers refused for mobility or for a pin are offered too and are
forbidden under the `T2` and `pins` assumptions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T2"  # the predicates: scheduler.core.travel_rules.qualified and mobile
TITLE = "one qualified teacher per lesson row for the whole week"
PINS = "pins"
PINS_TITLE = "pinned teachers (lessons.csv teacher_id)"


def build(ctx: Context) -> None:
    v = ctx.v
    for row in ctx.rows:
        ctx.model.add(sum(v.assign[row.index, t] for t in ctx.cands[row.index])
                      == v.placed[row.index])
    for (row, teacher), rule in ctx.relaxed.items():
        if rule in (RULE, PINS):
            ctx.model.add(v.assign[row, teacher] == 0).only_enforce_if(ctx.guard(rule))
