"""The conflict resolver view, driven through its widgets: toggle a value, type a correction, apply, undo."""

from __future__ import annotations

import pytest

from tests.unit.review.review_scenarios import audit_actions, customer, link, system
from workbench.review import ConflictResolver
from workbench.sync import categorize
from workbench.widgets import conflict_resolver

SNAPSHOT = {"first_name": "Eva", "last_name": "Arndt", "email": "arndt@web.de", "city": "Köln", "country": "DE",
            "status": "aktiv", "phone": "0221 100"}
CRM = system(customer("1", "Arndt", city="Bonn", phone="0221 111", first_name="Evi"),
             customer("2", "Berg", city="Aachen"))
ERP = system(customer("E1", "Arndt", city="Berlin", phone="0221 222", email="ARNDT@web.de"),
             customer("E2", "Berg", city="Essen"))


def overview(store):
    return categorize(CRM, ERP, store, system_a="CRM", system_b="ERP")


@pytest.fixture
def links(store):
    return link(store, "1", "E1", snapshot=SNAPSHOT), link(store, "2", "E2")


@pytest.fixture
def view(store, links):
    return conflict_resolver(ConflictResolver(overview(store), store, actor="eva"))


def test_the_stable_contract_and_one_row_per_conflicting_field(view):
    assert view.apply_button.description == "apply"
    assert "wb-apply" in view.apply_button._dom_classes
    assert "wb-undo" in view.undo_button._dom_classes
    assert set(view.rows) == {"city", "phone"}
    city = view.rows["city"]
    assert [label for label, _ in city.choice.options] == ["CRM: Bonn", "ERP: Berlin", "correction"]
    assert "last synced: Köln" in city.last_synced.value
    assert "wb-conflict-field" in city._dom_classes
    assert "0 of 2 conflicts resolved" in view.progress_text.value
    assert "CRM 1 ↔ ERP E1" in view.heading.value


def test_clicking_values_and_typing_a_correction_then_apply(view, store, links):
    view.rows["city"].choice.value = "b"
    view.rows["phone"].correction.value = "0221 999"
    assert view.rows["phone"].choice.value == "value"  # typing chooses the correction
    view.reason.value = "called the customer"

    view.apply_button.click()

    with store.transaction() as tx:
        decided = tx.decisions.field_frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    assert sorted(decided[["field", "outcome", "value"]].values.tolist()) == [
        ["city", "b", "Berlin"], ["phone", "value", "0221 999"]]
    assert audit_actions(store) == [("resolve conflict", "eva", "called the customer")]
    assert "1 of 2 conflicts resolved" in view.progress_text.value
    assert "CRM 2 ↔ ERP E2" in view.heading.value  # the next conflict, rows rebuilt
    assert set(view.rows) == {"city"}
    assert [label for label, _ in view.rows["city"].choice.options][:2] == ["CRM: Aachen", "ERP: Essen"]


def test_apply_without_every_choice_shows_what_is_missing(view, store):
    view.rows["city"].choice.value = "a"
    view.apply_button.click()
    assert "choose a value for phone first" in view.message.value
    assert audit_actions(store) == []


def test_undo_shows_the_resolved_link_again(view, store):
    view.rows["city"].choice.value = "a"
    view.rows["phone"].choice.value = "a"
    view.apply_button.click()
    view.undo_button.click()
    assert "Resolution undone" in view.message.value
    assert "CRM 1 ↔ ERP E1" in view.heading.value
    assert not view.apply_button.disabled
    assert overview(store).records.set_index("no").loc["1", "category"] == "conflict"


def test_updates_are_shown_for_context(view):
    assert "Also carried over" in view.other_changes.value
    assert "<td>Evi</td><td>Eva</td><td>a_to_b</td>" in view.other_changes.value  # changed in the CRM only
    assert "email" not in view.other_changes.value  # differs only in case: equal after normalisation
    view.next_button.click()
    assert "CRM 2 ↔ ERP E2" in view.heading.value
    assert "no earlier sync" in view.rows["city"].last_synced.value  # never synced: not "empty"


def test_the_records_are_shown_beside_the_conflict_and_one_click_takes_a_side(store, links):
    resolver = ConflictResolver(overview(store), store, actor="eva")
    view = conflict_resolver(resolver)
    assert resolver.record_context.loc["last_name"].tolist() == ["Arndt", "Arndt"]
    assert resolver.record_context.loc["customer_no"].tolist() == ["1", "E1"]
    assert "Arndt" in view.context.value
    assert "CRM 1" in view.context.value
    assert "last synced: " in view.rows["city"].last_synced.value  # this link was synced: Köln
    view.take_b_button.click()
    assert {row.choice.value for row in view.rows.values()} == {"b"}
    view.apply_button.click()
    assert resolver.progress.resolved == 1


def test_a_link_never_synced_says_so_instead_of_an_empty_last_value(store):
    link(store, "1", "E1")  # linked, never synced: every difference is a conflict
    view = conflict_resolver(ConflictResolver(overview(store), store, actor="eva"))
    assert view.take_a_button.description == "take all from CRM"
    assert all("no earlier sync" in row.last_synced.value for row in view.rows.values())
    assert not any("last synced" in row.last_synced.value for row in view.rows.values())


def test_the_screen_shows_who_decided_what(store, links):
    from workbench.sync.actions import ResolveConflict

    ResolveConflict(overview=overview(store), link_id=links[0], winners={"city": "b"}, actor="ada").apply(store)
    view = conflict_resolver(ConflictResolver(overview(store), store, actor="eva"))
    assert "you: eva (personal store: no users yet)" in view.title.value
    assert set(view.rows) == {"phone"}  # ada settled the city earlier: it is carried over, decided by her
    assert "city</td><td>Bonn</td><td>Berlin</td><td>b_to_a</td><td>ada</td>" in view.other_changes.value
    view.rows["phone"].choice.value = "a"
    view.apply_button.click()
    view.previous_button.click()
    assert "resolved by eva" in view.heading.value
