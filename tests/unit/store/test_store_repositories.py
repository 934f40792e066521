"""Repositories: links, decisions and the audit log, with the refusals a steward can meet."""

from __future__ import annotations

import pytest

from workbench.errors import ConfigError, StaleWriteError, StoreError
from workbench.store import DIFFERENT, SAME


def systems(tx):
    return tx.systems.ensure("CRM", "customer"), tx.systems.ensure("ERP", "customer")


def test_a_system_keeps_its_record_kind(store) -> None:
    with store.transaction() as tx:
        tx.systems.ensure("CRM", "customer")
        with pytest.raises(ConfigError, match="'CRM' holds customer records, not contact records"):
            tx.systems.ensure("CRM", "contact")
        with pytest.raises(StoreError, match="no system called 'ERP' \\(known: CRM\\)"):
            tx.systems.get("ERP")


def test_links_are_created_listed_changed_and_ended(store) -> None:
    with store.transaction() as tx:
        crm, erp = systems(tx)
        link = tx.links.create(crm, "1001", erp, "D-1", actor="alice", snapshot={"city": "Köln"})
        tx.links.create_many(crm, erp, [{"a_no": "1002", "b_no": "D-2", "sync": False}], actor="alice")
        frame = tx.links.frame(crm, erp)
        assert frame[["a_no", "b_no", "sync", "version"]].values.tolist() == [["1001", "D-1", True, 1],
                                                                                ["1002", "D-2", False, 1]]
        changed = tx.links.update(link.id, expected_version=1, actor="bob", sync=False)
        assert (changed.version, changed.sync, changed.updated_by) == (2, False, "bob")
        ended = tx.links.end(link.id, expected_version=2, actor="bob")
        assert not ended.active
        assert ended.ended_by == "bob"
        assert tx.links.frame(crm, erp)["a_no"].tolist() == ["1002"]
        assert tx.links.numbers(erp) == {"D-2"}
        # linking again later is a new link; the old one stays as history
        again = tx.links.create(crm, "1001", erp, "D-1", actor="alice")
        assert again.id != link.id
        assert tx.links.get(link.id).ended_at is not None


def test_a_record_that_is_linked_already_is_refused_naming_the_link(store) -> None:
    with store.transaction() as tx:
        crm, erp = systems(tx)
        link = tx.links.create(crm, "1001", erp, "D-1", actor="alice")
        with pytest.raises(StoreError, match=f"CRM 1001 is already linked to ERP D-1 \\(link {link.id}, linked by "
                                             "alice at .*Unlink it first"):
            tx.links.create(crm, "1001", erp, "D-9", actor="bob")
        with pytest.raises(StoreError, match="ERP D-1 is already linked to CRM 1001"):
            tx.links.create(crm, "1009", erp, "D-1", actor="bob")
        with pytest.raises(StoreError, match="CRM 7 would be linked twice"):
            tx.links.create_many(crm, erp, [{"a_no": "7", "b_no": "x"}, {"a_no": "7", "b_no": "y"}], actor="bob")


def test_links_keep_the_orientation_they_were_created_with(store) -> None:
    with store.transaction() as tx:
        crm, erp = systems(tx)
        tx.links.create(crm, "1001", erp, "D-1", actor="alice")
        with pytest.raises(ConfigError, match="with CRM as system A"):
            tx.links.frame(erp, crm)


def test_reopening_an_unlinked_link_is_refused_once_its_record_has_another_partner(store) -> None:
    with store.transaction() as tx:
        crm, erp = systems(tx)
        link = tx.links.create(crm, "1001", erp, "D-1", actor="alice")
        ended = tx.links.end(link.id, expected_version=None, actor="alice")
        tx.links.create(crm, "1001", erp, "D-7", actor="bob")
        with pytest.raises(StoreError, match="CRM 1001 is already linked to ERP D-7"):
            tx.links.reopen(link.id, expected_version=ended.version, actor="alice")


