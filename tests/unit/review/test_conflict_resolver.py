"""A steward resolves conflicts: a side per field or a typed correction, applied through ResolveConflict."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.review.review_scenarios import audit_actions, customer, link, system
from workbench.errors import ConfigError, StaleWriteError
from workbench.io import read_table
from workbench.review import ConflictResolver, onboarding_policy
from workbench.sync import ImportLinks, SetSync, categorize

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"
SNAPSHOT = {"first_name": "Eva", "last_name": "Arndt", "email": "arndt@web.de", "phone": "0221 100",
            "city": "Köln", "country": "DE", "status": "aktiv"}


def overview(store, crm, erp):
    return categorize(crm, erp, store, system_a="CRM", system_b="ERP")


@pytest.fixture
def crm():
    return system(customer("1", "Arndt", city="Bonn", phone="0221 111"), customer("2", "Berg", city="Aachen"))


@pytest.fixture
def erp():
    return system(customer("E1", "Arndt", city="Berlin", phone="0221 222"), customer("E2", "Berg", city="Essen"))


@pytest.fixture
def links(store):
    return link(store, "1", "E1", snapshot=SNAPSHOT), link(store, "2", "E2", snapshot={**SNAPSHOT, "last_name": "Berg",
                                                                                   "email": "berg@web.de"})


def test_each_conflicting_field_shows_both_values_and_the_last_synced_one(store, crm, erp, links):
    resolver = ConflictResolver(overview(store, crm, erp), store, actor="eva")

    assert resolver.links == list(links)
    assert resolver.record_numbers == ("1", "E1")
    shown = {(c.field, c.a_value, c.b_value, c.last_synced, c.choice) for c in resolver.conflicts}
    assert shown == {("city", "Bonn", "Berlin", "Köln", None), ("phone", "0221 111", "0221 222", "0221 100", None)}
    assert str(resolver.progress) == "0 of 2 conflicts resolved"


def test_submit_applies_the_choices_and_the_next_overview_is_synchronized(store, crm, erp, links):
    resolver = ConflictResolver(overview(store, crm, erp), store, actor="eva")
    resolver.choose("city", "b")
    resolver.correct("phone", " 0221 999 ")
    assert {c.field: c.value for c in resolver.conflicts} == {"city": "Berlin", "phone": "0221 999"}

    resolver.submit(reason="called the customer")

    assert resolver.link_id == links[1]  # the next conflict
    assert audit_actions(store) == [("resolve conflict", "eva", "called the customer")]
    with store.transaction() as tx:
        decided = tx.decisions.field_frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
    assert sorted(decided[["field", "outcome", "value", "decided_by"]].values.tolist()) == [
        ["city", "b", "Berlin", "eva"], ["phone", "value", "0221 999", "eva"]]
    again = overview(store, crm, erp)
    assert again.records.set_index("no").loc["1", "category"] == "synchronized"
    assert ConflictResolver(again, store).links == [links[1]]  # never asked again


def test_every_conflicting_field_needs_a_choice(store, crm, erp, links):
    resolver = ConflictResolver(overview(store, crm, erp), store)
    resolver.choose("city", "a")
    with pytest.raises(ConfigError, match="choose a value for phone first"):
        resolver.submit()
    with pytest.raises(ConfigError, match="not in conflict on this link"):
        resolver.choose("email", "a")
    with pytest.raises(ConfigError, match="side 'a' or 'b'"):
        resolver.choose("phone", "c")
    resolver.clear("city")
    assert all(c.choice is None for c in resolver.conflicts)
    assert audit_actions(store) == []


def test_undo_brings_the_conflict_back(store, crm, erp, links):
    resolver = ConflictResolver(overview(store, crm, erp), store, actor="eva")
    resolver.choose("city", "a")
    resolver.choose("phone", "a")
    resolver.submit()
    resolver.go_to(links[0])
    with pytest.raises(ConfigError, match="resolved already"):
        resolver.submit()

    assert resolver.undo() == 1
    assert resolver.link_id == links[0]
    assert not resolver.resolved
    assert overview(store, crm, erp).records.set_index("no").loc["1", "category"] == "conflict"
    assert [action for action, _, _ in audit_actions(store)] == ["resolve conflict", "undo"]
    assert resolver.undo() == 0


def test_a_link_changed_since_the_overview_is_refused(store, crm, erp, links):
    resolver = ConflictResolver(overview(store, crm, erp), store)
    SetSync(link_id=links[0], on=False, actor="tom").apply(store)
    resolver.choose("city", "a")
    resolver.choose("phone", "b")
    with pytest.raises(StaleWriteError, match="changed by tom"):
        resolver.submit()
    assert not resolver.resolved


def test_browsing_and_starting_on_a_given_link(store, crm, erp, links):
    resolver = ConflictResolver(overview(store, crm, erp), store, link_id=links[1])
    assert resolver.record_numbers == ("2", "E2")
    resolver.next()
    assert resolver.link_id == links[0]
    resolver.previous()
    assert resolver.link_id == links[1]
    with pytest.raises(ConfigError, match="has no conflict"):
        ConflictResolver(overview(store, crm, erp), store, link_id=999)


def test_a_steward_resolves_every_conflict_of_the_samples(store):
    crm = read_table(SAMPLES / "crm_customers.xlsx", sheet="Kunden")
    erp = read_table(SAMPLES / "erp_customers.csv")
    ImportLinks(path=SAMPLES / "links.csv", system_a="CRM", system_b="ERP").apply(store)
    resolver = ConflictResolver(overview(store, crm, erp), store, actor="eva")
    total = len(resolver.links)
    assert total > 0

    while resolver.link_id is not None:
        for conflict in resolver.conflicts:
            resolver.choose(conflict.field, "a")  # the CRM leads
        resolver.submit(reason="CRM leads")

    assert str(resolver.progress) == f"{total} of {total} conflicts resolved"
    assert overview(store, crm, erp).counts["conflict"] == 0


def test_a_policy_resolves_what_its_rule_decides_in_one_undoable_step(store, crm, erp, links):
    resolver = ConflictResolver(overview(store, crm, erp), store, actor="batch")

    assert resolver.apply_policy(onboarding_policy("review")) == 0  # review leaves conflicts to a steward
    assert resolver.apply_policy(onboarding_policy("review", conflicts="b-wins")) == 3  # city, phone; city

    assert str(resolver.progress) == "2 of 2 conflicts resolved"
    assert resolver.link_id is None
    assert audit_actions(store) == [("resolve conflicts", "batch", "onboarding policy review")]
    assert overview(store, crm, erp).counts["conflict"] == 0
    assert resolver.undo() == 1
    assert str(resolver.progress) == "0 of 2 conflicts resolved"
    assert overview(store, crm, erp).counts["conflict"] == 4
