"""The problems' bottom layer: what the rule families of `constraints/` import.

Types, units, rule predicates and modelling helpers of the two problems: the rotation
model's linear form and its objective levels (`linear`, `rotation_levels`), the travel
rules as predicates (`travel_rules`) and CP-SAT's logical helpers (`logic`). Modules here
import only the data contract (`scheduler.data`, `scheduler.rules`, `scheduler.errors`),
never a model, a solver driver or a family: the families sit on this layer and the
builders above them (`scheduler.rotation`, `scheduler.travel`) take the families, so the
import graph has no cycle (tests/test_layers.py asserts it).
"""
