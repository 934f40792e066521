"""Review models: plain-Python state and actions behind the widgets (no ipywidgets here).

Each model records the steward's decisions through the sync actions (who, when, why;
undoable) and tells its views about changes through ``on_change``. Headless runs decide
through the same models: ``apply_policy(policy)`` with an :class:`OnboardingPolicy`
(:mod:`workbench.review.policies`; what a whole onboarding run plans, and how it takes the
plan through these models: :mod:`workbench.review.decisions`). See ``docs/review.md``.
"""

from workbench.review.conflicts import ConflictProgress, ConflictResolver, FieldConflict
from workbench.review.duplicates import TAB_TITLES, TABS, DuplicateReview, PairDecision, PairView, Picture, Progress
from workbench.review.history import History
from workbench.review.observers import Observable
from workbench.review.overview import SyncOverviewBrowser
from workbench.review.partners import PartnerPicker, partner_matches
from workbench.review.policies import POLICIES, OnboardingPolicy, onboarding_policy
from workbench.review.wizard import ImportWizard

__all__ = [
    "POLICIES", "TABS", "TAB_TITLES", "ConflictProgress", "ConflictResolver", "DuplicateReview", "FieldConflict",
    "History", "ImportWizard", "Observable", "OnboardingPolicy", "PairDecision", "PairView", "PartnerPicker",
    "Picture", "Progress", "SyncOverviewBrowser", "onboarding_policy", "partner_matches",
]
