"""Keys for a whole record frame, and the report of values that got none."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.normalize.companies import company_key, vat_key
from workbench.normalize.countries import country_key
from workbench.normalize.emails import email_issue, email_key
from workbench.normalize.issues import INVALID, PLACEHOLDER, UNVALIDATED
from workbench.normalize.names import name_key, phonetic_key
from workbench.normalize.phones import classify_phones, read_phones, reading_regions
from workbench.normalize.places import city_key, postcode_key, street_key
from workbench.normalize.status import status_key
from workbench.normalize.text import map_unique
from workbench.normalize.timestamps import date_key, updated_at_key
from workbench.normalize.vocabulary import DEFAULT_CONFIG, DEFAULT_REGION, NormalizeConfig
from workbench.schema import DATE_FIELDS

KEY_COLUMNS: tuple[str, ...] = (
    "email_key", "phone_key", "mobile_key", "first_name_key", "last_name_key", "last_name_phonetic_key",
    "company_key", "street_key", "postcode_key", "city_key", "country_key", "status_key", "updated_at_key",
    "birth_date_key", "vat_id_key", "phone_unvalidated", "mobile_unvalidated",
)
"""The columns :func:`add_keys` adds, always all of them: the keys, and the flags that mark phone
keys kept without ``phonenumbers``' validation (see :func:`workbench.normalize.phone_key`)."""

ISSUE_COLUMNS: tuple[str, ...] = ("row", "field", "value", "problem")


def add_keys(frame: pd.DataFrame, default_region: str = DEFAULT_REGION, *,
             config: NormalizeConfig = DEFAULT_CONFIG) -> pd.DataFrame:
    """The frame plus every key column of :data:`KEY_COLUMNS`; the original columns are untouched.

    A key column whose source field is absent holds None (``updated_at_key``: NaT),
    so later steps can rely on all of them. Phone and mobile numbers are read in
    the region of the row's ``country_key``, else in ``default_region``; their keys
    include numbers ``phonenumbers`` cannot validate (``phone_unvalidated`` /
    ``mobile_unvalidated`` say which). Postcodes that lost their leading zero get it
    back from the row's country (``4128`` in DE is ``04128``), and VAT ids without
    a country prefix get the row's (``12345678`` in DK is ``DK12345678``).

    Examples:
        >>> frame = pd.DataFrame({"last_name": ["Müller"], "mobile": ["0171 1234567"], "country": ["Danmark"]})
        >>> add_keys(frame).loc[0, ["last_name_key", "last_name_phonetic_key", "country_key", "mobile_key"]].tolist()
        ['mueller', '657', 'DK', None]
        >>> add_keys(frame.assign(country=None)).loc[0, "mobile_key"]
        '+491711234567'
    """
    return frame.assign(**_keys(frame, default_region, config))  # assign names each column by its key


def _keys(frame: pd.DataFrame, default_region: str, config: NormalizeConfig) -> dict[str, pd.Series]:
    """The columns :func:`add_keys` adds, by name."""
    def missing() -> pd.Series:
        return pd.Series(np.full(len(frame), None, dtype=object), index=frame.index, dtype=object)

    def key(field: str, function, *args, **options) -> pd.Series:
        return function(frame[field], *args, **options) if field in frame.columns else missing()

    def phones(field: str) -> pd.DataFrame:
        if field not in frame.columns:
            return pd.DataFrame({"key": missing(), "unvalidated": np.zeros(len(frame), dtype=bool)}, index=frame.index)
        return read_phones(frame[field], country, default_region)

    country = key("country", country_key, config=config)
    phone, mobile = phones("phone"), phones("mobile")
    last_name = key("last_name", name_key, config=config)
    updated_at = (updated_at_key(frame["updated_at"]) if "updated_at" in frame.columns
                  else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]"))
    return {
        "email_key": key("email", email_key, config=config),
        "phone_key": phone["key"],
        "mobile_key": mobile["key"],
        "first_name_key": key("first_name", name_key, config=config),
        "last_name_key": last_name,
        "last_name_phonetic_key": phonetic_key(last_name, config=config, keyed=True),
        "company_key": key("company", company_key, config=config),
        "street_key": key("street", street_key, config=config),
        "postcode_key": key("postcode", postcode_key, country),
        "city_key": key("city", city_key, config=config),
        "country_key": country,
        "status_key": key("status", status_key, config=config),
        "updated_at_key": updated_at,
        "birth_date_key": key("birth_date", date_key),
        "vat_id_key": key("vat_id", vat_key, country, config=config),
        "phone_unvalidated": phone["unvalidated"],
        "mobile_unvalidated": mobile["unvalidated"],
    }


