"""The benchmark harness behind `rotaplan bench`: suites × presets × seeds, measured alike.

Suites (benchmarks/suites/*.toml) name instance files; presets (benchmarks/settings/*.toml)
name a method and its solver settings. Every run happens in a fresh process so that its
time, CPU and peak memory are its own; results stream to a CSV and end in a report.
"""
