"""Every view has the buttons docs/review.md promises, with the stable descriptions and DOM classes."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from tests.unit.review.review_scenarios import SYNC_CRM, SYNC_ERP, sync_links
from workbench.linkage import find_partners
from workbench.review import ConflictResolver, DuplicateReview, ImportWizard, PartnerPicker, SyncOverviewBrowser
from workbench.widgets import conflict_resolver, duplicate_review, import_wizard, partner_picker, sync_overview

DOC = Path(__file__).resolve().parents[3] / "docs" / "review.md"


def documented() -> dict[str, set[tuple[str, str]]]:
    """View -> (description, class) pairs of the page's table of stable labels."""
    section = DOC.read_text(encoding="utf-8").split("## Stable labels and DOM classes")[1].split("\n## ")[0]
    found: dict[str, set[tuple[str, str]]] = {}
    view = ""
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 3 or cells[1] in ("button (description)", "---"):
            continue
        view = cells[0] or view
        labels = re.findall(r"`([^`]+)`", cells[1])
        classes = re.findall(r"`([^`]+)`", cells[2])
        found.setdefault(view, set()).update(zip(labels, classes, strict=True))
    return found


def buttons(view: widgets.Widget) -> set[tuple[str, str]]:
    found, todo = set(), [view]
    while todo:
        widget = todo.pop()
        if isinstance(widget, widgets.Button):
            found |= {(widget.description, css) for css in widget._dom_classes}
        todo.extend(getattr(widget, "children", ()))
    return found


@pytest.fixture
def views(store, duplicates, tmp_path):
    sync_links(store)
    matches = find_partners(SYNC_CRM, SYNC_ERP)
    browser = SyncOverviewBrowser(SYNC_CRM, SYNC_ERP, store, system_a="CRM", system_b="ERP", matches=matches)
    return {
        "duplicate review": duplicate_review(DuplicateReview(duplicates, store, system="CRM")),
        "conflict resolver": conflict_resolver(ConflictResolver(browser.overview, store)),
        "partner picker": partner_picker(PartnerPicker(browser.overview, store, side="a", record_no="4",
                                                       matches=matches)),
        "sync overview": sync_overview(browser),
        "import wizard": import_wizard(ImportWizard()),
    }


def test_every_documented_button_is_there(views):
    promised = documented()
    assert set(promised) == set(views)
    assert sum(map(len, promised.values())) == 24  # the table was read
    for name, view in views.items():
        assert promised[name] <= buttons(view), name
