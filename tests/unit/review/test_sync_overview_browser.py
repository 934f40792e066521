"""A steward browses the sync overview: counts, pages, selection, and the sync actions on the selection."""

from __future__ import annotations

import pytest

from tests.unit.review.review_scenarios import SYNC_CRM as CRM
from tests.unit.review.review_scenarios import SYNC_ERP as ERP
from tests.unit.review.review_scenarios import audit_actions, sync_links
from workbench.errors import ConfigError
from workbench.linkage import find_partners
from workbench.review import SyncOverviewBrowser, onboarding_policy


@pytest.fixture
def links(store):
    return sync_links(store)


@pytest.fixture(scope="module")
def matches():
    return find_partners(CRM, ERP)


@pytest.fixture
def overview_browser(store, links, matches):
    return SyncOverviewBrowser(CRM, ERP, store, system_a="CRM", system_b="ERP", matches=matches, actor="eva",
                               page_size=2)


def keys_of(overview_browser, *numbers):
    rows = overview_browser.rows
    return [key for key, no in zip(rows["key"], rows["no"], strict=True) if no in numbers]


def active_links(store):
    with store.transaction() as tx:
        frame = tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    return set(frame[["a_no", "b_no", "sync"]].itertuples(index=False, name=None))


def test_six_categories_with_counts_and_pages(overview_browser, links):
    assert overview_browser.counts == {"conflict": 2, "new": 5, "deleted": 1, "disabled": 2, "synchronized": 2,
                              "inactive": 1}
    assert overview_browser.category == "conflict"
    assert overview_browser.rows["key"].tolist() == [links["conflict"]]

    overview_browser.show("new")
    assert overview_browser.pages == 3
    assert len(overview_browser.page_rows()) == 2
    overview_browser.next_page()
    overview_browser.next_page()
    overview_browser.next_page()  # clamped
    assert overview_browser.page == 2
    assert len(overview_browser.page_rows()) == 1
    overview_browser.previous_page()
    assert overview_browser.page == 1
    with pytest.raises(ConfigError, match="no category"):
        overview_browser.show("lost")


def test_create_partners_for_the_selection_refuses_sure_partners_and_numberless_records(overview_browser, store):
    overview_browser.show("new")
    overview_browser.select_all()
    overview_browser.create_partners(reason="onboarding")

    assert active_links(store) >= {("4", "4", True), ("E8", "E8", True)}
    assert ("3", "3", True) not in active_links(store)  # Claus has a sure partner: link, don't create
    assert "2 partners planned (4 → ERP 4, E8 → CRM E8)" in overview_browser.notice
    assert "CRM 3: it has a sure partner in ERP: E3" in overview_browser.notice
    assert "CRM row 9: it has no record number" in overview_browser.notice
    assert [a for a, _, _ in audit_actions(store)] == ["create partners", "create partners"]
    planned = overview_browser.overview.records.set_index("no")
    assert planned.loc["4", "partner_no"] == "4"

    assert overview_browser.undo() == 2
    assert active_links(store) == {("1", "E1", True), ("2", "E2", True), ("6", "E6", False), ("7", "E7", True)}


def test_disable_enable_and_unlink_refresh_the_counts(overview_browser, store, links):
    overview_browser.show("synchronized")
    overview_browser.select([links["synchronized"]])
    overview_browser.set_sync(False, reason="customer asked")
    assert overview_browser.counts["disabled"] == 4
    assert overview_browser.counts["synchronized"] == 0
    assert overview_browser.selection == []  # the link left the list

    overview_browser.show("disabled")
    overview_browser.select([links["synchronized"], links["disabled"]])
    overview_browser.set_sync(True)
    assert overview_browser.counts["synchronized"] == 4
    assert "Sync enabled for 2 links" in overview_browser.notice

    overview_browser.show("synchronized")
    overview_browser.select([links["disabled"]])
    overview_browser.unlink(reason="wrong partner")
    assert ("6", "E6", True) not in active_links(store)
    assert overview_browser.counts["new"] == 7
    assert [r for _, _, r in audit_actions(store)][-1] == "wrong partner"


def test_actions_need_a_fitting_selection(overview_browser):
    with pytest.raises(ConfigError, match="select records first"):
        overview_browser.unlink()
    with pytest.raises(ConfigError, match="works on new records, not on conflict"):
        overview_browser.create_partners()
    overview_browser.show("new")
    overview_browser.select(keys_of(overview_browser, "3", "4"))
    with pytest.raises(ConfigError, match="exactly one record"):
        overview_browser.partner_picker()
    with pytest.raises(ConfigError, match="not in the new list"):
        overview_browser.select([12345])
    with pytest.raises(ConfigError, match="conflict list"):
        overview_browser.conflict_resolver()


def test_a_conflict_resolved_from_the_browser_updates_its_counts(overview_browser, links):
    overview_browser.select([links["conflict"]])
    resolver = overview_browser.conflict_resolver()
    assert resolver.link_id == links["conflict"]
    resolver.choose("city", "a")
    resolver.submit()
    assert overview_browser.counts["conflict"] == 0
    assert overview_browser.counts["synchronized"] == 4


def test_a_partner_chosen_from_the_browser_updates_its_counts(overview_browser):
    overview_browser.show("new")
    overview_browser.select(keys_of(overview_browser, "3"))
    picker = overview_browser.partner_picker()
    assert picker.chosen == "E3"
    picker.link()
    assert overview_browser.counts["new"] == 3
    assert overview_browser.counts["synchronized"] == 4
    picker.undo()
    assert overview_browser.counts["new"] == 5


def test_the_browser_says_per_category_what_a_sync_would_write_where(overview_browser):
    writes = overview_browser.writes
    assert list(writes.columns) == ["category", "system", "action", "records", "fields"]
    assert writes[writes["category"] == "deleted"][["action", "fields"]].values.tolist() == [["deactivate", "status"]]
    assert overview_browser.writes is writes  # built once per overview


def test_a_policy_resolves_the_conflicts_through_the_resolver_and_the_counts_follow(overview_browser, store):
    assert overview_browser.counts["conflict"] == 2

    assert overview_browser.apply_policy(onboarding_policy("auto", conflicts="a-wins"), reason="nightly") == 1

    assert overview_browser.counts["conflict"] == 0
    assert "1 conflicting fields resolved by policy auto" in overview_browser.notice
    assert audit_actions(store)[-1] == ("resolve conflicts", "eva", "nightly")
    overview_browser.undo()
    assert overview_browser.counts["conflict"] == 2