def encoded_keys(frame: pd.DataFrame, columns: Sequence[str], default_region: str = DEFAULT_REGION) -> dict[
        str, pd.Categorical]:
    """Key columns ``columns`` of :func:`add_keys` for ``frame``, each as a categorical (codes over its
    distinct keys, see :func:`as_categorical`): what linkage pairs on, without adding every key column to a
    copy of the frame. Every key is made, as :func:`add_keys` does; those in ``columns`` are returned.

    Examples:
        >>> frame = pd.DataFrame({"last_name": ["Müller", "Mueller", None]})
        >>> key = encoded_keys(frame, ["last_name_key"])["last_name_key"]
        >>> key.codes.tolist(), key.categories.tolist()
        ([0, 0, -1], ['mueller'])
    """
    keys = _keys(frame, default_region, DEFAULT_CONFIG)
    return {column: as_categorical(keys[column].to_numpy(dtype=object)) for column in columns}


def as_categorical(values: np.ndarray) -> pd.Categorical:
    """Values (an object array, None where missing) as a categorical, its categories in order of first appearance.

    pandas' hashing of an array of text alone stops at a NUL character (``"ab\\x00c"`` counts as ``"ab"``);
    keys made here hold no control characters (:func:`~workbench.normalize.fold`).
    """
    codes, categories = pd.factorize(values, use_na_sentinel=True)
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


def normalization_issues(frame: pd.DataFrame, keys: pd.DataFrame | None = None,
                         default_region: str = DEFAULT_REGION, *,
                         config: NormalizeConfig = DEFAULT_CONFIG) -> pd.DataFrame:
    """Values present in ``frame`` that got no key, and why: one row per problem.

    Args:
        frame: A canonical record frame (index ``row``).
        keys: The result of :func:`add_keys` for ``frame``, when already computed.
        default_region: As given to :func:`add_keys` (named in phone problems).
        config: As given to :func:`add_keys`.

    Returns:
        Columns ``row, field, value, problem``, ordered by row and field; problems
        are "placeholder e-mail", "not an e-mail address", "placeholder phone number",
        "invalid phone number for DE" (the region it was read in), "unvalidated
        phone number for DK (compared as +4512345678)" (a key is kept), "unknown
        country", "unknown status" and "unreadable date" (``updated_at`` and the
        date fields of :data:`workbench.schema.DATE_FIELDS`).

    Examples:
        >>> frame = pd.DataFrame({"email": ["keine@firma.de", "anna@firma.de"], "phone": ["123", "030 123456"]},
        ...                      index=pd.Index([5, 6], name="row"))
        >>> normalization_issues(frame).to_dict("records")
        [{'row': 5, 'field': 'email', 'value': 'keine@firma.de', 'problem': 'placeholder e-mail'},
         {'row': 5, 'field': 'phone', 'value': '123', 'problem': 'invalid phone number for DE'}]
    """
    if keys is None:
        keys = add_keys(frame, default_region, config=config)
    regions = pd.Series(reading_regions(keys["country_key"], len(keys), default_region), index=frame.index)
    found = []

    if "email" in frame.columns:
        issue = email_issue(frame["email"], config=config)
        found.append(_problems(frame, "email", issue == PLACEHOLDER, "placeholder e-mail"))
        found.append(_problems(frame, "email", issue == INVALID, "not an e-mail address"))
    for field, key_column in (("phone", "phone_key"), ("mobile", "mobile_key")):
        if field in frame.columns:
            issue = classify_phones(frame[field], keys[key_column], keys[f"{field}_unvalidated"])
            found.append(_problems(frame, field, issue == PLACEHOLDER, "placeholder phone number"))
            found.append(_problems(frame, field, issue == INVALID, "invalid phone number for " + regions))
            found.append(_problems(frame, field, issue == UNVALIDATED,
                                   "unvalidated phone number for " + regions + " (compared as "
                                   + keys[key_column].fillna("") + ")"))
    for field, key_column, problem in (("country", "country_key", "unknown country"),
                                       ("status", "status_key", "unknown status"),
                                       ("updated_at", "updated_at_key", "unreadable date")):
        if field in frame.columns:
            present = map_unique(frame[field], lambda text: bool(text.strip())).eq(True)
            found.append(_problems(frame, field, present & keys[key_column].isna(), problem))
    for field in sorted(DATE_FIELDS.intersection(frame.columns)):
        present = map_unique(frame[field], lambda text: bool(text.strip())).eq(True)
        found.append(_problems(frame, field, present & date_key(frame[field]).isna(), "unreadable date"))

    order = {name: position for position, name in enumerate(frame.columns)}
    issues = pd.concat([_empty_issues(), *found], ignore_index=True)
    issues = issues.sort_values(["row", "field"], key=lambda c: c.map(order) if c.name == "field" else c,
                                kind="stable")
    return issues.reset_index(drop=True)


def _problems(frame: pd.DataFrame, field: str, mask: pd.Series, problem: str | pd.Series) -> pd.DataFrame:
    rows = mask.eq(True).to_numpy()
    problems = problem.to_numpy(dtype=object)[rows] if isinstance(problem, pd.Series) else problem
    return pd.DataFrame({"row": frame.index.to_numpy()[rows], "field": field,
                         "value": frame[field].to_numpy(dtype=object)[rows], "problem": problems})


def _empty_issues() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in ISSUE_COLUMNS})
