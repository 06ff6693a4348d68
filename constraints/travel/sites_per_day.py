"""T5 sites per day: at most `max_sites_per_day` different sites per teacher and day.

Counted on the day-level layer `visit[t, d, s]`, which is exactly "t teaches at s on d"
(its own school counts as a site when it has lessons there).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T5"
TITLE = "at most max_sites_per_day sites a day"


def build(ctx: Context) -> None:
    per_day: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for (t, d, _s), lit in ctx.v.visit.items():
        per_day[t, d].append(lit)
    for lits in per_day.values():
        if len(lits) > ctx.data.max_sites:
            ctx.model.add(sum(lits) <= ctx.data.max_sites).only_enforce_if(ctx.guard(RULE))
