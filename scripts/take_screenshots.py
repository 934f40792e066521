"""Screenshots of the review screens for the README, taken in a real JupyterLab on the bundled samples.

Runs copies of ``notebooks/audit_duplicates.ipynb``, ``notebooks/sync_overview.ipynb`` and
``notebooks/outlook_contacts.ipynb`` (sample
parameters, a fresh store, all in a temporary folder) in JupyterLab and headless Debian Chromium,
with the helpers of the browser test (``tests/browser/lab.py``), and writes:

* ``docs/images/duplicate-review.png``: the duplicate review on its *possible* tab;
* ``docs/images/conflict-resolver.png``: the conflict resolver on a link with several conflicting
  fields, the ERP's value chosen for the first;
* ``docs/images/outlook-review.png``: the duplicate review of ``notebooks/outlook_contacts.ipynb``,
  an Outlook card beside a CRM contact (canonical fields, the card's photo as a thumbnail).

The store has a team (:data:`TEAM`: an admin, who activates the sample connections, and the
steward who reviews), so the screens show the line a steward sees: ``you: sam (steward)``.

    python scripts/take_screenshots.py [--out docs/images]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the browser test's helpers live in tests/browser/

from tests.browser.lab import (  # noqa: E402
    NOTEBOOKS,
    LabNotebook,
    chromium_page,
    prepare_notebook,
    running_lab,
    show_possible_pairs,
)

SAMPLES = REPO / "data_samples"
MOST_CONFLICT_STEPS = 30
"""Conflicts to step through, at most, looking for one with several fields."""
VIEWPORT = {"width": 1600, "height": 1600}
TEAM = (("lena", "admin"), ("sam", "steward"))
"""The store's users: the first is its admin, the last works the screens (``WORKBENCH_USER``)."""
CONNECTIONS = ("crm", "crm_contacts")
"""The sample connections the Outlook notebook reads, activated by the admin."""


def prepare_team(store_url: str) -> None:
    """Give the store its :data:`TEAM`, activate :data:`CONNECTIONS`, and let the steward work the screens."""
    from workbench.store import open_store
    from workbench.team import activate_connection, add_user

    admin = TEAM[0][0]
    with open_store(store_url) as store:
        for name, role in TEAM:
            add_user(store, name, role, actor=admin)
        for connection in CONNECTIONS:
            activate_connection(store, SAMPLES / "connections.yaml", connection, actor=admin)
    os.environ["WORKBENCH_USER"] = TEAM[-1][0]  # JupyterLab and its kernels inherit it


def take_screenshots(out: Path) -> list[Path]:
    """Write the README's screenshots into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="workbench-screenshots-") as folder:
        root = Path(folder)
        store_url = f"sqlite:///{root / 'workbench.db'}"
        prepare_notebook(NOTEBOOKS / "audit_duplicates.ipynb", root / "audit_duplicates.ipynb",
                         {"source": str(SAMPLES / "crm_customers.xlsx"), "store_url": store_url})
        prepare_notebook(NOTEBOOKS / "sync_overview.ipynb", root / "sync_overview.ipynb",
                         {"a_source": str(SAMPLES / "crm_customers.xlsx"),
                          "b_source": str(SAMPLES / "erp_customers.csv"),
                          "links": str(SAMPLES / "links.csv"), "store_url": store_url})
        prepare_notebook(NOTEBOOKS / "outlook_contacts.ipynb", root / "outlook_contacts.ipynb",
                         {"vcards": str(SAMPLES / "outlook_contacts.vcf"),
                          "connections": str(SAMPLES / "connections.yaml"), "store_url": store_url,
                          "out_dir": str(root / "out")})
        prepare_team(store_url)
        with running_lab(root) as lab:
            with chromium_page(**VIEWPORT) as page:
                LabNotebook.run(page, lab, "audit_duplicates.ipynb")
                review = show_possible_pairs(page)
                review.screenshot(path=str(out / "duplicate-review.png"))
            with chromium_page(**VIEWPORT) as page:
                LabNotebook.run(page, lab, "sync_overview.ipynb")
                resolver = page.locator(".wb-view").filter(has=page.locator("button.wb-apply")).last
                fields = resolver.locator(".wb-conflict-field")
                fields.first.wait_for()
                for _ in range(MOST_CONFLICT_STEPS):
                    if fields.count() > 1:
                        break
                    heading = resolver.inner_text()
                    resolver.locator("button.wb-next").click()
                    page.wait_for_function("([el, before]) => el.innerText !== before",
                                           arg=[resolver.element_handle(), heading])
                fields.first.locator(".widget-toggle-button").nth(1).click()  # the ERP's value chosen
                resolver.screenshot(path=str(out / "conflict-resolver.png"))
            with chromium_page(**VIEWPORT) as page:
                LabNotebook.run(page, lab, "outlook_contacts.ipynb")
                review = show_possible_pairs(page)
                pairs = int(re.search(r"Pair 1 of (\d+)", review.inner_text())[1])
                for position in range(2, pairs + 1):  # on to a pair whose card has a photo
                    if review.locator("table.wb-pair img.wb-thumb").count():
                        break
                    review.locator("button.wb-next").click()
                    review.locator(".widget-html", has_text=f"Pair {position} of {pairs}").wait_for()
                review.screenshot(path=str(out / "outlook-review.png"))
    return [out / "duplicate-review.png", out / "conflict-resolver.png", out / "outlook-review.png"]


def main(argv: list[str] | None = None) -> None:
    """Take the screenshots (``--out``, default ``docs/images``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    for path in take_screenshots(parser.parse_args(argv).out):
        print(path)


if __name__ == "__main__":
    main()
