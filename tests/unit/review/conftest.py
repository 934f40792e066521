"""Fixtures shared with the other review tests (see ``review_scenarios``)."""

from tests.unit.review.review_scenarios import duplicates, store, store_path

__all__ = ["duplicates", "store", "store_path"]
