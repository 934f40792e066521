"""The sample exports validated against their suites: every planted defect found, nothing else.

``data_samples/truth.json`` lists the defects the generator planted (dataset, row,
column, field, kind); apart from them every value passes plain format rules. So the
problems validation reports must be exactly the defects, with the suite's severities.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from workbench.io import read_raw, read_table
from workbench.validation import load_suite, validate

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"

RULE_OF_DEFECT = {
    "invalid_email": "email_valid",
    "invalid_postcode": "postcode_format",
    "unknown_country": "country_known",
    "invalid_vat_id": "vat_id_format",
    "invalid_status": "status_known",
    "missing_customer_no": "customer_no_present",
    "duplicate_customer_no": "customer_no_unique",
}
"""Defect kind in truth.json → the rule that must report it (invalid_phone: phone_valid or mobile_valid)."""

EXPECTED_COUNTS = {
    "crm": {"error": 4, "warning": 10, "info": 0},
    "crm_contacts": {"error": 0, "warning": 2, "info": 0},
    "erp": {"error": 4, "warning": 8, "info": 0},
}


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))


def rule_of(defect: dict) -> str:
    return f"{defect['field']}_valid" if defect["kind"] == "invalid_phone" else RULE_OF_DEFECT[defect["kind"]]


def read_dataset(truth: dict, dataset: str):
    meta = truth["files"][dataset]
    return read_table(SAMPLES / meta["file"], meta["kind"], sheet=meta.get("sheet"))


@pytest.mark.parametrize("dataset", ["crm", "crm_contacts", "erp"])
def test_validation_finds_exactly_the_planted_defects(truth, dataset):
    table = read_dataset(truth, dataset)
    defects = [d for d in truth["defects"] if d["dataset"] == dataset]

    report = validate(table)

    found = {(int(p.row), p.column, p.field, p.rule, p.value) for p in report.problems.itertuples()}
    planted = {(d["row"], d["column"], d["field"], rule_of(d), d["value"]) for d in defects}
    assert found == planted
    assert report.counts == EXPECTED_COUNTS[dataset]


@pytest.mark.parametrize("dataset", ["crm", "crm_contacts", "erp"])
def test_the_counts_follow_from_the_truth_and_the_suites_severities(truth, dataset):
    table = read_dataset(truth, dataset)
    severity = {rule.rule: rule.severity for rule in load_suite(f"{truth['files'][dataset]['kind']}s").rules}
    defects = [d for d in truth["defects"] if d["dataset"] == dataset]

    report = validate(table)

    expected = Counter(severity[rule_of(d)] for d in defects)
    assert report.counts == {name: expected.get(name, 0) for name in ("error", "warning", "info")}
    blocked = sorted({d["row"] for d in defects if severity[rule_of(d)] == "error"})
    assert list(report.rows_with_errors) == blocked
    rejected = report.rejected(table)
    assert list(rejected.index) == blocked
    assert len(report.accepted(table)) == len(table.frame) - len(blocked)


def test_outlook_cards_without_a_number_column_are_blocked_until_one_is_mapped():
    cards = SAMPLES / "outlook_contacts.vcf"

    unmapped = validate(read_table(cards, "contact"))
    mapped = validate(read_table(cards, "contact", mapping={"UID": "customer_no"}))

    assert unmapped.problems["rule"].tolist() == ["required_columns"]
    assert unmapped.problems["field"].tolist() == ["customer_no"]
    assert len(unmapped.rows_with_errors) == len(unmapped.rows) == 50
    assert mapped.problems.empty


def test_the_links_file_passes_its_suite():
    raw = read_raw(SAMPLES / "links.csv").cells
    frame = raw.iloc[1:].set_axis(raw.iloc[0].tolist(), axis=1).rename_axis("row")

    report = validate(frame, "links")

    assert len(report.rows) == len(pd.read_csv(SAMPLES / "links.csv"))
    assert report.problems.empty
    assert {r.status for r in report.results} == {"passed"}
