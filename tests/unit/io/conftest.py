"""Fixtures of the io tests; the builders live in io_builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.io.io_builders import CUSTOMER_HEADER, CUSTOMER_ROWS, write_xlsx


@pytest.fixture
def customer_xlsx(tmp_path: Path) -> Path:
    """A workbook with a title row, an empty row and a customer header in row 3."""
    return write_xlsx(tmp_path / "kunden.xlsx", {"Kunden": [["Kundenliste"], [], CUSTOMER_HEADER, *CUSTOMER_ROWS]})
