"""Rule families of the traveling-teacher model (走教), one module per contract rule.

Hard families add their rules (`build(ctx)`), each under an assumption literal when the
model is built to explain infeasibility. Objective families return an integer expression
(`objective(ctx)`) and count the same quantity from a timetable alone (`count(data,
slots)`, no solver), so the score of a plan and the solver's objective agree exactly.

The order is fixed: rules in contract order, then the objective in priority order.
"""

from constraints.travel import (
    continuity,
    coverage,
    loads,
    no_overlap,
    once_a_day,
    reach,
    road_days,
    routes,
    scope,
    sites_per_day,
    spread,
    travel_gap,
    weekly_cap,
)

HARD = (
    coverage,       # T1 every row gets its periods
    continuity,     # T2 one qualified teacher per row (+ pins)
    no_overlap,     # T3 no teacher or class twice at once (+ busy.csv)
    travel_gap,     # T4 road minutes fit the gap between consecutive lessons
    sites_per_day,  # T5 at most max_sites_per_day sites a day
    weekly_cap,     # T6 weekly traveling periods within the cap
    once_a_day,     # T7 a subject once a day per class
    reach,          # T8 sites within max_one_way_minutes (shapes the candidates)
    scope,          # T12 sites served from their district or township (shapes them too)
)

OBJECTIVE = (
    routes,     # km: route metres (T9 prices the routes)
    road_days,  # teacher-days on the road
    loads,      # sum of squared weekly loads
    spread,     # adjacent days of one lesson row
    coverage,   # unplaced periods (partial mode)
)

# Assumption names that explanations can relax, with what each stands for.
RELAXABLE = {
    "T2": continuity.TITLE,
    "pins": continuity.PINS_TITLE,
    "T3": no_overlap.TITLE,
    "busy": no_overlap.BUSY_TITLE,
    "T4": travel_gap.TITLE,
    "T5": sites_per_day.TITLE,
    "T6": weekly_cap.TITLE,
    "T7": once_a_day.TITLE,
    "T8": reach.TITLE,
    "T12": scope.TITLE,
}
