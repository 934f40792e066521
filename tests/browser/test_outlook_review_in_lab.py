"""The Outlook notebook in a real JupyterLab: the duplicate review of the cards fits the screen and answers keys.

JupyterLab runs over a temporary copy of ``notebooks/outlook_contacts.ipynb`` (the bundled Outlook export
against the CRM's contacts, a fresh store). The test runs all cells, opens the possible duplicates, checks
that both records' columns of the side-by-side table are inside the window (the card's photo as a thumbnail,
no raw vCard rows), then presses ``s`` on the review and reads the decision back from the store. The page
is saved as ``test-output/outlook_review_in_lab.png``.
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
from workbench.contacts import OutlookSystems
from workbench.store import SAME, open_store

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SCREENSHOT = REPO / "test-output" / "outlook_review_in_lab.png"
WIDTH = 1400


def test_the_card_and_the_contact_are_both_on_screen_and_s_decides_same(tmp_path: Path) -> None:
    store_url = f"sqlite:///{tmp_path / 'workbench.db'}"
    prepare_notebook(NOTEBOOKS / "outlook_contacts.ipynb", tmp_path / "outlook_contacts.ipynb",
                     {"vcards": str(REPO / "data_samples" / "outlook_contacts.vcf"),
                      "connections": str(REPO / "data_samples" / "connections.yaml"),
                      "store_url": store_url, "out_dir": str(tmp_path / "out"), "interactive": True})
    SCREENSHOT.parent.mkdir(exist_ok=True)

    with running_lab(tmp_path) as lab, chromium_page(width=WIDTH) as page:
        try:
            LabNotebook.run(page, lab, "outlook_contacts.ipynb")
            review = show_possible_pairs(page)
            pair = review.locator("table.wb-pair")
            headers = pair.locator("th")
            assert headers.nth(1).inner_text().startswith("Outlook ")
            assert headers.nth(2).inner_text().startswith("CRM contacts ")
            for column in (1, 2):
                box = headers.nth(column).bounding_box()
                assert box is not None, column
                assert box["x"] >= 0, (column, box)
                assert box["x"] + box["width"] <= WIDTH, (column, box)
            fields = pair.locator("td.wb-field").all_inner_texts()
            assert not {"FN", "N", "REV", "UID", "TEL (all)", "PHOTO"} & set(fields), fields
            review.locator(".widget-html", has_text=re.compile(r"Duplicate review")).first.click()
            page.keyboard.press("s")
            review.locator("span.wb-progress", has_text=re.compile(r"^1 of \d+ reviewed")).wait_for()
        finally:
            page.screenshot(path=str(SCREENSHOT), full_page=True)

    systems = OutlookSystems()
    with open_store(store_url) as store, store.transaction() as tx:
        decided = tx.decisions.pair_frame(tx.systems.get(systems.outlook), tx.systems.get(systems.contacts))
    assert decided["outcome"].tolist() == [SAME]
