"""The sync overview: every record in exactly one category, three-way comparison, normalised equality."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.unit.sync.sync_scenarios import categories, customers, link, person
from workbench.errors import InputError
from workbench.sync.categories import (
    A_TO_B,
    B_TO_A,
    BOTH_CHANGED,
    CATEGORIES,
    CONFLICT,
    DELETED,
    DISABLED,
    INACTIVE,
    NEW,
    SYNCHRONIZED,
    categorize,
)


def overview_of(a, b, store):
    return categorize(a, b, store, system_a="CRM", system_b="ERP")


def test_every_record_of_both_systems_lands_in_exactly_one_of_the_six_categories(store) -> None:
    crm = customers(person("1", "Arndt"), person("2", "Becker"), person("3", "Claus"), person("4", "Dahl"),
                    person("5", "Ernst"), person("6", "Fink", status="inaktiv"), person("7", "Groß"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de"),
                    person("E2", "Becker", email="anders@kunde-2.de"),
                    person("E4", "Dahl", email="dahl@kunde-4.de"),
                    person("E8", "Hahn"), person("E9", "Iske", status="inactive"))
    link(store, "1", "E1", snapshot={"email": "arndt@kunde-1.de"})  # equal
    link(store, "2", "E2")  # differs, no snapshot: conflict
    link(store, "3", "E3")  # partner gone: deleted
    link(store, "4", "E4", sync=False)  # disabled
    overview = overview_of(crm, erp, store)

    assert categories(overview) == {
        ("a", "1"): SYNCHRONIZED, ("b", "E1"): SYNCHRONIZED,
        ("a", "2"): CONFLICT, ("b", "E2"): CONFLICT,
        ("a", "3"): DELETED,
        ("a", "4"): DISABLED, ("b", "E4"): DISABLED,
        ("a", "5"): NEW, ("a", "7"): NEW, ("b", "E8"): NEW,
        ("a", "6"): INACTIVE, ("b", "E9"): INACTIVE,
    }
    assert len(overview.records) == len(crm) + len(erp)
    assert overview.counts == {CONFLICT: 2, NEW: 3, DELETED: 1, DISABLED: 2, SYNCHRONIZED: 2, INACTIVE: 2}
    summary = overview.summary()
    assert summary.loc[NEW].tolist() == [2, 1, 3]
    assert list(summary.columns) == ["CRM", "ERP", "total"]
    assert list(summary.index) == list(CATEGORIES)
    assert overview.frame(CONFLICT)[["a_no", "b_no", "differing", "conflicts"]].values.tolist() == [
        ["2", "E2", "email", "email"]]
    assert overview.frame(DELETED)[["a_no", "b_no", "b_row"]].values.tolist() == [["3", "E3", pd.NA]]
    new = overview.frame(NEW)
    assert new[["side", "system", "no", "last_name"]].values.tolist() == [
        ["a", "CRM", "5", "Ernst"], ["a", "CRM", "7", "Groß"], ["b", "ERP", "E8", "Hahn"]]
    assert new.set_index("no").loc["7", "row"] == 8  # the row a person sees in the source


def test_a_field_changed_on_one_side_only_is_an_update_not_a_conflict(store) -> None:
    last = {"email": "arndt@kunde-1.de", "city": "Köln", "phone": "0221 123456"}
    crm = customers(person("1", "Arndt", city="Bonn", phone="0221 123456"),
                    person("2", "Brandt", email="neu@brandt.de", city="Köln", phone="0221 123456"),
                    person("3", "Claus", email="c@claus.de", city="Köln", phone="0221 999"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Köln", phone="+49 221 123456"),
                    person("E2", "Brandt", email="brandt@kunde-e2.de", city="Köln", phone="0221 777"),
                    person("E3", "Claus", email="c@claus.de", city="Köln", phone="0221 999"))
    link(store, "1", "E1", snapshot=last)
    link(store, "2", "E2", snapshot={**last, "email": "brandt@kunde-e2.de"})
    link(store, "3", "E3", snapshot={**last, "email": "old@claus.de"})
    overview = overview_of(crm, erp, store)

    changes = overview.changes.set_index(["a_no", "field"])
    assert changes.loc[("1", "city"), ["change", "value", "last_synced"]].tolist() == [A_TO_B, "Bonn", "Köln"]
    assert changes.loc[("2", "email"), ["change", "value"]].tolist() == [A_TO_B, "neu@brandt.de"]
    assert changes.loc[("2", "phone"), ["change", "value"]].tolist() == [B_TO_A, "0221 777"]
    # record 3: both sides changed email (to the same value) and phone (to the same value): nothing to do
    assert ("3", "email") not in changes.index
    assert ("3", "phone") not in changes.index
    records = [("a", "1"), ("a", "2"), ("a", "3"), ("b", "E1"), ("b", "E2"), ("b", "E3")]
    assert categories(overview) == dict.fromkeys(records, SYNCHRONIZED)


def test_changed_on_both_sides_to_different_values_is_a_conflict(store) -> None:
    crm = customers(person("1", "Arndt", city="Bonn", phone="0221 1"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Berlin", phone="0221 2"))
    link(store, "1", "E1", snapshot={"email": "arndt@kunde-1.de", "city": "Köln", "phone": "0221 2"})
    overview = overview_of(crm, erp, store)
    assert categories(overview)[("a", "1")] == CONFLICT
    changes = overview.changes.set_index("field")
    assert changes.loc["city", ["a_value", "b_value", "last_synced", "change"]].tolist() == [
        "Bonn", "Berlin", "Köln", BOTH_CHANGED]
    assert changes.loc["phone", "change"] == A_TO_B
    assert overview.frame(CONFLICT).loc[0, "conflicts"] == "city"
    assert overview.frame(CONFLICT).loc[0, "differing"] == "phone, city"


def test_without_a_snapshot_any_difference_is_a_conflict(store) -> None:
    crm = customers(person("1", "Arndt", city="Bonn"))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Köln"))
    link(store, "1", "E1")
    overview = overview_of(crm, erp, store)
    assert overview.changes[["field", "change"]].values.tolist() == [["city", BOTH_CHANGED]]


def test_format_is_not_content_but_spelling_is(store) -> None:
    crm = customers(person("1", "Arndt", email=" Anna.Arndt@Web.de", phone="0221 / 12 34 56", country="Deutschland",
                           status="aktiv", city="Köln  ", company="Arndt   GmbH"),
                    person("2", "Brandt", city="Köln"))
    erp = customers(person("E1", "Arndt", email="anna.arndt@web.de", phone="+49 221 123456", country="DE",
                           status="active", city="Köln", company="Arndt GmbH"),
                    person("E2", "Brändt", email="brandt@kunde-2.de", city="Koeln"))
    link(store, "1", "E1")
    link(store, "2", "E2")
    overview = overview_of(crm, erp, store)
    assert categories(overview)[("a", "1")] == SYNCHRONIZED
    assert overview.changes.loc[overview.changes["a_no"] == "2", "field"].tolist() == ["last_name", "city"]
    # the differences only in form are listed apart, and nothing is written for them
    assert overview.cosmetic[["field", "a_value", "b_value", "value"]].values.tolist() == [
        ["company", "Arndt   GmbH", "Arndt GmbH", None], ["email", " Anna.Arndt@Web.de", "anna.arndt@web.de", None],
        ["phone", "0221 / 12 34 56", "+49 221 123456", None], ["city", "Köln  ", "Köln", None],
        ["country", "Deutschland", "DE", None], ["status", "aktiv", "active", None]]


@pytest.mark.parametrize(("field", "a_value", "b_value"), [
    ("vat_id", "DK12345678", "12345678"),
    ("company", "MÜLLER GMBH", "Müller GmbH"),
    ("city", "KØBENHAVN", "København"),
    ("last_name", "müller-lüdenscheidt", "Müller-Lüdenscheidt"),
    ("postcode", "4128", "04128"),
    ("phone", "+45 20 12 34 56", "20123456"),
    ("mobile", "+45 13 57 24 68", "13572468"),  # phonenumbers cannot validate it: country code + digits
    ("phone", "0221-12", "022112"),  # not a number at all: its digits
])
def test_the_same_data_written_differently_is_synchronized(store, field, a_value, b_value) -> None:
    country = "DK" if field in ("vat_id", "phone", "mobile") and "+49" not in a_value else "DE"
    crm = customers({**person("1", "Arndt", country=country), field: a_value})
    erp = customers({**person("E1", "Arndt", email="arndt@kunde-1.de", country=country), field: b_value})
    link(store, "1", "E1")
    overview = overview_of(crm, erp, store)
    assert categories(overview) == {("a", "1"): SYNCHRONIZED, ("b", "E1"): SYNCHRONIZED}
    assert overview.cosmetic[["field", "a_value", "b_value"]].values.tolist() == [[field, a_value, b_value]]


@pytest.mark.parametrize(("field", "a_value", "b_value"), [
    ("vat_id", "DK12345678", "DE12345678"),
    ("company", "Müller GmbH", "Müller AG"),
    ("city", "Köln", "Koeln"),
    ("postcode", "4128", "4129"),
    ("phone", "+45 20 12 34 56", "20123457"),
])
def test_different_data_is_a_conflict(store, field, a_value, b_value) -> None:
    crm = customers(person("1", "Arndt", country="DK", **{field: a_value}))
    erp = customers(person("E1", "Arndt", email="arndt@kunde-1.de", country="DK", **{field: b_value}))
    link(store, "1", "E1")
    assert categories(overview_of(crm, erp, store))[("a", "1")] == CONFLICT


def test_a_partner_to_be_created_keeps_its_record_new_until_it_exists(store) -> None:
    crm = customers(person("1", "Arndt"))
    with store.transaction() as tx:
        a, b = tx.systems.ensure("CRM", "customer"), tx.systems.ensure("ERP", "customer")
        tx.links.create(a, "1", b, "D-50000", actor="t", pending_side="b",
                        snapshot={"last_name": "Arndt", "email": "arndt@kunde-1.de"})
    overview = overview_of(crm, customers(), store)
    assert overview.records[["category", "partner_no"]].values.tolist() == [[NEW, "D-50000"]]
    assert overview.pairs.empty
    created = customers(person("D-50000", "Arndt", email="arndt@kunde-1.de"))
    assert categories(overview_of(crm, created, store)) == {("a", "1"): SYNCHRONIZED, ("b", "D-50000"): SYNCHRONIZED}


def test_a_deleted_partner_is_shown_as_deleted_even_with_sync_off_and_links_without_records_are_set_apart(
        store) -> None:
    link(store, "1", "E1", sync=False)
    link(store, "2", "E2", sync=False)
    link(store, "8", "E8")
    overview = overview_of(customers(person("1", "Arndt"), person("2", "Brandt")),
                           customers(person("E2", "Brandt", email="brandt@kunde-2.de")), store)
    assert categories(overview) == {("a", "1"): DELETED, ("a", "2"): DISABLED, ("b", "E2"): DISABLED}
    assert overview.orphans["a_no"].tolist() == ["8"]


def test_records_sharing_a_number_stay_unlinked_and_a_link_naming_it_is_an_input_error(store) -> None:
    crm = customers(person("1", "Arndt"), person("1 ", "Becker"), person("2", "Claus"))
    overview = overview_of(crm, customers(), store)
    assert overview.records["category"].tolist() == [NEW, NEW, NEW]
    assert overview.repeated[["side", "row", "no"]].values.tolist() == [["a", 2, "1"], ["a", 3, "1"]]
    link(store, "1", "E1")
    with pytest.raises(InputError, match=r"row 3, column 'customer_no'.*'1' appears in rows 2, 3 of CRM, and the "
                                         r"store links it to ERP E1: which record is meant"):
        overview_of(crm, customers(), store)


def test_a_frame_without_record_numbers_is_an_input_error(store) -> None:
    with pytest.raises(InputError, match="ERP have no customer_no column"):
        overview_of(customers(), pd.DataFrame({"email": ["x@y.de"]}), store)
