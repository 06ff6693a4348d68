"""The rotation model's rule families and objective levels, in their fixed order.

Each hard family returns its constraints as data (`constraints(prob, arcs)`); R3, R6, R7,
R10, R12 and L also decide which arcs exist (`allowed(prob, group)`, read by
`scheduler/rotation/arcs.py`). Each objective family
returns one level (`level(prob, arcs)`). The order of LEVELS is the lexicographic order
of the objective (data contract §3) and must match `scheduler.core.rotation_levels.LEVELS`.
"""

from constraints.rotation import (
    balance,
    cv_limits,
    direction,
    distance,
    eligibility,
    headcount,
    leaders,
    locks,
    movers,
    outflow,
    preferences,
    quotas,
    same_scope,
    scope,
    senior_placement,
    senior_title,
    shortage,
    shortage_place,
    standards,
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
    headcount,  # R9: no school past its posts
    direction,  # R10: backbone teachers not from rural or weak schools to strong ones (filter)
    leaders,  # R12: due principals and vice principals move, one principal a school
    locks,  # L: the county's locks (filters and required moves)
)

# Objective levels, most important first.
LEVELS = (
    shortage,  # 1: unmet shortage, weighted by subject
    senior_placement,  # 2: senior-title candidates without their rural year
    cv_limits,  # 3: county CVs over their limits (优质均衡)
    standards,  # 4: teachers short of the per-school standards (达标学校数)
    movers,  # 5: fewest movers
    shortage_place,  # 6: the gaps left, weighted by subject and school
    balance,  # 7: backbone and PE+arts per 100 students, evenly spread
    same_scope,  # 8: moves leaving group and district
    total_distance,  # 9: road km
    preferences,  # 10: wishes
)

__all__ = ["HARD", "LEVELS"]
