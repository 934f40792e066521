"""Status keys: the many ways a source says active or inactive."""

from __future__ import annotations

import functools

import pandas as pd

from workbench.normalize.text import fold, map_unique
from workbench.normalize.vocabulary import DEFAULT_CONFIG, NormalizeConfig

ACTIVE = "active"
INACTIVE = "inactive"


def status_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """``"active"`` or ``"inactive"`` from a status cell; None when empty or unknown.

    Words are ``config.active_words`` (aktiv, active, ja, yes, 1, x, true, sand, …) and
    ``config.inactive_words`` (inaktiv, inactive, nein, nej, no, 0, false, falsk,
    deaktiviert, gesperrt, …), compared folded.

    Examples:
        >>> status_key(pd.Series(["Aktiv", "inaktiv", "JA", "nej", "1", "0", "x", "vielleicht", None])).tolist()
        ['active', 'inactive', 'active', 'inactive', 'active', 'inactive', 'active', None, None]
    """
    return map_unique(values, lambda text: _words(config.active_words, config.inactive_words).get(fold(text)))


@functools.cache
def _words(active: frozenset[str], inactive: frozenset[str]) -> dict[str, str]:
    return {**{fold(w): INACTIVE for w in inactive}, **{fold(w): ACTIVE for w in active},
            ACTIVE: ACTIVE, INACTIVE: INACTIVE}
