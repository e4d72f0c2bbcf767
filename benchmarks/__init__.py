"""Benchmarks of the course's grader and reference code (see benchmarks/README.md)."""
