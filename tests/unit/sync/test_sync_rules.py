"""Field rules of a sync: direction, first sync, three-way afterwards, value lists, defaults, order, strictness."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.unit.sync.sync_scenarios import categories, customers, link, person
from workbench.connections import FieldRule, SyncRules
from workbench.errors import InputError
from workbench.sync.actions import RecordSync, ResolveConflict
from workbench.sync.categories import A_TO_B, B_TO_A, BOTH_CHANGED, CONFLICT, SYNCHRONIZED, categorize
from workbench.sync.changeset import build_changeset


def overview_of(a, b, store, **fields: FieldRule | str):
    rules = SyncRules(fields={name: FieldRule(rule) if isinstance(rule, str) else rule
                              for name, rule in fields.items()}, a="CRM", b="ERP")
    return categorize(a, b, store, system_a="CRM", system_b="ERP", rules=rules)


def crm_and_erp(a_city: str = "Bonn", b_city: str = "Köln"):
    return (customers(person("1", "Arndt", city=a_city)),
            customers(person("E1", "Arndt", email="arndt@kunde-1.de", city=b_city)))


def change_of(overview, field: str = "city") -> list:
    return overview.changes.loc[overview.changes["field"] == field, ["change", "value"]].values.tolist()


@pytest.mark.parametrize(("rule", "change", "value", "category"), [
    (">", A_TO_B, "Bonn", SYNCHRONIZED),  # CRM leads: its value goes to the ERP
    ("<", B_TO_A, "Köln", SYNCHRONIZED),  # ERP leads
    (FieldRule("<>", wins="a"), A_TO_B, "Bonn", SYNCHRONIZED),  # both ways, CRM wins a first sync
    (FieldRule("<>", wins="b"), B_TO_A, "Köln", SYNCHRONIZED),
    ("<>", BOTH_CHANGED, None, CONFLICT),  # both ways, nobody leads: a steward decides
    ("=", BOTH_CHANGED, None, CONFLICT),  # compared only: never written
])
def test_on_a_first_sync_the_leading_side_wins_and_the_rest_is_a_conflict(store, rule, change, value, category):
    crm, erp = crm_and_erp()
    link(store, "1", "E1")
    overview = overview_of(crm, erp, store, city=rule)
    assert change_of(overview) == [[change, value]]
    assert categories(overview)[("a", "1")] == category


def test_the_change_set_writes_a_led_field_into_the_other_system_only(store):
    crm, erp = crm_and_erp()
    link(store, "1", "E1")
    changes = build_changeset(overview_of(crm, erp, store, city=">"))
    assert changes.a.records.empty
    assert changes.b.table()[["action", "customer_no", "city", "changed_fields"]].values.tolist() == [
        ["update", "E1", "Bonn", "city"]]


@pytest.mark.parametrize(("rule", "a_city", "b_city", "change"), [
    ("<>", "Bonn", "Köln", A_TO_B),  # CRM changed since the last sync: carried to the ERP
    ("<>", "Köln", "Bonn", B_TO_A),
    ("<", "Bonn", "Köln", B_TO_A),  # the ERP leads: the CRM's change is overwritten by the ERP's value
    (">", "Köln", "Bonn", A_TO_B),
    (">", "Bonn", "Jena", BOTH_CHANGED),  # changed on both sides since the last sync: a conflict, leader or not
    (FieldRule("<>", wins="a"), "Bonn", "Jena", BOTH_CHANGED),
])
def test_with_a_snapshot_the_comparison_is_three_way(store, rule, a_city, b_city, change):
    crm, erp = crm_and_erp(a_city, b_city)
    link(store, "1", "E1", snapshot={"city": "Köln"})
    assert change_of(overview_of(crm, erp, store, city=rule))[0][0] == change


def test_after_the_first_sync_the_snapshot_makes_the_next_run_three_way(store):
    crm, erp = crm_and_erp()
    link(store, "1", "E1")
    overview = overview_of(crm, erp, store, city="<>")
    assert categories(overview)[("a", "1")] == CONFLICT
    ResolveConflict(overview=overview, link_id=int(overview.pairs.loc[0, "link_id"]), winners={"city": "a"}
                    ).apply(store)
    RecordSync(changeset=build_changeset(overview_of(crm, erp, store, city="<>"))).apply(store)
    # the ERP got Bonn; then the ERP's phone changes: an update, not a conflict
    erp_after = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Bonn", phone="0228 123456"))
    later = overview_of(crm, erp_after, store, city="<>", phone="<>")
    assert later.changes[["field", "change", "value"]].values.tolist() == [["phone", B_TO_A, "0228 123456"]]
    assert categories(later)[("a", "1")] == SYNCHRONIZED


def test_undoing_a_synced_field_brings_back_what_was_there_before(store):
    crm, erp = crm_and_erp()
    link_id = link(store, "1", "E1")

    def decide():
        action = ResolveConflict(overview=overview_of(crm, erp, store), link_id=link_id, winners={"city": "b"})
        action.apply(store)
        return action

    decide().undo(store)  # undoing the decision: the conflict is open again
    assert change_of(overview_of(crm, erp, store)) == [[BOTH_CHANGED, None]]
    decide()
    decided = overview_of(crm, erp, store)
    assert change_of(decided) == [[B_TO_A, "Köln"]]
    synced = RecordSync(changeset=build_changeset(decided))
    synced.apply(store)
    assert overview_of(crm, erp, store).links.loc[0, "snapshot"]["city"] == "Köln"
    synced.undo(store)  # undoing the sync: no snapshot again, the decision still holds
    undone = overview_of(crm, erp, store)
    assert undone.links.loc[0, "snapshot"] is None
    assert change_of(undone) == [[B_TO_A, "Köln"]]


STATUS_WORDS = FieldRule(">", values={"aktiv": "Active", "inaktiv": "Inactive"})


def test_a_value_list_translates_what_is_compared_and_written(store):
    crm = customers(person("1", "Arndt", status="aktiv"), person("2", "Becker", status="inaktiv"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", status="Active"),
                    person("E2", "Becker", email="becker@kunde-2.de", status="Active"))
    link(store, "1", "E1")
    link(store, "2", "E2")
    overview = overview_of(crm, erp, store, status=STATUS_WORDS)
    assert categories(overview)[("a", "1")] == SYNCHRONIZED  # aktiv is Active
    assert change_of(overview, "status") == [[A_TO_B, "Inactive"]]  # written in the ERP's word


def test_a_value_missing_from_its_list_is_refused_before_anything_is_compared(store):
    crm = customers(person("1", "Arndt", status="aktiv"), person("2", "Becker", status="passiv"),
                    person("3", "Claus", status="passiv"))
    erp = customers(person("E1", "Arndt", status="Dormant"))
    with pytest.raises(InputError, match=r"values missing from their value list: status 'passiv' of CRM "
                                         r"\(rows 3, 4\); status 'Dormant' of ERP \(rows 2\).*Nothing was written"):
        overview_of(crm, erp, store, status=STATUS_WORDS)


def test_a_strict_field_is_equal_only_as_written(store):
    crm = customers(person("1", "Arndt", company="MÜLLER GMBH"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", company="Müller GmbH"))
    link(store, "1", "E1")
    assert categories(overview_of(crm, erp, store))[("a", "1")] == SYNCHRONIZED
    assert categories(overview_of(crm, erp, store, company=FieldRule(strict=True)))[("a", "1")] == CONFLICT


def test_differences_only_in_form_are_harmonised_from_the_leading_side_when_the_rules_say_so(store):
    crm = customers(person("1", "Arndt", company="Müller GmbH", city="KÖLN"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", company="MÜLLER GMBH", city="Köln"))
    link(store, "1", "E1")
    rules = {"company": FieldRule(">"), "city": FieldRule("<")}
    kept = categorize(crm, erp, store, system_a="CRM", system_b="ERP", rules=SyncRules(fields=rules))
    assert kept.cosmetic[["field", "leader", "value"]].values.tolist() == [
        ["company", A_TO_B, None], ["city", B_TO_A, None]]
    assert sum(len(c.records) for c in build_changeset(kept)) == 0
    harmonised = categorize(crm, erp, store, system_a="CRM", system_b="ERP",
                            rules=SyncRules(fields=rules, cosmetic="harmonise"))
    assert categories(harmonised)[("a", "1")] == SYNCHRONIZED
    changes = build_changeset(harmonised)
    assert changes.b.table()[["customer_no", "company", "changed_fields"]].values.tolist() == [
        ["E1", "Müller GmbH", "company"]]
    assert changes.a.table()[["customer_no", "city", "changed_fields"]].values.tolist() == [["1", "Köln", "city"]]


def test_created_partners_get_defaults_the_target_words_and_the_target_order(store):
    from workbench.sync.actions import CreatePartners
    from workbench.sync.numbering import Numbering

    crm = customers(person("1", "Arndt", status="aktiv", country=None))
    erp = customers(person("E1", "Becker", email="becker@kunde-e1.de", status="Active"))
    rules = SyncRules(fields={"status": STATUS_WORDS, "country": FieldRule(">", default="DE")},
                      order_b=("customer_no", "status", "last_name"))
    overview = categorize(crm, erp, store, system_a="CRM", system_b="ERP", rules=rules)
    CreatePartners(overview=overview, matches=pd.DataFrame(columns=["a_no", "b_no", "match_class"]), side="a",
                   numbering=Numbering(pattern="D-{n}", start=1)).apply(store)
    changes = build_changeset(categorize(crm, erp, store, system_a="CRM", system_b="ERP", rules=rules))
    table = changes.b.table()
    assert list(table.columns[:4]) == ["action", "customer_no", "status", "last_name"]
    assert table[["action", "customer_no", "status", "country"]].values.tolist() == [["create", "1", "Active", "DE"]]
    assert changes.by_category()[["category", "system", "action", "records"]].values.tolist() == [
        ["new", "ERP", "create", 1]]


def test_conflicts_and_lists_follow_the_target_systems_field_order(store):
    crm = customers(person("1", "Arndt", city="Bonn"))
    erp = customers(person("E1", "Arend", email="arndt@kunde-1.de", city="Köln"))
    link(store, "1", "E1")
    plain = categorize(crm, erp, store, system_a="CRM", system_b="ERP")
    assert plain.pairs.loc[0, "differing"] == "last_name, city"  # the record kind's order
    ordered = categorize(crm, erp, store, system_a="CRM", system_b="ERP",
                         rules=SyncRules(order_b=("customer_no", "city", "last_name")))
    assert ordered.pairs.loc[0, "differing"] == "city, last_name"
    assert ordered.changes["field"].tolist() == ["city", "last_name"]
