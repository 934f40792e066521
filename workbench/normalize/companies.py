"""Company keys: the name without its legal form, so "Müller GmbH" = "Müller"; VAT ids without their form.

The comparison key is a key, never a display value: "Müller GmbH & Co. KG" stays
as written in the record and gets the key ``mueller``.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from workbench.normalize.text import fold, map_unique
from workbench.normalize.vocabulary import DEFAULT_CONFIG, NormalizeConfig

_BREAKS = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"[0-9]")
_VAT_SEPARATORS = re.compile(r"[\W_]+")
_VAT_SUFFIX = re.compile(r"(?<=[0-9])(?:MWST|TVA|IVA|MVA)+\Z")


def company_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """A company name as it compares: folded, punctuation and connectors dropped, "Fa." and legal forms dropped.

    Legal forms (``config.legal_forms``: GmbH, mbH, AG, KG, GmbH & Co. KG, UG
    (haftungsbeschränkt), e.K., e.V., ApS, A/S, I/S, K/S, IVS, Ltd, Inc, LLC, and the
    written-out forms such as Aktiengesellschaft or Anpartsselskab) are recognised
    with or without dots and spaces and dropped from the end, repeatedly; words that
    only say it is a firm (``config.company_prefixes``: Fa., Firma, Firmaet) are
    dropped from the start. A name that is nothing but such words keeps them.
    Connectors (``config.company_connectors``: &, und, og, and, …) are dropped everywhere.

    Examples:
        >>> company_key(pd.Series(["Müller GmbH & Co. KG", "MUELLER G.m.b.H.", "Müller u. Söhne",
        ...                        "Møller & Søn A/S", "Dansk Byg ApS", "Schmidt UG (haftungsbeschränkt)",
        ...                        "Fa. Müller e.K.", "Firma Jensen K/S", "GmbH"])).tolist()
        ['mueller', 'mueller', 'mueller soehne', 'moeller soen', 'dansk byg', 'schmidt', 'mueller', 'jensen', 'gmbh']
    """
    strip = functools.partial(_company_key, legal_form=_legal_form_at_end(config.legal_forms),
                              connectors=frozenset(fold(c) for c in config.company_connectors),
                              prefixes=frozenset(_BREAKS.sub(" ", fold(p)).strip() for p in config.company_prefixes))
    return map_unique(values, strip)


def vat_key(values: pd.Series, countries: pd.Series | None = None, *,
            config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """A VAT id as it compares: ``<country prefix><number>``, upper case, without spaces, dots, dashes or labels.

    The prefix is the one written (``DE``, ``DK``, ``EL``, ``CHE``, …, see
    ``config.vat_prefixes``), else the one of the row's country (``countries``:
    ISO alpha-2 per row, by position), so ``DK12345678`` = ``12345678`` in Denmark.
    A label before the id (``config.vat_labels``: CVR, USt-IdNr., VAT, …) and the
    Swiss and Norwegian suffixes (MWST, TVA, IVA, MVA) are dropped. Without a
    written prefix or a known country the key is the number alone.

    Examples:
        >>> vat_key(pd.Series(["DK 12 34 56 78", "12345678", "CVR-nr. 12345678", "de 123.456.789", "123456789"]),
        ...         pd.Series(["DK", "DK", "DK", None, None])).tolist()
        ['DK12345678', 'DK12345678', 'DK12345678', 'DE123456789', '123456789']
    """
    prefix_of = dict(config.vat_prefixes)
    prefixes = tuple(sorted(set(prefix_of.values()), key=len, reverse=True))
    labels = tuple(sorted({_compact_vat(label) for label in config.vat_labels}, key=len, reverse=True))
    written = map_unique(values, functools.partial(_vat_parts, prefixes=prefixes, labels=labels))
    parts = written.to_numpy(dtype=object)
    country = (np.full(len(parts), None, dtype=object) if countries is None
               else np.asarray(countries, dtype=object))
    keys = [None if part is None else (part[0] or prefix_of.get(region, "")) + part[1]
            for part, region in zip(parts, country, strict=True)]
    return pd.Series(keys, index=values.index, dtype=object, name=values.name)


def _vat_parts(text: str, prefixes: tuple[str, ...], labels: tuple[str, ...]) -> tuple[str, str] | None:
    """(prefix written or "", the number) of one VAT id; None when nothing is left."""
    compact = _VAT_SUFFIX.sub("", _compact_vat(text))
    while (label := next((x for x in labels if compact.startswith(x) and len(compact) > len(x)), None)) is not None:
        compact = compact[len(label):]
    prefix = next((p for p in prefixes if compact.startswith(p) and _DIGIT.search(compact, len(p))), "")
    number = compact[len(prefix):]
    return (prefix, number) if number else None


def _compact_vat(text: str) -> str:
    return _VAT_SEPARATORS.sub("", fold(text).upper())


def _company_key(text: str, legal_form: re.Pattern[str], connectors: frozenset[str],
                 prefixes: frozenset[str]) -> str | None:
    words = [word for word in _BREAKS.sub(" ", fold(text)).split() if word not in connectors]
    start = 0
    while start < len(words) - 1 and words[start] in prefixes:
        start += 1
    name = " ".join(words[start:])
    while (match := legal_form.search(name)) is not None and match.start() > 0:
        name = name[: match.start()].rstrip()
    return name or None


@functools.cache
def _legal_form_at_end(forms: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for any legal form ending the name, spaces between its letters optional."""
    letters = {"".join(_BREAKS.sub(" ", fold(form)).split()) for form in forms}
    alternatives = sorted((" ?".join(re.escape(c) for c in form) for form in letters if form), key=len, reverse=True)
    return re.compile(rf"(?:\A|(?<= ))(?:{'|'.join(alternatives)})\Z")
