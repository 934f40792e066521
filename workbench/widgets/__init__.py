"""ipywidgets views over the review models (the only package that imports ipywidgets).

Each view is a function taking a model from :mod:`workbench.review` and returning an
ipywidgets ``VBox`` whose parts are named attributes. See ``docs/review.md``.
"""

from workbench.widgets.conflict_resolver import ConflictResolverView, conflict_resolver
from workbench.widgets.duplicate_review import DuplicateReviewView, duplicate_review, explanation_table
from workbench.widgets.import_wizard import ImportWizardView, import_wizard
from workbench.widgets.partner_picker import PartnerPickerView, partner_picker
from workbench.widgets.sync_overview import SyncOverviewView, sync_overview

__all__ = [
    "ConflictResolverView", "DuplicateReviewView", "ImportWizardView", "PartnerPickerView", "SyncOverviewView",
    "conflict_resolver", "duplicate_review", "explanation_table", "import_wizard", "partner_picker", "sync_overview",
]
