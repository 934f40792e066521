"""Record linkage: duplicates in one base and partners between two systems, sure / possible / none, explained.

``find_duplicates(frame, config)`` and ``find_partners(a, b, config)`` return a
:class:`MatchResult`; :class:`LinkageConfig` holds every setting with documented defaults.
See ``docs/linkage.md``.
"""

from workbench.linkage.config import LinkageConfig
from workbench.linkage.matching import find_duplicates, find_partners, match_new_records
from workbench.linkage.results import MatchResult

__all__ = ["LinkageConfig", "MatchResult", "find_duplicates", "find_partners", "match_new_records"]
