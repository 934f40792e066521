"""Cells as the review screens show them: text, or None for a missing value."""

from __future__ import annotations

import unicodedata

import pandas as pd


def cell_text(value: object) -> str | None:
    """``value`` as text; None, NaN and pandas' NA become None.

    Examples:
        >>> cell_text(None), cell_text(float("nan")), cell_text(pd.NA), cell_text("10017"), cell_text(3)
        (None, None, None, '10017', '3')
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def case_folded(text: str) -> str:
    """Text as a steward compares it by eye: case and spacing do not count, spelling does.

    Examples:
        >>> case_folded(" WEISS  Logistik GmbH") == case_folded("Weiss Logistik GmbH"), case_folded("Weiß")
        (True, 'weiß')
    """
    return " ".join(unicodedata.normalize("NFC", text).lower().split())
