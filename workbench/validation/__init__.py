"""Validation of imported tables against the Great Expectations suites in expectations/."""
