"""Timestamp and date keys: the dates and times sources write, as pandas Timestamps or ISO days."""

from __future__ import annotations

import numpy as np
import pandas as pd

_DAY_FIRST = (
    r"\A(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4}|\d{2})"
    r"(?:(?:[ T]|, ?)(?:kl\.? ?)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?)?\Z"
)
_ISO = r"\A\d{4}-\d{2}-\d{2}(?:[ T].*)?\Z|\A\d{8}(?:T.*)?\Z"
_EXCEL_SERIAL = r"\A\d{5}(?:\.\d+)?\Z"  # 10000 = 1927-05-18, 99999 = 2173-10-14
_EXCEL_EPOCH = "1899-12-30"


def updated_at_key(values: pd.Series) -> pd.Series:
    """Timestamps from the ways sources write them; NaT when empty or unreadable.

    Read: ISO 8601 dates and times (``2026-02-01``, ``2026-02-01T13:45:00``,
    ``20260201``; with an offset or ``Z`` they are converted to UTC, then the zone is
    dropped); day-first dates as written in Germany and Denmark, with an optional
    time (``01.02.2026 13:45``, ``01-02-2026``, ``1/2/26``, ``01.02.2026 kl. 13.45``;
    two-digit years 00–68 are 2000–2068); Excel serial day numbers stored as text
    (``46054``, ``46054.5729``, five digits). A bare year or number is not a date.

    Examples:
        >>> updated_at_key(pd.Series(["2026-02-01T13:45:00", "01.02.2026 13:45", "01-02-2026", "46054.5",
        ...                           "31.02.2026", "gestern", None])).tolist()
        [Timestamp('2026-02-01 13:45:00'), Timestamp('2026-02-01 13:45:00'), Timestamp('2026-02-01 00:00:00'),
         Timestamp('2026-02-01 12:00:00'), NaT, NaT, NaT]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    text = pd.Series([u if isinstance(u, str) else str(u) for u in uniques], dtype=object).str.strip()
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")

    is_iso = text.str.fullmatch(_ISO).to_numpy(dtype=bool)
    iso, rest = text[is_iso], text[~is_iso]
    if not iso.empty:
        parsed[iso.index] = pd.to_datetime(iso, format="ISO8601", errors="coerce", utc=True).dt.tz_convert(None)

    is_serial = rest.str.fullmatch(_EXCEL_SERIAL).to_numpy(dtype=bool)
    serial, rest = rest[is_serial], rest[~is_serial]
    if not serial.empty:
        parsed[serial.index] = pd.to_datetime(serial.astype(float), unit="D", origin=_EXCEL_EPOCH).dt.round("s")

    parts = rest.str.extract(_DAY_FIRST).dropna(subset=["day"]).fillna("0").astype(int)
    parts = parts[(parts["hour"] < 24) & (parts["minute"] < 60) & (parts["second"] < 60)]  # not carried over
    if not parts.empty:
        year = parts["year"]
        parts["year"] = year + np.where(year >= 100, 0, np.where(year <= 68, 2000, 1900))
        parsed[parts.index] = pd.to_datetime(parts, errors="coerce")

    result = np.append(parsed.to_numpy(), np.datetime64("NaT", "ns"))[codes]
    return pd.Series(result, index=values.index, name=values.name, dtype="datetime64[ns]")


def date_key(values: pd.Series) -> pd.Series:
    """The day a value names, as ISO text (``1980-03-15``); None when empty or unreadable.

    Reads every way :func:`updated_at_key` reads (a time of day is dropped), so
    ``15.03.1980``, ``1980-03-15`` and ``29295`` (an Excel serial) are one key: this is
    how birth, hire and leave dates are compared by matching, validation and sync.

    Examples:
        >>> date_key(pd.Series(["15.03.1980", "1980-03-15", "29295", "1980-03-15T08:00", "31.02.1980", None])).tolist()
        ['1980-03-15', '1980-03-15', '1980-03-15', '1980-03-15', None, None]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # a million rows hold a few thousand dates
    days = updated_at_key(pd.Series(uniques, dtype=object)).dt.strftime("%Y-%m-%d")
    distinct = np.append(days.astype(object).where(days.notna(), None).to_numpy(dtype=object), None)
    return pd.Series(distinct[codes], index=values.index, name=values.name, dtype=object)
