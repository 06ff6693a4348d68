"""T12 scope: with `travel.scope = "district"` or `"township"`, a site is served only by
teachers of schools of its district or township (data contract §5).

Like T8, the rule shapes the candidates (scheduler.core.travel_rules.in_scope), so a normal
model adds nothing here. When explaining, teachers refused by the scope alone are offered
too and this family forbids them under its assumption, so a conflict can say "widen the
scope".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T12"
TITLE = "sites served from their own district or township (travel.scope)"


def build(ctx: Context) -> None:
    for (row, teacher), rule in ctx.relaxed.items():
        if rule == RULE:
            ctx.model.add(ctx.v.assign[row, teacher] == 0).only_enforce_if(ctx.guard(RULE))
