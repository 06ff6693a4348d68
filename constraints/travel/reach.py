"""T8 reach: every site a teacher serves is within `max_one_way_minutes` of its school.

The rule shapes the candidates (no variable exists for a teacher out of reach), so in a
normal model it adds nothing. When explaining, out-of-reach teachers are offered too and
this family forbids them under its assumption, so a conflict can say "raise the reach".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T8"  # the predicate: scheduler.core.travel_rules.within_reach
TITLE = "sites within max_one_way_minutes of the teacher's school"


def build(ctx: Context) -> None:
    for (row, teacher), rule in ctx.relaxed.items():
        if rule == RULE:
            ctx.model.add(ctx.v.assign[row, teacher] == 0).only_enforce_if(ctx.guard(RULE))
