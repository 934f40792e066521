"""Folding text for comparison, and applying a scalar key function to a column fast.

:func:`fold` is the one definition of "the same text" every key builds on.
:func:`map_unique` runs a scalar function once per *distinct* value of a column
and spreads the results back, which is how every key function here stays fast on
a million rows: real columns repeat (first names, cities, countries, statuses),
and where they do not, one Python call per value is as cheap as pandas' own
string methods on object columns, which also call Python per element.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

_LETTERS = {
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa", "œ": "oe",
    "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ŋ": "n", "ħ": "h",
}
_FOLD_TABLE: dict[int, str | None] = {ord(k): v for k, v in _LETTERS.items()}
_FOLD_TABLE.update(dict.fromkeys([*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029], " "))  # controls
_FOLD_TABLE.update(dict.fromkeys([0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]))  # soft hyphen, zero-width


def fold(text: str) -> str:
    """Fold text for comparison: NFC, case, whitespace, German and Danish letters, accents.

    ü→ue, ö→oe, ä→ae, ß→ss, æ→ae, ø→oe, å→aa; other accents are stripped (é→e).
    Compatibility forms are unified (full-width letters, ligatures), control and
    zero-width characters removed, whitespace collapsed and trimmed. Letters of
    other scripts are kept (case-folded). ``fold(fold(x)) == fold(x)``.

    Examples:
        >>> fold("  Müller ") == fold("MUELLER") == "mueller"
        True
        >>> fold("Jørgensen") == fold("Joergensen")
        True
        >>> fold("José  Ångström\\tStraße")
        'jose aangstroem strasse'
    """
    if text.isascii():
        folded = text.lower()
        return " ".join((folded if folded.isprintable() else folded.translate(_FOLD_TABLE)).split())
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    if not folded.isascii():  # accents left after ä, ø, ß, …: strip the marks
        bare = "".join(c for c in unicodedata.normalize("NFKD", folded) if unicodedata.category(c) != "Mn")
        folded = unicodedata.normalize("NFC", bare).translate(_FOLD_TABLE)  # Ǽ -> æ -> ae
    return " ".join(folded.split())


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`fold` for a column: None where the value is missing or folds to nothing.

    Examples:
        >>> fold_series(pd.Series(["Søren ", None, " ", "ÆBLE"])).tolist()
        ['soeren', None, None, 'aeble']
    """
    return map_unique(values, lambda text: fold(text) or None)


def map_unique(values: pd.Series, function: Callable[[str], Any]) -> pd.Series:
    """Apply ``function`` to each distinct non-missing value of ``values`` (as ``str``) and spread the results.

    Missing values (None, NaN, NA) give None without calling ``function``; values
    that are not strings are passed as ``str(value)``. The result has the index
    of ``values`` and object dtype.

    Examples:
        >>> map_unique(pd.Series(["a", "b", "a", None]), str.upper).tolist()
        ['A', 'B', 'A', None]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)  # the last slot stays None, for code -1
    results[:-1] = [function(v if isinstance(v, str) else str(v)) for v in uniques]
    return pd.Series(results[codes], index=values.index, dtype=object, name=values.name)
