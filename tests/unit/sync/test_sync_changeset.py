"""Change sets: built from the overview and decisions, exported, applied to SQL tables, recorded as synced."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.unit.sync.sync_scenarios import categories, customers, link, person
from workbench.errors import StoreError
from workbench.io import read_table
from workbench.sync.actions import CreatePartners, RecordSync, ResolveConflict
from workbench.sync.categories import CONFLICT, DELETED, INACTIVE, SYNCHRONIZED, categorize
from workbench.sync.changeset import apply_changes, build_changeset, export_changeset
from workbench.sync.numbering import Numbering

NO_MATCHES = pd.DataFrame(columns=["a_no", "b_no", "match_class"])
GERMAN = {"customer_no": "Kundennummer", "company": "Firma", "last_name": "Nachname", "email": "E-Mail",
          "phone": "Telefon", "city": "Ort", "country": "Land", "status": "Status", "updated_at": "Geändert"}


def write_sql_table(url: str, name: str, frame: pd.DataFrame, headers: dict[str, str] | None = None) -> None:
    """A customers table as another system would keep it (text columns, own headers)."""
    headers = headers or {c: c for c in frame.columns}
    table = sa.Table(name, sa.MetaData(), *(sa.Column(headers[c], sa.Text) for c in frame.columns))
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        table.create(connection)
        connection.execute(sa.insert(table), [{headers[c]: v for c, v in row.items()}
                                              for row in frame.to_dict("records")])
    engine.dispose()


def table_rows(url: str, name: str) -> list[tuple]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(sa.Table(name, sa.MetaData(), autoload_with=connection))).all()
    engine.dispose()
    return sorted(tuple("" if v is None else v for v in row) for row in rows)


@pytest.fixture
def systems(store, store_url):
    """CRM and ERP as SQL tables in the test database, with links covering every kind of change."""
    crm = customers(
        person("1", "Arndt", city="Bonn"),                        # changed in CRM since the last sync
        person("2", "Becker", phone="0221 1"),                    # ERP changed the phone
        person("3", "Claus", city="Essen"),                       # both changed the city: conflict
        person("4", "Dahl"),                                      # partner deleted in ERP
        person("5", "Ernst", company="=HYPERLINK(\"http://x\")"),  # new in CRM
    )
    erp = customers(
        person("E1", "Arndt", email="arndt@kunde-1.de"),
        person("E2", "Becker", email="becker@kunde-2.de", phone="0221 2"),
        person("E3", "Claus", email="claus@kunde-3.de", city="Jena"),
        person("E6", "Fink", status="active"),                    # new in ERP
    )
    synced = {"last_name": None, "email": None, "city": "Köln", "phone": "0221 1", "country": "DE", "status": "aktiv"}
    for a_no, b_no, last_name in (("1", "E1", "Arndt"), ("2", "E2", "Becker"), ("3", "E3", "Claus"),
                                  ("4", "E4", "Dahl")):
        email = f"{last_name.lower()}@kunde-{a_no}.de"
        link(store, a_no, b_no, snapshot={**synced, "last_name": last_name, "email": email,
                                          "phone": "0221 1" if a_no != "1" else None})
    write_sql_table(store_url, "crm_kunden", crm, GERMAN)
    write_sql_table(store_url, "erp_customers", erp)
    return store_url


def read(url: str, table: str) -> pd.DataFrame:
    return read_table(url, table=table).frame


def overview_of(store, url):
    return categorize(read(url, "crm_kunden"), read(url, "erp_customers"), store, system_a="CRM", system_b="ERP")


def test_the_change_set_lists_creates_updates_and_deactivations_per_system(store, systems) -> None:
    overview = overview_of(store, systems)
    CreatePartners(overview=overview, matches=NO_MATCHES, numbering=Numbering(pattern="D-{n}", start=1)).apply(store)
    changes = build_changeset(overview_of(store, systems))
    crm = changes.for_system("CRM").records.set_index("customer_no")
    erp = changes.for_system("ERP").records.set_index("customer_no")
    assert changes.summary().to_dict() == {"CRM": {"create": 1, "update": 1, "deactivate": 1},
                                           "ERP": {"create": 1, "update": 1, "deactivate": 0}}
    assert crm.loc["E6", ["action", "last_name", "status"]].tolist() == ["create", "Fink", "active"]
    assert crm.loc["2", ["action", "phone", "changed_fields"]].tolist() == ["update", "0221 2", "phone"]
    assert crm.loc["4", ["action", "status", "changed_fields"]].tolist() == ["deactivate", "inaktiv", "status"]
    assert erp.loc["5", ["action", "last_name"]].tolist() == ["create", "Ernst"]
    assert erp.loc["E1", ["action", "city", "email"]].tolist() == ["update", "Bonn", "arndt@kunde-1.de"]
    assert "3" not in crm.index  # the open conflict is left out
    assert "E3" not in erp.index


def test_export_writes_workbench_files_that_read_back_and_carry_no_formulas(store, systems, tmp_path) -> None:
    overview = overview_of(store, systems)
    CreatePartners(overview=overview, matches=NO_MATCHES).apply(store)
    written = export_changeset(build_changeset(overview_of(store, systems)), tmp_path / "out")
    assert [p.name for p in written] == ["changes_CRM.xlsx", "changes_ERP.xlsx"]
    back = read_table(written[1]).frame.set_index("customer_no")
    assert back.loc["5", "company"] == "=HYPERLINK(\"http://x\")"  # kept as text
    assert back.loc["5", "action"] == "create"
    csv = export_changeset(build_changeset(overview_of(store, systems)), tmp_path / "csv", suffix=".csv")
    assert "'=HYPERLINK" in csv[1].read_text(encoding="utf-8-sig")


def test_applying_to_sql_tables_twice_changes_nothing_the_second_time(store, systems) -> None:
    overview = overview_of(store, systems)
    CreatePartners(overview=overview, matches=NO_MATCHES, numbering=Numbering(pattern="D-{n}", start=1)).apply(store)
    link_id = int(overview.frame(CONFLICT).loc[0, "link_id"])
    ResolveConflict(overview=overview_of(store, systems), link_id=link_id, corrections={"city": "Essen-Werden"}) \
        .apply(store)
    changes = build_changeset(overview_of(store, systems))
    first = [apply_changes(changes.a, systems, "crm_kunden"), apply_changes(changes.b, systems, "erp_customers")]
    assert [(r.inserted, r.updated, r.unchanged) for r in first] == [(1, 3, 0), (1, 2, 0)]
    before = table_rows(systems, "crm_kunden"), table_rows(systems, "erp_customers")
    second = [apply_changes(changes.a, systems, "crm_kunden"), apply_changes(changes.b, systems, "erp_customers")]
    assert [(r.inserted, r.updated, r.unchanged) for r in second] == [(0, 0, 4), (0, 0, 3)]
    assert (table_rows(systems, "crm_kunden"), table_rows(systems, "erp_customers")) == before
    crm = read(systems, "crm_kunden").set_index("customer_no")
    assert crm.loc[["2", "3", "4", "E6"], ["phone", "city", "status", "last_name"]].values.tolist() == [
        ["0221 2", "Köln", "aktiv", "Becker"], [None, "Essen-Werden", "aktiv", "Claus"],
        [None, "Köln", "inaktiv", "Dahl"], [None, "Köln", "active", "Fink"]]

    # once both systems have their changes, the sync is recorded: everything is in sync, deleted links end
    RecordSync(changeset=changes).apply(store)
    after = overview_of(store, systems)
    assert after.changes.empty
    assert set(categories(after).values()) == {SYNCHRONIZED, INACTIVE}
    assert categories(after)[("a", "4")] == INACTIVE
    # a later change on one side is an update again, measured against the recorded snapshot
    engine = sa.create_engine(systems)
    with engine.begin() as connection:
        connection.execute(sa.text('UPDATE erp_customers SET city = :city WHERE customer_no = :no'),
                           {"city": "Hürth", "no": "E2"})
    engine.dispose()
    assert overview_of(store, systems).changes[["a_no", "field", "change"]].values.tolist() == [
        ["2", "city", "b_to_a"]]


def test_a_failing_change_set_changes_nothing(store, systems) -> None:
    overview = overview_of(store, systems)
    CreatePartners(overview=overview, matches=NO_MATCHES).apply(store)
    changes = build_changeset(overview_of(store, systems))
    before = table_rows(systems, "erp_customers")
    engine = sa.create_engine(systems)
    with engine.begin() as connection:  # ERP deleted E1 meanwhile: its update cannot be applied
        connection.execute(sa.text("DELETE FROM erp_customers WHERE customer_no = :no"), {"no": "E1"})
    engine.dispose()
    with pytest.raises(StoreError, match=r"customer_no E1 is not in .*erp_customers.*any more"):
        apply_changes(changes.b, systems, "erp_customers")
    assert table_rows(systems, "erp_customers") == [row for row in before if row[0] != "E1"]


def test_undoing_the_recorded_sync_restores_the_earlier_snapshots_and_links(store, systems) -> None:
    overview = overview_of(store, systems)
    before = overview.links.set_index("a_no")["snapshot"].to_dict()
    action = RecordSync(changeset=build_changeset(overview))
    action.apply(store)
    recorded = overview_of(store, systems).links.set_index("a_no")
    assert recorded.loc["1", "snapshot"]["city"] == "Bonn"  # the value carried to ERP
    assert "4" not in recorded.index  # E4 is gone: the link ended
    action.undo(store)
    restored = overview_of(store, systems)
    assert restored.links.set_index("a_no")["snapshot"].to_dict() == before
    assert categories(restored)[("a", "4")] == DELETED
