"""A steward's path through the duplicate review in a real JupyterLab, in headless Chromium.

JupyterLab runs on 127.0.0.1 over a temporary copy of ``notebooks/audit_duplicates.ipynb`` whose
parameters point at the bundled CRM sample and a fresh store. The test runs all cells through the
Run menu, opens the *possible* tab, clicks *same* on the pair shown, and reads the decision back
from the store with ``workbench.store``. The page is saved as ``test-output/duplicate_review_in_lab.png``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.lab import (
    NOTEBOOKS,
    REPO,
    LabNotebook,
    chromium_page,
    prepare_notebook,
    running_lab,
    show_possible_pairs,
)
from workbench.io import read_table
from workbench.linkage import find_duplicates
from workbench.store import SAME, open_store

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SAMPLE = REPO / "data_samples" / "crm_customers.xlsx"
SCREENSHOT = REPO / "test-output" / "duplicate_review_in_lab.png"
SYSTEM = "CRM"


def test_same_on_a_possible_pair_reaches_the_store(tmp_path: Path) -> None:
    store_url = f"sqlite:///{tmp_path / 'workbench.db'}"
    prepare_notebook(NOTEBOOKS / "audit_duplicates.ipynb", tmp_path / "audit_duplicates.ipynb",
                     {"source": str(SAMPLE), "sheet": "Kunden", "system": SYSTEM, "store_url": store_url,
                      "actor": "browser-test", "interactive": True})
    SCREENSHOT.parent.mkdir(exist_ok=True)

    with running_lab(tmp_path) as lab, chromium_page() as page:
        try:
            LabNotebook.run(page, lab, "audit_duplicates.ipynb")
            review = show_possible_pairs(page)
            shown = _pair_numbers(review.locator(".wb-pair th").all_inner_texts())
            review.locator("button.wb-same").click()
            review.locator("span.wb-progress", has_text=re.compile(r"^1 of \d+ reviewed")).wait_for()
        finally:
            page.screenshot(path=str(SCREENSHOT), full_page=True)

    with open_store(store_url) as store, store.transaction() as tx:
        crm = tx.systems.get(SYSTEM)
        decided = tx.decisions.pair_frame(crm, crm)
    assert len(decided) == 1
    assert {decided.loc[0, "left_no"], decided.loc[0, "right_no"]} == set(shown)
    assert decided.loc[0, "outcome"] == SAME
    assert decided.loc[0, "decided_by"] == "browser-test"
    pairs = find_duplicates(read_table(SAMPLE, sheet="Kunden").frame).pairs
    possible = {frozenset(pair) for pair in pairs.loc[pairs["match_class"] == "possible", ["a_no", "b_no"]].to_numpy()}
    assert frozenset(shown) in possible


def _pair_numbers(headers: list[str]) -> tuple[str, str]:
    """The two record numbers in the side-by-side table's headers (``CRM 1042 (row 17)``)."""
    numbers = [found.group(1) for text in headers if (found := re.match(rf"{SYSTEM} (\S+) \(row", text.strip()))]
    assert len(numbers) == 2, f"expected two records in the pair table, got headers {headers}"
    return numbers[0], numbers[1]
