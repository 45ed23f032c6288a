"""Shared helpers for tests and benchmarks (private daemons, waits); no tests live here."""
