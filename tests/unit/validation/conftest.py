"""Small canonical frames for validation tests (index ``row`` from 2: row 1 is the header)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest


def canonical(**columns: list[str | None]) -> pd.DataFrame:
    """A canonical frame: the given columns, every cell str or None, rows numbered from 2."""
    size = len(next(iter(columns.values()))) if columns else 0
    return pd.DataFrame(columns, dtype=object, index=pd.RangeIndex(2, 2 + size, name="row"))


def customers(size: int, **columns: list[str | None]) -> pd.DataFrame:
    """``size`` valid German customers; ``columns`` replaces whole columns."""
    base = {
        "customer_no": [f"K{1000 + i}" for i in range(size)],
        "company": [f"Firma {i} GmbH" for i in range(size)],
        "email": [f"kontakt{i}@firma{i}.de" for i in range(size)],
        "phone": [f"030 {1234560 + i}" for i in range(size)],
        "postcode": ["10115"] * size,
        "country": ["Deutschland"] * size,
        "status": ["aktiv"] * size,
    }
    return canonical(**{**base, **columns})


@pytest.fixture
def make_customers() -> Callable[..., pd.DataFrame]:
    return customers


@pytest.fixture
def make_frame() -> Callable[..., pd.DataFrame]:
    return canonical
