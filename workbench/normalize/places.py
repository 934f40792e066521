"""Address keys: street with house number, postcode, city."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from workbench.normalize.text import distinct_texts, fold, map_unique, spread
from workbench.normalize.vocabulary import DEFAULT_CONFIG, NormalizeConfig

_BREAKS = re.compile(r"[\W_]+")
_FIRST_DIGIT = re.compile(r"\d")
_EXCEL_INTEGER = re.compile(r"([0-9]+)\.0+")
_COUNTRY_PREFIX = re.compile(r"\A[A-Z]{1,3} ?- ?(?=[0-9])|\A[A-Z]{1,3} (?=[0-9])")
_POSTCODE_DIGITS = {  # all-digit postcodes and their length: Excel drops the leading zero of "01067 Dresden"
    "DE": 5, "DK": 4, "AT": 4, "CH": 4, "LI": 4, "NO": 4, "BE": 4, "LU": 4, "FR": 5, "IT": 5, "ES": 5, "FI": 5,
    "EE": 5, "HR": 5, "US": 5,
}


def street_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """Street and house number as they compare: ``"<street name> <house number>"``.

    The street name (everything before the first digit) is folded, abbreviations
    are written out (``config.street_suffixes``: -str. → -strasse, -pl. → -platz;
    ``config.place_words``: St./Skt. → sankt, Gl. → gammel), and spaces, hyphens and
    dots are dropped, so "Konrad-Adenauer-Str." = "Konrad Adenauer Straße". The house
    number part (from the first digit on: "12 a", "12, 2. th.") keeps only letters
    and digits.

    Street names and house numbers repeat where whole addresses do not, so each
    distinct name part and house number is keyed once; the key is the one of the
    street folded whole and cut at its first digit (:func:`_street_key`), which a
    street whose name part folds into a digit ("Weg²") gets instead.

    Examples:
        >>> street_key(pd.Series(["Hauptstraße 5", "Hauptstr. 5", "HAUPT-STRASSE 5", "Konrad-Adenauer-Str. 12 a",
        ...                       "Gl. Kongevej 12, 2. th.", "Nørrebrogade"])).tolist()
        ['hauptstrasse 5', 'hauptstrasse 5', 'hauptstrasse 5', 'konradadenauerstrasse 12a',
         'gammelkongevej 122th', 'noerrebrogade']
    """
    name = _street_name_rule(config)
    codes, streets = distinct_texts(values)
    cuts = [digit.start() if (digit := _FIRST_DIGIT.search(street)) is not None else len(street) for street in streets]
    names = map_unique(pd.Series([street[:cut] for street, cut in zip(streets, cuts, strict=True)]), name)
    numbers = map_unique(pd.Series([street[cut:] for street, cut in zip(streets, cuts, strict=True)]), _house_number)
    names = names.to_numpy(dtype=object)
    alone = np.flatnonzero(names == _NOT_ALONE)
    names[alone] = ""  # keyed whole below
    keys = _joined(names, numbers.to_numpy(dtype=object))
    keys[alone] = [_street_key(street, name) for street in streets[alone]]
    return spread(keys, codes, values)


_NOT_ALONE = object()
"""What :func:`_street_name_key` gives for a name part that is not one once folded (it folds into a digit:
"Weg²"): such a street is keyed whole, by :func:`_street_key`."""


def postcode_key(values: pd.Series, countries: pd.Series | None = None) -> pd.Series:
    """Postcodes as they compare: upper case, no spaces or dashes, no country prefix ("D-", "DK-").

    With ``countries`` (ISO alpha-2 per row, by position), all-digit postcodes of
    a country whose postcodes have a fixed number of digits get back the leading
    zeros Excel dropped: "1067" and "1067.0" are "01067" in Germany, "800" is
    "0800" in Denmark, "100" is "00100" in Italy (at most two zeros are added).

    Examples:
        >>> postcode_key(pd.Series(["D-12345", "DK-8000", "123 45", "sw1a 1aa", "1067.0"])).tolist()
        ['12345', '8000', '12345', 'SW1A1AA', '1067']
        >>> postcode_key(pd.Series(["1067", "8000", "800", "4128"]), pd.Series(["DE", "DK", "DK", "SE"])).tolist()
        ['01067', '8000', '0800', '4128']
    """
    keys = map_unique(values, _postcode_key)
    if countries is None:
        return keys
    padded = keys.to_numpy(dtype=object)
    digits = pd.Series(np.asarray(countries, dtype=object)).map(_POSTCODE_DIGITS).to_numpy(dtype=float)
    length = map_unique(keys, lambda key: len(key) if key.isdigit() else 0).to_numpy(dtype=float)
    short = np.flatnonzero((length > 0) & (length >= digits - 2) & (length < digits))
    padded[short] = [key.zfill(int(width)) for key, width in zip(padded[short], digits[short], strict=True)]
    return pd.Series(padded, index=keys.index, dtype=object, name=keys.name)


def city_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """City as it compares: folded, punctuation to spaces, numbers dropped ("12345 Berlin", "Berlin 10").

    Examples:
        >>> city_key(pd.Series(["München", "MUENCHEN ", "12345 Berlin", "St. Peter-Ording", "København K"])).tolist()
        ['muenchen', 'muenchen', 'berlin', 'sankt peter ording', 'koebenhavn k']
    """
    return map_unique(values, functools.partial(_city_key, words=dict(config.place_words)))


def _street_name_rule(config: NormalizeConfig) -> Callable[[str], str | object]:
    suffixes = dict(config.street_suffixes)
    suffix = re.compile(rf"({'|'.join(map(re.escape, suffixes))})\b\.?") if suffixes else None
    return functools.partial(_street_name_key, suffix=suffix, suffixes=suffixes, words=dict(config.place_words))


def _street_key(text: str, name: Callable[[str], str]) -> str | None:
    """The key of one street, as :func:`street_key` defines it: cut the folded text at its first digit,
    then the name part's key and the house number's (the definition the per-part way gives, see there)."""
    folded = fold(text)
    digit = _FIRST_DIGIT.search(folded)
    cut = digit.start() if digit is not None else len(folded)
    parts = np.array([name(folded[:cut]), _house_number(folded[cut:])], dtype=object)
    return _joined(parts[:1], parts[1:])[0]


def _joined(names: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """``"<name> <number>"`` per position, a part left out when empty, None when both are."""
    has_name, has_number = names.astype(bool), numbers.astype(bool)
    keys = np.where(has_name, names, np.where(has_number, numbers, None))
    both = has_name & has_number
    keys[both] = names[both] + " " + numbers[both]
    return keys


def _street_name_key(text: str, suffix: re.Pattern[str] | None, suffixes: dict[str, str],
                     words: dict[str, str]) -> str | object:
    folded = fold(text)
    if _FIRST_DIGIT.search(folded) is not None:
        return _NOT_ALONE
    def written_out(text: str) -> str:
        return suffix.sub(lambda match: suffixes[match.group(1)], text) if suffix is not None else text

    joined = "".join(words.get(word, word) for word in _BREAKS.split(written_out(folded)))
    # pieces can join into an abbreviation ("S:T" -> "st", "S-tr" -> "str"): written out too, so a key keys to itself
    joined = written_out(joined)
    return words.get(joined, joined)


def _house_number(text: str) -> str:
    return _BREAKS.sub("", fold(text))


def _postcode_key(text: str) -> str | None:
    code = fold(text).upper()
    if (integer := _EXCEL_INTEGER.fullmatch(code)) is not None:
        code = integer.group(1)
    return _BREAKS.sub("", _COUNTRY_PREFIX.sub("", code)) or None


def _city_key(text: str, words: dict[str, str]) -> str | None:
    kept = [words.get(word, word) for word in _BREAKS.sub(" ", fold(text)).split() if not word.isdigit()]
    return " ".join(kept) or None
