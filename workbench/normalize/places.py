"""Address keys: street with house number, postcode, city."""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from workbench.normalize.text import fold, map_unique
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

    Examples:
        >>> street_key(pd.Series(["Hauptstraße 5", "Hauptstr. 5", "HAUPT-STRASSE 5", "Konrad-Adenauer-Str. 12 a",
        ...                       "Gl. Kongevej 12, 2. th.", "Nørrebrogade"])).tolist()
        ['hauptstrasse 5', 'hauptstrasse 5', 'hauptstrasse 5', 'konradadenauerstrasse 12a',
         'gammelkongevej 122th', 'noerrebrogade']
    """
    suffixes = dict(config.street_suffixes)
    suffix = re.compile(rf"({'|'.join(map(re.escape, suffixes))})\b\.?") if suffixes else None
    key = functools.partial(_street_key, suffix=suffix, suffixes=suffixes, words=dict(config.place_words))
    return map_unique(values, key)


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


def _street_key(text: str, suffix: re.Pattern[str] | None, suffixes: dict[str, str],
                words: dict[str, str]) -> str | None:
    folded = fold(text)
    digit = _FIRST_DIGIT.search(folded)
    cut = digit.start() if digit is not None else len(folded)
    name, number = folded[:cut], folded[cut:]
    if suffix is not None:
        name = suffix.sub(lambda match: suffixes[match.group(1)], name)
    name = "".join(words.get(word, word) for word in _BREAKS.split(name))
    return " ".join(part for part in (name, _BREAKS.sub("", number)) if part) or None


def _postcode_key(text: str) -> str | None:
    code = fold(text).upper()
    if (integer := _EXCEL_INTEGER.fullmatch(code)) is not None:
        code = integer.group(1)
    return _BREAKS.sub("", _COUNTRY_PREFIX.sub("", code)) or None


def _city_key(text: str, words: dict[str, str]) -> str | None:
    kept = [words.get(word, word) for word in _BREAKS.sub(" ", fold(text)).split() if not word.isdigit()]
    return " ".join(kept) or None
