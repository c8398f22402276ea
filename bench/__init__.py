"""Benchmarks: `make bench` runs them; figures go to the issue notes, not to assertions."""
