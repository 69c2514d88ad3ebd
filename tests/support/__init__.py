"""Helpers shared by the tests and the benchmarks: the tiny Argos package builder, fixtures."""
