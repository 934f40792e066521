"""ipywidgets views over the review models (the only package that imports ipywidgets).

Each view is a function taking a model from :mod:`workbench.review` and returning an
ipywidgets ``VBox`` whose parts are named attributes. See ``docs/review.md``.
"""

from workbench.widgets.conflict_resolver import ConflictResolverView, conflict_resolver
from workbench.widgets.duplicate_review import DuplicateReviewView, duplicate_review

__all__ = ["ConflictResolverView", "DuplicateReviewView", "conflict_resolver", "duplicate_review"]
