"""Headless onboarding: the pipeline the notebook calls, the policies, and the papermill runner.

* :class:`Onboarding` — one run as small steps (read, validate, match, decide, export);
* :data:`POLICIES` / :func:`onboarding_policy` — ``review`` and ``auto``;
* :func:`run_onboarding` — runs ``notebooks/onboard_customers.ipynb`` with papermill and
  publishes its outputs atomically; :func:`onboard_folder` does it for every file of a folder.

See ``docs/batch.md``.
"""

from workbench.batch.onboarding import Onboarding
from workbench.batch.policies import POLICIES, OnboardingPolicy, onboarding_policy
from workbench.batch.runner import OnboardingResult, run_onboarding

__all__ = ["POLICIES", "Onboarding", "OnboardingPolicy", "OnboardingResult", "onboarding_policy", "run_onboarding"]
