"""Exports are remembered; the assignment table pre-selects them; switching sync off leaves a contact out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.contacts import (
    assignment_table,
    export_contacts,
    export_outlook,
    outlook_state,
    set_outlook_sync,
    with_partner_details,
)
from workbench.errors import InputError
from workbench.io import read_table
from workbench.sync import undo_entry

CONTACTS = pd.DataFrame({
    "customer_no": ["50001", "50002", "50003"], "partner_no": ["10", "10", "11"],
    "first_name": ["Anna", "Jens", "Petra"], "last_name": ["Berg", "Holm", "Lange"],
    "email": ["anna@berg.de", "jens@berg.de", "petra@lange.de"],
}, index=pd.Index([2, 3, 4], name="row"))
PARTNERS = pd.DataFrame({"customer_no": ["10", "11"], "company": ["Berg GmbH", "Lange KG"],
                         "city": ["Kiel", "Ulm"], "postcode": ["24103", "89073"]})


def details() -> pd.DataFrame:
    return with_partner_details(CONTACTS, PARTNERS)


def test_the_first_table_selects_nothing_and_finds_by_company_and_city(store) -> None:
    table = assignment_table(details(), outlook_state(store))
    assert not table["selected"].any()
    assert table["outlook_sync"].tolist() == [None, None, None]
    assert assignment_table(details(), outlook_state(store), "berg kiel")["customer_no"].tolist() == ["50001", "50002"]
    assert assignment_table(details(), outlook_state(store), "ulm")["customer_no"].tolist() == ["50003"]


def test_exported_contacts_are_pre_selected_next_time(tmp_path: Path, store) -> None:
    report = export_contacts(details(), ["50001", "50003"], tmp_path / "a.vcf", store, actor="alice")
    assert report.summary() == f"2 contacts exported to {tmp_path / 'a.vcf'}"
    table = assignment_table(details(), outlook_state(store))
    assert table.set_index("customer_no")["selected"].to_dict() == {"50001": True, "50002": False, "50003": True}
    state = outlook_state(store).set_index("contact_no")
    assert state.at["50001", "snapshot"]["city"] == "Kiel"
    assert state["exported_at"].notna().all()
    back = read_table(tmp_path / "a.vcf", "contact").frame
    assert back[["company", "city"]].values.tolist() == [["Berg GmbH", "Kiel"], ["Lange KG", "Ulm"]]


def test_switching_sync_off_removes_a_contact_from_the_next_export(tmp_path: Path, store) -> None:
    export_contacts(details(), ["50001", "50003"], tmp_path / "a.vcf", store)
    entry = set_outlook_sync(store, "50003", False, reason="left the company")
    table = assignment_table(details(), outlook_state(store)).set_index("customer_no")
    assert table.at["50003", "outlook_sync"] == "off"
    assert not table.at["50003", "selected"]
    report = export_contacts(details(), ["50001", "50003"], tmp_path / "b.vcf", store)
    assert report.exported == ["50001"]
    assert report.skipped.values.tolist() == [["50003", "Outlook sync is off"]]
    assert read_table(tmp_path / "b.vcf", "contact").frame["X-WORKBENCH-ID"].tolist() == ["50001"]
    undo_entry(store, entry.id)
    assert export_contacts(details(), ["50001", "50003"], tmp_path / "c.vcf", store).exported == ["50001", "50003"]


def test_a_contact_never_exported_can_be_kept_out_in_advance(tmp_path: Path, store) -> None:
    set_outlook_sync(store, "50002", False)
    report = export_outlook(CONTACTS, PARTNERS, store, tmp_path / "all.vcf")
    assert report.exported == ["50001", "50003"]
    assert report.skipped.empty  # left out of the selection already


def test_a_failed_write_leaves_the_store_unchanged(tmp_path: Path, store) -> None:
    with pytest.raises(InputError, match="cannot be written"):
        export_contacts(details(), ["50001"], tmp_path / "missing" / "a.vcf", store)
    assert outlook_state(store).empty


def test_nothing_to_export_and_a_wrong_suffix_are_input_errors(tmp_path: Path, store) -> None:
    with pytest.raises(InputError, match="no contact is left to export"):
        export_contacts(details(), ["99999"], tmp_path / "a.vcf", store)
    with pytest.raises(InputError, match=r"must be a \.vcf file"):
        export_contacts(details(), ["50001"], tmp_path / "a.csv", store)


def test_export_audit_entries_name_the_file_and_contacts(tmp_path: Path, store) -> None:
    report = export_contacts(details(), ["50002"], tmp_path / "a.vcf", store, actor="alice")
    with store.transaction() as tx:
        entry = tx.audit.get(report.audit_id)
    assert (entry.action, entry.actor) == ("export contacts", "alice")
    assert entry.payload["contacts"] == ["50002"]
    assert entry.payload["file"] == str(tmp_path / "a.vcf")
