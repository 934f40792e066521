"""Headless onboarding: the pipeline the notebook calls and the papermill runner.

* :class:`Onboarding` — one run as small steps (read, validate, match, decide, export); its
  decisions are the review models' (``apply_policy`` with a :class:`workbench.review.OnboardingPolicy`);
* :func:`run_onboarding` — runs ``notebooks/onboard_customers.ipynb`` with papermill and
  publishes its outputs atomically; :func:`onboard_folder` does it for every file of a folder.

See ``docs/batch.md``.
"""

from workbench.batch.onboarding import Onboarding
from workbench.batch.runner import OnboardingResult, run_onboarding

__all__ = ["Onboarding", "OnboardingResult", "run_onboarding"]
