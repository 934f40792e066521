"""Sync actions: each applied, audited, undone; refusals with clear messages; two stewards at once."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.unit.sync.sync_scenarios import categories, customers, link, person
from workbench.errors import ConfigError, InputError, StaleWriteError, StoreError
from workbench.store import open_store
from workbench.sync.actions import (
    CreatePartner,
    CreatePartners,
    DecidePair,
    DecidePairs,
    ImportLinks,
    LinkPartners,
    ResolveConflict,
    SetSync,
    Unlink,
    undo_entry,
)
from workbench.sync.categories import A_TO_B, B_TO_A, CONFLICT, CORRECTION, DISABLED, NEW, SYNCHRONIZED, categorize
from workbench.sync.numbering import Numbering

NO_MATCHES = pd.DataFrame(columns=["a_no", "b_no", "match_class"])


def overview_of(a, b, store):
    return categorize(a, b, store, system_a="CRM", system_b="ERP")


def audit(store) -> list[tuple[str, str, str | None]]:
    with store.transaction() as tx:
        frame = tx.audit.frame()
    return list(frame[["action", "actor", "reason"]].itertuples(index=False, name=None))[::-1]


@pytest.fixture
def crm():
    return customers(person("1", "Arndt"), person("2", "Becker"), person("3", "Claus"))


@pytest.fixture
def erp():
    return customers(person("E1", "Arndt", email="arndt@kunde-1.de"), person("E2", "Becker"))


def test_choose_partner_links_two_records_and_undo_unlinks_them(store, crm, erp) -> None:
    overview = overview_of(crm, erp, store)
    action = LinkPartners(system_a="CRM", a_no="1", system_b="ERP", b_no="E1", overview=overview,
                          actor="alice", reason="same person, same mailbox")
    action.apply(store)
    assert categories(overview_of(crm, erp, store))[("a", "1")] == SYNCHRONIZED
    assert audit(store) == [("link partners", "alice", "same person, same mailbox")]
    action.undo(store, actor="bob", reason="wrong person")
    assert categories(overview_of(crm, erp, store))[("a", "1")] == NEW
    assert audit(store)[-1] == ("undo", "bob", "wrong person")
    with pytest.raises(StoreError, match="already undone by bob"):
        action.undo(store)
    with pytest.raises(StoreError, match="applied already"):
        action.apply(store)


def test_choose_partner_refuses_a_record_that_is_already_linked_naming_the_link(store, crm, erp) -> None:
    link_id = link(store, "1", "E1")
    overview = overview_of(crm, erp, store)
    with pytest.raises(StoreError, match=rf"ERP E1 is already linked to CRM 1 \(link {link_id}, linked by setup"):
        LinkPartners(system_a="CRM", a_no="2", system_b="ERP", b_no="E1", overview=overview).apply(store)
    with pytest.raises(StoreError, match="ERP has no record E7"):
        LinkPartners(system_a="CRM", a_no="2", system_b="ERP", b_no="E7", overview=overview).apply(store)
    # nothing was linked; both refusals are in the audit log
    assert [action for action, _, _ in audit(store)] == ["refused", "refused"]
    with store.transaction() as tx:
        assert [entry["action"] for entry in tx.audit.frame()["payload"]] == ["link partners", "link partners"]


def test_unlink_and_link_again_later(store, crm, erp) -> None:
    link(store, "1", "E1")
    unlink = Unlink.for_record(overview_of(crm, erp, store), "a", "1", reason="split")
    unlink.apply(store)
    overview = overview_of(crm, erp, store)
    assert (categories(overview)[("a", "1")], categories(overview)[("b", "E1")]) == (NEW, NEW)
    LinkPartners(system_a="CRM", a_no="1", system_b="ERP", b_no="E2").apply(store)
    LinkPartners(system_a="CRM", a_no="2", system_b="ERP", b_no="E1").apply(store)
    after = overview_of(crm, erp, store)
    assert after.records.set_index("no").loc[["1", "2"], "partner_no"].tolist() == ["E2", "E1"]
    with pytest.raises(StoreError, match="CRM 1 is already linked to ERP E2"):
        unlink.undo(store)  # the old link cannot come back while 1 has another partner


def test_undoing_an_unlink_restores_the_link_with_its_snapshot(store, crm, erp) -> None:
    link(store, "1", "E1", snapshot={"city": "Köln"})
    unlink = Unlink.for_record(overview_of(crm, erp, store), "b", "E1")
    unlink.apply(store)
    unlink.undo(store)
    overview = overview_of(crm, erp, store)
    assert categories(overview)[("a", "1")] == SYNCHRONIZED
    assert overview.links.loc[0, "snapshot"] == {"city": "Köln"}


def test_disable_and_reenable_sync_for_a_record(store, crm, erp) -> None:
    link(store, "1", "E1")
    disable = SetSync.for_record(overview_of(crm, erp, store), "a", "1", on=False, reason="customer objects")
    disable.apply(store)
    assert categories(overview_of(crm, erp, store))[("b", "E1")] == DISABLED
    SetSync.for_record(overview_of(crm, erp, store), "b", "E1", on=True).apply(store)
    assert categories(overview_of(crm, erp, store))[("b", "E1")] == SYNCHRONIZED
    with pytest.raises(StaleWriteError, match="since you loaded it; reload and decide again"):
        disable.undo(store)  # somebody switched it on again since: undoing the old switch would be a stale write
    with pytest.raises(StoreError, match="CRM 3 is not linked"):
        SetSync.for_record(overview_of(crm, erp, store), "a", "3", on=False)


def test_create_partners_for_all_new_records_keeps_free_numbers_and_assigns_the_rest(store) -> None:
    crm = customers(person("1", "Arndt"), person("E2", "Becker"), person("D-50001", "Claus"), person("4", "Dahl"))
    erp = customers(person("E2", "Berg"), person("D-50000", "Otto"), person("E9", "Ulm"))
    link(store, "X", "D-50002")  # a number the store holds for ERP (the CRM record is gone meanwhile)
    action = CreatePartners(overview=overview_of(crm, erp, store), matches=NO_MATCHES, side="a",
                            numbering=Numbering(pattern="D-{n:05d}", start=50000), actor="alice")
    action.apply(store)
    # 1, 4 and D-50001 are free in ERP: kept; E2 is taken there, D-50000 too, D-50002 is held by the store
    assert action.created[["no", "partner_no"]].values.tolist() == [
        ["1", "1"], ["E2", "D-50003"], ["D-50001", "D-50001"], ["4", "4"]]
    overview = overview_of(crm, erp, store)
    planned = overview.frame(NEW).set_index(["side", "no"])["partner_no"]
    assert planned["a"][["1", "E2", "D-50001", "4"]].tolist() == ["1", "D-50003", "D-50001", "4"]
    assert planned["b"].tolist() == [None, None, None]  # ERP's new records were not asked for


def test_assigned_numbers_never_collide_within_a_batch_or_with_the_target(store) -> None:
    crm = customers(*(person(str(n), f"Name{n}") for n in range(1, 6)))
    erp = customers(person("D-00002", "Taken"))
    action = CreatePartners(overview=overview_of(crm, erp, store), matches=NO_MATCHES, side="a",
                            numbering=Numbering(keep=False, pattern="D-{n:05d}", start=1))
    action.apply(store)
    assert action.created["partner_no"].tolist() == ["D-00001", "D-00003", "D-00004", "D-00005", "D-00006"]
    more = customers(*(person(str(n), f"Name{n}") for n in range(1, 8)))
    second = CreatePartners(overview=overview_of(more, erp, store), matches=NO_MATCHES, side="a",
                            numbering=Numbering(keep=False, pattern="D-{n:05d}", start=1))
    second.apply(store)  # the store's pending numbers are taken, too
    assert second.created["partner_no"].tolist() == ["D-00007", "D-00008"]
    with pytest.raises(ConfigError, match="used up"):
        CreatePartners(overview=overview_of(customers(person("9", "X")), erp, store), matches=NO_MATCHES, side="a",
                       numbering=Numbering(keep=False, pattern="D-{n:05d}", start=1, stop=8)).apply(store)


def test_sure_duplicates_are_never_created_as_new_partners(store, crm, erp) -> None:
    erp = customers(person("E7", "Arndt", email="arndt@kunde-1.de"))
    matches = pd.DataFrame({"a_no": ["1", "2"], "b_no": ["E7", "E7"], "match_class": ["sure", "possible"]})
    overview = overview_of(crm, erp, store)
    batch = CreatePartners(overview=overview, matches=matches, side="a")
    batch.apply(store)
    assert batch.refused.values.tolist() == [["a", "1", 2, "E7", "it has a sure partner in ERP: E7"]]
    assert sorted(batch.created["no"]) == ["2", "3"]
    with pytest.raises(StoreError, match=r"ERP E7: no partner is created because it has a sure partner in CRM: 1"
                                             r".*Link E7 with 1"):
        CreatePartner(overview=overview, matches=matches, side="b", record_no="E7").apply(store)
    with pytest.raises(ConfigError, match="lacks the columns match_class"):
        CreatePartners(overview=overview, matches=matches.drop(columns="match_class"), side="b").apply(store)


def test_records_without_a_number_or_sharing_one_get_no_partner_and_are_reported(store, erp) -> None:
    crm = customers(person("1", "Arndt"), person(None, "Ohne"), person("7", "Sieben"), person("7", "Zweitsieben"))
    batch = CreatePartners(overview=overview_of(crm, erp, store), matches=NO_MATCHES, side="a")
    batch.apply(store)
    assert batch.created["no"].tolist() == ["1"]
    assert batch.refused[["no", "row", "reason"]].values.tolist() == [
        [None, 3, "it has no record number to link by"], ["7", 4, "another CRM record has its number too"],
        ["7", 5, "another CRM record has its number too"]]


def test_create_partner_for_one_record_refuses_records_that_are_not_new(store, crm, erp) -> None:
    link(store, "1", "E1")
    overview = overview_of(crm, erp, store)
    with pytest.raises(StoreError, match="CRM 1 is not a new record without partner \\(it is linked to E1\\)"):
        CreatePartner(overview=overview, matches=NO_MATCHES, side="a", record_no="1").apply(store)
    single = CreatePartner(overview=overview, matches=NO_MATCHES, side="b", record_no="E2", reason="new in ERP")
    single.apply(store)
    assert single.created[["no", "partner_no", "target"]].values.tolist() == [["E2", "E2", "CRM"]]
    single.undo(store)
    assert categories(overview_of(crm, erp, store))[("b", "E2")] == NEW
    assert overview_of(crm, erp, store).records.set_index("no").loc["E2", "partner_no"] is None


def test_resolving_a_conflict_turns_it_into_updates_until_a_value_changes_again(store) -> None:
    crm = customers(person("1", "Arndt", city="Bonn", phone="0221 1", company="Arndt KG"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Berlin", phone="0221 2", company="A. KG"))
    link(store, "1", "E1")
    overview = overview_of(crm, erp, store)
    link_id = int(overview.frame(CONFLICT).loc[0, "link_id"])
    action = ResolveConflict(overview=overview, link_id=link_id, winners={"city": "b", "phone": "a"},
                             corrections={"company": "Arndt & Co. KG"}, actor="alice", reason="called them")
    action.apply(store)
    resolved = overview_of(crm, erp, store)
    assert categories(resolved)[("a", "1")] == SYNCHRONIZED
    changes = resolved.changes.set_index("field")
    assert changes.loc[["company", "phone", "city"], ["change", "value"]].values.tolist() == [
        [CORRECTION, "Arndt & Co. KG"], [A_TO_B, "0221 1"], [B_TO_A, "Berlin"]]
    changed_again = crm.assign(city="Bonn-Beuel")
    assert categories(overview_of(changed_again, erp, store))[("a", "1")] == CONFLICT
    action.undo(store)
    assert categories(overview_of(crm, erp, store))[("a", "1")] == CONFLICT


def test_resolving_on_a_stale_overview_is_refused(store) -> None:
    crm = customers(person("1", "Arndt", city="Bonn"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Berlin"))
    link_id = link(store, "1", "E1")
    overview = overview_of(crm, erp, store)
    SetSync(link_id=link_id, on=False, actor="bob").apply(store)
    with pytest.raises(StaleWriteError, match=r"changed by bob at .* since you loaded it; reload and decide again"):
        ResolveConflict(overview=overview, link_id=link_id, winners={"city": "a"}).apply(store)
    with pytest.raises(StoreError, match=r"field email of link .* does not differ"):
        ResolveConflict(overview=overview, link_id=link_id, winners={"email": "a"}).apply(store)


def test_two_stewards_resolving_one_link_at_once_lose_neither_decision(store_url) -> None:
    alice_store, bob_store = open_store(store_url), open_store(store_url)
    try:
        crm = customers(person("1", "Arndt", city="Bonn", phone="0221 1"))
        erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Berlin", phone="0221 2"))
        link_id = link(alice_store, "1", "E1")
        alice_view, bob_view = overview_of(crm, erp, alice_store), overview_of(crm, erp, bob_store)
        ResolveConflict(overview=alice_view, link_id=link_id, winners={"city": "a"}, actor="alice").apply(alice_store)
        with pytest.raises(StaleWriteError, match="changed by alice"):
            ResolveConflict(overview=bob_view, link_id=link_id, winners={"phone": "b"}, actor="bob").apply(bob_store)
        bob_view = overview_of(crm, erp, bob_store)  # reload and decide again
        ResolveConflict(overview=bob_view, link_id=link_id, winners={"phone": "b"}, actor="bob").apply(bob_store)
        with alice_store.transaction() as tx:
            decided = tx.decisions.field_frame(tx.systems.get("CRM"), tx.systems.get("ERP"))
        assert sorted(decided[["field", "outcome", "decided_by"]].values.tolist()) == [
            ["city", "a", "alice"], ["phone", "b", "bob"]]
        assert categories(overview_of(crm, erp, alice_store))[("a", "1")] == SYNCHRONIZED
    finally:
        alice_store.close()
        bob_store.close()


def test_pair_decisions_are_remembered_and_undo_brings_back_the_previous_one(store) -> None:
    first = DecidePair(left_system="CRM", left_no="1", right_system="CRM", right_no="2", outcome="same",
                       actor="alice")
    first.apply(store)
    with pytest.raises(StaleWriteError, match=r"decided meanwhile by alice \('same'"):
        DecidePair(left_system="CRM", left_no="2", right_system="CRM", right_no="1", outcome="different").apply(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        seen = tx.decisions.active_pair(crm, "1", crm, "2")
    change = DecidePair(left_system="CRM", left_no="2", right_system="CRM", right_no="1", outcome="different",
                        expected_id=seen.id, actor="bob")
    change.apply(store)
    change.undo(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        assert tx.decisions.active_pair(crm, "1", crm, "2").outcome == "same"
    with pytest.raises(ConfigError, match="not 'maybe'"):
        DecidePair(left_system="CRM", left_no="3", right_system="CRM", right_no="4", outcome="maybe").apply(store)


def test_many_pair_decisions_are_one_step_undone_as_one(store) -> None:
    DecidePair(left_system="CRM", left_no="5", right_system="CRM", right_no="6", outcome="different",
               actor="alice").apply(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        seen = tx.decisions.active_pair(crm, "5", crm, "6")
    step = DecidePairs(left_system="CRM", right_system="CRM", actor="bob", reason="accept all sure", verdicts=[
        {"left_no": "2", "right_no": "1", "outcome": "same", "reason": "same personal email"},
        {"left_no": "3", "right_no": "4", "outcome": "same"},
        {"left_no": "6", "right_no": "5", "outcome": "same", "expected_id": seen.id},
    ])
    entry = step.apply(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        decided = tx.decisions.pair_frame(crm, crm).set_index(["left_no", "right_no"])
        assert len(tx.audit.frame(action="decide pairs")) == 1
    assert decided["outcome"].to_dict() == {("1", "2"): "same", ("3", "4"): "same", ("5", "6"): "same"}
    assert decided["reason"].to_dict() == {("1", "2"): "same personal email", ("3", "4"): "accept all sure",
                                           ("5", "6"): "accept all sure"}
    assert set(decided["decided_by"]) == {"bob"}
    assert len(step.decided) == 3 == len(entry.payload["decisions"])

    step.undo(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        remaining = tx.decisions.pair_frame(crm, crm)
    assert remaining[["left_no", "right_no", "outcome", "decided_by"]].values.tolist() == [
        ["5", "6", "different", "alice"]]


def test_many_pair_decisions_are_all_or_nothing(store) -> None:
    DecidePair(left_system="CRM", left_no="1", right_system="CRM", right_no="2", outcome="same",
               actor="alice").apply(store)
    with pytest.raises(StaleWriteError, match=r"decided meanwhile by alice \('same'"):
        DecidePairs(left_system="CRM", right_system="CRM", verdicts=[
            {"left_no": "3", "right_no": "4", "outcome": "same"},
            {"left_no": "2", "right_no": "1", "outcome": "different"},
        ]).apply(store)
    with pytest.raises(ConfigError, match="decided twice"):
        DecidePairs(left_system="CRM", right_system="CRM", verdicts=[
            {"left_no": "3", "right_no": "4", "outcome": "same"}, {"left_no": "4", "right_no": "3", "outcome": "same"},
        ]).apply(store)
    with pytest.raises(ConfigError, match="not 'maybe'"):
        DecidePairs(left_system="CRM", right_system="CRM",
                    verdicts=[{"left_no": "3", "right_no": "4", "outcome": "maybe"}]).apply(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        assert len(tx.decisions.pair_frame(crm, crm)) == 1


def test_undoing_many_decisions_refuses_when_one_was_changed_since(store) -> None:
    step = DecidePairs(left_system="CRM", right_system="CRM", verdicts=[
        {"left_no": "1", "right_no": "2", "outcome": "same"}, {"left_no": "3", "right_no": "4", "outcome": "same"}])
    step.apply(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        seen = tx.decisions.active_pair(crm, "3", crm, "4")
    DecidePair(left_system="CRM", left_no="3", right_system="CRM", right_no="4", outcome="different",
               expected_id=seen.id, actor="carol").apply(store)
    with pytest.raises(StaleWriteError, match="1 of these decisions were changed"):
        step.undo(store)
    with store.transaction() as tx:
        crm = tx.systems.get("CRM")
        assert tx.decisions.active_pair(crm, "1", crm, "2").outcome == "same"  # nothing undone


def test_undo_works_from_the_audit_log_alone_after_a_restart(store_url, crm, erp) -> None:
    with open_store(store_url) as first_session:
        overview_of(crm, erp, first_session)  # registers the systems
        entry = LinkPartners(system_a="CRM", a_no="1", system_b="ERP", b_no="E1").apply(first_session)
    with open_store(store_url) as second_session:
        undo = undo_entry(second_session, entry.id, actor="carol", reason="mistake")
        assert categories(overview_of(crm, erp, second_session))[("a", "1")] == NEW
        with pytest.raises(StoreError, match="is itself an undo"):
            undo_entry(second_session, undo.id)
        with pytest.raises(StoreError, match="already undone by carol"):
            undo_entry(second_session, entry.id)


def test_import_links_file_creates_links_and_a_second_import_adds_nothing(store, tmp_path, crm, erp) -> None:
    path = tmp_path / "links.csv"
    path.write_text("a_customer_no,b_customer_no,sync,synced_at\n1,E1,on,2026-01-05T10:00:00\n2,E2,off,\n",
                    encoding="utf-8")
    action = ImportLinks(path=path, system_a="CRM", system_b="ERP", reason="from the old sync tool")
    action.apply(store)
    assert (action.imported, action.skipped) == (2, 0)
    overview = overview_of(crm, erp, store)
    assert categories(overview)[("a", "1")] == SYNCHRONIZED
    assert categories(overview)[("a", "2")] == DISABLED
    assert str(overview.links.set_index("a_no").loc["1", "synced_at"]) == "2026-01-05 10:00:00+00:00"
    again = ImportLinks(path=path, system_a="CRM", system_b="ERP")
    again.apply(store)
    assert (again.imported, again.skipped) == (0, 2)
    action.undo(store)
    assert set(categories(overview_of(crm, erp, store)).values()) == {NEW}


def test_import_links_refuses_rows_that_contradict_the_store_naming_row_and_column(store, tmp_path) -> None:
    link(store, "1", "E9")
    path = tmp_path / "links.csv"
    path.write_text("a_customer_no;b_customer_no;sync;synced_at\n2;E2;on;\n1;E1;on;\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"links.csv, row 3, column 'a_customer_no': 1 is already linked to ERP E9"):
        ImportLinks(path=path, system_a="CRM", system_b="ERP").apply(store)
    with store.transaction() as tx:  # nothing half-imported
        assert tx.links.frame(tx.systems.get("CRM"), tx.systems.get("ERP"))["a_no"].tolist() == ["1"]
