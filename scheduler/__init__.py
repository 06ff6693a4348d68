"""Rotaplan: teacher rotation and traveling-teacher plans for county education bureaus."""

__version__ = "0.1.0"