def test_a_stale_link_version_names_who_changed_it(store) -> None:
    with store.transaction() as tx:
        crm, erp = systems(tx)
        link = tx.links.create(crm, "1001", erp, "D-1", actor="alice")
        tx.links.update(link.id, expected_version=link.version, actor="bob", sync=False)
        with pytest.raises(StaleWriteError, match=r"CRM 1001 ↔ ERP D-1\) was changed by bob at .* since you loaded "
                                                  r"it; reload and decide again"):
            tx.links.update(link.id, expected_version=link.version, actor="alice", sync=True)


def test_pair_decisions_replace_what_the_steward_saw_and_refuse_what_they_did_not(store) -> None:
    with store.transaction() as tx:
        crm, _ = systems(tx)
        first, replaced = tx.decisions.decide_pair(crm, "2", crm, "1", SAME, actor="alice", reason="same mail")
        assert replaced is None
        assert (first.left_no, first.right_no) == ("1", "2")  # one order for both directions
        assert tx.decisions.active_pair(crm, "1", crm, "2") == first
        with pytest.raises(StaleWriteError, match=r"the pair CRM 1 / CRM 2 was decided meanwhile by alice \('same'"):
            tx.decisions.decide_pair(crm, "1", crm, "2", DIFFERENT, actor="bob")
        second, replaced = tx.decisions.decide_pair(crm, "1", crm, "2", DIFFERENT, actor="bob", expected_id=first.id)
        assert replaced == first
        assert second.outcome == DIFFERENT
        assert not tx.decisions.get(first.id).active
        assert tx.decisions.pair_frame(crm, crm)[["left_no", "right_no", "outcome"]].values.tolist() == [
            ["1", "2", DIFFERENT]]
        tx.decisions.undo(second.id, expected_version=second.version, actor="bob")
        restored = tx.decisions.reinstate(first.id, expected_version=None, actor="bob")
        assert restored.active
        assert tx.decisions.active_pair(crm, "1", crm, "2").id == first.id


def test_field_decisions_belong_to_active_links(store) -> None:
    with store.transaction() as tx:
        crm, erp = systems(tx)
        link = tx.links.create(crm, "1001", erp, "D-1", actor="alice")
        [(first, replaced)] = tx.decisions.decide_fields(
            [{"link_id": link.id, "field": "email", "outcome": "a", "value": "a@x.de",
              "seen": {"a": "a@x.de", "b": "b@x.de"}}], actor="alice")
        assert replaced is None
        [(second, replaced)] = tx.decisions.decide_fields(
            [{"link_id": link.id, "field": "email", "outcome": "value", "value": "c@x.de", "seen": None}],
            actor="bob", reason="phoned the customer")
        assert replaced == first
        frame = tx.decisions.field_frame(crm, erp)
        assert frame[["decision_id", "field", "outcome", "value"]].values.tolist() == [[second, "email", "value",
                                                                                          "c@x.de"]]
        tx.links.end(link.id, expected_version=None, actor="alice")
        assert tx.decisions.field_frame(crm, erp).empty


def test_the_audit_log_is_append_only_and_knows_what_was_undone(store) -> None:
    with store.transaction() as tx:
        first = tx.audit.append("link", {"link_id": 1}, actor="alice", reason="same VAT id")
        second = tx.audit.append("set sync", {"link_id": 1}, actor="bob")
        assert tx.audit.last_undoable().id == second.id
        assert tx.audit.last_undoable(actor="alice").id == first.id
        undo = tx.audit.append("undo", {}, actor="bob", undoes=second.id)
        assert tx.audit.undoing(second.id) == undo
        assert tx.audit.last_undoable().id == first.id
        with pytest.raises(StaleWriteError, match=f"audit entry {second.id} was already undone by bob"):
            tx.audit.append("undo", {}, actor="carol", undoes=second.id)
        frame = tx.audit.frame()
        assert frame["entry_id"].tolist() == [undo.id, second.id, first.id]
        assert frame.set_index("entry_id").loc[second.id, "undone_by_id"] == undo.id
        assert not hasattr(tx.audit, "delete")
        assert not hasattr(tx.audit, "update")
