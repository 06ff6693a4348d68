"""T8 reach: every site a teacher serves is within `max_one_way_minutes` of its school.

The rule shapes the candidates (no variable exists for a teacher out of reach), so in a
normal model it adds nothing. When explaining, out-of-reach teachers are offered too and
this family forbids them under its assumption, so a conflict can say "raise the reach".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.data.instance import Instance
    from scheduler.data.models import Teacher
    from scheduler.travel.model import Context

RULE = "T8"
TITLE = "sites within max_one_way_minutes of the teacher's school"


def one_way_minutes(inst: Instance, t: Teacher, site: str) -> float:
    """Road minutes from the teacher's school to `site` (0 at its own school; NaN unknown)."""
    return 0.0 if t.school_id == site else inst.road_minutes(t.school_id, site)


def within_reach(inst: Instance, t: Teacher, site: str) -> bool:
    minutes = one_way_minutes(inst, t, site)
    return not math.isnan(minutes) and minutes <= inst.policy.travel.max_one_way_minutes


def build(ctx: Context) -> None:
    for (row, teacher), rule in ctx.relaxed.items():
        if rule == RULE:
            ctx.model.add(ctx.v.assign[row, teacher] == 0).only_enforce_if(ctx.guard(RULE))
