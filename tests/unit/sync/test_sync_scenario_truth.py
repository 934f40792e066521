"""The overview agrees with the generator's truth on a scenario whose synchronized pairs differ in form."""

from __future__ import annotations

import pandas as pd

from workbench.io import write_table
from workbench.sync.actions import ImportLinks
from workbench.sync.categories import categorize
from workbench.synthetic import sync_scenario


def test_every_record_lands_in_the_category_the_generator_expects(store, tmp_path) -> None:
    a, b, links, expected = sync_scenario(1200, 1100, 800, seed=11)
    cosmetic = _linked_pairs_differing_in_case(a, b, links)
    assert cosmetic > 20  # the scenario holds pairs differing only in letter case
    ImportLinks(path=write_table(links, tmp_path / "links.csv"), system_a="A", system_b="B").apply(store)

    overview = categorize(a, b, store, system_a="A", system_b="B")

    found = pd.DataFrame({"system": overview.records["side"].str.upper(), "customer_no": overview.records["no"],
                          "category": overview.records["category"]})
    both = expected.merge(found, on=["system", "customer_no"], suffixes=("", "_found"), how="left")
    wrong = both[both["category"] != both["category_found"]]
    assert wrong.empty, wrong.head(10).to_string()


def _linked_pairs_differing_in_case(a: pd.DataFrame, b: pd.DataFrame, links: pd.DataFrame) -> int:
    pairs = (links.merge(a, left_on="a_customer_no", right_on="customer_no")
             .merge(b, left_on="b_customer_no", right_on="customer_no", suffixes=("_a", "_b")))
    count = 0
    for field in ("company", "last_name"):
        x, y = pairs[f"{field}_a"], pairs[f"{field}_b"]
        count += int(((x != y) & (x.str.lower() == y.str.lower())).sum())
    return count
