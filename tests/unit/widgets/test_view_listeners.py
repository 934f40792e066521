"""Views stop following their model when closed or replaced: a cell run again leaves no hidden view listening."""

from __future__ import annotations

from tests.unit.review.review_scenarios import SYNC_CRM, SYNC_ERP, sync_links
from workbench.linkage import find_partners
from workbench.review import DuplicateReview, SyncOverviewBrowser
from workbench.widgets import duplicate_review, sync_overview


def test_a_cell_run_again_closes_the_view_it_replaces(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    first = duplicate_review(review)
    shown = first.progress_text.value
    second = duplicate_review(review)  # the same cell, run again

    second.same_button.click()

    assert second.progress_text.value != shown
    assert first.progress_text.value == shown  # no longer re-rendered by the model
    assert first.comm is None  # closed: its front-end views are gone


def test_a_closed_view_no_longer_follows_its_model(duplicates, store):
    review = DuplicateReview(duplicates, store, system="CRM", actor="eva")
    view = duplicate_review(review)
    shown = view.progress_text.value
    view.close()
    view.close()  # closing twice is harmless

    review.same()

    assert view.progress_text.value == shown
    again = duplicate_review(review)  # a new view of the model works as before
    assert again.progress_text.value != shown


def test_opening_a_resolver_closes_the_picker_shown_before(store):
    links = sync_links(store)
    browser = SyncOverviewBrowser(SYNC_CRM, SYNC_ERP, store, system_a="CRM", system_b="ERP",
                                  matches=find_partners(SYNC_CRM, SYNC_ERP), actor="eva")
    view = sync_overview(browser)
    view.categories.value = "new"
    view.selector.value = (next(value for label, value in view.selector.options if label.startswith("CRM 3")),)
    view.choose_partner_button.click()
    [picker_view] = view.detail.children

    view.categories.value = "conflict"
    view.selector.value = (links["conflict"],)
    view.resolve_button.click()

    assert picker_view.comm is None
    assert [type(shown).__name__ for shown in view.detail.children] == ["ConflictResolverView"]
