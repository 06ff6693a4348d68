"""Constraint families of the rotation and traveling-teacher models, one module per rule."""
