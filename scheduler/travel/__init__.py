"""Traveling-teacher timetables and routes (走教): model, solve, baseline and result."""
