"""Benchmarks: each module is one command (`.venv/bin/python -m bench.<name>`), not a test.

Results, targets and the machine they ran on are in docs/benchmarks.md. Timings belong here,
never in asserting tests.
"""
