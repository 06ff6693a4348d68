"""The yearly rotation plan (交流轮岗): model assembly, solve, baseline and result."""
