"""A steward browses the sync overview: counts, pages, selection, and the sync actions on the selection."""

from __future__ import annotations

import pytest

from tests.unit.review.review_scenarios import SYNC_CRM as CRM
from tests.unit.review.review_scenarios import SYNC_ERP as ERP
from tests.unit.review.review_scenarios import audit_actions, sync_links
from workbench.errors import ConfigError
from workbench.linkage import find_partners
from workbench.review import SyncOverviewBrowser


@pytest.fixture
def links(store):
    return sync_links(store)


@pytest.fixture(scope="module")
def matches():
    return find_partners(CRM, ERP)


@pytest.fixture
def browser(store, links, matches):
    return SyncOverviewBrowser(CRM, ERP, store, system_a="CRM", system_b="ERP", matches=matches, actor="eva",
                               page_size=2)


def keys_of(browser, *numbers):
    rows = browser.rows
    return [key for key, no in zip(rows["key"], rows["no"], strict=True) if no in numbers]


def active_links(store):
    with store.transaction() as tx:
        frame = tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    return set(frame[["a_no", "b_no", "sync"]].itertuples(index=False, name=None))


def test_six_categories_with_counts_and_pages(browser, links):
    assert browser.counts == {"conflict": 2, "new": 5, "deleted": 1, "disabled": 2, "synchronized": 2,
                              "inactive": 1}
    assert browser.category == "conflict"
    assert browser.rows["key"].tolist() == [links["conflict"]]

    browser.show("new")
    assert browser.pages == 3
    assert len(browser.page_rows()) == 2
    browser.next_page()
    browser.next_page()
    browser.next_page()  # clamped
    assert browser.page == 2
    assert len(browser.page_rows()) == 1
    browser.previous_page()
    assert browser.page == 1
    with pytest.raises(ConfigError, match="no category"):
        browser.show("lost")


def test_create_partners_for_the_selection_refuses_sure_partners_and_numberless_records(browser, store):
    browser.show("new")
    browser.select_all()
    browser.create_partners(reason="onboarding")

    assert active_links(store) >= {("4", "4", True), ("E8", "E8", True)}
    assert ("3", "3", True) not in active_links(store)  # Claus has a sure partner: link, don't create
    assert "2 partners planned (4 → ERP 4, E8 → CRM E8)" in browser.notice
    assert "CRM 3: it has a sure partner in ERP: E3" in browser.notice
    assert "CRM row 9: it has no record number" in browser.notice
    assert [a for a, _, _ in audit_actions(store)] == ["create partners", "create partners"]
    planned = browser.overview.records.set_index("no")
    assert planned.loc["4", "partner_no"] == "4"

    assert browser.undo() == 2
    assert active_links(store) == {("1", "E1", True), ("2", "E2", True), ("6", "E6", False), ("7", "E7", True)}


def test_disable_enable_and_unlink_refresh_the_counts(browser, store, links):
    browser.show("synchronized")
    browser.select([links["synchronized"]])
    browser.set_sync(False, reason="customer asked")
    assert browser.counts["disabled"] == 4
    assert browser.counts["synchronized"] == 0
    assert browser.selection == []  # the link left the list

    browser.show("disabled")
    browser.select([links["synchronized"], links["disabled"]])
    browser.set_sync(True)
    assert browser.counts["synchronized"] == 4
    assert "Sync enabled for 2 links" in browser.notice

    browser.show("synchronized")
    browser.select([links["disabled"]])
    browser.unlink(reason="wrong partner")
    assert ("6", "E6", True) not in active_links(store)
    assert browser.counts["new"] == 7
    assert [r for _, _, r in audit_actions(store)][-1] == "wrong partner"


def test_actions_need_a_fitting_selection(browser):
    with pytest.raises(ConfigError, match="select records first"):
        browser.unlink()
    with pytest.raises(ConfigError, match="works on new records, not on conflict"):
        browser.create_partners()
    browser.show("new")
    browser.select(keys_of(browser, "3", "4"))
    with pytest.raises(ConfigError, match="exactly one record"):
        browser.partner_picker()
    with pytest.raises(ConfigError, match="not in the new list"):
        browser.select([12345])
    with pytest.raises(ConfigError, match="conflict list"):
        browser.conflict_resolver()


def test_a_conflict_resolved_from_the_browser_updates_its_counts(browser, links):
    browser.select([links["conflict"]])
    resolver = browser.conflict_resolver()
    assert resolver.link_id == links["conflict"]
    resolver.choose("city", "a")
    resolver.submit()
    assert browser.counts["conflict"] == 0
    assert browser.counts["synchronized"] == 4


def test_a_partner_chosen_from_the_browser_updates_its_counts(browser):
    browser.show("new")
    browser.select(keys_of(browser, "3"))
    picker = browser.partner_picker()
    assert picker.chosen == "E3"
    picker.link()
    assert browser.counts["new"] == 3
    assert browser.counts["synchronized"] == 4
    picker.undo()
    assert browser.counts["new"] == 5
