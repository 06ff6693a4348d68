"""The rotation model's rule families and objective levels, in their fixed order.

Each hard family returns its constraints as data (`constraints(prob, arcs)`); R3, R6 and
R7 also decide which arcs exist (`scheduler/rotation/arcs.py`). Each objective family
returns one level (`level(prob, arcs)`). The order of LEVELS is the lexicographic order
of the objective (data contract §3) and must match `scheduler.rotation.levels.LEVELS`.
"""

from constraints.rotation import (
    balance,
    distance,
    eligibility,
    outflow,
    preferences,
    quotas,
    same_scope,
    scope,
    senior_placement,
    senior_title,
    shortage,
    subject_floor,
    total_distance,
)

# Hard rules: structural ones first (never switched off), then those an explanation may
# switch off to find which of them conflict.
HARD = (
    eligibility,  # R1 (by construction), R8: a group sends at most its size
    quotas,  # R2: movers and backbone movers
    distance,  # R3: road km ≤ max_distance_km (a filter on arcs)
    outflow,  # R4: sending caps
    subject_floor,  # R5: no required subject emptied
    scope,  # R6: group / district scope (a filter on arcs)
    senior_title,  # R7: candidates only to receiving schools (a filter on arcs)
)

# Objective levels, most important first.
LEVELS = (
    shortage,  # 1: weighted unmet shortage
    senior_placement,  # 2: senior-title candidates without their rural year
    balance,  # 3: backbone and PE+arts per 100 students, evenly spread
    same_scope,  # 4: moves leaving group and district
    total_distance,  # 5: road km
    preferences,  # 6: wishes
)

__all__ = ["HARD", "LEVELS"]
