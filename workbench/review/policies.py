"""Onboarding policies: which decisions a headless run takes by itself, and which it queues for a steward.

Every headless decision goes through a review model's ``apply_policy(policy)`` with one of
these policies — :meth:`DuplicateReview.apply_policy <workbench.review.DuplicateReview.apply_policy>`
for pairs, :meth:`ConflictResolver.apply_policy <workbench.review.ConflictResolver.apply_policy>`
for conflicts, :meth:`SyncOverviewBrowser.apply_policy <workbench.review.SyncOverviewBrowser.apply_policy>`
for the overview — whether a notebook's headless branch, ``Onboarding`` or plain Python calls it.

A policy never overrides a steward: pairs and conflicts already decided in the store
are taken as decided, whatever the policy would say. What a policy may decide:

* ``review`` — only sure decisions: link sure partners (1:1 and unambiguous), hold
  sure duplicates back from being created twice, create partners for the new records
  nothing else claims. Possible pairs and open conflicts go to the review queue, and
  the records in them wait (they are not created) until a steward decided.
* ``auto`` — as ``review``, and also accept possible pairs whose score reaches
  ``accept_possible`` (0.9) and that no veto demoted (family mailbox, re-assigned
  mobile): possible partners are linked, possible duplicates are recorded as the same;
  open conflicts are resolved by the newest record (``updated_at``), ties and unknown
  times by system priority (the source wins).

Examples:
    >>> onboarding_policy("auto").accept_possible
    0.9
    >>> onboarding_policy("auto", accept_possible=0.95, conflicts="b-wins").conflicts
    SystemPriority(winner='b')
    >>> onboarding_policy("review").decides_conflicts
    False
    >>> onboarding_policy("review").role, onboarding_policy("auto").role
    ('steward', 'admin')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from workbench.errors import ConfigError
from workbench.linkage.classify import POSSIBLE
from workbench.store import ADMIN, STEWARD, WINNER_A
from workbench.sync import NewestWins, conflict_policy
from workbench.sync.policies import ConflictPolicy


@dataclass(frozen=True)
class OnboardingPolicy:
    """How a headless onboarding run decides.

    Args:
        name: The name a command line or notebook parameter uses.
        description: One sentence for summaries and ``--help``.
        accept_possible: Possible pairs (duplicates and partners) with at least this
            score are accepted as the same; None accepts none (they are queued).
        conflicts: Who wins an open conflict; None leaves every conflict for a steward.
    """

    name: str
    description: str
    accept_possible: float | None = None
    conflicts: ConflictPolicy | None = None

    def __post_init__(self) -> None:
        if self.accept_possible is not None and not 0.0 <= self.accept_possible <= 1.0:
            raise ConfigError(f"policy {self.name}: accept_possible is a score between 0 and 1, "
                              f"not {self.accept_possible}")

    @property
    def decides_conflicts(self) -> bool:
        """Whether open conflicts are resolved by the policy."""
        return self.conflicts is not None

    @property
    def role(self) -> str:
        """Who may run it: taking only sure decisions is a steward's work; a policy that also accepts
        possible pairs or resolves conflicts decides for the stewards, which is an admin's call."""
        return ADMIN if self.accept_possible is not None or self.conflicts is not None else STEWARD

    def accepts(self, score: float) -> bool:
        """Whether a possible pair with this score is accepted as the same."""
        return self.accept_possible is not None and score >= self.accept_possible

    def accepted(self, pairs: pd.DataFrame) -> pd.Series:
        """Per pair (``match_class``, ``score``, ``veto``): a possible pair the policy accepts as the same.

        A vetoed pair (strong evidence against it: a family mailbox, a re-assigned mobile) never is.
        """
        return (pairs["match_class"] == POSSIBLE) & pairs["veto"].isna() & pairs["score"].map(self.accepts).astype(bool)

    def describe(self) -> dict[str, Any]:
        """The policy as plain data (for ``summary.json``)."""
        return {"name": self.name, "description": self.description, "accept_possible": self.accept_possible,
                "conflicts": None if self.conflicts is None else repr(self.conflicts)}


POLICIES: Mapping[str, OnboardingPolicy] = {
    "review": OnboardingPolicy(
        "review", "take only sure decisions; queue possible pairs and conflicts for a steward"),
    "auto": OnboardingPolicy(
        "auto", "also accept possible pairs scoring 0.9 or more; resolve conflicts by newest change, "
                "ties to the source", accept_possible=0.9, conflicts=NewestWins(fallback=WINNER_A)),
}
"""The named policies (``--policy NAME``)."""


def onboarding_policy(name: str, *, accept_possible: float | None = None,
                      conflicts: str | None = None) -> OnboardingPolicy:
    """The policy called ``name``, with optional overrides.

    Args:
        name: A key of :data:`POLICIES`.
        accept_possible: Overrides the score from which possible pairs are accepted.
        conflicts: Overrides the conflict policy by name (``a-wins``, ``b-wins``,
            ``newest-wins``; see :func:`workbench.sync.conflict_policy`).

    Raises:
        ConfigError: Unknown policy or conflict policy name, or a score outside 0..1.
    """
    try:
        policy = POLICIES[name]
    except KeyError:
        raise ConfigError(f"unknown onboarding policy {name!r}",
                          hint=f"Use one of: {', '.join(POLICIES)}.") from None
    changes: dict[str, Any] = {}
    if accept_possible is not None:
        changes["accept_possible"] = float(accept_possible)
    if conflicts is not None:
        changes["conflicts"] = conflict_policy(conflicts)
    return replace(policy, **changes) if changes else policy
