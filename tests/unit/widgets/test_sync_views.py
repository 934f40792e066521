"""The sync overview and partner picker views, driven through their widgets."""

from __future__ import annotations

import pytest

from tests.unit.review.review_scenarios import SYNC_CRM, SYNC_ERP, audit_actions, sync_links
from workbench.linkage import find_partners
from workbench.review import PartnerPicker, SyncOverviewBrowser
from workbench.widgets import PartnerPickerView, partner_picker, sync_overview
from workbench.widgets.conflict_resolver import ConflictResolverView


@pytest.fixture(scope="module")
def matches():
    return find_partners(SYNC_CRM, SYNC_ERP)


@pytest.fixture
def links(store):
    return sync_links(store)


@pytest.fixture
def view(store, links, matches):
    browser = SyncOverviewBrowser(SYNC_CRM, SYNC_ERP, store, system_a="CRM", system_b="ERP", matches=matches,
                                  actor="eva", page_size=3)
    return sync_overview(browser)


def label_of(view, category):
    return next(label for label, value in view.categories.options if value == category)


def test_categories_with_counts_and_the_page_table(view):
    assert label_of(view, "conflict") == "conflict (2)"
    assert label_of(view, "new") == "new (5)"
    assert "wb-records" in view.records.value
    assert "<td>on</td>" in view.records.value  # the sync flag as a steward reads it
    view.categories.value = "new"
    assert view.browser.category == "new"
    assert "page 1 of 2" in view.page_text.value
    labels = [label for label, _ in view.selector.options]
    assert labels[0] == "CRM 3 · Eva Claus"
    assert labels[2] == "CRM (no number, row 9) · Eva Holm"
    view.next_page_button.click()
    assert "page 2 of 2" in view.page_text.value
    assert [label for label, _ in view.selector.options] == ["ERP E3 · Eva Claus", "ERP E8 · Eva Iversen"]
    assert view.resolve_button.disabled
    assert not view.create_partners_button.disabled


def test_disable_sync_from_the_selection_updates_the_counts(view, store, links):
    view.categories.value = "synchronized"
    view.selector.value = (links["synchronized"],)
    assert "1 selected" in view.selected_text.value
    view.reason.value = "customer asked"
    view.disable_sync_button.click()

    assert label_of(view, "disabled") == "disabled (4)"
    assert "Sync disabled for 1 links" in view.message.value
    assert audit_actions(store)[-1] == ("set sync", "eva", "customer asked")
    view.undo_button.click()
    assert label_of(view, "disabled") == "disabled (2)"


def test_create_partners_reports_the_refused_records(view, store):
    view.categories.value = "new"
    view.select_all_button.click()
    view.create_partners_button.click()
    assert "2 partners planned" in view.message.value
    assert "sure partner in ERP: E3" in view.message.value


def test_errors_are_shown_not_lost(view):
    view.categories.value = "synchronized"
    view.unlink_button.click()
    assert "select records first" in view.message.value


def test_resolve_and_choose_partner_open_below_and_counts_follow(view, links):
    view.selector.value = (links["conflict"],)
    view.resolve_button.click()
    [resolver_view] = view.detail.children
    assert isinstance(resolver_view, ConflictResolverView)
    resolver_view.rows["city"].choice.value = "b"
    resolver_view.apply_button.click()
    assert label_of(view, "conflict") == "conflict (0)"

    view.categories.value = "new"
    assert view.detail.children == ()
    key = next(value for label, value in view.selector.options if label.startswith("CRM 3"))
    view.selector.value = (key,)
    view.choose_partner_button.click()
    [picker_view] = view.detail.children
    assert isinstance(picker_view, PartnerPickerView)
    picker_view.choose_button.click()
    assert label_of(view, "new") == "new (3)"
    assert "CRM 3 linked with ERP E3" in picker_view.message.value


def test_partner_picker_view_shows_candidates_and_the_proposed_number(store, links, matches):
    browser = SyncOverviewBrowser(SYNC_CRM, SYNC_ERP, store, system_a="CRM", system_b="ERP", matches=matches)
    view = partner_picker(PartnerPicker(browser.overview, store, side="a", record_no="4", matches=matches,
                                        actor="eva"))
    assert "wb-create-partner" in view.create_button._dom_classes
    assert "new number: <b>4</b>" in view.proposal.value
    view.create_button.click()
    assert "ERP 4 is planned as the partner of CRM 4: the next change set for ERP" in view.message.value
    assert "stays under “new” with partner 4" in view.message.value
    assert view.create_button.disabled
    assert view.choose_button.disabled
    assert "partner: <b>ERP 4</b>" in view.title.value

    claus = partner_picker(PartnerPicker(browser.overview, store, side="a", record_no="3", matches=matches))
    assert "wb-candidates" in claus.candidates.value
    assert claus.candidate.value == "E3"
    assert "<th>CRM 3</th><th>ERP E3 (candidate)</th>" in claus.record.value  # the fields side by side
    assert claus.record.value.count("<td>Claus</td>") == 2
    claus.create_button.click()
    assert "sure partner in ERP: E3" in claus.message.value


def test_the_screen_shows_what_a_sync_would_write_for_the_category_on_screen(view):
    view.categories.value = "deleted"
    assert "deactivate" in view.writes.value
    assert "status" in view.writes.value
    view.categories.value = "disabled"
    assert view.writes.value == "<i>A sync writes nothing for the disabled records.</i>"
