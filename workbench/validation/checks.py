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
    missing, and so does this check. A number ``phonenumbers`` reads but cannot
    validate is reported (matching still compares it by its key).
    """
    issue = normalize.phone_issue(numbers, countries, default_region)
    return _passes(numbers, ~issue.isin([normalize.INVALID, normalize.UNVALIDATED]))


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


def valid_dates(values: pd.Series, earliest: str | None = None, latest: str | None = None) -> pd.Series:
    """True where the value names a day (:func:`workbench.normalize.date_key`) within ``[earliest, latest]``.

    Examples:
        >>> valid_dates(pd.Series(["15.03.1980", "1880-01-01", "31.02.1990", "bald", None]), "1900-01-01").tolist()
        [True, False, False, False, True]
    """
    days = normalize.date_key(values)
    inside = days.notna()
    if earliest:
        inside &= days.fillna(earliest) >= earliest
    if latest:
        inside &= days.fillna(latest) <= latest
    return _passes(values, inside)


def dates_in_order(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """True where ``later`` is not before ``earlier`` (rows where either is missing or unreadable pass).

    Examples:
        >>> dates_in_order(pd.Series(["31.12.2020", "01.01.2019", "2021-05-01", None]),
        ...                pd.Series(["2020-03-01", "01.03.2020", "nie", "2020-01-01"])).tolist()
        [True, False, True, True]
    """
    after, before = normalize.date_key(later), normalize.date_key(earlier)
    known = after.notna() & before.notna()
    return (~known | (after.fillna("") >= before.fillna(""))).astype(bool)


def years_apart(earlier: pd.Series, later: pd.Series, min_years: int, max_years: int) -> pd.Series:
    """True where ``later`` falls between ``min_years`` and ``max_years`` (whole years) after ``earlier``.

    Rows where either date is missing or unreadable pass. Used for a plausible age:
    a birth date at least 14 and at most 80 years before the hire date.

    Examples:
        >>> years_apart(pd.Series(["01.06.1990", "01.06.2012", "1930-01-01", None]),
        ...             pd.Series(["2015-05-31", "2020-01-01", "2020-01-01", "2020-01-01"]), 14, 80).tolist()
        [True, False, False, True]
    """
    first = pd.to_datetime(normalize.date_key(earlier), format="%Y-%m-%d")
    second = pd.to_datetime(normalize.date_key(later), format="%Y-%m-%d")
    years = second.dt.year - first.dt.year - ((second.dt.month * 100 + second.dt.day)
                                              < (first.dt.month * 100 + first.dt.day)).astype(int)
    known = years.notna()
    return (~known | years.between(min_years, max_years)).astype(bool)
