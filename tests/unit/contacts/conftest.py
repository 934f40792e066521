"""The bundled samples, read once: Outlook cards, CRM contacts, CRM customers and the answer key."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workbench.io import ImportedTable, read_table
from workbench.store import Store, open_store

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


@pytest.fixture(scope="session")
def cards() -> ImportedTable:
    return read_table(SAMPLES / "outlook_contacts.vcf", "contact")


@pytest.fixture(scope="session")
def crm_contacts() -> pd.DataFrame:
    return read_table(SAMPLES / "crm_customers.xlsx", "contact", sheet="Ansprechpartner").frame


@pytest.fixture(scope="session")
def crm_customers() -> pd.DataFrame:
    return read_table(SAMPLES / "crm_customers.xlsx", "customer", sheet="Kunden").frame


@pytest.fixture(scope="session")
def truth() -> dict:
    return {card["row"]: card for card in json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))["outlook"]}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(f"sqlite:///{tmp_path / 'workbench.db'}")
    yield opened
    opened.close()
