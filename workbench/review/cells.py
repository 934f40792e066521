"""Cells as the review screens show them: text, or None for a missing value."""

from __future__ import annotations

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
