"""Every bundled sample reads through ``read_table`` into exactly the records the truth lists."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workbench.io import read_table
from workbench.normalize import updated_at_key

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"
TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))

# dataset in truth.json -> how to read it
READS = {
    "crm": {"source": "crm_customers.xlsx", "kind": "customer"},
    "crm_contacts": {"source": "crm_customers.xlsx", "kind": "contact", "sheet": "Ansprechpartner"},
    "erp": {"source": "erp_customers.csv", "kind": "customer"},
    "outlook": {"source": "outlook_contacts.vcf", "kind": "contact"},
}


def _expected(value: str | None) -> str | None:
    return value if value not in (None, "") else None


def _same(field: str, got: str | None, want: str | None) -> bool:
    if field == "updated_at":  # the truth keeps the moment; the file writes it its own way
        return updated_at_key(pd.Series([got])).iloc[0] == pd.Timestamp(want)
    return got == _expected(want)


@pytest.mark.parametrize("dataset", sorted(READS))
def test_sample_reads_as_the_truth_says(dataset: str) -> None:
    options = dict(READS[dataset])
    table = read_table(SAMPLES / options.pop("source"), **options)
    records = TRUTH["records"][dataset]

    assert table.rows == len(records)
    assert list(table.frame.index) == [r["row"] for r in records]
    for record in records:
        got = table.frame.loc[record["row"]]
        for field, value in record["values"].items():
            if dataset == "outlook" and isinstance(value, str):
                value = value.strip()  # the truth keeps the card's text; the vCard reader trims values
            assert _same(field, got[field], value), (dataset, record["row"], field, got[field], value)


def test_crm_sheet_structure_is_seen_through() -> None:
    info = TRUTH["files"]["crm"]
    table = read_table(SAMPLES / info["file"])  # no sheet given: "Hinweise" has no header, "Kunden" is taken
    assert table.sheet == info["sheet"]
    assert table.header_row == info["header_row"]
    hidden = set(info["hidden_columns"])
    assert hidden.isdisjoint(table.frame.columns)
    assert "Kundengruppe" in table.unmapped
    assert table.columns["vat_id"] == "USt-IdNr."


def test_erp_csv_detects_cp1252_and_semicolon() -> None:
    table = read_table(SAMPLES / "erp_customers.csv")
    assert (table.encoding or "").lower() in {"cp1252", "windows-1252"}
    assert table.delimiter == ";"
    assert table.columns["postcode"] == "Postnr."


def test_sqlite_sample_holds_the_erp_rows() -> None:
    csv_table = read_table(SAMPLES / "erp_customers.csv")
    sql_table = read_table(SAMPLES / "erp_customers.sqlite", table="customers")
    fields = ["customer_no", "company", "last_name", "email", "postcode"]
    assert sql_table.frame[fields].reset_index(drop=True).equals(csv_table.frame[fields].reset_index(drop=True))


def test_vcard_photos_and_workbench_ids_survive() -> None:
    import hashlib

    table = read_table(SAMPLES / "outlook_contacts.vcf", kind="contact")
    for card in TRUTH["outlook"]:
        got = table.frame.loc[card["row"]]
        assert got.get("X-WORKBENCH-ID") == card["workbench_id"]
        if card.get("photo_sha256"):
            assert hashlib.sha256(got["PHOTO"]).hexdigest() == card["photo_sha256"]
