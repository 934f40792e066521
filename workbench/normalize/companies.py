"""Company keys: the name without its legal form, so "Müller GmbH" = "Müller".

The comparison key is a key, never a display value: "Müller GmbH & Co. KG" stays
as written in the record and gets the key ``mueller``.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from workbench.normalize.text import fold, map_unique
from workbench.normalize.vocabulary import DEFAULT_CONFIG, NormalizeConfig

_BREAKS = re.compile(r"[\W_]+")


def company_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """A company name as it compares: folded, punctuation and connectors dropped, legal forms dropped at the end.

    Legal forms (``config.legal_forms``: GmbH, mbH, AG, KG, GmbH & Co. KG, UG
    (haftungsbeschränkt), e.K., e.V., ApS, A/S, I/S, IVS, Ltd, Inc, LLC, …) are
    recognised with or without dots and spaces and dropped from the end, repeatedly;
    a name that is nothing but a legal form keeps it. Connectors
    (``config.company_connectors``: &, und, og, and, …) are dropped everywhere.

    Examples:
        >>> company_key(pd.Series(["Müller GmbH & Co. KG", "MUELLER G.m.b.H.", "Müller u. Söhne",
        ...                        "Møller & Søn A/S", "Dansk Byg ApS", "Schmidt UG (haftungsbeschränkt)",
        ...                        "GmbH"])).tolist()
        ['mueller', 'mueller', 'mueller soehne', 'moeller soen', 'dansk byg', 'schmidt', 'gmbh']
    """
    strip = functools.partial(_company_key, legal_form=_legal_form_at_end(config.legal_forms),
                              connectors=frozenset(fold(c) for c in config.company_connectors))
    return map_unique(values, strip)


def _company_key(text: str, legal_form: re.Pattern[str], connectors: frozenset[str]) -> str | None:
    name = " ".join(word for word in _BREAKS.sub(" ", fold(text)).split() if word not in connectors)
    while (match := legal_form.search(name)) is not None and match.start() > 0:
        name = name[: match.start()].rstrip()
    return name or None


@functools.cache
def _legal_form_at_end(forms: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for any legal form ending the name, spaces between its letters optional."""
    letters = {"".join(_BREAKS.sub(" ", fold(form)).split()) for form in forms}
    alternatives = sorted((" ?".join(re.escape(c) for c in form) for form in letters if form), key=len, reverse=True)
    return re.compile(rf"(?:\A|(?<= ))(?:{'|'.join(alternatives)})\Z")
