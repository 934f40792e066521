"""The samples' links.csv scenario: every CRM and ERP record in the category truth.json gives it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from workbench.io import read_table
from workbench.sync.actions import CreatePartners, ImportLinks
from workbench.sync.categories import categorize

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"
TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture
def overview(store):
    crm = read_table(SAMPLES / "crm_customers.xlsx")
    erp = read_table(SAMPLES / "erp_customers.csv")
    ImportLinks(path=SAMPLES / TRUTH["sync"]["links_file"], system_a="CRM", system_b="ERP").apply(store)
    return categorize(crm, erp, store, system_a="CRM", system_b="ERP")


def test_every_sample_record_lands_in_the_category_the_truth_gives(overview) -> None:
    for side, dataset in (("a", "crm"), ("b", "erp")):
        got = overview.records[overview.records["side"] == side].set_index("row")
        expected = {record["row"]: record["sync"]["category"] for record in TRUTH["records"][dataset]}
        assert len(got) == len(expected)
        wrong = {row: (category, got.loc[row, "category"]) for row, category in expected.items()
                 if got.loc[row, "category"] != category}
        assert wrong == {}, f"{dataset}: row -> (truth, overview)"


def test_the_counts_and_the_differing_fields_match_the_truth(overview) -> None:
    summary = overview.summary()
    for system, dataset in (("CRM", "crm"), ("ERP", "erp")):
        assert summary[system].to_dict() == {**dict.fromkeys(summary.index, 0), **TRUTH["summary"]["sync"][dataset]}
    differing = overview.changes.groupby("a_no")["field"].agg(set).to_dict()
    for record in TRUTH["records"]["crm"]:
        if record["sync"]["category"] == "conflict":
            assert differing[record["customer_no"]] == set(record["sync"]["differing_fields"]), record["customer_no"]


def test_the_compared_fields_are_the_truths(overview) -> None:
    assert overview.fields == tuple(TRUTH["sync"]["compared_fields"])


def test_new_records_with_a_sure_partner_in_the_other_system_are_not_created(store, overview) -> None:
    matches = pd.DataFrame([(p["crm"]["customer_no"], p["erp"]["customer_no"], p["class"]) for p in TRUTH["partners"]],
                           columns=["a_no", "b_no", "match_class"])
    action = CreatePartners(overview=overview, matches=matches, side="a")
    action.apply(store)
    new = [r for r in TRUTH["records"]["crm"] if r["sync"]["category"] == "new"]
    with_sure = {r["customer_no"] for r in new
                 if any(p["class"] == "sure" for p in r["sync"]["partners_in_other_system"])}
    assert with_sure  # the samples hold such records
    assert set(action.refused.loc[action.refused["sure_partner"].notna(), "no"]) == with_sure
    assert not with_sure & set(action.created["no"])
