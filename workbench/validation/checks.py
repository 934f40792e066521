"""The domain checks behind the custom expectations, as pure vectorised functions.

Each function takes pandas Series and returns a boolean Series aligned with its
input: True where the value passes (a missing value always passes; whether a
value must be present is a rule of its own). The semantics of countries,
phone numbers, e-mail addresses and statuses are those of
:mod:`workbench.normalize`, so validation and matching agree on what is valid.
Those functions do their expensive work once per distinct value, not per row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import numpy as np
import pandas as pd

from workbench import normalize

_VAT_SEPARATORS = r"[\s.\-/]"


def _passes(values: pd.Series, verdict: pd.Series) -> pd.Series:
    return (values.isna() | verdict.fillna(False).astype(bool)).astype(bool)


def valid_emails(values: pd.Series) -> pd.Series:
    """True where the value is an e-mail address (:func:`workbench.normalize.email_issue` is not ``invalid``).

    A placeholder (``keine@firma.de``) is well-formed: matching treats it as missing, and so does this check.
    """
    return _passes(values, normalize.email_issue(values) != normalize.INVALID)


def valid_phone_numbers(numbers: pd.Series, countries: pd.Series, default_region: str) -> pd.Series:
    """True where the number is a valid phone number for its row's country.

    Args:
        numbers: Phone numbers as written.
        countries: ISO 3166 alpha-2 codes, one per row; None where unknown.
        default_region: The region a number without country code is read in
            when the row's country is unknown.

    A placeholder (``0000000``, ``n/a``) is not reported: matching treats it as
    missing, and so does this check.
    """
    return _passes(numbers, normalize.phone_issue(numbers, countries, default_region) != normalize.INVALID)


def match_country_formats(
    values: pd.Series,
    countries: pd.Series,
    patterns: Mapping[str, str],
    default_region: str | None,
    *,
    compact: bool = False,
) -> pd.Series:
    """True where the value matches the pattern of its row's country (countries without a pattern pass).

    Args:
        values: The values as written (postcodes, VAT ids, …).
        countries: ISO 3166 alpha-2 codes, one per row; None where unknown.
        patterns: Country code → regular expression the whole value must match.
        default_region: The country assumed where a row's country is unknown (None: such rows pass).
        compact: Remove spaces, dots, hyphens and slashes and upper-case before matching
            (VAT ids are often written in groups).

    Examples:
        >>> match_country_formats(pd.Series(["1234", "1234", "12345", None]), pd.Series(["DK", "DE", None, "DE"]),
        ...                       {"DE": r"\\d{5}", "DK": r"\\d{4}"}, "DE").tolist()
        [True, False, True, True]
        >>> match_country_formats(pd.Series(["de 123.456.789"]), pd.Series(["DE"]), {"DE": r"DE\\d{9}"}, None,
        ...                       compact=True).tolist()
        [True]
    """
    text = values.str.strip()
    if compact:
        text = text.str.replace(_VAT_SEPARATORS, "", regex=True).str.upper()
    country = countries.fillna(default_region) if default_region else countries
    verdict = np.ones(len(values), dtype=bool)
    for code, pattern in patterns.items():
        rows = ((country == code) & values.notna()).to_numpy(dtype=bool)
        if rows.any():
            verdict[rows] = text[rows].str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool)
    return pd.Series(verdict, index=values.index)


def normalized_in_set(
    values: pd.Series, key: Callable[[pd.Series], pd.Series], value_set: Collection[str] | None
) -> pd.Series:
    """True where ``key`` normalises the value into ``value_set`` (any value it recognises, when None)."""

    keys = key(values)
    return _passes(values, keys.isin(list(value_set)) if value_set is not None else keys.notna())


def known_countries(values: pd.Series, value_set: Collection[str] | None = None) -> pd.Series:
    """True where the value names a country (``Deutschland``, ``DK``, ``Dänemark``), optionally one of ``value_set``."""
    return normalized_in_set(values, normalize.country_key, value_set)


def known_statuses(values: pd.Series, value_set: Collection[str] | None = None) -> pd.Series:
    """True where the value is a status :func:`workbench.normalize.status_key` reads (aktiv, inaktiv, …)."""
    return normalized_in_set(values, normalize.status_key, value_set)
