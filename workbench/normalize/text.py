"""Folding text for comparison, and applying a scalar key function to a column fast.

:func:`fold` is the one definition of "the same text" every key builds on.
:func:`map_unique` runs a scalar function once per *distinct* value of a column
and spreads the results back, which is how every key function here stays fast on
a million rows: real columns repeat (first names, cities, countries, statuses).
Where they do not (phone numbers, e-mail addresses), :func:`read_distinct` reads the
plain values, the bulk of a real column, in Arrow compute (RE2 regular expressions,
no Python call per value) and only the others with the scalar function; tests hold
both ways to the same answer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
    codes, texts = distinct_texts(values)
    return spread(np.fromiter(map(function, texts), dtype=object, count=len(texts)), codes, values)


def distinct_texts(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code (-1 where missing) and the distinct values as ``str`` (object array), in order of
    first appearance: the two halves of :func:`map_unique`, for key functions that work on the distinct
    values in more than one step.

    Values are told apart by Arrow's hashing of their UTF-8 bytes: pandas' own factorisation of strings
    stops at a NUL character (it takes ``"ab\\x00c"`` for ``"ab"``). Text that is not valid UTF-8 (lone
    surrogates) is told apart by pandas.

    A categorical is factorised by its codes (only the categories in use, none hashed again).

    Examples:
        >>> distinct_texts(pd.Series(["ab", None, "ab\\x00c", 7, "ab"]))
        (array([ 0, -1,  1,  2,  0]), array(['ab', 'ab\\x00c', '7'], dtype=object))
    """
    codes, texts, _ = _distinct(values)
    return codes, texts


def _distinct(values: pd.Series) -> tuple[np.ndarray, np.ndarray, pa.StringArray | None]:
    """:func:`distinct_texts`, and the distinct texts as an Arrow array (None when not UTF-8)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, used = pd.factorize(values, use_na_sentinel=True)
        texts = np.array([v if isinstance(v, str) else str(v) for v in used], dtype=object)
        return codes, texts, utf8_array(texts)
    texts = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(texts, skipna=True) not in ("string", "empty"):  # numbers from a spreadsheet, bytes, …
        texts = np.array([None if missing else value if isinstance(value, str) else str(value)
                          for value, missing in zip(texts, pd.isna(texts), strict=True)], dtype=object)
    arrow = utf8_array(texts)
    if arrow is None:
        codes, uniques = pd.factorize(texts, use_na_sentinel=True)
        return codes, np.asarray(uniques, dtype=object), None
    encoded = arrow.dictionary_encode()
    return (np.asarray(encoded.indices.fill_null(-1), dtype=np.intp),
            np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=object), encoded.dictionary)


def utf8_array(texts: np.ndarray) -> pa.StringArray | None:
    """Texts (object array of ``str``, None or NaN where missing) as an Arrow string array, for Arrow
    compute; None when one of them is not UTF-8 (lone surrogates), which such code must read otherwise."""
    try:
        return pa.array(texts, type=pa.string(), from_pandas=True)
    except UnicodeEncodeError:
        return None


def read_distinct(values: pd.Series, one: Callable[[str], tuple],
                  many: Callable[[pa.StringArray], Sequence[np.ndarray]], kinds: Sequence[type], *,
                  plain: str = "") -> tuple[np.ndarray, list[np.ndarray]]:
    """Fields read from each distinct value of ``values``: by ``many``, in Arrow compute, for all values that
    match the RE2 pattern ``plain`` (every value when empty), by ``one`` for the others.

    Both must give the same fields for a value (``one``: a tuple; ``many``: one array per field);
    ``kinds`` are the fields' numpy dtypes. Text that is not UTF-8 (lone surrogates) is read by ``one``.

    Returns:
        Each value's code (-1 where missing, as :func:`distinct_texts`) and one array per field over the
        distinct values; :func:`spread` takes a field to the rows.
    """
    codes, texts, arrow = _distinct(values)
    fast = (np.zeros(len(texts), dtype=bool) if arrow is None
            else np.asarray(pc.match_substring_regex(arrow, plain), dtype=bool))
    fields = [np.empty(len(texts), dtype=kind) for kind in kinds]
    rest = np.flatnonzero(~fast)
    readings = [one(text) for text in texts[rest]]
    for position, field in enumerate(fields):
        field[rest] = [reading[position] for reading in readings]
    if fast.any():
        for field, results in zip(fields, many(arrow.filter(pa.array(fast))), strict=True):
            field[fast] = results
    return codes, fields


def spread(results: np.ndarray, codes: np.ndarray, values: pd.Series, *, missing: Any = None) -> pd.Series:
    """Results per distinct value (see :func:`distinct_texts`) spread back to every row of ``values``
    (``missing`` where the value is missing)."""
    per_code = np.append(results, np.array([missing], dtype=results.dtype))  # the last one, for code -1
    return pd.Series(per_code[codes], index=values.index, name=values.name)
