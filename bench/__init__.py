"""Benchmarks: `make bench` runs them all (bench.run); each stage has its own module."""
